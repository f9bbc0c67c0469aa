"""Spoken phenomena a railway depot's meetings showed (issue 17, rail pass), each in a sentence
of our own, as any company's meetings have them. The org file (`spoken-own`) lists no aliases.
"""

from __future__ import annotations

import pytest
from spoken_own import items, own_org

from models.org import Org


@pytest.fixture(scope="module")
def org() -> Org:
    return own_org()


def test_a_dump_whose_lines_open_with_the_label_and_a_name_has_speakers(org: Org) -> None:
    # a recogniser's export after the speakers were renamed: 「说话人 吴婷 …」 — the label, a
    # space, the name, a space, the words
    text = (
        "录音转写 2026-07-08 10:00:00 周会.m4a\n"
        "说话人 赵峰 好 我们开始 先说仓库\n"
        "说话人 吴婷 盘点表我周五前发群里 上次少了两箱\n"
        "说话人 李芳 报销单我下周一前交\n"
    )
    got = items(org, text, "asr_dump.txt")
    assert sorted((i["owners"], i["due"]) for i in got) == [
        (["lifang"], "2026-07-13"),
        (["wuting"], "2026-07-10"),
    ], got
    assert all("说话人" not in i["task"] for i in got), got


@pytest.mark.parametrize(
    "said",
    [
        "我让吴亭明天把盘点表发群里。",  # 吴亭: how a recogniser spells 吴婷
        "好的赵总，那个我让吴亭这周把冷库的排班排出来。",
    ],
)
def test_a_misheard_name_after_让_then_a_day_is_the_one_asked(org: Org, said: str) -> None:
    got = items(org, "赵峰：仓库的盘点方案下周一前拿出来。\n刘海涛：" + said + "\n")
    assert any(i["owners"] == ["wuting"] for i in got), got


def test_a_surname_read_otherwise_than_its_character_is_heard_by_its_sound() -> None:
    # 覃 as a surname is qin (as a word tan): a recogniser writes 秦 for it
    import datetime as dt

    from models.org import parse_org
    from nlp.minutes import extract

    org = parse_org(
        {
            "name": "某公司",
            "timezone": "Asia/Shanghai",
            "calendar": "cn",
            "departments": [{"id": "ops", "name": "运行部"}, {"id": "it", "name": "信息部"}],
            "staff": [
                {"id": "qinhaibo", "name": "覃海波", "department": "ops"},
                {"id": "zhaofeng", "name": "赵峰", "department": "it"},
            ],
        }
    )
    text = "赵峰：设备的事我让秦海波这周把排班排出来。\n"
    got = extract(text.encode(), "call.txt", org, dt.date(2026, 7, 8)).to_contract()
    assert [i["owners"] for i in got["action_items"]] == [["qinhaibo"]], got


def test_the_one_called_on_before_a_question_is_the_you_of_the_ask_after_it(org: Org) -> None:
    # 「吴婷，…到了没有？你周五前…」: the question and the ask are both put to 吴婷, not to 李芳
    # who spoke last
    text = "李芳：报销单我交了。\n赵峰：吴婷，新货架到了没有？你周五前把到货时间发我。\n"
    got = items(org, text)
    assert [(i["owners"], i["due"]) for i in got] == [(["wuting"], "2026-07-10")], got


@pytest.mark.parametrize(
    ("said", "owners"),
    [
        # surname + 师傅 / 会计: how a fitter or an accountant is called at work
        ("小陈你改完给我报个备，王师傅你今天把机房的空调修一下。", [["chenjie"], ["wangxiao"]]),
        ("李会计，报销的流程你那边先走起来，下周五前。", [["lifang"]]),
    ],
)
def test_a_surname_and_a_title_of_work_calls_on_that_person(
    org: Org, said: str, owners: list[list[str]]
) -> None:
    got = items(org, "吴婷：好的。\n赵峰：" + said + "\n")
    assert sorted(i["owners"] for i in got) == owners, got


@pytest.mark.parametrize("tag", ["没问题吧？", "可以吗？", "行不行？", "来得及吧？"])
def test_an_ask_closed_by_a_tag_question_is_an_ask(org: Org, tag: str) -> None:
    # 「…你周五之前搞完，没问题吧？」 asks for a yes; the ask before it stands
    got = items(org, "赵峰：王晓，接口的联调你周五之前搞完，" + tag + "\n")
    assert [(i["owners"], i["due"]) for i in got] == [(["wangxiao"], "2026-07-10")], got


def test_a_question_after_a_comma_is_still_a_question(org: Org) -> None:
    got = items(org, "赵峰：王晓，接口联调的事，是不是周五之前要搞完？\n")
    assert got == [], got


@pytest.mark.parametrize("said", ["盘点的数据，我周一交给财务部。", "盘点数据我周一交给李芳。"])
def test_what_i_hand_in_to_someone_is_mine(org: Org, said: str) -> None:
    # 「我周一交给财务部」: the team or person after 交给 receives it; the speaker does it
    got = items(org, "吴婷：" + said + "\n")
    assert [(i["owners"], i["department"]) for i in got] == [(["wuting"], "wh")], got


def test_what_i_hand_over_for_someone_to_do_is_theirs(org: Org) -> None:
    got = items(org, "刘海涛：盘点这个我交给吴婷来排，周五前。\n")
    assert [i["owners"] for i in got] == [["wuting"]], got


@pytest.mark.parametrize(
    "said",
    [
        "叉车上周又坏了，采购部那边尽快把叉车修好，周总今天没来，会后我跟他说。",
        "采购部那边尽快把叉车修好，我跟周总说一下。",
    ],
)
def test_passing_a_teams_ask_on_does_not_make_it_mine(org: Org, said: str) -> None:
    # the speaker only carries the message: the ask stays the team's
    got = items(org, "赵峰：" + said + "\n")
    assert [(i["owners"], i["department"]) for i in got] == [([], "pur")], got


def test_passing_word_on_alone_is_my_own_step(org: Org) -> None:
    got = items(org, "李芳：叉车又坏了。\n赵峰：这事我会后跟周总说一下。\n")
    assert [i["owners"] for i in got] == [["zhaofeng"]], got


def test_an_ask_taken_back_with_算了算了_is_no_item(org: Org) -> None:
    said = "吴婷你再把去年的盘点表也拉一下……算了算了，这个财务部那边有，不用你弄了。"
    got = items(org, "赵峰：" + said + "\n")
    assert got == [], got


def test_what_replaces_an_ask_taken_back_with_算了算了_is_the_item(org: Org) -> None:
    got = items(org, "赵峰：吴婷你把盘点表拉一下……算了算了，这个我自己来弄吧。\n")
    assert [i["owners"] for i in got] == [["zhaofeng"]] and "吴婷" not in got[0]["task"], got


def test_what_i_cannot_do_is_no_item(org: Org) -> None:
    # 「…单子不齐我没法付」: a condition of the speaker's, not work taken on
    got = items(org, "吴婷：好的。\n李芳：我插一句啊，报销的事，月底关账，发票不齐我没法付。\n")
    assert got == [], got


def test_a_closing_list_opened_by_再确认一遍_adds_no_item(org: Org) -> None:
    asks = (
        "赵峰：吴婷，盘点表你周五前发群里。\n"
        "吴婷：好的。\n"
        "赵峰：李芳，报销单下周一前交一下。\n"
        "李芳：行。\n"
    )
    got = items(org, asks + "赵峰：再确认一遍：吴婷周五盘点表，李芳下周一报销单。谢谢大家。\n")
    assert sorted((i["owners"], i["due"]) for i in got) == [
        (["lifang"], "2026-07-13"),
        (["wuting"], "2026-07-10"),
    ], got


def test_checking_one_thing_again_stays_an_ask(org: Org) -> None:
    got = items(org, "赵峰：王晓，接口的数据你明天再确认一遍，发我。\n")
    assert [i["owners"] for i in got] == [["wangxiao"]], got


def test_a_reply_that_takes_on_another_thing_with_把_is_an_item_of_its_own(org: Org) -> None:
    text = "赵峰：吴婷，冷库的温控检查，下周二前搞定。\n吴婷：好。我这边今天下班前把盘点表上传。\n"
    got = items(org, text)
    assert sorted((i["owners"], i["due"]) for i in got) == [
        (["wuting"], "2026-07-08"),
        (["wuting"], "2026-07-14"),
    ], got


@pytest.mark.parametrize(
    "text",
    [
        "赵峰：吴婷，盘点表你周五前发我。\n吴婷：好，我周四就把盘点表发你。\n",
        # one sentence that accepts and says the first step: the answer, not a task of its own
        "赵峰：吴婷，你那边调两个人过来支援冷库。\n吴婷：可以，我周四把名单给刘总。\n",
    ],
)
def test_a_reply_that_answers_with_把_confirms_the_ask(org: Org, text: str) -> None:
    got = items(org, text)
    assert [(i["owners"], i["due"]) for i in got] == [(["wuting"], "2026-07-09")], got


def test_a_date_said_for_another_thing_after_the_answer_does_not_move_the_ask(org: Org) -> None:
    # 「没问题，…。压测周五晚上做」: Friday is the load test's, not the ask's
    text = (
        "赵峰：王晓，接口联调你明天之前搞完，没问题吧？\n"
        "王晓：没问题，就差两个接口。压测周五晚上做，避开白天。\n"
    )
    got = items(org, text)
    assert any(i["owners"] == ["wangxiao"] and i["due"] == "2026-07-09" for i in got), got


def test_我是想_is_a_wish(org: Org) -> None:
    # 「我是想下周搞…」: what the speaker has in mind, not work taken on
    text = (
        "李芳：评审之前要不要先搞一次模拟盘点？\n"
        "周建国：对对，我是想下周搞第一轮模拟，请外面的专家来。\n"
    )
    assert items(org, text) == []


def test_a_partners_promise_after_a_check_of_the_line_stays_on_its_own_line(org: Org) -> None:
    # "can you hear us?" checks the line; it asks the partner for nothing
    text = (
        "Zhao Feng  0:02\n"
        "Hi Markus, can you hear us? Good. Thanks for joining.\n"
        "\n"
        "Markus Lehmann  0:13\n"
        "No problem. So, about the pallets: we will send the revised report by Friday.\n"
    )
    got = items(org, text, "call_en.txt")
    assert [(i["source"]["line"], i["due"]) for i in got] == [(5, "2026-07-10")], got


def test_the_question_cue_the_turn_detector_weighs_skips_a_tag_after_an_ask() -> None:
    from nlp.minutes.rules import cues

    assert "question" not in cues("王晓，接口联调你后天之前搞完，没问题吧？")
    assert "question" in cues("王晓，接口联调是不是后天之前要搞完？")


@pytest.mark.parametrize("said", ["我九点半把今天的计划发群里。", "我十点前把今天的计划发群里。"])
def test_a_clock_time_with_no_day_is_the_meeting_day(org: Org, said: str) -> None:
    got = items(org, "赵峰：" + said + "\n")
    assert [(i["owners"], i["due"]) for i in got] == [(["zhaofeng"], "2026-07-08")], got


@pytest.mark.parametrize(
    "said",
    [
        "出库率要提高一点，这个我来负责。",
        "损耗率是百分之九点五，这个我来负责。",
        "方案有三点要改，这个我来负责。",
    ],
)
def test_a_number_with_点_that_is_no_clock_time_gives_no_date(org: Org, said: str) -> None:
    got = items(org, "赵峰：" + said + "\n")
    assert [(i["owners"], i["due"]) for i in got] == [(["zhaofeng"], None)], got


def test_a_clock_time_of_every_day_gives_no_date(org: Org) -> None:
    # 「每天中午十二点前报…」 recurs: no one day is due
    got = items(org, "赵峰：节日期间要每天报一次。吴婷你跟一下，每天中午十二点前报园区。\n")
    assert [(i["owners"], i["due"]) for i in got] == [(["wuting"], None)], got


def test_an_ask_turned_down_by_the_one_asked_is_no_item(org: Org) -> None:
    # 「这个我们做不了，得找…」 right after the ask: it is not theirs; the asker then takes it on,
    # and their item says what was asked
    text = (
        "赵峰：刘总，夜里那批出库，你们仓库能不能帮我们把装车顺序调一下？\n"
        "刘海涛：这个我们做不了，得找采购部周总那边排，车是他们订的。\n"
        "赵峰：行，那我会后跟周总对一下。\n"
    )
    got = items(org, text)
    assert [i["owners"] for i in got] == [["zhaofeng"]], got
    assert "装车顺序" in got[0]["task"], got


def test_a_thing_of_its_own_turned_down_leaves_the_ask(org: Org) -> None:
    # the one asked turns down another thing he names (not 这个): the ask stands
    text = (
        "赵峰：吴婷，你把冷库的温控记录整理一下，尽快。\n"
        "吴婷：温控那个探头更换我们做不了，得找采购部周总。\n"
    )
    got = items(org, text)
    assert [i["owners"] for i in got] == [["wuting"]], got


def test_an_ask_turned_down_then_put_again_keeps_what_was_asked(org: Org) -> None:
    # the asker puts it to the same person again, with a way round: the item is that one,
    # and it is about the thing first asked for
    text = (
        "赵峰：吴婷，你把要盘点的货架清单和位置整理一下，给到李芳那边。\n"
        "吴婷：这个我们做不了啊赵总，货架的数据在采购那边，得找周总要。\n"
        "赵峰：吴婷，那你先找周总拿数据，清单还是你来出，月底前。\n"
    )
    got = items(org, text)
    assert [(i["owners"], i["due"], i["source"]["line"]) for i in got] == [
        (["wuting"], "2026-07-31", 3)
    ], got
    assert "货架清单和位置" in got[0]["task"], got
