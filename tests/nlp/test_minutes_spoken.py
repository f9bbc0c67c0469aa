"""Spoken transcripts: turns, replies, nicknames and ASR spellings, through the public entry
point, on an org that lists no aliases at all (tests/fixtures/minutes/spoken-own/org.yaml)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from dispatch.minutes.evaluate import evaluate
from models.org import Org, load_org
from nlp.minutes import extract
from nlp.minutes.lexicon import OrgLexicon, nicknames
from nlp.minutes.rules import closing_recap

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "minutes"
MEETING = dt.date(2026, 7, 8)  # a Wednesday; Friday = 07-10, next Monday = 07-13


@pytest.fixture(scope="module")
def org() -> Org:
    return load_org(FIXTURES / "spoken-own" / "org.yaml")


def items(org: Org | None, text: str, name: str = "call.txt") -> list[dict]:
    return extract(text.encode(), name, org, MEETING).to_contract()["action_items"]


def fields(it: dict) -> tuple:
    return it["owners"], it["department"], it["due"]


# ---------------------------------------------------------------- turns


def test_an_ask_and_its_confirmation_are_one_item_with_the_agreed_date(org: Org) -> None:
    got = items(
        org,
        "赵峰(00:00:20)：芳姐，年中盘点的差异表，周五前给我。\n"
        "李芳(00:00:28)：好的，我明天下班前发你。\n",
    )
    assert len(got) == 1, got
    assert fields(got[0]) == (["lifang"], "fin", "2026-07-09")
    assert got[0]["source"]["line"] == 1
    assert "差异表" in got[0]["task"]  # the date is the due date, not task text


def test_a_bare_acceptance_with_a_date_sets_the_asks_due_date(org: Org) -> None:
    got = items(
        org,
        "赵峰 00:00:22\n海涛，退货区的标签顺便换一下。\n刘海涛 00:00:30\n好嘞，下周一前弄好。\n",
    )
    assert [fields(i) for i in got] == [(["liuhaitao"], "wh", "2026-07-13")]


def test_a_reply_naming_the_asker_is_the_speakers_commitment(org: Org) -> None:
    got = items(
        org,
        "赵峰：阿杰，门店的网络巡检这周安排一下。\n陈杰：好的峰哥，我周五前弄完。\n",
    )
    assert [fields(i) for i in got] == [(["chenjie"], "it", "2026-07-10")]


def test_a_reply_to_someone_else_is_not_a_confirmation(org: Org) -> None:
    got = items(
        org,
        "赵峰：晓晓，接口文档周五前补一下。\n孙敏：好的，我明天把抽检报告发出来。\n",
    )
    assert sorted(fields(i) for i in got) == [
        (["sunmin"], "qa", "2026-07-09"),
        (["wangxiao"], "it", "2026-07-10"),
    ]


def test_a_group_ask_is_not_taken_over_by_whoever_answers(org: Org) -> None:
    got = items(org, "赵峰：各部门下周一前把预算交给财务。\n刘海涛：嗯嗯，我们这边没问题。\n")
    assert [fields(i) for i in got] == [([], None, "2026-07-13")]


def test_a_bare_you_is_the_person_called_on_in_the_turn_before(org: Org) -> None:
    got = items(org, "赵峰：郑磊，冷库那边你还在盯吧？\n赵峰：你把温控记录周五前整理出来。\n")
    assert [fields(i) for i in got] == [(["zhenglei"], "wh", "2026-07-10")]


def test_a_bare_you_answering_a_turn_is_its_speaker(org: Org) -> None:
    got = items(org, "吴婷：样品这周到不了。\n赵峰：那你下周一前再催一下供应商。\n")
    assert [fields(i) for i in got] == [(["wuting"], "wh", "2026-07-13")]


def test_two_asks_to_different_parties_in_one_turn_are_two_items(org: Org) -> None:
    got = items(
        org,
        "赵峰：仓库那边周五前把库存盘一遍，另外各部门下周一之前把资产清单交给财务。\n"
        "赵峰：郑磊你把巡检记录补一下，还有吴婷，下周一前把样品送检。\n",
    )
    assert [fields(i) for i in got] == [
        ([], "wh", "2026-07-10"),
        ([], None, "2026-07-13"),
        (["zhenglei"], "wh", None),
        (["wuting"], "wh", "2026-07-13"),
    ]


def test_self_commitments_without_a_date_and_times_of_day(org: Org) -> None:
    got = items(org, "孙敏：这块我来盯。\n赵峰：好，记录我晚上发邮件给大家。\n")
    assert [fields(i) for i in got] == [
        (["sunmin"], "qa", None),
        (["zhaofeng"], "sales", "2026-07-08"),
    ]


def test_an_assignment_after_a_topic_and_a_delegation(org: Org) -> None:
    got = items(
        org, "赵峰：报表和权限阿杰负责，两个工作日内弄好。\n王晓：新人培训我让婷婷带他们。\n"
    )
    assert [fields(i) for i in got] == [
        (["chenjie"], "it", "2026-07-10"),
        (["wuting"], "wh", None),
    ]


# ---------------------------------------------------------------- names


@pytest.mark.parametrize(
    ("said", "who"),
    [
        ("芳姐", "lifang"),
        ("阿杰", "chenjie"),
        ("晓晓", "wangxiao"),
        ("小晓", "wangxiao"),
        ("小陈", "chenjie"),
        ("老周", "zhoujianguo"),
        ("周总", "zhoujianguo"),
        ("涛哥", "liuhaitao"),
        ("海涛", "liuhaitao"),
        ("敏姐", "sunmin"),
    ],
)
def test_nicknames_resolve_without_aliases(org: Org, said: str, who: str) -> None:
    got = items(org, f"赵峰：{said}，供应商对账单周五前给我一版。\n")
    assert [i["owners"] for i in got] == [[who]]


@pytest.mark.parametrize(
    ("said", "who"),
    [("刘科", "liuhaitao"), ("刘科长", "liuhaitao"), ("孙部长", "sunmin"), ("孙护士长", "sunmin"),
     ("周处", "zhoujianguo")],
)
def test_a_surname_with_an_office_title_is_a_nickname(org: Org, said: str, who: str) -> None:
    """科/科长, 部长, 护士长, 处 after a surname are how hospitals, schools and offices call their
    heads; nobody lists them as aliases (a hospital group's meetings lost six items to them)."""
    got = items(org, f"赵峰：{said}，仓库的消防台账这周五前要补齐。\n")
    assert [fields(i) for i in got] == [([who], org.person(who).department, "2026-07-10")]
    split = items(org, f"赵峰：陈杰你把门店网络巡检一下，{said}你把消防台账补一下，都周五之前。\n")
    assert sorted(o for i in split for o in i["owners"]) == sorted(["chenjie", who])


def test_nickname_forms() -> None:
    forms, bare = nicknames("刘海涛")
    assert {"小刘", "老刘", "刘总", "刘工", "涛哥", "海涛", "阿涛"} <= set(forms)
    assert bare == ["海涛"]
    assert nicknames("Alice Chen") == ([], [])


def test_a_nickname_two_people_share_keeps_the_name_but_no_owner() -> None:
    org = Org.model_validate(
        {
            "name": "t",
            "calendar": "cn",
            "departments": [{"id": "it", "name": "信息部"}],
            "staff": [
                {"id": "wangxiao", "name": "王晓", "department": "it"},
                {"id": "wangqiang", "name": "王强", "department": "it"},
            ],
        }
    )
    got = items(org, "赵峰：小王，服务器的巡检周五前做完。\n")
    assert [(i["owners"], i["owner_names"], i["due"]) for i in got] == [
        ([], ["小王"], "2026-07-10")
    ]


def test_an_asr_homophone_of_a_name_is_a_low_confidence_owner(org: Org) -> None:
    exact = items(org, "赵峰：王晓，接口文档周五前补一下。\n")
    heard = items(org, "赵峰：王霄，接口文档周五前补一下。\n")
    assert [fields(i) for i in heard] == [(["wangxiao"], "it", "2026-07-10")]
    assert heard[0]["confidence"] < exact[0]["confidence"]


def test_a_homophone_needs_a_person_context_and_a_shared_character(org: Org) -> None:
    lex = OrgLexicon(org)
    # 晚霄 sounds like 王晓 only loosely (wan ≠ wang); 忘销 shares no character
    assert [m.text for m in lex.find("忘销，这个周五前补一下") if m.fuzzy] == []
    assert [m.text for m in lex.find("王霄，这个周五前补一下") if m.fuzzy] == ["王霄"]


# ---------------------------------------------------------------- the whole set


@pytest.mark.parametrize("folder", ["spoken-own", "spoken-own2"])
def test_own_spoken_set_floors(folder: str) -> None:
    t = evaluate(FIXTURES / folder).totals()
    assert t["errors"] == 0 and t["f1"] >= 0.9, t
    assert min(t["owners"], t["department"], t["due"]) >= 0.9, t


def test_blind_spoken_set_does_not_regress() -> None:
    """12 transcripts of a company nobody here had seen, written without the code (its
    README). Measured blind on main: F1 0.690; this floor is the level reached since (0.850,
    then 0.933 after fixing the kinds of miss tested in "kinds of miss found on it", 0.969
    after the task-text pass of #17)."""
    t = evaluate(FIXTURES / "spoken-heldout").totals()
    assert t["errors"] == 0 and t["f1"] >= 0.96, t
    assert min(t["owners"], t["department"]) >= 0.98 and t["due"] >= 0.94, t


def test_second_spoken_set_does_not_regress() -> None:
    """A hotel group's 12 transcripts (96 items), written blind: F1 0.773 on the code it
    first met, 0.796 after the first spoken pass; then a development set (0.938; 0.958
    after the task-text pass of #17)."""
    t = evaluate(FIXTURES / "spoken-hotel").totals()
    assert t["errors"] == 0 and t["f1"] >= 0.95, t
    assert min(t["owners"], t["due"]) >= 0.97, t


def test_third_spoken_set_does_not_regress() -> None:
    """A solar-module maker's 10 transcripts (83 items), written blind: F1 0.686 on the
    session-start code, 0.698 by the rules alone before it was read; then a development set
    (spoken5: closing recaps, pushback replies, long unpunctuated turns; 0.877)."""
    t = evaluate(FIXTURES / "spoken-solar").totals()
    assert t["errors"] == 0 and t["f1"] >= 0.87, t
    assert min(t["owners"], t["department"]) >= 0.91 and t["due"] >= 0.91, t


# ---------------------------------------------------------------- English calls


@pytest.fixture(scope="module")
def en_org() -> Org:
    return Org.model_validate(
        {
            "name": "t",
            "calendar": "none",
            "departments": [{"id": "ops", "name": "Operations"}, {"id": "fin", "name": "Finance"}],
            "staff": [
                {"id": "alice", "name": "Alice Chen", "department": "ops"},
                {"id": "omar", "name": "Omar Haddad", "department": "fin"},
                {"id": "will", "name": "Will Baker", "department": "ops"},
            ],
        }
    )


def test_english_first_names_and_a_confirmed_ask(en_org: Org) -> None:
    got = items(
        en_org,
        "Omar Haddad: Alice, can you pull the freight invoices by Friday?\n"
        "Alice Chen: Sure, I'll send them to you Thursday.\n",
    )
    assert [fields(i) for i in got] == [(["alice"], "ops", "2026-07-09")]


@pytest.mark.parametrize("name", ["阎振华", "赖志成", "杭晓鹏", "傅明"])
def test_a_speaker_of_a_less_common_surname_keeps_the_label(name: str) -> None:
    # issue 17: 「阎振华(00:01:47): …」 was read as words (阎 not a known surname), so the turn
    # had no speaker and its 我 no owner, and the label stayed in the task
    org = Org.model_validate(
        {
            "name": "t",
            "calendar": "none",
            "departments": [{"id": "pur", "name": "采购部"}],
            "staff": [{"id": "p1", "name": name, "department": "pur"}],
        }
    )
    got = items(org, f"{name}(00:01:47): 我这两天再找两家比个价，周五给你一个比价单。\n")
    assert [(i["owners"], i["due"]) for i in got] == [(["p1"], "2026-07-10")], got
    assert name not in got[0]["task"], got


def test_a_title_with_a_full_stop_does_not_end_the_ask(en_org: Org) -> None:
    # issue 17 (a restaurant chain's call): "Mr." cut the ask to "please check with Mr."
    got = items(
        en_org,
        "Alice Chen: Omar, please check with Mr. Baker and confirm a production slot with him.\n"
        "Omar Haddad: Will do, by Friday.\n",
    )
    assert [(i["owners"], i["due"]) for i in got] == [(["omar"], "2026-07-10")], got
    assert "production slot" in got[0]["task"], got


def test_i_mean_after_a_dash_corrects_a_word_and_keeps_the_ask(en_org: Org) -> None:
    # "I mean" is talk about the meeting ("I mean, it's fine"), but after a dash it only
    # corrects the word before it
    got = items(
        en_org,
        "Alice Chen: Omar, please check with Will - I mean Mr. Baker, our ops lead - and "
        "confirm a production slot with him by Friday.\n",
    )
    assert [(i["owners"], i["due"]) for i in got] == [(["omar"], "2026-07-10")], got


def test_an_english_first_name_that_is_a_word_is_not_generated(en_org: Org) -> None:
    lex = OrgLexicon(en_org)
    assert [m.id for m in lex.find("Omar will check it. Will that work?")] == ["omar"]


# ---------------------------------------------------------------- speech without writing's cues


def test_a_short_answer_that_moves_the_date_is_the_agreed_due_date(org: Org) -> None:
    got = items(org, "赵峰：晓晓，你明天把质检单催回来。\n王晓：明天有点赶，周一吧。\n")
    assert [fields(i) for i in got] == [(["wangxiao"], "it", "2026-07-13")]


def test_a_short_answer_without_acceptance_word_confirms_the_ask(org: Org) -> None:
    got = items(org, "赵峰：孙敏，返工的数据你找一下。\n孙敏：我今天就找郑磊要。\n")
    assert [fields(i) for i in got] == [(["sunmin"], "qa", "2026-07-08")]


def test_a_question_nobody_owned_is_the_answers_item(org: Org) -> None:
    got = items(org, "赵峰：下周的值班表谁排一下？\n吴婷：值班表我来排。\n")
    assert [(i["source"]["line"], *fields(i)) for i in got] == [(2, ["wuting"], "wh", None)]


def test_unpunctuated_speech_is_cut_at_its_pauses(org: Org) -> None:
    got = items(org, "赵峰：那个 晓晓 你下周一前把报价单发我 另外 仓库那边周五前把库存盘一遍\n")
    assert [fields(i) for i in got] == [
        (["wangxiao"], "it", "2026-07-13"),
        ([], "wh", "2026-07-10"),
    ]


def test_a_pause_before_ranhou_ends_the_sentence_so_a_later_date_stays_with_its_ask(
    org: Org,
) -> None:
    # 「…看一下 有没有异常 然后 …明天给我 然后 …月底前…」: each 然后 opens a sentence of its own
    got = items(org, "赵峰：晓晓你帮忙看一下那批标签的打印记录 有没有问题 然后海涛你把退货单调出来 "
                     "明天给我 还有就是我们自己这边 月底前要把盘点方案定下来\n")
    by_owner = {tuple(i["owners"]): i["due"] for i in got}
    assert by_owner.get(("wangxiao",), "missing") is None, got
    assert by_owner.get(("liuhaitao",)) == "2026-07-09", got


def test_your_department_and_a_department_with_a_date_right_after_it(org: Org) -> None:
    got = items(org, "赵峰：你们仓储部这周内把盘点做完。\n赵峰：质量部这周把抽检报告出了。\n")
    assert [fields(i) for i in got] == [([], "wh", "2026-07-10"), ([], "qa", "2026-07-10")]


def test_an_english_sentence_naming_a_colleague_in_chinese(org: Org) -> None:
    got = items(org, "赵峰：王晓 will own the rollout, by next Monday.\n")
    assert [fields(i) for i in got] == [(["wangxiao"], "it", "2026-07-13")]


def test_a_date_stated_as_a_fact_is_not_a_due_date(org: Org) -> None:
    assert items(org, "赵峰：嗯那个就是 报名是下周三截止 大家抓紧\n") == []


def test_undated_self_commitments_and_asks_to_report_back(org: Org) -> None:
    got = items(org, "孙敏：包装我自己找印刷厂。\n赵峰：郑磊，这个有结论了跟我说。\n")
    assert [fields(i) for i in got] == [(["sunmin"], "qa", None), (["zhenglei"], "wh", None)]


def test_interruptions_are_not_items(org: Org) -> None:
    assert items(org, "孙敏：我打断一下，我插一句，这个数据不对。\n") == []


def test_a_homophone_that_is_also_a_word_counts_only_where_a_person_is_called_on() -> None:
    org = Org.model_validate(
        {
            "name": "t",
            "calendar": "cn",
            "departments": [{"id": "fin", "name": "财务部"}],
            "staff": [{"id": "changqing", "name": "常青", "department": "fin"}],
        }
    )
    got = items(org, "赵峰：长青，你把合同周五前过一遍。\n赵峰：这个品牌长青在市场上很多年了。\n")
    assert [fields(i) for i in got] == [(["changqing"], "fin", "2026-07-10")]


def test_pinyin_nicknames_in_an_english_call(org: Org) -> None:
    got = items(org, "Zhao Feng: Lao Zhou will check the samples by Friday.\n")
    assert [fields(i) for i in got] == [(["zhoujianguo"], "pur", "2026-07-10")]


def test_parked_topics_and_the_next_call_are_not_items(org: Org) -> None:
    text = (
        "Zhao Feng: The holiday bundle, let's park that until the numbers are in.\n"
        "Zhao Feng: Next call same time in two weeks.\n"
    )
    assert items(org, text) == []


def test_checking_or_telling_someone_is_a_commitment(org: Org) -> None:
    got = items(org, "孙敏：我跟周总说一下，先暂停付款。\n孙敏：这个我查一下再回你。\n")
    assert [fields(i) for i in got] == [(["sunmin"], "qa", None), (["sunmin"], "qa", None)]


def test_two_people_after_a_topic_and_a_group_of_you(org: Org) -> None:
    got = items(
        org,
        "赵峰：这个事王晓和陈杰一起弄，下周三前。\n赵峰：你们几个这周把周报补齐。\n"
        "赵峰：上次王晓弄的那个报表有问题。\n",
    )
    assert [fields(i) for i in got] == [
        (["wangxiao", "chenjie"], "it", "2026-07-15"),
        ([], None, "2026-07-10"),
    ]


def test_a_bare_given_name_after_还有_and_moving_on_before_calling_on_someone(org: Org) -> None:
    got = items(
        org,
        "赵峰：阿杰，官网的活动页你来弄，还有海涛，仓库下周一前把库位腾出来。\n"
        "赵峰：好 小王 你把回滚预案也补一下 这周五之前\n",
    )
    assert [fields(i) for i in got] == [
        (["chenjie"], "it", None),
        (["liuhaitao"], "wh", "2026-07-13"),
        (["wangxiao"], "it", "2026-07-10"),
    ]


def test_an_english_ask_after_a_topic_and_a_reply_that_moves_the_date(en_org: Org) -> None:
    got = items(
        en_org,
        "Alice Chen: Omar, the deposit — can you take care of that before the end of the month?\n"
        "Omar Haddad: Yes. Actually, end of month is tight, let's say next Wednesday.\n",
    )
    assert [fields(i) for i in got] == [(["omar"], "fin", "2026-07-15")]


def test_a_department_told_what_it_should_do_without_a_date(en_org: Org) -> None:
    got = items(
        en_org,
        "Alice Chen: Finance should release the deposit once the forecast comes in.\n"
        "Alice Chen: Operations will look at it in the usual review.\n",
    )
    assert [fields(i) for i in got] == [([], "fin", None)]


def test_one_date_said_for_several_asks_and_due_nouns(org: Org) -> None:
    got = items(
        org,
        "赵峰：王晓你跟一下物流，吴婷你负责赠品，都是下周一之前。\n"
        "赵峰：陈杰，这个报表截止时间是周五，你抓紧弄。\n",
    )
    assert [fields(i) for i in got] == [
        (["wangxiao"], "it", "2026-07-13"),
        (["wuting"], "wh", "2026-07-13"),
        (["chenjie"], "it", "2026-07-10"),
    ]


def test_a_reply_for_the_repliers_department_confirms_the_ask(org: Org) -> None:
    got = items(
        org,
        "赵峰：敏姐，出货前的抽检比例你们再评估一下。\n孙敏：好的峰哥，我们这边周五前给结论。\n",
    )
    assert [(i["owners"], i["due"]) for i in got] == [(["sunmin"], "2026-07-10")]


def test_a_department_ask_confirmed_by_the_department_or_by_one_of_its_people(org: Org) -> None:
    got = items(
        org,
        "赵峰：你们仓储部明天把退货的数量报一下。\n刘海涛：收到，我们这边明天中午前报。\n"
        "赵峰：信息部这周把权限都收回来。\n陈杰：对对对，这个我来弄，周五前。\n",
    )
    assert [(i["source"]["line"], *fields(i)) for i in got] == [
        (1, [], "wh", "2026-07-09"),
        (3, ["chenjie"], "it", "2026-07-10"),
    ]


def test_an_interruption_does_not_swallow_what_follows_it(org: Org) -> None:
    got = items(org, "李芳：我插一句，预算表我们这边周四前出。\n孙敏：我插一句，这个数据不对。\n")
    assert [fields(i) for i in got] == [([], "fin", "2026-07-09")]


def test_an_opinion_with_a_date_is_not_a_commitment(org: Org) -> None:
    assert items(org, "王晓：我觉得这个方案可以，周五前定下来比较好。\n") == []


def test_an_unpunctuated_question_does_not_swallow_the_commitment_after_it(org: Org) -> None:
    got = items(org, "陈杰：日志能导出来吗 我明天把日志导出来发群里\n")
    assert [fields(i) for i in got] == [(["chenjie"], "it", "2026-07-09")]


def test_short_english_sentences_naming_a_colleague_in_chinese(org: Org) -> None:
    got = items(
        org,
        "Zhao Feng: 阿杰 will own it, by Friday.\nZhao Feng: 请 Bob review 一下 PR，周五前。\n",
    )
    assert [fields(i) for i in got][0] == (["chenjie"], "it", "2026-07-10")


def test_long_runs_of_fillers_are_read_in_linear_time(org: Org) -> None:
    """「嗯嗯嗯…」 once made the acknowledgement patterns backtrack exponentially (2^n)."""
    text = "孙敏：" + "嗯" * 60 + "x\n王晓：" + "好的，" * 60 + "这个我查一下再回你\n"
    assert [fields(i) for i in items(org, text)] == [(["wangxiao"], "it", None)]


# ---------------------------------------------------------------- kinds of miss (spoken-heldout)
# Each test is a kind of error found on the blind spoken set, said in other words on this org.


def test_a_dated_answer_to_a_when_question_is_the_answerers_commitment(org: Org) -> None:
    got = items(org, "赵峰：退货区那批货什么时候能清完\n"
                     "刘海涛：明天加个班，剩下的四百箱明天肯定清完。\n")
    assert [fields(i) for i in got] == [(["liuhaitao"], "wh", "2026-07-09")]
    got = items(org, "赵峰：那什么时候能修好？\n陈杰：对账接口两个工作日内修复上线。\n")
    assert [fields(i) for i in got] == [(["chenjie"], "it", "2026-07-10")]
    # without the question, a dated statement with no subject is no one's item
    assert items(org, "赵峰：退货区的事说完了\n刘海涛：剩下的四百箱明天肯定清完。\n") == []
    # answers that say when, but not when someone's work is finished
    for q, a in (("会议室什么时候空出来？", "李芳：下周一就空了"),
                 ("那批货什么时候到？", "刘海涛：供应商说下周二到"),
                 ("新系统什么时候上线的？", "陈杰：上周三就上线了")):
        assert items(org, f"赵峰：{q}\n{a}\n") == [], a


def test_an_acknowledgement_then_calling_on_someone_is_a_new_ask(org: Org) -> None:
    got = items(org, "郑磊：我插一句，华东那批样品上周已经寄出去了\n"
                     "赵峰：好，海涛，华东客户的试用反馈你周五前收回来\n")
    assert [fields(i) for i in got] == [(["liuhaitao"], "wh", "2026-07-10")]
    got = items(org, "孙敏：先五套\n赵峰：行，吴婷，样品你周四前准备好给老周\n")
    assert [fields(i) for i in got] == [(["wuting"], "wh", "2026-07-09")]


def test_a_reply_naming_the_asker_before_a_date_is_folded_into_the_ask(org: Org) -> None:
    got = items(org, "赵峰：那个冷库这块，海涛，放假前设备要断电检查，你明天弄完\n"
                     "刘海涛：好的峰哥，明天下午弄完给你拍照\n")
    assert [fields(i) for i in got] == [(["liuhaitao"], "wh", "2026-07-09")]
    got = items(org, "赵峰：功耗这个阿杰你下周五之前给我一个方案\n陈杰：好的峰哥下周五没问题\n")
    assert [fields(i) for i in got] == [(["chenjie"], "it", "2026-07-17")]


def test_a_topic_before_the_speakers_i_or_a_named_team(org: Org) -> None:
    got = items(org, "王晓：拆机的分析报告我今天整理一下发给老周\n")
    assert [fields(i) for i in got] == [(["wangxiao"], "it", "2026-07-08")]
    got = items(org, "赵峰：对账单的图王晓这边一起出，八月三十一号前给李芳\n")
    assert [fields(i) for i in got] == [(["wangxiao"], "it", "2026-08-31")]
    got = items(org, "赵峰：还有月结的单据，吴婷和郑磊一起下周一前核对一遍\n")
    assert [i["owners"] for i in got] == [["wuting", "zhenglei"]]
    got = items(org, "李芳：好的峰哥。然后那个促销报名是下周三截止\n"
                     "赵峰：促销报名你下周三前也一起弄了\n")
    assert [fields(i) for i in got] == [(["lifang"], "fin", "2026-07-15")]


def test_openings_tag_questions_and_working_days_are_not_items(org: Org) -> None:
    assert items(org, "赵峰：好我们开始，今天就一个事，节前最后一批货\n") == []
    assert items(org, "郑磊：嗯那我们开始，今天是月度评审，先陈杰说一下\n") == []
    assert items(org, "赵峰：这个要找芳姐，芳姐今天没来是吧\n") == []
    assert items(org, "郑磊：对对，周六我们也上班\n") == []


def test_a_date_in_a_reply_moves_the_ask_only_when_it_is_the_agreed_date(org: Org) -> None:
    # a date stated as a fact is not a new due date
    got = items(org, "赵峰：固件包阿杰负责，七月十七号之前出一个候选版本。\n"
                     "陈杰：收到峰哥。不过十七号是周五哈。\n")
    assert [fields(i) for i in got] == [(["chenjie"], "it", "2026-07-17")]
    # a reply handing the work on keeps its own date for its own item
    got = items(org, "赵峰：阿杰，明天再加一场演示你来安排。\n"
                     "陈杰：可以峰哥，我让晓晓去对接客户，今天就把时间定下来。\n")
    assert sorted(fields(i) for i in got) == [
        (["chenjie"], "it", "2026-07-09"), (["wangxiao"], "it", "2026-07-08")]
    # a reply that takes on a thing of its own is a second item
    got = items(org, "赵峰：冷库盘点我让刘海涛带队，十号下午盘完\n"
                     "刘海涛：嗯没问题峰哥，盘点表我今天下班前打出来\n")
    assert [fields(i) for i in got] == [
        (["liuhaitao"], "wh", "2026-07-10"), (["liuhaitao"], "wh", "2026-07-08")]


def test_a_meeting_being_scheduled_does_not_lend_its_date(org: Org) -> None:
    got = items(org, "赵峰：最后复盘会放下周一，复盘报告的框架我自己来写，周日发给大家。\n")
    assert [fields(i) for i in got] == [(["zhaofeng"], "sales", "2026-07-12")]


def test_a_task_said_just_before_the_commitment_that_points_back_at_it(org: Org) -> None:
    got = items(org, "Ana: I can update the customer notice. I'll, uh, have it ready by Monday.\n",
                "call.txt")
    assert [i["task"] for i in got] == [
        "I can update the customer notice. I'll, uh, have it ready by Monday."]
    # a subtitle cue wrapped before 「我这边…」: its first line names the task
    srt = ("1\n00:00:01,000 --> 00:00:05,000\n赵峰：华东那边的年货报价，\n我这边三天内报过去\n\n"
           "2\n00:00:06,000 --> 00:00:08,000\n李芳：新人一共六个，\n考核我周五前做完\n")
    got = items(org, srt, "call.srt")
    assert [(i["task"], i["due"]) for i in got] == [
        ("华东那边的年货报价，报过去", "2026-07-11"),
        ("考核做完", "2026-07-10"),
    ]


# ---------------------------------------------------------------- kinds of miss (second company)


def test_a_task_handed_to_a_bare_given_name(org: Org) -> None:
    got = items(org, "赵峰：好，今天先这样。会议记录我让海涛整理，今天发群里。\n")
    assert [fields(i) for i in got] == [(["liuhaitao"], "wh", "2026-07-08")]
    got = items(org, "郑磊：行，今天先到这，会议记录晓晓帮忙发一下，谢谢大家。\n")
    assert [fields(i) for i in got] == [(["wangxiao"], "it", None)]


def test_thanks_after_a_remark_on_the_day_is_no_item(org: Org) -> None:
    """「辛苦了」 thanks; only 「辛苦 + someone + the work」 asks. A remark that names the day
    (「今天天气不错」) gave the thanks a due date and made it an item owned by nobody."""
    for text in ("赵峰：今天天气不错，大家辛苦了。\n", "赵峰：今天就到这儿，大家辛苦了！\n",
                 "赵峰：这周大家都辛苦了。\n", "Amy: 今天辛苦各位了，散会。\n"):
        assert items(org, text) == [], text
    got = items(org, "赵峰：辛苦晓晓明天把会议记录发一下。\n")
    assert [fields(i) for i in got] == [(["wangxiao"], "it", "2026-07-09")]


def test_a_nickname_of_the_given_name_with_zi(org: Org) -> None:
    got = items(org, "赵峰：磊子，货架标签这个你这周换好。\n")
    assert [fields(i) for i in got] == [(["zhenglei"], "wh", "2026-07-10")]


def test_you_and_someone_doing_it_together_are_both_owners(org: Org) -> None:
    got = items(org, "赵峰：海涛你和吴婷先把退货清单理出来，明天给我。\n")
    assert [fields(i) for i in got] == [(["liuhaitao", "wuting"], "wh", "2026-07-09")]
    got = items(org, "赵峰：晓晓，你跟芳姐一起把接口费用对一下，周五前给我。\n")
    assert [(sorted(i["owners"]), i["department"], i["due"]) for i in got] == [
        (["lifang", "wangxiao"], None, "2026-07-10")]
    # the partner said later in the same ask: 「…列出来，跟芳姐一起看…」
    got = items(
        org, "赵峰：晓晓你把超期的工单都列出来，跟芳姐一起看是关掉还是转交，下周五前给我结论。\n"
    )
    assert [sorted(i["owners"]) for i in got] == [["lifang", "wangxiao"]]
    # coordinating with someone does not make them an owner
    got = items(org, "赵峰：阿杰你跟孙敏对接一下抽检的事，周五前。\n")
    assert [fields(i) for i in got] == [(["chenjie"], "it", "2026-07-10")]


def test_a_speakers_later_commitment_without_a_date(org: Org) -> None:
    got = items(org, "赵峰：预算的口径我先定个数，这个我回头跟老板汇报一下。\n")
    assert [fields(i) for i in got] == [(["zhaofeng"], "sales", None)]
    got = items(org, "赵峰：这个我直接找孙敏，让她们把探头换了。\n")
    assert [fields(i) for i in got] == [(["zhaofeng"], "sales", None)]


def test_a_task_pointing_back_with_zhe_ge_keeps_the_sentence_it_points_at(org: Org) -> None:
    got = items(org, "郑磊：冷库的温控探头得换新的，旧的老报警。海涛，这个探头你周五前换掉。\n")
    assert [fields(i) for i in got] == [(["liuhaitao"], "wh", "2026-07-10")]
    assert "温控探头" in got[0]["task"]
    # the sentence before names the person who is then asked
    got = items(org, "郑磊：叉车充电桩那个我问过了，是吴婷在弄。吴婷，你明天把桩子装好。\n")
    assert [fields(i) for i in got] == [(["wuting"], "wh", "2026-07-09")]
    assert "叉车充电桩" in got[0]["task"]
    # the sentence before carries a time of day of its own
    got = items(
        org, "赵峰：一个是冷库的除霜策略要调，晚上开一台就够了。海涛，这个策略你这周调好。\n"
    )
    assert [fields(i) for i in got] == [(["liuhaitao"], "wh", "2026-07-10")]
    assert "除霜策略" in got[0]["task"]


def test_a_reply_that_confirms_and_then_adds_a_task_of_its_own(org: Org) -> None:
    got = items(org, "赵峰：阿杰，门店网络你跟电信谈一下，把报价拿回来。\n"
                     "陈杰：好，我下周一之前拿回来。机房的空调我这周内也顺便看一遍。\n")
    assert [(fields(i), i["source"]["line"]) for i in got] == [
        ((["chenjie"], "it", "2026-07-13"), 1), ((["chenjie"], "it", "2026-07-10"), 2)]
    got = items(org, "赵峰：晓晓，接口文档你三个工作日内补完。\n"
                     "王晓：嗯，三个工作日，没问题。接口的测试用例清单我今天下班前发群里。\n")
    assert [(fields(i), i["source"]["line"]) for i in got] == [
        ((["wangxiao"], "it", "2026-07-13"), 1), ((["wangxiao"], "it", "2026-07-08"), 2)]


def test_a_date_said_after_the_reply_moves_on_is_not_the_agreed_one(org: Org) -> None:
    got = items(org, "Zhao Feng: Chen Jie, please send the stock report to everyone today.\n"
                     "Chen Jie: Sure. Also, the office move happens next week.\n")
    assert [fields(i) for i in got] == [(["chenjie"], "it", "2026-07-08")]


def test_an_ask_answering_a_problem_raised_keeps_the_problem_as_its_context(org: Org) -> None:
    got = items(org, "吴婷：三号库的叉车电池老是充不满，下午就没电了。\n"
                     "赵峰：海涛，你这周找厂家换一批。\n")
    assert [(fields(i), i["source"]["line"]) for i in got] == [
        ((["liuhaitao"], "wh", "2026-07-10"), 2)]
    assert "叉车电池" in got[0]["task"] and got[0]["task"].endswith("换一批")
    # the speaker's own commitment after someone else's item takes no context
    got = items(org, "吴婷：我明天把三号库的电池清单发群里。\n赵峰：我周五前去一趟三号库。\n")
    assert [i["task"] for i in got] == ["把三号库的电池清单发群里", "去一趟三号库"]


def test_words_that_only_look_like_a_cancellation_or_meeting_talk(org: Org) -> None:
    # 取消规则 is a noun: the thing to change, not a task being cancelled
    got = items(org, "赵峰：海涛，你把团购订单的取消规则改一下，周五前改完。\n")
    assert [fields(i) for i in got] == [(["liuhaitao"], "wh", "2026-07-10")]
    # "I'll load …" with a deadline is a commitment, not something done on screen
    got = items(
        org, "Zhao Feng: Okay. I'll load the new price list by Friday, one day early to be safe.\n"
    )
    assert [fields(i) for i in got] == [(["zhaofeng"], "sales", "2026-07-10")]


def test_a_pinyin_surname_alone_when_someone_is_called_on(org: Org) -> None:
    got = items(org, "Zhao Feng: Sun, please update the supplier photos on the portal "
                     "within two business days.\n")
    assert [fields(i) for i in got] == [(["sunmin"], "qa", "2026-07-10")]
    # not a name when nobody is called on
    got = items(org, "Zhao Feng: I'll check the Sun Valley order by Friday.\n")
    assert [fields(i) for i in got] == [(["zhaofeng"], "sales", "2026-07-10")]


def test_meeting_talk_and_the_next_meeting_are_not_items(org: Org) -> None:
    assert items(org, "赵峰：好，上个月的库存数出来了，海涛你先说一下。\n") == []
    # a head and their team asked to report now, the topic after the verb
    assert items(org, "赵峰：孙部长，你们质检先说一下上个月退货的整体情况。\n") == []
    assert items(org, "赵峰：海涛，你先介绍一下新仓库的进度。\n") == []
    assert items(org, "赵峰：行，那下周三还是这个时间，我们再对一遍。\n") == []
    assert items(org, "赵峰：那就这样，周六我们电话再碰一次。\n") == []
    assert items(org, "郑磊：我这边补充一个，十号有个客户要来参观，大概二十个人。\n") == []


def test_an_ask_through_someone_named_with_their_team(org: Org) -> None:
    got = items(org, "Zhao Feng: I'll ask Chen Jie from our IT team to reset the scanners.\n")
    assert [(i["owners"], i["department"]) for i in got] == [(["chenjie"], "it")]


def test_a_refusal_to_commit_is_not_an_item(org: Org) -> None:
    said = "Ana Ruiz: That sits with head office, I can't commit to anything today.\n"
    assert items(org, said) == []


def test_a_counter_offer_on_the_date_confirms_the_ask(org: Org) -> None:
    got = items(org, "赵峰：海涛，你今天把货架的标签换掉。\n"
                     "刘海涛：今天有点赶，标签还没印出来，我明天弄完。\n")
    assert [(fields(i), i["source"]["line"]) for i in got] == [
        ((["liuhaitao"], "wh", "2026-07-09"), 1)]


def test_the_date_of_the_speakers_own_clause_wins(org: Org) -> None:
    got = items(org, "赵峰：我插一句，仓库盘点现在是一周两次，月底得改成一周三次，"
                     "我今天跟物流商把频次改了。\n")
    assert [fields(i) for i in got] == [(["zhaofeng"], "sales", "2026-07-08")]


def test_topic_then_a_person_who_will_do_it_with_lai(org: Org) -> None:
    got = items(org, "赵峰：应急预案阿杰来写，嗯，下周三前给我。\n")
    assert [fields(i) for i in got] == [(["chenjie"], "it", "2026-07-15")]
    got = items(org, "赵峰：盘点的差异表晓晓来整理，周五前发群里。\n")
    assert [fields(i) for i in got] == [(["wangxiao"], "it", "2026-07-10")]


def test_a_department_reminding_everyone_does_not_own_the_group_ask(org: Org) -> None:
    got = items(org, "刘海涛：仓库这边提醒一下，报销的发票，各部门周五之前交上来。\n")
    assert [fields(i) for i in got] == [([], None, "2026-07-10")]


def test_an_ask_then_the_speakers_own_undated_step_in_one_turn(org: Org) -> None:
    said = "赵峰(00:01:37): 那这样 海涛你把破损的箱号整理一下今天发我 我去跟孙敏申请换一批\n"
    got = items(org, said)
    assert sorted(fields(i) for i in got) == [
        (["liuhaitao"], "wh", "2026-07-08"), (["zhaofeng"], "sales", None)]


def test_english_asks_with_the_name_at_the_end_or_after_have(org: Org) -> None:
    got = items(org, "Zhao Feng: Can you take the audit checklist, Chen Jie? "
                     "By Friday would be great.\n")
    assert [fields(i) for i in got] == [(["chenjie"], "it", "2026-07-10")]
    got = items(org, "Zhao Feng: Let's have Sun Min redo the sampling plan by next Monday.\n")
    assert [fields(i) for i in got] == [(["sunmin"], "qa", "2026-07-13")]
    # someone who will only be present is not asked to do anything
    got = items(org, "Zhao Feng: Let's have Sun Min on the call by Friday.\n")
    assert all(i["owners"] != ["sunmin"] for i in got)


@pytest.mark.parametrize(
    "said, owner, due",
    [
        ("赵峰：麻烦海涛把报表周五前发一下。", "liuhaitao", "2026-07-10"),
        ("赵峰：辛苦晓晓周五前把接口文档补一下。", "wangxiao", "2026-07-10"),
        ("赵峰：退货区整理这事儿交给海涛，周五前弄完。", "liuhaitao", "2026-07-10"),
        ("赵峰：海涛那边周五前出个方案。", "liuhaitao", "2026-07-10"),
        ("赵峰：要不海涛你来，周五前。", "liuhaitao", "2026-07-10"),
        ("赵峰：芳姐那边能不能周五前给个数？", "lifang", "2026-07-10"),
    ],
)
def test_polite_and_handed_over_asks_to_a_nickname(
    org: Org, said: str, owner: str, due: str
) -> None:
    got = items(org, said + "\n")
    assert [(i["owners"], i["due"]) for i in got] == [([owner], due)]


def test_a_yes_no_question_with_a_date_to_a_named_person_is_an_ask(org: Org) -> None:
    got = items(org, "赵峰：对账单的话，芳姐这周能出来吗？\n李芳：可以，周四给你。\n")
    assert [(fields(i), i["source"]["line"]) for i in got] == [
        ((["lifang"], "fin", "2026-07-09"), 1)]
    # a question about goods is not anybody's task
    assert items(org, "赵峰：供应商的货这周能到吗？\n") == []


# ---------------------------------------------------------------- names two people share

SHARED_ORG = """
name: 同名测试公司
timezone: Asia/Shanghai
calendar: cn
departments:
  - {id: ops, name: 运营部, head: zhouqiang}
  - {id: fin, name: 财务部, head: liumin}
  - {id: office, name: 办公室, head: chenguo}
staff:
  - {id: zhouqiang, name: 周强, department: ops}
  - {id: liming, name: 李明, department: ops}
  - {id: lihua, name: 李华, department: fin}
  - {id: liumin, name: 刘敏, department: fin}
  - {id: chenguo, name: 陈果, department: office, title: 办公室主任}
  - {id: chenli, name: 陈丽, department: fin, title: 会计}
  - {id: wangjing, name: 王静, department: office}
  - {id: wangjing2, name: 王静, department: fin}
"""


@pytest.fixture(scope="module")
def shared_org(tmp_path_factory: pytest.TempPathFactory) -> Org:
    path = tmp_path_factory.mktemp("shared") / "org.yaml"
    path.write_text(SHARED_ORG, encoding="utf-8")
    return load_org(path)


def test_a_shared_nickname_is_the_one_on_the_speakers_team(shared_org: Org) -> None:
    """小李 is two people (李明 in 运营, 李华 in 财务): said by the head of 运营, it is his."""
    got = items(shared_org, "周强(00:00:10)：小李，仓库的盘点表周五前发给我。\n"
                            "刘敏(00:00:20)：小李，报销单你明天交一下。\n")
    assert [it["owners"] for it in got] == [["liming"], ["lihua"]], got


def test_a_shared_nickname_with_a_title_is_the_one_with_that_title(shared_org: Org) -> None:
    got = items(shared_org, "周强(00:00:10)：陈主任，会议室周五前订好。\n")
    assert [it["owners"] for it in got] == [["chenguo"]], got


def test_two_people_of_one_name_are_told_apart_by_the_speakers_team(shared_org: Org) -> None:
    got = items(shared_org, "刘敏(00:00:10)：王静，银行对账周五前做完。\n"
                            "陈果(00:00:20)：王静，纪要明天发出来。\n")
    assert [it["owners"] for it in got] == [["wangjing2"], ["wangjing"]], got


def test_a_shared_nickname_nobody_settles_stays_nobodys(shared_org: Org) -> None:
    """Said by someone of a third department, 小李 could be either: owner_names only."""
    got = items(shared_org, "陈果(00:00:10)：小李，周五前把合同扫描件给我。\n")
    assert got and got[0]["owners"] == [] and got[0]["owner_names"] == ["小李"], got


# ------------------------------------------------------- task text and pairs (#17, spoken3)
# Kinds of miss counted held out on the three fresh companies (spoken-edu/food/gov); the
# sentences here are our own, on the spoken-own org.


@pytest.mark.parametrize(
    "line",
    [
        "赵峰：海涛，吴婷，退货区的货架你们俩周五前重新排一下。",
        "赵峰：海涛、吴婷，你们两个周五前把退货区的货架重新排一下。",
        "赵峰：海涛，你跟吴婷你们俩一起把退货区的货架重新排一下，周五前。",
        "赵峰：海涛，退货区的货架你跟仓库的吴婷一起弄，标签让她来贴，你们俩周五前出一版。",
    ],
)
def test_you_two_after_two_names_gives_both_owners(org: Org, line: str) -> None:
    got = items(org, line)
    assert len(got) == 1, got
    assert sorted(got[0]["owners"]) == ["liuhaitao", "wuting"], got
    assert got[0]["due"] == "2026-07-10"


def test_an_acceptance_before_an_ask_is_not_its_context(org: Org) -> None:
    """A reply folded into the ask before it is no problem raised for the next ask."""
    got = items(
        org,
        "赵峰：海涛，退货区的货架周五前重新排一下。\n"
        "刘海涛：好，没问题。\n"
        "赵峰：吴婷，你明天找厂家把冷库的探头换掉。\n",
    )
    assert len(got) == 2, got
    assert "没问题" not in got[1]["task"] and got[1]["owners"] == ["wuting"], got


def test_an_ask_keeps_the_problem_its_own_turn_raised_first(org: Org) -> None:
    got = items(
        org,
        "吴婷：好的。\n"
        "赵峰：冷库的温控这两天老报警，我估计是探头坏了。吴婷，你明天找厂家来看一下。\n",
    )
    assert len(got) == 1, got
    assert "冷库的温控" in got[0]["task"] and "好的" not in got[0]["task"], got


def test_a_confirmation_adds_no_bare_acceptance_words_to_the_task(org: Org) -> None:
    got = items(
        org,
        "赵峰：吴婷，盘点表周五前给我。\n吴婷：可以，周五前没问题。\n"
        "赵峰：海涛，标签的事你下周一前弄完。\n刘海涛：好的峰哥，下周一。\n",
    )
    assert [i["owners"] for i in got] == [["wuting"], ["liuhaitao"]], got
    assert not any(w in i["task"] for i in got for w in ("没问题", "好的", "峰哥")), got


def test_a_reply_repeating_the_asks_object_confirms_it(org: Org) -> None:
    """「好的，排期我周四发你」 names the thing asked for before 我: it confirms the ask (one
    item, the reply's date), unlike a thing of its own (「盘点表我今天打出来」 above)."""
    got = items(
        org,
        "赵峰：吴婷，下个月的促销排期你这周五前出一版。\n吴婷：好的好的，周四之前排期我发你。\n",
    )
    assert [fields(i) for i in got] == [(["wuting"], "wh", "2026-07-09")], got
    assert got[0]["source"]["line"] == 1
    got = items(
        org,
        "赵峰：孙敏，抽检报告你们质量部也要跟上。\n孙敏：收到峰哥，抽检报告的我月底前出。\n",
    )
    assert [fields(i) for i in got] == [(["sunmin"], "qa", "2026-07-31")], got


def test_a_spoken_task_says_what_is_to_be_done_without_fillers_or_address(org: Org) -> None:
    got = items(
        org,
        "赵峰：呃，那个，海涛，退货区的货架嗯你周五前重新排一下啊。\n"
        "吴婷：好的峰哥，质检记录的话我明天补齐。\n",
    )
    assert [i["task"] for i in got] == ["退货区的货架重新排一下", "质检记录补齐"], got
    assert [fields(i) for i in got] == [
        (["liuhaitao"], "wh", "2026-07-10"), (["wuting"], "wh", "2026-07-09")]


def test_written_minutes_keep_their_task_text(org: Org) -> None:
    got = items(
        org,
        "会议纪要\n\n一、讨论\n刘海涛：我周五前把退货区的货架重新排一下。\n\n"
        "二、行动项\n- 吴婷：明天补齐质检记录\n",
    )
    assert [i["task"] for i in got] == [
        "我周五前把退货区的货架重新排一下", "吴婷: 明天补齐质检记录"], got


def test_you_two_after_two_names_in_the_turn_before_gives_both_owners(org: Org) -> None:
    got = items(
        org,
        "赵峰：海涛、吴婷，退货区这个月又错了好几单。\n"
        "刘海涛：主要是货架标签太乱了。\n"
        "赵峰：那你们俩周五前把货架标签重新贴一遍。\n",
    )
    assert len(got) == 1, got
    assert sorted(got[0]["owners"]) == ["liuhaitao", "wuting"], got
    assert (got[0]["department"], got[0]["due"]) == ("wh", "2026-07-10")


def test_a_reply_that_accepts_after_a_few_words_confirms_the_ask(org: Org) -> None:
    """「周五之前应该没问题，我今天…」 accepts as 「好，…」 does: one item, the reply's date."""
    got = items(
        org,
        "赵峰：海涛，你看一下运力，那批货能不能保证。\n"
        "刘海涛：周五之前应该没问题，我今天跟物流公司确认一下。\n",
    )
    assert [(fields(i), i["source"]["line"]) for i in got] == [
        ((["liuhaitao"], "wh", "2026-07-08"), 1)], got
    # 「明天……可以」 accepts the ask's own date; the step it adds tonight does not move it
    got = items(
        org,
        "赵峰：海涛，你明天把退货的汇总发给吴婷。\n刘海涛：明天……可以，我今晚跟仓库再对一下。\n",
    )
    assert [fields(i) for i in got] == [(["liuhaitao"], "wh", "2026-07-09")], got


# ------------------------------------------------- reply dates (issue 17, sixth pass)


@pytest.mark.parametrize(
    ("reply", "want"),
    [
        # the proposed day, not the day given as the reason (away, a holiday)
        ("好的峰哥，那就周四弄完吧，周五我要去外地出差。", "2026-07-09"),
        ("好，这周……呃周五就放假了，那我们明天全部弄完。", "2026-07-09"),
        # a reply that opens with the asker's name and says the date does not work
        ("峰哥，这周我请假了，家里有点事……下周二行不行？", "2026-07-14"),
        ("这周内不行啊峰哥，明天还要搬冷柜。下周一吧。", "2026-07-13"),
    ],
)
def test_a_reply_moving_the_date_gives_the_proposed_day(org: Org, reply: str, want: str) -> None:
    got = items(org, f"赵峰：海涛，冷库的温控记录这周内整理好。\n刘海涛：{reply}\n")
    assert [(i["owners"], i["due"]) for i in got] == [(["liuhaitao"], want)], got


def test_a_first_step_today_does_not_move_the_asks_date(org: Org) -> None:
    got = items(
        org,
        "赵峰：吴婷，郑磊，排班表你们俩一起排一下，明天给我。\n"
        "吴婷：好的，我今天先跟郑磊对一下。\n",
    )
    assert [(sorted(i["owners"]), i["due"]) for i in got][:1] == [
        (["wuting", "zhenglei"], "2026-07-09")
    ], got


# ---------------------------------------------------------------- several asks in one turn


def test_asks_to_two_departments_in_one_turn_are_two_items(org: Org) -> None:
    got = items(org, "赵峰：好。质量部下周一前把抽检报告发出来，财务部月底前把对账做完。\n")
    assert [(i["owners"], i["department"], i["due"]) for i in got] == [
        ([], "qa", "2026-07-13"),
        ([], "fin", "2026-07-31"),
    ], got


def test_a_date_said_once_for_the_asks_before_it_is_each_asks_date(org: Org) -> None:
    got = items(
        org,
        "赵峰：然后两个事。海涛，冷库的温控记录你整理一下；芳姐，上半年的费用你汇总一下，"
        "两个都是下周三之前给我。\n",
    )
    assert [fields(i) for i in got] == [
        (["liuhaitao"], "wh", "2026-07-15"),
        (["lifang"], "fin", "2026-07-15"),
    ], got


def test_done_then_handed_over_is_work_to_do(org: Org) -> None:
    got = items(
        org,
        "赵峰：行，我说几个。海涛，叉车的年检你盯一下；吴婷，值班表排好了这周五前给我。\n",
    )
    assert [fields(i) for i in got] == [
        (["liuhaitao"], "wh", None),
        (["wuting"], "wh", "2026-07-10"),
    ], got


def test_asks_after_a_lead_in_colon_are_each_an_item(org: Org) -> None:
    got = items(
        org,
        "赵峰：我再说几个事：海涛，库存台账你更新一下，周五给我；阿杰，机房能不能扩，"
        "你们信息部下周五前给个意见。\n",
    )
    assert [fields(i) for i in got] == [
        (["liuhaitao"], "wh", "2026-07-10"),
        (["chenjie"], "it", "2026-07-17"),
    ], got


def test_also_on_the_same_day_is_the_second_asks_date(org: Org) -> None:
    got = items(
        org,
        "赵峰：海涛，冷库那块的盘点表你负责，下周三前拉出来；吴婷，常温库的你来，也是下周三。\n",
    )
    assert [fields(i) for i in got] == [
        (["liuhaitao"], "wh", "2026-07-15"),
        (["wuting"], "wh", "2026-07-15"),
    ], got


def test_our_department_and_every_department_with_dates_are_two_items(org: Org) -> None:
    got = items(
        org,
        "李芳：然后决算，我们财务部月底前把决算报表报集团，各部门的费用这个月十号之前要报销完。\n",
    )
    assert [(i["owners"], i["department"], i["due"]) for i in got] == [
        ([], "fin", "2026-07-31"),
        ([], None, "2026-07-10"),
    ], got


def test_a_replys_first_sentence_date_answers_before_a_task_of_its_own(org: Org) -> None:
    got = items(
        org,
        "赵峰：海涛，你跟物流公司谈一下运费，把报价拿回来。\n"
        "刘海涛：好，下周一之前吧。仓库的灭火器我这周内也顺便检查一遍。\n",
    )
    assert [(i["owners"], i["due"]) for i in got] == [
        (["liuhaitao"], "2026-07-13"),
        (["liuhaitao"], "2026-07-10"),
    ], got


# ---------------------------------------------------------------- closing recap


@pytest.mark.parametrize(
    "recap",
    [
        "赵峰：好 我总结一下 海涛周五前盘点表 芳姐下周一对账 大家周四前交自查表 就这些 散会\n",
        "赵峰：那我最后总结一下啊，海涛周五盘点表，芳姐下周一对账，大家辛苦。\n",
        "赵峰：好，就这样：海涛周五前出盘点表，芳姐下周一对账。散会。\n",
        "赵峰：就这样，海涛周五盘点表，芳姐下周一对账，散会\n",
        "赵峰：OK recap 一下 海涛 Friday 盘点表 芳姐 next Monday 对账 就这样\n",
        # other verbs of going over the list, after a closing sentence
        "赵峰：行，今天差不多就这些。我再捋一下：海涛周五盘点表；芳姐下周一对账。散会。\n",
        "赵峰：好，我最后过一遍：海涛周五盘点表，芳姐下周一对账。\n",
        "赵峰：那最后重复一下，海涛周五前盘点表，芳姐下周一对账，就这些\n",
        "赵峰：我们梳理一下今天的：海涛周五盘点表，芳姐下周一对账。\n",
        "赵峰：OK, quick recap: Haitao the stock count by Friday, Fang the reconciliation "
        "next Monday.\n",
        # the end of the last exchange first, then the recap
        "赵峰：周一。 好，那最后总结一下：海涛周五盘点表，芳姐下周一对账\n",
        "赵峰：对，周一。好，那我最后总结一下：海涛周五盘点表，芳姐下周一对账\n",
        # 最后 and 再 together
        "赵峰：好，最后再说一遍：海涛周五盘点表，芳姐下周一对账。\n",
        # 我 before an English verb
        "赵峰：我 recap 一下：海涛周五盘点表，芳姐下周一对账\n",
        # 就这些 and then the list, no verb of going over it
        "赵峰：那基本就这些，海涛周五盘点表，芳姐下周一对账，大家周四自查表\n",
        # going over the list with a colon and no 我 (issue 17, a restaurant chain's chairs)
        "赵峰：快速过一下：海涛周五盘点表，芳姐下周一对账。\n",
        "赵峰：好，我们简单捋一下：海涛周五盘点表，芳姐下周一对账。\n",
        # 我就总结一下; 最后 before 我 recap
        "赵峰：好，那我就总结一下，海涛周五盘点表，芳姐下周一对账。\n",
        "赵峰：最后我recap一下：海涛周五盘点表，芳姐下周一对账\n",
        # a longer last exchange first, then 收一下 (wrapping up) and a colon
        "赵峰：团购这次先不做了，人手不够，下个月再说。 那收一下：海涛周五盘点表、芳姐下周一对账\n",
    ],
)
def test_a_closing_recap_restates_the_asks_and_adds_none(org: Org, recap: str) -> None:
    got = items(
        org,
        "赵峰：海涛，冷库的盘点表周五前拉出来。\n"
        "刘海涛：好的。\n"
        "赵峰：芳姐，上个月的对账下周一前弄完。\n"
        "李芳：行。\n" + recap,
    )
    assert [(i["owners"], i["due"], i["source"]["line"]) for i in got] == [
        (["liuhaitao"], "2026-07-10", 1),
        (["lifang"], "2026-07-13", 3),
    ], got


@pytest.mark.parametrize(
    "text",
    [
        "好，最后再说一遍：海涛今天清通道，芳姐明天报排放，大家节后两天交表。",
        "对，九号。好，那我最后总结一下：海涛周五盘点表，芳姐下周一对账。",
        "那基本就这些，海涛今天晚上澄清，芳姐下周二图纸，晓晓周五数据。",
        # 总结 without 一下, a colon opening the list
        "好，我总结：海涛今天清通道，芳姐明天报排放，晓晓周五数据。散会吧。",
        # a recap after a longer last exchange, 总结一下 with a particle before the colon
        "冷库那个温控先不换了，下个季度再看。好，我总结一下啊：海涛周五盘点表；芳姐下周一对账。",
        # 就这样 closing, the list after a full stop, 散会 at the end (marked or restored)
        "好，今天就这样。海涛周五盘点表、周一清通道；芳姐下周一对账。散会。",
        "好，那今天就这样。海涛，周五盘点表芳姐。下周一对账，散会。",
    ],
)
def test_the_chairs_closing_words_are_read_as_a_recap(text: str) -> None:
    # Through the whole pipeline a recap that only repeats asks may hide behind the
    # de-duplication of items; the reading itself is what these forms needed.
    assert closing_recap(text)


@pytest.mark.parametrize("text", ["就这些，海涛你明天把报告发我。",
                                  "最后再说一句，海涛明天把报告发我。",
                                  # 收一下 without a colon is receiving something
                                  "这批货你收一下，海涛明天把报告发我。",
                                  # a summary promised, not a recap said
                                  "评审意见我总结好，周五前发给大家。",
                                  # one more ask after 就这样, no list closed by 散会
                                  "好，今天就这样。海涛你明天把报告发我。"])
def test_one_more_ask_after_the_closing_words_is_no_recap(text: str) -> None:
    assert not closing_recap(text)


@pytest.mark.parametrize("text", ["赵峰：评审意见我总结一下，周五前发给大家。\n",
                                  "赵峰：评审意见我梳理一下，周五前发给大家。\n",
                                  "赵峰：这份清单我过一遍，周五前发给大家。\n",
                                  "赵峰：我过一遍，周五前改好，发给大家。\n"])
def test_a_summary_promised_is_still_a_commitment(org: Org, text: str) -> None:
    got = items(org, text)
    assert [(i["owners"], i["due"]) for i in got] == [(["zhaofeng"], "2026-07-10")], got


# ---------------------------------------------------------------- long unpunctuated asks


def test_an_indirect_question_inside_an_ask_is_no_question(org: Org) -> None:
    got = items(
        org,
        "赵峰：海涛你查一下冷库那批货的温度记录 有没有异常 明天给我\n"
        "赵峰：芳姐，上个月的对账单你过一遍，看要不要调整。\n",
    )
    assert [(i["owners"], i["due"]) for i in got] == [
        (["liuhaitao"], "2026-07-09"),
        (["lifang"], None),
    ], got
    # a real question is still none
    assert items(org, "赵峰：海涛，冷库的温度记录有没有异常？\n") == []


@pytest.mark.parametrize("lead", ["好 我先说几个事情 ", "呃 我说两句哈 "])
def test_a_spoken_lead_in_before_several_asks_is_its_own_sentence(org: Org, lead: str) -> None:
    got = items(
        org,
        f"赵峰：{lead}海涛你周五前把盘点表拉出来 然后芳姐 你下周一之前把对账弄完\n",
    )
    assert [(i["owners"], i["due"]) for i in got] == [
        (["liuhaitao"], "2026-07-10"),
        (["lifang"], "2026-07-13"),
    ], got


def test_zhuyaoshi_is_no_hypothetical(org: Org) -> None:
    got = items(org, "赵峰：退货主要是华东那两家 海涛你周五前把退货单整理出来\n")
    assert [(i["owners"], i["due"]) for i in got] == [(["liuhaitao"], "2026-07-10")], got


@pytest.mark.parametrize(
    ("reply", "due"),
    [
        ("两个工作日有点紧啊峰哥，配件要从厂家调，五个工作日吧", "2026-07-15"),
        ("峰哥 华东那家两个工作日有点难 他们财务说要等月底 我争取下周五之前吧", "2026-07-17"),
    ],
)
def test_a_reply_saying_the_time_is_tight_moves_the_date(org: Org, reply: str, due: str) -> None:
    got = items(org, f"赵峰：海涛，华东那笔款你两个工作日内催回来。\n刘海涛：{reply}\n")
    assert [(i["owners"], i["due"], i["source"]["line"]) for i in got] == [
        (["liuhaitao"], due, 1)
    ], got


def test_a_call_out_then_a_topic_then_you(org: Org) -> None:
    got = items(
        org,
        "赵峰：海涛你那边 华东那笔款 你三个工作日内催回来 然后芳姐 集团的审计下周开始 "
        "你下周一之前把底稿准备好 还有吴婷 你把退货单对一下 周五给我\n",
    )
    assert [(i["owners"], i["due"]) for i in got] == [
        (["liuhaitao"], "2026-07-13"),
        (["lifang"], "2026-07-13"),
        (["wuting"], "2026-07-10"),
    ], got


# ---------------------------------------------------------------- what others said or want


@pytest.mark.parametrize(
    "said",
    [
        "赵峰：还有一个事。客户问我们能不能在周五之前给一个正式报价。\n",
        "赵峰：华东那个单子，客户还在审，他们说月底前给我们签。\n",
        "赵峰：客户要求我们支持验厂，资料他们希望月底前拿到初稿。\n",
        "赵峰：月底公司有消防培训，行政会发通知，这个大家知道一下就行。\n",
        "赵峰：下个月的例会是十三号，到时候再发通知。\n",
        "赵峰：吴婷今天没来。\n",
    ],
)
def test_what_a_client_said_or_wants_is_no_item_of_ours(org: Org, said: str) -> None:
    assert items(org, said) == []


def test_telling_the_client_is_still_a_task(org: Org) -> None:
    got = items(org, "赵峰：海涛，你跟客户说一下，货周五前到。\n"
                     "赵峰：吴婷今天没来，我下午跟她说一下。\n")
    assert [(i["owners"], i["source"]["line"]) for i in got] == [
        (["liuhaitao"], 1), (["zhaofeng"], 2)
    ], got


def test_talk_about_the_meeting_opening_a_long_turn_drops_only_its_clause(org: Org) -> None:
    got = items(
        org,
        "刘海涛：我来说一下发货 国庆期间物流公司只有一半的车 节前要发的货 "
        "销售部明天下班前把发货需求报给我\n",
    )
    assert [(i["owners"], i["department"], i["due"]) for i in got] == [
        ([], "sales", "2026-07-09")
    ], got
    assert items(org, "刘海涛：我来说一下发货的情况，国庆期间物流公司只有一半的车。\n") == []


def test_an_unpunctuated_pushback_asking_for_another_day_moves_the_date(org: Org) -> None:
    got = items(
        org,
        "赵峰：海涛，盘点报告你下周三前给我。\n"
        "刘海涛：下周三 嗯 有点紧 因为样品还没寄回来 能不能下周五\n"
        "赵峰：行 下周五\n",
    )
    assert [(i["owners"], i["due"]) for i in got] == [(["liuhaitao"], "2026-07-17")], got


def test_a_date_called_too_early_is_a_pushback_not_an_ask_of_the_asker(org: Org) -> None:
    """「孙总，十号有点早吧」 answers the asker's date; it asks nothing of 孙总."""
    alone = items(org, "赵峰：孙总，十号有点早吧，月底还有两场促销。\n")
    assert alone == [], alone
    got = items(
        org,
        "孙敏：我们质检月底前把抽检报告交总部，各门店的样品这个月十号之前要全部寄回来。\n"
        "赵峰：孙总，十号有点早吧，月底还有两场促销。\n",
    )
    assert all(i["owners"] == [] for i in got), got


def test_what_comes_after_the_deadline_put_off_does_not_cancel_the_ask(org: Org) -> None:
    """「…十号之前要全部交齐，过了十号的下个月再说」: only the late ones wait; the ask stands."""
    got = items(org, "赵峰：各门店的盘点表这个月十号之前要全部交齐，过了十号的下个月再说。\n")
    assert [i["due"] for i in got] == ["2026-07-10"], got
    assert items(org, "赵峰：门店的灯箱，原来说换，看预算就不要换了，先放一放。\n") == []


def test_two_asks_then_one_date_for_both_said_with_shi(org: Org) -> None:
    """「…，两个都是下周一」 gives both asks the date, as 「两个都是下周一之前」 did."""
    got = items(org, "赵峰：陈杰你把门店网络巡检一下，海涛你把消防台账补一下，两个都是下周一。\n")
    assert [(i["owners"], i["due"]) for i in got] == [
        (["chenjie"], "2026-07-13"), (["liuhaitao"], "2026-07-13")
    ], got
    # a date stated as a fact stays no due date: 「这两批都是周五到的货」 goes on after the date
    fact = items(org, "赵峰：这两批都是周五到的货，海涛你清点一下。\n")
    assert all(i["due"] is None for i in fact), fact


def test_a_pushback_proposing_a_bare_date(org: Org) -> None:
    got = items(
        org,
        "赵峰：海涛，审计追踪的记录你整理一下，下周三前。\n"
        "刘海涛：嗯……下周三有点紧，七月十七号行不行？\n"
        "赵峰：行，十七号。\n",
    )
    assert [(i["owners"], i["due"]) for i in got] == [(["liuhaitao"], "2026-07-17")], got


@pytest.mark.parametrize(
    "said",
    ["刘海涛：我跟吴婷一起下周五之前出一个方案\n",
     "刘海涛：我跟 Wu Ting 一起 next Friday 之前出一个 proposal 报给老板\n"],
)
def test_the_speaker_and_a_partner_together(org: Org, said: str) -> None:
    got = items(org, said)
    assert [(sorted(i["owners"]), i["due"]) for i in got] == [
        (["liuhaitao", "wuting"], "2026-07-17")
    ], got
    # talking to someone is not doing it together
    got = items(org, "刘海涛：我跟吴婷说一下，下周五之前出方案。\n")
    assert [i["owners"] for i in got] == [["liuhaitao"]], got


def test_the_one_told_x_you_is_asked_not_the_name_said_first(org: Org) -> None:
    got = items(
        org, "赵峰：芳姐 那个新员工的培训 七月来之前要准备教材 吴婷你下周五之前把教材更新一下\n"
    )
    assert [(i["owners"], i["due"]) for i in got] == [(["wuting"], "2026-07-17")], got


def test_english_asks_in_a_chinese_company_call(org: Org) -> None:
    """A pinyin given name called on ("Haitao, please…") and "I'll talk to …" (work after
    the call, not talk in it)."""
    got = items(
        org,
        "Zhao Feng: OK, next sync same time next Wednesday. Haitao, please send out the notes "
        "today.\n"
        "Zhao Feng: I'll talk to the vendor's security team myself and get a date for the test.\n",
    )
    assert [(i["owners"], i["source"]["line"]) for i in got] == [
        (["liuhaitao"], 1), (["zhaofeng"], 2)
    ], got


def test_an_english_ask_to_someone_of_another_company(org: Org) -> None:
    got = items(
        org,
        "Zhao Feng: On the infra side, we need their IP ranges. Alex, could you send us the list?\n"
        "Zhao Feng: And Rahul, please send us the updated runbook by next Monday.\n"
        "Zhao Feng: Sorry, could you say that again?\n",
    )
    assert [(i["owners"], i["owner_names"], i["due"]) for i in got] == [
        ([], ["Alex"], None),
        ([], ["Rahul"], "2026-07-13"),
    ], got


def test_x_with_y_together_is_both(org: Org) -> None:
    got = items(org, "赵峰：应急预案还是要的。海涛跟吴婷一起把预案过一遍，下周五之前。\n")
    assert [(sorted(i["owners"]), i["due"]) for i in got] == [
        (["liuhaitao", "wuting"], "2026-07-17")
    ], got


# ------------------------------------------------- owners and dates (issue 17, eighth pass)


def test_a_date_taken_back_mid_sentence_gives_way_to_the_one_said_after(org: Org) -> None:
    """「周五……不对」: the speaker withdraws the date just said; the last one stands."""
    got = items(
        org,
        "赵峰：海涛，盘点的差异你周五……哦不对周五端午。那就明天下班前，先口头跟我说一下。\n"
        "赵峰：各部门月底前……不对，十五号前把预算报给我。\n",
    )
    assert [(i["source"]["line"], i["due"]) for i in got] == [
        (1, "2026-07-09"), (2, "2026-07-15")
    ], got


def test_a_reply_that_cannot_make_the_date_moves_it(org: Org) -> None:
    """「今天出不来…后天吧」, 「今晚够呛…明天中午前吧」, 「周五我有个审计，能不能下周一？」 (and
    the asker's 「可以，那就下周一」): the date the replier can make is the due date."""
    got = items(
        org,
        "赵峰：晓晓，巡检报告今天能出吗？\n"
        "王晓：今天出不来，要等供应商的数据，后天吧，后天肯定给。\n"
        "赵峰：阿杰，今晚能把报表导出来吗？\n"
        "陈杰：今晚够呛，系统还在跑，明天中午前吧。\n"
        "赵峰：行，明天中午。\n"
        "赵峰：芳姐，对账单你周五前给我。\n"
        "李芳：周五我有个审计，能不能下周一？\n"
        "赵峰：可以，那就下周一。\n",
    )
    assert [(i["owners"], i["due"]) for i in got] == [
        (["wangxiao"], "2026-07-10"), (["chenjie"], "2026-07-09"), (["lifang"], "2026-07-13")
    ], got


def test_two_people_who_do_it_together_both_own_it(org: Org) -> None:
    """「仓库那边郑磊跟吴婷两个人一起…」, 「孙敏你们质量跟海涛一起出」, 「我跟吴婷月底前对完」;
    but 「我跟周总说一下」 is the speaker's alone."""
    got = items(
        org,
        "赵峰：最后，月底的盘点，仓库那边郑磊跟吴婷两个人一起，周五之前盘完。\n"
        "赵峰：巡检的方案孙敏你们质量跟郑磊一起出，月底前。\n"
        "李芳：财务这边，供应商的对账我跟吴婷月底前对完。\n"
        "陈杰：网络的事我跟周总说一下。\n",
    )
    assert [sorted(i["owners"]) for i in got] == [
        ["wuting", "zhenglei"], ["sunmin", "zhenglei"], ["lifang", "wuting"], ["chenjie"]
    ], got


def test_work_handed_on_is_owned_by_the_one_it_is_handed_to(org: Org) -> None:
    """「我交给吴婷来排」, 「王晓他今天出差了，我回头让他把…」, and a reply that hands the ask
    on (「行，我让吴婷盯」: one item, owned by 吴婷, on the reply's line since left16 — the
    line that says who does it, where the read sets' writers put a handed-on ask)."""
    got = items(
        org,
        "李芳：发票这边，我交给吴婷来排，周五前排出来。\n"
        "赵峰：这个要按合同处理。王晓他今天出差了，我回头让他把接口文档整理出来。\n"
        "赵峰：芳姐，切换那天的对账你们财务安排个人盯一下。\n"
        "李芳：行，我让吴婷盯。\n",
    )
    assert [(i["source"]["line"], i["owners"]) for i in got] == [
        (1, ["wuting"]), (2, ["wangxiao"]), (4, ["wuting"])
    ], got


def test_a_reply_that_accepts_first_and_then_hands_the_ask_on(org: Org) -> None:
    """issue 17 (a restaurant chain): 「青梅应该问题不大，我让小褚去问」 — one item, the ask's,
    owned by the one it is handed to, not a second item (on the reply's line since left16)."""
    got = items(
        org,
        "赵峰：行。海涛，顺便把青梅的供应也确认一下。\n"
        "刘海涛：青梅……青梅应该问题不大，我让吴婷去问。\n",
    )
    assert [(i["source"]["line"], i["owners"]) for i in got] == [(2, ["wuting"])], got


def test_we_after_a_cut_in_is_the_department(org: Org) -> None:
    """「另外我插一下，…我们质量这边周五前出方案」: the 我 of the cut-in is not the owner."""
    got = items(org, "孙敏：另外我插一下，抽检的方案，我们质量这边周五前出方案。\n")
    assert [fields(i) for i in got] == [([], "qa", "2026-07-10")], got


def test_a_shared_name_said_with_a_department_is_the_one_in_it(shared_org: Org) -> None:
    """「让财务部的王静…」 and the speaker label 「王静(财务部)」: the 王静 of 财务部, whoever
    speaks."""
    got = items(shared_org, "周强 00:00:10\n已经付了的，让财务部的王静明天把回单发我一份。\n")
    got += items(shared_org, "周强 00:00:10\n好，下一个。\n\n"
                             "王静(财务部) 00:00:20\n报销单的事，我周五前把清单整理出来。\n")
    assert [it["owners"] for it in got] == [["wangjing2"], ["wangjing2"]], got


def test_a_name_said_to_someone_who_is_not_asked_is_not_the_owner(org: Org) -> None:
    """「阿杰你不用找供应商了，我直接跟周总说」: the one told not to is not the owner; nor is the
    one a turn opens on after a filler (「那个峰哥，…剩下的我月底前弄完」)."""
    got = items(
        org,
        "陈杰：峰哥，机房的事我看了一下。\n"
        "赵峰：那个网络的事算了，阿杰你不用找供应商了，我直接跟周总说。\n",
    )
    got += items(
        org,
        "赵峰：好，下一个，合同。\n"
        "陈杰：那个峰哥，年底的合同归档我这边整理了一半了，剩下的我月底前弄完。\n",
    )
    # (the first turn passes work on and is no task; the second is one item, the speaker's:
    # 「年底的合同归档」 names the work, so it is no ask of 峰哥's by year end — until the owndue
    # pass it was, and that extra item stood in this list as (2, ["zhaofeng"]))
    assert [(i["source"]["line"], i["owners"]) for i in got] == [(2, ["chenjie"])], got


TITLED_ORG = """
name: 称呼测试公司
timezone: Asia/Shanghai
calendar: cn
departments:
  - {id: sales, name: 销售部, head: wangqiang}
  - {id: office, name: 办公室, head: zhouli}
staff:
  - {id: wangqiang, name: 王强, department: sales, title: 销售总监}
  - {id: wangfang, name: 王芳, department: office, title: 文员}
  - {id: zhouli, name: 周丽, department: office, title: 办公室主任}
  - {id: xunuo, name: 许诺, department: sales, title: 销售}
"""


def test_wang_zong_is_the_wang_whose_title_has_zong(tmp_path: Path) -> None:
    """王总 could be any 王 by form; said by anyone it is the 王 who is a 总 (总监, 总经理)."""
    path = tmp_path / "org.yaml"
    path.write_text(TITLED_ORG, encoding="utf-8")
    got = items(load_org(path), "周丽(00:00:10)：王总，明年的销售预算下周一前报给我。\n")
    assert [it["owners"] for it in got] == [["wangqiang"]], got


def test_a_name_that_is_also_a_word_said_as_a_partner(tmp_path: Path) -> None:
    """许诺 is also a word (a promise); 「你和许诺一起」 names a person."""
    path = tmp_path / "org.yaml"
    path.write_text(TITLED_ORG, encoding="utf-8")
    got = items(load_org(path), "周丽(00:00:10)：王芳你和许诺一起弄一下，文案周四前定下来。\n")
    assert [sorted(it["owners"]) for it in got] == [["wangfang", "xunuo"]], got


def test_a_pushback_that_says_what_is_still_missing_moves_the_date(org: Org) -> None:
    """「…那边还有一批图没给我」: 还有 inside a clause is 'there is still', not a new topic."""
    got = items(
        org,
        "赵峰：阿杰，今晚能把安装包打出来吗？\n"
        "陈杰：今晚够呛，就是说，设计那边还有一批图没给我，嗯，明天中午前吧。\n",
    )
    assert [(i["owners"], i["due"]) for i in got] == [(["chenjie"], "2026-07-09")], got


def test_a_pushback_said_later_in_the_meeting_moves_the_asks_date(org: Org) -> None:
    """The person asked comes back to it a few turns on (「盘点数据今天不行…下周二吧」; "Sorry,
    back to the build - tomorrow is tight. I can do Monday."): the ask's date moves."""
    got = items(
        org,
        "赵峰：海涛，上个月的盘点数据拉一下，今天能给吗？\n"
        "李芳：发票这边，吴婷你明天把清单给我。\n"
        "吴婷：好的芳姐。\n"
        "孙敏：质量这边，抽检的报告我们两个工作日内出。\n"
        "刘海涛：峰哥，盘点数据今天不行，系统在升级，下周二吧。\n",
    )
    got += items(
        org,
        "Zhao Feng: Chen Jie, could you share a test build with the vendor by tomorrow?\n"
        "Li Fang: I'll send the updated price list to Sun Min by Friday.\n"
        "Sun Min: Perfect, thanks.\n"
        "Wu Ting: The warehouse is ready for the audit.\n"
        "Chen Jie: Sorry, back to the build - tomorrow is tight because of the SDK. "
        "I can do Monday.\n",
    )
    assert [(i["owners"], i["due"]) for i in got if i["owners"] in (["liuhaitao"], ["chenjie"])
            ] == [(["liuhaitao"], "2026-07-14"), (["chenjie"], "2026-07-13")], got


# ---------------------------------------------------------------- a department, then its person


@pytest.mark.parametrize(
    ("text", "owner"),
    [
        ("赵峰：财务那边李芳月底前把九月的运费对账对完\n", ["lifang"]),
        ("赵峰：仓库这边吴婷周五前把盘点表拉出来。\n", ["wuting"]),
        ("财务那边李芳月底前把九月的运费对账对完\n", ["lifang"]),  # an ASR dump: no speaker
    ],
)
def test_a_person_named_after_their_department_and_nabian_is_the_subject(
        org: Org, text: str, owner: list[str]) -> None:
    got = items(org, "会议记录\n" + text)
    assert [i["owners"] for i in got] == [owner], got


# ------------------------------------ dates moved later in the meeting (issue 17, tenth pass)


def test_the_asker_moving_an_asks_date_later_in_the_meeting_updates_it(org: Org) -> None:
    """「哦对了晓晓，接口文档提前一天，周四」 / 「刚才那个盘点表，往后放两天，下周三吧」: the
    earlier ask takes the new date; the move is no item of its own, and the date given as the
    reason (周五我要出差) is not it."""
    got = items(
        org,
        "赵峰：晓晓，周五把接口文档给我。\n"
        "王晓：好的。\n"
        "赵峰：海涛，仓库的盘点表下周一前交一下。\n"
        "刘海涛：行。\n"
        "孙敏：质量这边没有别的事。\n"
        "赵峰：哦对了晓晓，接口文档提前一天，周四，周五我要出差。\n"
        "王晓：明白，周四。\n"
        "赵峰：海涛，刚才那个盘点表，往后放两天，下周三吧。\n",
    )
    assert sorted((i["owners"], i["due"], i["source"]["line"]) for i in got) == [
        (["liuhaitao"], "2026-07-15", 3), (["wangxiao"], "2026-07-09", 1)
    ], got


def test_a_date_moved_without_naming_the_person_moves_the_item_about_it(org: Org) -> None:
    """「那个接口文档改到下周一吧」: the thing named says which ask moves."""
    got = items(
        org,
        "赵峰：晓晓，周五把接口文档给我。\n"
        "王晓：好的。\n"
        "赵峰：海涛，仓库的盘点表下周一前交一下。\n"
        "刘海涛：行。\n"
        "赵峰：那个接口文档改到下周一吧。\n",
    )
    assert sorted((i["owners"], i["due"]) for i in got) == [
        (["liuhaitao"], "2026-07-13"), (["wangxiao"], "2026-07-13")
    ], got


def test_the_owner_correcting_their_date_later_moves_it(org: Org) -> None:
    """The one who took it on corrects the date a few turns on (「哦不对，十号那天我在外地，改成
    十三号吧」, "One correction - for the API document I'll need till Monday")."""
    got = items(
        org,
        "刘海涛：盘点表我们仓库这边十号前交上来。\n"
        "孙敏：质量这边没有别的事。\n"
        "刘海涛：哦不对，十号那天我在外地，改成十三号吧。\n",
    )
    got += items(
        org, "王晓：接口文档我明天中午之前发群里，\n王晓：哦不，今天晚上吧，明天一早要用。\n"
    )
    got += items(
        org,
        "Zhao Feng: Wang Xiao, please send me the API document by Friday.\n"
        "Wang Xiao: Sure.\n"
        "Sun Min: Nothing else from quality.\n"
        "Wang Xiao: One correction - for the API document I'll need till Monday.\n",
    )
    assert [(i["owners"], i["department"], i["due"]) for i in got] == [
        ([], "wh", "2026-07-13"), (["wangxiao"], "it", "2026-07-08"),
        (["wangxiao"], "it", "2026-07-13"),
    ], got


def test_a_date_change_of_something_else_moves_no_ask(org: Org) -> None:
    """「下周的例会改到周四」 moves the meeting, not the ask before it; nor does someone else's
    「我的报价单改到下周一」."""
    got = items(
        org,
        "赵峰：晓晓，周五把接口文档给我。\n"
        "王晓：好的。\n"
        "赵峰：下周的例会改到周四。\n"
        "李芳：我这边报价单改到下周一前给你。\n",
    )
    assert [(i["owners"], i["due"]) for i in got if "lifang" not in i["owners"]] == [
        (["wangxiao"], "2026-07-10")
    ], got


def test_a_date_taken_back_in_english_gives_way_to_the_one_made_instead(org: Org) -> None:
    """"by Friday - actually, make that Monday, the committee only meets on Friday": the date
    after "make that" stands, not the reason's."""
    got = items(
        org,
        "Zhao Feng: Wang Xiao, can you send me the API document?\n"
        "Wang Xiao: Yes. I'll send the API document by Friday - actually, make that Monday, "
        "the vendor only meets on Friday.\n",
    )
    got += items(
        None,
        "Mike: I'll send the revised price sheet by Friday - actually, make that Monday, "
        "our committee only meets on Friday.\n",
    )
    assert [i["due"] for i in got] == ["2026-07-13", "2026-07-13"], got
    assert "send the API document" in got[0]["task"], got  # an English reply keeps its spaces


# ------------------------------------- names the org file never shows (issue 17, tenth pass)

NICK_ORG = """
name: 称呼测试二
timezone: Asia/Shanghai
calendar: cn
departments:
  - {id: ops, name: 运营部, head: lujianping}
  - {id: sales, name: 销售部, aliases: [销售], head: pengfei}
  - {id: prod, name: 生产部, aliases: [生产], head: huangguodong}
  - {id: scm, name: 供应链部, aliases: [供应链], head: huangwei}
staff:
  - {id: lujianping, name: 陆建平, department: ops, title: 运营总监}
  - {id: pengfei, name: 彭飞, department: sales, title: 销售经理}
  - {id: fuxiaowan, name: 付晓婉, department: sales, title: 美术}
  - {id: linsiyu, name: 林思雨, department: ops, title: 产品经理}
  - {id: duyonggang, name: 杜永刚, department: scm, title: 物流主管}
  - {id: huangguodong, name: 黄国栋, department: prod, title: 生产总监}
  - {id: huangwei, name: 黄伟, department: scm, title: 仓储主管}
  - {id: lifang, name: 李芳, department: ops, title: 运营经理}
  - {id: lijiahui, name: 李嘉慧, department: ops, title: 专员, skills: [排课]}
  - {id: lining, name: 李宁, department: sales, title: 专员, skills: [合规审核, 宣传物料]}
  - {id: yaochen, name: 姚晨, department: scm, title: 材料员}
  - {id: luoming, name: 罗明, department: ops, title: 专员}
"""


@pytest.fixture(scope="module")
def nick_org(tmp_path_factory: pytest.TempPathFactory) -> Org:
    path = tmp_path_factory.mktemp("nick") / "org.yaml"
    path.write_text(NICK_ORG, encoding="utf-8")
    return load_org(path)


@pytest.mark.parametrize(
    "said, who",
    [
        ("黄国栋：路总，一月的资金计划月底前给一下。", "lujianping"),  # 陆总 (not 罗总) as 路总
        ("黄国栋：那个堆头的需求，鹏哥你下周一前报一下。", "pengfei"),  # 彭哥 as 鹏哥
        ("黄国栋：那鹏哥你那边，条码资料十二月十号前报上去。", "pengfei"),
        ("黄国栋：婉儿，礼包那几个图标再改一版，今天下班前给我。", "fuxiaowan"),
        ("黄国栋：诗雨，任务分解表你这周五之前出一版。", "linsiyu"),  # 思雨 as 诗雨
    ],
)
def test_a_nickname_heard_by_speech_recognition_is_the_one_person_it_fits(
    nick_org: Org, said: str, who: str
) -> None:
    """Surname + 总/哥 and given names as ASR writes them (路 for 陆, 鹏 for 彭, 诗 for 思), and
    末字+儿 of a two-character given name: the one person of the org they can be."""
    got = items(nick_org, said + "\n")
    assert [it["owners"] for it in got] == [[who]], got


def test_a_shared_nickname_is_never_the_speaker(nick_org: Org) -> None:
    """小李 said by 李芳 is not 李芳 herself: of the other 李, the one on her team."""
    got = items(nick_org, "李芳：小李，开班的名单七天之内整理好给我。\n")
    assert [it["owners"] for it in got] == [["lijiahui"]], got


def test_a_shared_nickname_is_the_one_whose_skill_the_ask_names(nick_org: Org) -> None:
    """「小李，宣传物料的合规审核你来跟一下」 said by someone with no 李 on their team: the 李
    whose skills are 合规审核."""
    got = items(nick_org, "黄伟：小李，宣传物料的合规审核你周五前跟一下。\n")
    assert [it["owners"] for it in got] == [["lining"]], got


def test_a_shared_nickname_followed_by_your_department(nick_org: Org) -> None:
    """「老黄，…你们生产出一个方案」: the 黄 of 生产, whoever speaks."""
    got = items(
        nick_org, "黄伟：老黄，腊月二十六之后的停产安排你们生产出一个方案，下周三之前给我。\n"
    )
    assert [it["owners"] for it in got] == [["huangguodong"]], got


def test_a_pinyin_given_name_asked_to_do_something(nick_org: Org) -> None:
    """"I'll ask Yonggang to book …": a pinyin given name is a person when asked to act."""
    got = items(
        nick_org,
        "Huang Wei: And shipping - the containers land at Tianjin. "
        "I'll ask Yonggang to book the bonded warehouse space by Friday.\n",
    )
    assert [it["owners"] for it in got] == [["duyonggang"]], got


def test_two_names_then_you_two_in_one_turn_are_both_owners(org: Org) -> None:
    """「晓晓和阿杰你们俩一起盯」, 「芳姐和阿杰你们两个一起做」: the two people named right before
    你们俩 own it, after a topic too."""
    got = items(
        org,
        "赵峰：上线当天的现场支持，晓晓和阿杰你们俩一起盯，周五那天都在仓库。\n"
        "赵峰：客户的差距分析，芳姐和阿杰你们两个一起做，下周五前给我。\n",
    )
    assert [sorted(i["owners"]) for i in got] == [
        ["chenjie", "wangxiao"], ["chenjie", "lifang"]
    ], got


@pytest.mark.parametrize(
    "said, who",
    [
        ("赵峰：那海涛你和吴婷一起弄一下，文案周四前都定下来。\n", ["liuhaitao", "wuting"]),
        ("李芳：对账还差一家，我跟海涛月底前对完。\n", ["lifang", "liuhaitao"]),
    ],
)
def test_a_given_name_after_na_or_before_yuedi_is_a_person(
    org: Org, said: str, who: list[str]
) -> None:
    """A bare given name (海涛) counts only where a person is meant: after 那 (「那海涛你…」) and
    before a date such as 月底 (「我跟海涛月底前对完」) too."""
    got = items(org, said)
    assert [sorted(i["owners"]) for i in got] == [who], got


def test_a_counter_offer_of_a_bare_day_of_the_month_moves_the_date(org: Org) -> None:
    """「周五……周五我有个上线，能不能十三号？」 → 「可以，那就十三号」: a day of the month said
    without 前 is the day offered."""
    got = items(
        org,
        "赵峰：晓晓，你先出一个变更方案，周五吧。\n"
        "王晓：周五……周五我有个上线，能不能十三号？\n"
        "赵峰：可以，那就十三号。\n",
    )
    assert [(i["owners"], i["due"]) for i in got] == [(["wangxiao"], "2026-07-13")], got


def test_an_english_imperative_after_a_name_is_an_ask(org: Org) -> None:
    """"Li Fang, send them our catalogue today." (no please), and a second such ask after
    "; and": each is the named person's."""
    got = items(
        org,
        "Zhao Feng: Li Fang, send them our product catalogue today.\n"
        "Zhao Feng: Chen Jie, please draft the distribution agreement; and Li Fang, "
        "send them the price list by Friday.\n"
        "Zhao Feng: Ting, send them the stock sheet by Friday; and Min, check the labels.\n",
    )
    assert [(i["source"]["line"], i["owners"], i["due"]) for i in got] == [
        (1, ["lifang"], "2026-07-08"), (2, ["chenjie"], None), (2, ["lifang"], "2026-07-10"),
        (3, ["wuting"], "2026-07-10"), (3, ["sunmin"], None),  # 吴婷, 孙敏 by given name
    ], got


def test_an_english_reply_that_adds_a_task_of_its_own_is_a_second_item(org: Org) -> None:
    """"OK, no problem. And I'll add them to our system this week.": the reply accepts, then
    takes on something else; the ask keeps its date."""
    got = items(
        org,
        "Zhao Feng: Li Fang, send them our product catalogue today.\n"
        "Li Fang: OK, no problem. And I'll add them to our distributor system this week.\n",
    )
    assert [(i["source"]["line"], i["owners"], i["due"]) for i in got] == [
        (1, ["lifang"], "2026-07-08"), (2, ["lifang"], "2026-07-10")
    ], got


@pytest.mark.parametrize(
    ("thing", "later"),
    [
        # 提前 (ahead of time) with a verb, not a span or a day: a new ask, not a move
        ("盘点表", "盘点的人员要提前跟仓库确认，下周一前给我名单"),
        # 放到 puts the samples somewhere; the date is a new ask's
        ("样品的清单", "样品放到冷库里，下周一前送检"),
    ],
)
def test_words_that_look_like_a_move_but_ask_anew_move_no_date(
    org: Org, thing: str, later: str
) -> None:
    got = items(
        org,
        f"赵峰：海涛，{thing}周五前交。\n"
        "刘海涛：好的。\n"
        f"赵峰：海涛，{later}。\n",
    )
    assert sorted((i["source"]["line"], i["due"]) for i in got) == [
        (1, "2026-07-10"), (3, "2026-07-13")
    ], got


def test_a_late_answer_pointing_back_to_an_ask_is_folded_into_it(org: Org) -> None:
    """「不好意思刚才断了一下，峰哥说竞品报告是吧，下周一给你」 turns after the ask: the ask
    takes its date, and the answer is no item of its own."""
    got = items(
        org,
        "赵峰：晓晓，你把竞品的复盘报告整理一下。\n"
        "李芳：发票这边我周五前给你。\n"
        "孙敏：质量这边没事。\n"
        "赵峰：海涛，仓库的盘点表下周二前交一下。\n"
        "刘海涛：行。\n"
        "孙敏：抽检的样品已经送了。\n"
        "王晓：不好意思刚才断了一下，峰哥说竞品报告是吧，下周一整理好。\n"
        "陈杰：哦，刚才说的机房巡检那个，弄好了。\n"
        "刘海涛：刚才说的盘点表，我跟吴婷下周二前交。\n",
    )
    assert [(i["source"]["line"], i["owners"], i["due"]) for i in got] == [
        (1, ["wangxiao"], "2026-07-13"), (2, ["lifang"], "2026-07-10"),
        (4, ["liuhaitao"], "2026-07-14"),
    ], got


# ------------------------------------------- a commitment taken on in a reply (spoken-property)


def test_a_commitment_answering_a_question_carries_the_thing_raised_before(org: Org) -> None:
    """「三号冷库的压缩机…我想周末前让厂家来做一次全面检修」 → 「周末前来得及吗？」 → 「来得及，
    我今天打电话，争取明天做」: the reply's task says what is to be done only with the turns
    before it (the question names no thing, so the turn before it is carried too)."""
    got = items(
        org,
        "刘海涛：三号冷库的压缩机这个月停了两次，我想周末前让厂家来做一次全面检修。\n"
        "赵峰：周末前来得及吗？\n"
        "刘海涛：来……来得及，我今天打电话，争取明天做。\n",
    )
    assert [(i["source"]["line"], i["owners"]) for i in got] == [(3, ["liuhaitao"])], got
    assert "压缩机" in got[0]["task"] and "检修" in got[0]["task"], got


def test_an_english_commitment_after_a_problem_raised_by_a_guest_carries_it(org: Org) -> None:
    """A guest not in the org file raises a problem; the reply "I'll check and reissue it
    by Friday." keeps what "it" is."""
    got = items(
        org,
        "Li Fang: OK, that's all from finance.\n"
        "Priya Nair: Last one. The June invoice for the Penang order is off by four hundred "
        "dollars.\n"
        "Li Fang: Ah. I'll check and reissue it by Friday.\n",
    )
    assert [(i["source"]["line"], i["owners"], i["due"]) for i in got] == [
        (3, ["lifang"], "2026-07-10")
    ], got
    assert "invoice" in got[0]["task"], got


def test_a_reply_naming_its_own_thing_keeps_its_own_words(org: Org) -> None:
    """「仓库就两个人…」 → 「人手的问题我这边没办法，得人事批。」 → 「那我回去写个加人的申请」:
    the turn before answers what the replier raised, so nothing is carried."""
    got = items(
        org,
        "刘海涛：峰哥，仓库夜班就两个人，月底盘点根本忙不过来。\n"
        "赵峰：人手的问题我这边没办法，得人事批。\n"
        "刘海涛：那我回去写个加人的申请，下周一前报上去。\n",
    )
    mine = [i["task"] for i in got if i["source"]["line"] == 3]
    assert mine == ["回去写个加人的申请，报上去"], got


def test_a_commitment_after_the_speakers_own_question_was_answered_carries_it(
    org: Org,
) -> None:
    """「展会样机托运，要不要先上保险？」 → 「要上，去年就是没保吃了亏。」 → 「那我来办，下周一
    之前我办好」: the speaker raised the thing as a question, another answered it, and the
    taking on says what only with both (a question is not 'what the replier raised' that
    the answer closes, as 「仓库就两个人…」 is)."""
    got = items(
        org,
        "赵峰：展会样机托运这个事，要不要先上保险？\n"
        "刘海涛：要上，去年就是没保吃了亏。\n"
        "赵峰：那我来办，呃，下周一之前我办好。\n",
    )
    assert [(i["source"]["line"], i["owners"], i["due"]) for i in got] == [
        (3, ["zhaofeng"], "2026-07-13")
    ], got
    assert "样机托运" in got[0]["task"] and "保险" in got[0]["task"], got


def test_a_reply_that_points_back_carries_the_thing_raised_turns_before(org: Org) -> None:
    """「冷库的温度记录仪坏了两个。」 → 「坏多久了？」 → 「上周就坏了。」 → 「这个我来，周五前
    换好」: the one who takes it on says only 这个; the thing was raised three turns before, and the
    turns between only ask and answer about it, so all of them are carried."""
    got = items(
        org,
        "赵峰：还有个事，冷库的温度记录仪坏了两个。\n"
        "孙敏：坏多久了？\n"
        "赵峰：上周就坏了。\n"
        "刘海涛：这个我来，周五前换好。\n",
    )
    assert [(i["source"]["line"], i["owners"], i["due"]) for i in got] == [
        (4, ["liuhaitao"], "2026-07-10")
    ], got
    assert "温度记录仪" in got[0]["task"], got


def test_a_delegation_that_points_back_carries_the_speakers_own_raise(org: Org) -> None:
    """「上个月的报销单有几张财务说没收到。」 → 「对，我也听说了。」 → 「这个我让晓晓补一下，
    明天给到财务」: the turn before only confirms, so the thing is the speaker's own raise."""
    got = items(
        org,
        "赵峰：我这边还有一个事，上个月的报销单有几张财务说没收到。\n"
        "李芳：对，我也听说了。\n"
        "赵峰：这个我让晓晓补一下，明天给到财务。\n",
    )
    assert [(i["source"]["line"], i["owners"]) for i in got] == [(3, ["wangxiao"])], got
    assert "报销单" in got[0]["task"], got


def test_an_ask_said_to_be_the_same_as_the_one_before_carries_its_thing(org: Org) -> None:
    """「华南仓也一样，吴婷你也是周五前交」, 「吴婷，华南仓的你来，也是周五前」: the ask names only
    what differs (the place, the person); what is to be done is the ask said before it, in
    the same turn or a turn before."""
    got = items(
        org,
        "赵峰：海涛，华东仓的盘点表周五前交给芳姐。\n"
        "刘海涛：好。\n"
        "赵峰：华南仓也一样，吴婷你也是周五前交。\n",
    )
    assert [(i["source"]["line"], i["owners"], i["due"]) for i in got] == [
        (1, ["liuhaitao"], "2026-07-10"),
        (3, ["wuting"], "2026-07-10"),
    ], got
    assert "盘点表" in got[1]["task"] and "华南仓" in got[1]["task"], got
    got = items(
        org,
        "赵峰：海涛你负责华东仓的盘点表，周五前交给芳姐；吴婷，华南仓的你来，也是周五前。\n",
    )
    assert [i["owners"] for i in got] == [["liuhaitao"], ["wuting"]], got
    assert "盘点表" in got[1]["task"] and "华南仓" in got[1]["task"], got
    assert "华南仓" not in got[0]["task"], got


def test_a_new_topic_raised_after_the_speakers_own_turn_is_carried(org: Org) -> None:
    """「盘点的事我下周一前跟各仓对一下。」 → 「还有样品间，员工老说找不到样品…」 → 「样品间是
    仓储的，我会后跟海涛提一下」: the turn between opens a topic of its own (还有…), so it is
    what the reply takes on, not an answer to the speaker's turn before it."""
    got = items(
        org,
        "赵峰：盘点的事我下周一前跟各仓对一下。\n"
        "孙敏：还有样品间，员工老说找不到样品，这个不归我们管吧——\n"
        "赵峰：样品间是仓储的，我会后跟海涛提一下。\n",
    )
    mine = [i for i in got if i["source"]["line"] == 3]
    assert [i["owners"] for i in mine] == [["zhaofeng"]], got
    assert "找不到样品" in mine[0]["task"], got


def test_an_ask_to_pass_work_on_belongs_to_the_one_it_is_passed_to(org: Org) -> None:
    """「晓晓你跟吴婷说周五前把标签贴完」: 晓晓 only carries the message; 「他/她」 is the one
    named before (「吴婷今天请假…海涛你跟她说一声，…」)."""
    got = items(
        org,
        "赵峰：晓晓，你跟吴婷说周五前把退货区的标签贴完。\n"
        "王晓：好的。\n"
        "赵峰：孙敏今天请假没来，海涛你跟她说一声，下周一前把抽检方案发出来。\n",
    )
    assert [(i["source"]["line"], i["owners"], i["due"]) for i in got] == [
        (1, ["wuting"], "2026-07-10"), (3, ["sunmin"], "2026-07-13")
    ], got


def test_who_is_named_after_a_task_without_a_doer_does_it(org: Org) -> None:
    """「挪到下周吧，十五号之前做完。吴婷负责，…」: 吴婷 does the task said before
    「吴婷负责」 (which the rules read only forward, into the next clause)."""
    got = items(
        org,
        "刘海涛：还有冷库除霜，本来排在这周的，出货太忙，影响太大，往后挪。\n"
        "赵峰：挪到什么时候？\n"
        "刘海涛：挪到下周吧，十五号之前做完。吴婷负责，通知让销售那边提前三天发。\n",
    )
    first = got[0]
    assert (first["source"]["line"], first["owners"]) == (3, ["wuting"]), got
    assert "除霜" in first["task"], got


def test_a_date_answering_a_question_about_the_speakers_item_is_its_due_date(
    org: Org,
) -> None:
    """The speaker's own item, questioned by another (「周五能行吗？」 / "When can we have
    it?"), takes the date of the answer (「周五有点悬，下周一吧」 / "By Friday.")."""
    got = items(
        org,
        "陈杰：这个是我们的问题，对账接口那块，我这周五之前改完。\n"
        "赵峰：周五能行吗？下周要上线。\n"
        "陈杰：……周五有点悬，下周一吧，下周一肯定。\n"
        "Chen Jie: We will write a root cause report. Wang Xiao will do it.\n"
        "Zhao Feng: When can we have it?\n"
        "Chen Jie: By Friday.\n",
    )
    assert [(i["source"]["line"], i["owners"], i["due"]) for i in got] == [
        (1, ["chenjie"], "2026-07-13"), (4, ["wangxiao"], "2026-07-10")
    ], got


SOUNDALIKE_ORG = """\
name: 测试储能
timezone: Asia/Shanghai
calendar: cn
departments:
  - {id: log, name: 物流部, aliases: [物流], head: hejun}
  - {id: hr, name: 人力资源部, aliases: [人力], head: liangxiaoyan}
  - {id: sales, name: 销售部, head: yeting}
staff:
  - {id: hejun, name: 何俊, department: log, title: 物流部经理}
  - {id: hejia, name: 贺佳, department: hr, title: 招聘与培训主管}
  - {id: liangxiaoyan, name: 梁晓燕, department: hr, title: 人力资源总监}
  - {id: yeting, name: 叶婷, department: sales, title: 销售经理}
"""


def test_a_title_form_after_a_department_is_its_soundalike_not_another_departments(
    tmp_path: Path,
) -> None:
    """「物流的贺经理」: recognition wrote 何 (he) as 贺, the surname of 贺佳 in HR; said after
    物流 it is the 何 of logistics, not a 贺 of another department."""
    path = tmp_path / "org.yaml"
    path.write_text(SOUNDALIKE_ORG, encoding="utf-8")
    got = items(
        load_org(path),
        "叶婷(00:00:10)：储能柜的运输，物流的贺经理，你们那个危包车的资质文件这周内给客户发一份。\n",
    )
    assert [(it["owners"], it["department"]) for it in got] == [(["hejun"], "log")], got
    # said without a department, 贺经理 stays the one 贺 the org has
    got = items(load_org(path), "叶婷(00:00:10)：贺经理，招聘计划这周内给我一份。\n")
    assert [it["owners"] for it in got] == [["hejia"]], got


def test_a_date_corrected_inside_an_ask_does_not_move_an_earlier_items_date(org: Org) -> None:
    """「海涛，你们仓库这边年后……不对，月底前出一个…」: the speaker corrects the date of the
    ask being made (年后 → 月底前); it is that ask's date, not a move of the date of an
    earlier ask to the same team (两天内), and the ask stays an item."""
    got = items(
        org,
        "赵峰(00:00:10)：还有盘点差异的数据，仓库这边两天内给一下，评审要用。\n"
        "吴婷(00:00:15)：可以，我们两天内给。\n"
        "赵峰(00:00:20)：海涛在吗？\n"
        "刘海涛(00:00:24)：在的。\n"
        "赵峰(00:00:28)：海涛，你们仓库这边年后……不对，月底前出一个新库位的验证计划，冷冻品那个。\n"
        "刘海涛(00:00:35)：月底前，好的。\n",
    )
    assert sorted((i["source"]["line"], i["owners"], i["due"]) for i in got) == [
        (1, [], "2026-07-10"), (5, ["liuhaitao"], "2026-07-31"),
    ], got


EN_TEAM_ORG = """\
name: Test Cells
timezone: Asia/Shanghai
calendar: cn
departments:
  - {id: log, name: 物流部, aliases: [Logistics], head: hejun}
  - {id: sales, name: 销售部, aliases: [Sales], head: shenyiming}
  - {id: fin, name: 财务部, aliases: [Finance], head: xiehong}
staff:
  - {id: hejun, name: 何俊, department: log}
  - {id: shenyiming, name: 沈一鸣, aliases: [Ethan, Ethan Shen], department: sales}
  - {id: xiehong, name: 谢红, aliases: [Xie Hong], department: fin}
"""


def test_an_english_ask_of_the_listeners_team_is_that_departments_item(tmp_path: Path) -> None:
    """A customer asks "Could your logistics team confirm…?": a polite request to a team
    named in lower case (a call transcript does not capitalise it) is that department's
    item; its date spelled as speech is written ("by October twelfth") is read."""
    path = tmp_path / "org.yaml"
    path.write_text(EN_TEAM_ORG, encoding="utf-8")
    got = items(
        load_org(path),
        "Markus Weber: And we are thinking about rail for the second batch. Could your logistics"
        " team confirm whether rail is possible for these cells by next Wednesday?\n"
        "Ethan Shen: Sure. I'll send the cost breakdown to you by October twelfth.\n",
    )
    assert [(i["source"]["line"], i["owners"], i["department"], i["due"]) for i in got] == [
        (1, [], "log", "2026-07-15"), (2, ["shenyiming"], "sales", "2026-10-12"),
    ], got


def test_an_english_delegation_naming_the_role_first_and_a_message_passed_on(
    tmp_path: Path,
) -> None:
    """"I'll ask our logistics guy, Peng Tao, to get a quote…" hands the work to Peng Tao,
    not to the speaker; "I'll tell Xie Hong's team." only passes the word on: no item."""
    path = tmp_path / "org.yaml"
    path.write_text(
        EN_TEAM_ORG + "  - {id: pengtao, name: 彭涛, aliases: [Peng Tao], department: log}\n",
        encoding="utf-8",
    )
    got = items(
        load_org(path),
        "Markus Weber: And the shipping of the machine, is that on your side?\n"
        "Ethan Shen: Yes. I'll ask our logistics guy, Peng Tao, to get a quote for the sea"
        " freight by next Wednesday.\n"
        "Markus Weber: And Finance has to prepare the payment application by end of month.\n"
        "Ethan Shen: I'll tell Xie Hong's team.\n",
    )
    assert [(i["source"]["line"], i["owners"]) for i in got] == [(2, ["pengtao"]), (3, [])], got


def test_a_speaker_left_unnamed_who_answers_a_call_on_someone_is_that_person(org: Org) -> None:
    """An export that left a speaker as 说话人4: right after 「付晨，…你说一下」 (here 海涛) the
    unnamed voice answering is the person called on, and its 「我…前拿出来」 is theirs."""
    got = items(
        org,
        "赵峰  00:00:52\n好。海涛，退货区那块你说一下。\n\n"
        "说话人4  00:00:57\n"
        "退货区今年降了百分之六。明年的话，退货率的目标我一月十五号前拿出来。\n\n"
        "赵峰  00:01:07\n好。\n",
        "review.txt",
    )
    assert [(i["owners"], i["department"], i["due"]) for i in got if "目标" in i["task"]] == [
        (["liuhaitao"], "wh", "2027-01-15"),
    ], got


def test_a_compound_surname_alone_calls_on_its_one_bearer(tmp_path: Path) -> None:
    """欧阳明 is called 欧阳 (a two-character surname is how colleagues call him)."""
    path = tmp_path / "org.yaml"
    path.write_text(
        SOUNDALIKE_ORG + "  - {id: ouyangming, name: 欧阳明, department: log, title: 工程师}\n",
        encoding="utf-8",
    )
    got = items(load_org(path), "叶婷(00:00:10)：欧阳，你两天内把涂布参数的记录查一下。\n")
    assert [it["owners"] for it in got] == [["ouyangming"]], got


def test_a_name_taken_back_is_not_the_owner_and_not_not_a_question(org: Org) -> None:
    """「芳姐……不对不对，海涛，你把…」: the name said first is taken back (not the owner), and
    「不对不对」 is a correction, not the question 「对不对」."""
    got = items(
        org,
        "赵峰(00:00:10)：吴婷你把退货区的盘点表更新一下，芳姐……不对不对，海涛，你把标签的记录补齐，"
        "这两个都是下周一之前。\n"
        "赵峰(00:00:30)：芳姐，不对，孙敏，你把抽检报告周五前发我。\n",
    )
    assert sorted((i["source"]["line"], i["owners"], i["due"]) for i in got) == [
        (1, ["liuhaitao"], "2026-07-13"), (1, ["wuting"], "2026-07-13"),
        (2, ["sunmin"], "2026-07-10"),
    ], got


def test_you_both_after_a_pair_called_on_in_the_sentence_before(tmp_path: Path) -> None:
    """"Leo and Ouyang, you two go to Augsburg together. You both need to apply for the
    Schengen visa by next week.": both own the ask."""
    path = tmp_path / "org.yaml"
    path.write_text(
        EN_TEAM_ORG + "  - {id: sunhao, name: 孙浩, aliases: [Leo, Leo Sun], department: log}\n"
        "  - {id: ouyangming, name: 欧阳明, department: log}\n",  # Ouyang: his surname
        encoding="utf-8",
    )
    got = items(
        load_org(path),
        "Ethan Shen: And the travel. Leo and Ouyang, you two go to Augsburg together. You both"
        " need to apply for the Schengen visa by next week.\n"
        "Leo Sun: Next week, yes.\n",
    )
    assert [(sorted(i["owners"]), i["department"], i["due"]) for i in got] == [
        (["ouyangming", "sunhao"], "log", "2026-07-17"),
    ], got


def test_two_users_reading_transcripts_with_replies_and_relays_at_once(org: Org) -> None:
    """The seventh session's passes (a reply carries what was asked, a relay gives the work to
    the one told, a date answered to a question) read shared org caches: two transcripts
    read at the same moment give what each gives alone."""
    import threading

    texts = [
        "赵峰：三号冷库的压缩机老是跳闸，我想周末前让厂家来做一次全面检修。\n"
        "陈杰：周末前来得及吗？\n"
        "刘海涛：来得及，我今天下午打电话，争取明天做。\n",
        "赵峰：晓晓，你跟海涛说一声，下周三之前把盘点表发出来。\n"
        "陈杰：这个是我们的问题，对账接口那块，我这周五之前改完。\n"
        "赵峰：周五能行吗？下周要上线。\n"
        "陈杰：周五有点悬，下周一吧。\n",
    ]
    alone = [items(org, t) for t in texts]
    assert all(alone)
    got: list = [None, None]
    errors: list[BaseException] = []
    barrier = threading.Barrier(2)

    def read(k: int) -> None:
        try:
            barrier.wait(timeout=30)
            got[k] = items(org, texts[k])
        except BaseException as exc:  # noqa: BLE001 - every failure is asserted below
            errors.append(exc)

    threads = [threading.Thread(target=read, args=(k,)) for k in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not errors, errors
    assert got == alone


def test_a_transcript_of_a_thousand_questions_and_replies_keeps_its_tasks_short(org: Org) -> None:
    """A careless or hostile upload: 1,000 turns of a problem, a question about it and a reply
    taking it on. Each reply carries only the turns just before it as context, so no task
    grows with the transcript, and every turn is read."""
    turn = (
        "赵峰：三号冷库的压缩机老是跳闸，得让厂家来看看。\n"
        "陈杰：周末前来得及吗？\n"
        "刘海涛：来得及，我今天下午打电话。\n"
    )
    got = items(org, turn * 334)
    assert got and len(got) <= 1002
    assert max(len(i["task"]) for i in got) <= 200
    assert max(i["source"]["line"] for i in got) > 990


# ------------------------------------------ English calls with a partner (issue 17, dumpen)


def test_an_english_ask_with_words_between_the_name_and_the_verb(org: Org) -> None:
    """"Alex, on your side, could you…" (a partner, owners []), "Haitao, once … come in,
    book…", "Haitao, just share…": the words said after the name leave it the ask."""
    got = items(
        org,
        "Zhao Feng: Alex, on your side, could you send us the signed forms?\n"
        "Zhao Feng: Haitao, once the forms come in, book the trucks with our warehouse team.\n"
        "Zhao Feng: Haitao, just share the draft contract with Alex when legal is done.\n",
    )
    assert [(i["source"]["line"], i["owners"], i["owner_names"]) for i in got] == [
        (1, [], ["Alex"]), (2, ["liuhaitao"], ["Haitao"]), (3, ["liuhaitao"], ["Haitao"]),
    ], got


def test_a_pinyin_given_name_that_will_do_the_work(org: Org) -> None:
    """"Haitao from our warehouse team is going to recount…", "Haitao will send…" name the
    one who does it; "Haitao said…" is no item."""
    got = items(
        org,
        "Alex Moreno: Who handles the audit on your side, Liu Haitao?\n"
        "Zhao Feng: Haitao from our warehouse team is going to recount the pallets before "
        "July 20.\n"
        "Zhao Feng: Haitao will send the forms by Friday.\n"
        "Zhao Feng: Haitao said the forms are fine.\n",
    )
    assert [(i["source"]["line"], i["owners"], i["due"]) for i in got] == [
        (2, ["liuhaitao"], "2026-07-20"), (3, ["liuhaitao"], "2026-07-10"),
    ], got


def test_he_will_is_a_pronoun_not_a_pinyin_surname(org: Org) -> None:
    """"He'll get it running by Monday." after an ask to Haitao: the pronoun, not a 何 or 贺
    of the org, is no owner of an item of its own."""
    he_org = Org.model_validate(
        {
            "name": "t",
            "calendar": "none",
            "departments": [{"id": "ops", "name": "运营部"}],
            "staff": [
                {"id": "liuhaitao", "name": "刘海涛", "department": "ops"},
                {"id": "hejun", "name": "何军", "department": "ops"},
                {"id": "zhaofeng", "name": "赵峰", "department": "ops"},
            ],
        }
    )
    got = items(
        he_org,
        "Zhao Feng: Liu Haitao, can you set up the tracking dashboard?\n"
        "Zhao Feng: He'll get it running by Monday.\n",
    )
    assert [(i["source"]["line"], i["owners"]) for i in got] == [(1, ["liuhaitao"])], got


def test_a_partners_answer_to_an_ask_put_to_them_is_that_asks_date(org: Org) -> None:
    """"Alex, could you send us the signed forms?" (someone of another company: owners [],
    the name kept) answered by Alex ("Sure. I can do it by Friday") is one item on the ask's
    line with the date Alex gave; Alex's "I can…" is no second item."""
    got = items(
        org,
        "Zhao Feng: Alex, on your side, could you send us the signed forms?\n"
        "Alex Moreno: Sure, we have most of them. I can do it by Friday.\n"
        "Zhao Feng: Great, thanks.\n",
    )
    assert [(i["source"]["line"], i["owners"], i["owner_names"], i["due"]) for i in got] == [
        (1, [], ["Alex"], "2026-07-10"),
    ], got


def test_a_chinese_sentence_inside_an_english_turn_is_read_as_chinese(org: Org) -> None:
    """A Chinese colleague switching language mid-turn ("The cutover needs a rollback plan
    as well. 这个我来起草, by Friday."): the Chinese sentence is read by the Chinese rules, and
    its task goes on with the English sentence before it."""
    got = items(
        org,
        "Alex Moreno: Who owns the cutover on your side?\n"
        "Sun Min: The cutover needs a rollback plan as well. 这个我来起草, by Friday.\n",
    )
    assert [(i["source"]["line"], i["owners"], i["due"]) for i in got] == [
        (2, ["sunmin"], "2026-07-10"),
    ], got
    assert "rollback plan" in got[0]["task"], got


def test_a_first_step_on_a_weekday_does_not_move_the_asks_date(org: Org) -> None:
    """「我周一先把目录发你」 in answer to an ask due next Tuesday is a first step: the ask keeps
    Tuesday, in Chinese and in an English call whose answer switches to Chinese."""
    for said in (
        "赵峰：陈杰，接口文档下周二之前给我。\n陈杰：好的没问题。我周一先把目录发你。\n",
        "Zhao Feng: Chen Jie, can you go through the access rights before next Tuesday?\n"
        "Chen Jie: OK, that works. 我周一先把账号清单整理出来发你。\n",
    ):
        got = items(org, said)
        assert [(i["owners"], i["due"]) for i in got] == [(["chenjie"], "2026-07-14")], got


def test_a_partners_promise_answering_an_ask_of_their_side_is_the_asks_item(org: Org) -> None:
    """"Would your team countersign it before next Tuesday?" and "Send us a revised
    schedule" name nobody; the other company's "Yes, we can sign it by Tuesday" / "We'll send
    it over by the 17th" right after is the answer: one item on the ask's line (owners [], the
    answer's date), as a staff member's confirmation is folded into the ask."""
    got = items(
        org,
        "Zhao Feng: The quality agreement is final on our end. Would your team countersign "
        "the change order before next Tuesday?\n"
        "Alex Moreno: Yes, we can sign it by Tuesday.\n"
        "Zhao Feng: We can't agree on the payment split in this call. Please send us a revised "
        "instalment schedule by email.\n"
        "Alex Moreno: Understood. We'll send it over by July 17.\n",
    )
    assert [(i["source"]["line"], i["owners"], i["due"]) for i in got] == [
        (1, [], "2026-07-14"), (3, [], "2026-07-17"),
    ], got
    assert "change order" in got[0]["task"] and "instalment schedule" in got[1]["task"], got


def test_sending_the_invite_for_the_next_call_is_work(org: Org) -> None:
    """"I'll set up the calendar invitation for our next call tomorrow" is work after the
    call (the next call itself is no item)."""
    got = items(
        org,
        "Zhao Feng: Good. Let's have the next call in a month.\n"
        "Sun Min: I'll set up the calendar invitation for our next call tomorrow.\n",
    )
    assert [(i["source"]["line"], i["owners"], i["due"]) for i in got] == [
        (2, ["sunmin"], "2026-07-09"),
    ], got



def test_a_partners_we_need_by_a_date_is_no_item_of_theirs(org: Org) -> None:
    """"We need the revised labels by the end of this month" said by someone of the other
    company asks us; the item is where our side takes it on ("Sun Min, can you send…"). Our
    own "We need the signed forms by Friday" stays an item."""
    got = items(
        org,
        "Alex Moreno: On our end, um, we need the revised labels by the end of this month.\n"
        "Zhao Feng: Sun Min, can you send Alex the revised labels by July 30?\n"
        "Alex Moreno: And the audit? We need it done before year end for our bank.\n"
        "Zhao Feng: We need the signed forms by Friday.\n",
    )
    assert [(i["source"]["line"], i["owners"], i["due"]) for i in got] == [
        (2, ["sunmin"], "2026-07-30"), (4, [], "2026-07-10"),
    ], got


def test_a_second_english_ask_with_no_verb_of_its_own(org: Org) -> None:
    """"Haitao, please prepare the pallet count, and Sun Min, the calibration records…, by
    July 24.": the second name takes the first ask's verb; two items, each with its owner."""
    got = items(
        org,
        "Zhao Feng: Haitao, please prepare the pallet count, and Sun Min, the calibration "
        "records for line two, both by July 24.\n",
    )
    assert sorted((i["owners"][0], i["due"]) for i in got) == [
        ("liuhaitao", "2026-07-24"), ("sunmin", "2026-07-24"),
    ], got
    assert any("calibration" in i["task"] and "pallet" not in i["task"] for i in got), got


# ------------------------------------------- task text: what a turn's lead sentences carry
# (#17, the seventeenth pass). The largest kind of miss left on the read spoken sets was an item
# found on the right line whose task said the thing among a speaker's preamble, a thank-you,
# the owner's name said after the context, or a stutter. Our own sentences, the spoken-own org.


def test_a_raised_problem_keeps_no_preamble_and_the_owner_is_not_named_after_it(
    org: Org,
) -> None:
    got = items(
        org,
        "孙敏：我补充一下，这个抽检是按批次算的，不是按箱算。\n"
        "赵峰：对。那个，海涛，不合格批次的清单你周五前出一版。\n",
    )
    assert [i["task"] for i in got] == [
        "这个抽检是按批次算的，不是按箱算。 不合格批次的清单出一版"], got
    assert [fields(i) for i in got] == [(["liuhaitao"], "wh", "2026-07-10")]
    got = items(
        org,
        "吴婷：我这边，那个，冷库的探头上周坏了两个，嗯，一直没换。\n"
        "赵峰：这个要紧。海涛你明天找厂家来换。\n",
    )
    assert [i["task"] for i in got] == [
        "冷库的探头上周坏了两个，一直没换。 这个要紧。 找厂家来换"], got


def test_a_thank_you_is_no_context_of_the_next_ask(org: Org) -> None:
    got = items(
        org,
        "李芳：排班表报过来之后我们要算加班费。\n"
        "赵峰：好，芳姐辛苦。那仓库那边也一样，海涛你也是下周一前报。\n",
    )
    assert len(got) == 1 and "辛苦" not in got[0]["task"], got
    assert got[0]["task"].startswith("排班表报过来之后要算加班费。"), got


def test_a_stutter_is_said_once_and_the_owner_called_on_is_no_context(org: Org) -> None:
    got = items(
        org,
        "赵峰：海涛，冷库能不能再加一个夜班的人？\n"
        "刘海涛：加人要走流程，我……我回去跟芳姐申请，周五前到岗。\n",
    )
    assert [i["task"] for i in got] == [
        "冷库能不能再加一个夜班的人？ 加人要走流程，回去跟芳姐申请，到岗"], got


def test_a_date_in_the_problem_raised_stays_in_the_context(org: Org) -> None:
    """The due date is left out of the words of the ask; a date that says which thing the
    raised problem is about (三月初那条船) is not the due date and stays."""
    got = items(
        org,
        "赵峰：出口那块呢，海涛？\n"
        "刘海涛：欧洲那批，三月初那条船，舱位还没订。\n"
        "赵峰：那你今天就把舱位订了。\n",
    )
    assert [i["task"] for i in got] == ["欧洲那批，三月初那条船，舱位还没订。 把舱位订了"], got
    assert got[0]["due"] == "2026-07-08", got


def test_a_question_that_names_its_topic_carries_no_turn_before_it(org: Org) -> None:
    """「中试呢？」 says what it asks about: the answer's context is the question, not the
    speaker's own report on something else before it (「挪到什么时候？」 names nothing and
    still carries the turn before it)."""
    got = items(
        org,
        "刘海涛：盘点这块上周已经做完了，差异也对过了，基本没问题。\n"
        "赵峰：退货区的货架呢？\n"
        "刘海涛：货架要等厂家来装，我周五前装完。\n",
    )
    assert len(got) == 1 and got[0]["owners"] == ["liuhaitao"], got
    assert "盘点" not in got[0]["task"] and "货架" in got[0]["task"], got


def test_an_answer_pointing_back_carries_the_question_it_answers(org: Org) -> None:
    """「这个……还没定。」 names no thing: the question before it says what is undecided."""
    got = items(
        org,
        "孙敏：哎，我问一下，冷库的探头是换国产的还是进口的？\n"
        "陈杰：这个……还没定。\n"
        "赵峰：那海涛、陈杰，你们俩下来商量一下，周五前定下来。\n",
    )
    assert [i["task"] for i in got] == [
        "冷库的探头是换国产的还是进口的？ 这个……还没定。 下来商量一下，定下来"], got


@pytest.mark.parametrize(
    ("said", "task"),
    [
        ("赵峰：那海涛你们仓储这边去催一下厂家，周五前。\n", "去催一下厂家"),
        ("赵峰：物料的话，你们采购部十天之内先提一批给我们审。\n", "物料先提一批给我们审"),
        ("赵峰：仓库那几个人的排班，报给我。\n刘海涛：好，排班我们部门周五前给你。\n",
         "仓库那几个人的排班，报给赵峰。 排班给赵峰"),  # (the one the work goes to, by name)
    ],
)
def test_a_team_named_as_the_doer_is_left_out_of_the_task(org: Org, said: str, task: str) -> None:
    """你们采购部 / 我们部门 / 你们仓储这边 say who, as 你 and 我 do: the owners hold it."""
    assert [i["task"] for i in items(org, said)] == [task]


def test_a_later_clause_that_is_someone_elses_step_is_not_the_task(org: Org) -> None:
    """「…，她那边核一下加班费」 is what the one the work goes to will do with it."""
    got = items(org, "吴婷：值班表我下班前发给芳姐，她那边核一下加班费的口径。\n")
    assert [(i["task"], i["owners"]) for i in got] == [("值班表发给芳姐", ["wuting"])], got


@pytest.mark.parametrize(
    ("said", "owner", "due", "task"),
    [
        ("赵峰：月底我们再做一次冷库的盘点。海涛你组织，各部门配合。\n", "liuhaitao", "2026-07-31",
         "再做一次冷库的盘点。 组织"),
        ("赵峰：下周三我们搞一次消防演练。吴婷你牵头。\n", "wuting", "2026-07-15",
         "下周三搞一次消防演练。 牵头"),
    ],
)
def test_work_the_team_will_do_then_given_to_one_is_one_item(
    org: Org, said: str, owner: str, due: str, task: str
) -> None:
    """「月底我们再复查一次。X你组织」: the second sentence names no work of its own (a bare
    组织/牵头/负责): it gives the first to X, one item, as 「下周要搞一次演练。X你牵头。」 is."""
    got = items(org, said)
    assert [(i["owners"], i["due"], i["task"]) for i in got] == [([owner], due, task)], got


def test_a_guests_promise_pointing_back_carries_what_was_asked(en_org: Org) -> None:
    """A partner not in the org file answers "We'll have it to you by Friday.": "it" is what
    the host asked for in the turn before — one item, on the ask's line (the partner's side
    asked and answered, dialogue.partner_replies), due the Friday promised."""
    got = items(
        en_org,
        "[00:01:00] Daniel Ong: We would like to pay the deposit in three parts.\n"
        "[00:01:10] Alice Chen: Send us your payment plan in writing and we will look at it.\n"
        "[00:01:20] Daniel Ong: Fair enough. We'll have it to you by Friday.\n",
    )
    assert [(i["source"]["line"], i["due"]) for i in got] == [(2, "2026-07-10")], got
    assert "payment plan" in got[0]["task"], got


def test_the_owner_called_on_after_a_topic_is_left_out(org: Org) -> None:
    """「下次会，海涛你帮我约一下」: the one called on mid-sentence is the owner, not the task."""
    got = items(org, "赵峰：下次会，海涛你帮我约一下，下周三同一时间。\n")
    assert [(i["task"], i["owners"]) for i in got] == [
        ("下次会，帮我约一下，下周三同一时间", ["liuhaitao"])], got


@pytest.mark.parametrize(
    ("said", "task"),
    [
        # the help the owner needs from others is not their task
        ("孙敏：抽检这块，我这边下周内做完，需要仓库配合一下。\n", "抽检这块，做完"),
        # a later step with a day of its own is a step after this one
        ("孙敏：装柱我周五之前弄好，然后周六收货完直接上样。\n", "装柱弄好"),
    ],
)
def test_a_last_clause_that_is_not_this_step_is_not_the_task(
    org: Org, said: str, task: str
) -> None:
    assert [i["task"] for i in items(org, said)] == [task]


# ------------------------------------------- owners and due dates (spoken sets, owndue pass)


def test_after_the_meeting_is_no_due_date(org: Org) -> None:
    """会后 says when work starts, not by when it is done: the writers of four companies'
    sets gave such items no due date (a time of day, 「我晚上发」, still is the meeting's day)."""
    got = items(
        org,
        "赵峰(00:01:10)：仓库盘点的差异，我会后跟海涛对一下。\n"
        "李芳(00:01:20)：报销单我晚上统一发给大家。\n",
    )
    assert [fields(i) for i in got] == [
        (["zhaofeng"], "sales", None),
        (["lifang"], "fin", "2026-07-08"),
    ]


def test_before_christmas_is_december_the_twenty_fifth(org: Org) -> None:
    got = items(
        org,
        "Feng Zhao: Can you send the audit file before Christmas, Li Fang?\n"
        "Li Fang: Sure, I'll send the audit file before Christmas.\n",
    )
    assert [i["due"] for i in got] == ["2026-12-25"]




def test_a_year_end_naming_the_work_is_no_due_date_and_no_subject(org: Org) -> None:
    """「年底的对账」 is year-end reconciliation: the period names the work. Read as a date, it
    made 李芳 the subject (「李芳年底…」) of the speaker's own commitment."""
    got = items(
        org,
        "赵峰 00:02:14\n那个李芳 年底的对账 剩下的我 before Christmas 弄完\n"
        "赵峰 00:02:30\n李芳，年底的对账我下周五前弄完。\n",
    )
    assert [(i["owners"], i["due"]) for i in got] == [
        (["zhaofeng"], "2026-12-25"),
        (["zhaofeng"], "2026-07-17"),
    ]


def test_then_a_new_date_after_someone_objects_to_the_old_one_moves_it(org: Org) -> None:
    """「周五公司团建啊。」 → 「哦对，那就下周一。」: the objection names the old date (or the
    thing), and 那就 + a date from the one who took it on or asked it moves it. A 那就 after
    talk of something else asks anew and moves nothing."""
    got = items(
        org,
        "赵峰(00:01:00)：海涛，盘点表周五前给我。\n"
        "刘海涛(00:01:05)：好的。\n"
        "李芳(00:01:08)：周五公司团建啊。\n"
        "赵峰(00:01:12)：哦对，那就下周一。\n",
    )
    assert [fields(i) for i in got] == [(["liuhaitao"], "wh", "2026-07-13")]
    got = items(
        org,
        "赵峰(00:01:00)：海涛，盘点表月底前给我。\n"
        "刘海涛(00:01:05)：好，月底前。\n"
        "李芳(00:01:08)：赵总，审计那边说盘点表要提前，二十号就要。\n"
        "赵峰(00:01:12)：那就二十号。海涛，二十号，听到吧？\n"
        "刘海涛(00:01:16)：听到了。\n",
    )
    assert [fields(i) for i in got] == [(["liuhaitao"], "wh", "2026-07-20")]
    got = items(
        org,
        "赵峰(00:01:00)：海涛，盘点表周五前给我。\n"
        "刘海涛(00:01:05)：好的。\n"
        "孙敏(00:01:08)：质量周报我这边写完了。\n"
        "赵峰(00:01:12)：那就下周一我们再碰一下。\n",
    )
    assert [i["due"] for i in got if i["owners"] == ["liuhaitao"]] == ["2026-07-10"]


def test_a_date_answering_when_is_the_asks_due_date(org: Org) -> None:
    """「什么时候要？」 → 「明天吧。」, 「那你说多久。」 → 「下周一给你，行不行？」: the question
    asked between the one asked and the asker is about the ask, and the date that answers it
    is its due date (the answer is no item of its own)."""
    got = items(
        org,
        "赵峰(00:01:00)：孙敏，质检报告你更新一下，发到群里。\n"
        "孙敏(00:01:05)：什么时候要？\n"
        "赵峰(00:01:08)：明天吧。\n",
    )
    assert [fields(i) for i in got] == [(["sunmin"], "qa", "2026-07-09")]
    got = items(
        org,
        "赵峰(00:01:00)：海涛，盘点表两个工作日内给我。\n"
        "刘海涛(00:01:05)：两个工作日有点紧，还要复核一遍。\n"
        "赵峰(00:01:08)：那你说多久。\n"
        "刘海涛(00:01:12)：下周二给你，行不行？\n"
        "赵峰(00:01:16)：行，就下周二。\n",
    )
    assert [fields(i) for i in got] == [(["liuhaitao"], "wh", "2026-07-14")]


def test_the_date_of_an_event_the_deadline_names_is_not_the_asks(org: Org) -> None:
    """「系统切换前完成」 → 「切换是哪天？」 → 「暂定二十号。」: the answer dates the switch-over,
    not the ask (its own date comes after, if at all)."""
    got = items(
        org,
        "赵峰(00:01:00)：海涛，库位调整你牵头，系统切换前完成。\n"
        "刘海涛(00:01:05)：切换是哪天？\n"
        "赵峰(00:01:08)：暂定二十号。\n",
    )
    assert [i["due"] for i in got if i["owners"] == ["liuhaitao"]] in ([], [None])


def test_an_ask_passed_on_to_someone_absent_is_theirs(org: Org) -> None:
    """「吴婷那边，你帮我带个话，周五前把…交上来」, 「孙敏今天没来是吧？她那边的…，海涛你转告
    她，…」: the one asked only carries the message; the one it is passed to does it."""
    got = items(
        org,
        "赵峰(00:01:00)：另外吴婷那边，海涛你帮我带个话，周五前把库存台账交上来。\n"
        "刘海涛(00:01:06)：好的我转告。\n"
        "赵峰(00:01:10)：孙敏今天没来是吧？她那边的抽检报告，海涛你转告她，下周一前发我。\n",
    )
    assert [fields(i) for i in got] == [
        (["wuting"], "wh", "2026-07-10"),
        (["sunmin"], "qa", "2026-07-13"),
    ]


def test_taking_the_floor_is_not_owning_the_departments_work(org: Org) -> None:
    """「赵总我这边说一下，…我们质量这边下月初去一趟」: 我这边说一下 takes the floor; the work
    is the department's (owners [], as 我们 with no one named)."""
    got = items(
        org,
        "孙敏(00:01:00)：赵总我这边说一下，新来的那家包材供应商，现场审核还没做，"
        "我们质量这边下月初去一趟。\n",
    )
    assert [fields(i) for i in got] == [([], "qa", "2026-08-05")]
    # unpunctuated (an ASR dump), the phrase ends no clause: the turn keeps its item
    got = items(
        org,
        "孙敏 00:01:00\n"
        "赵总我这边说一下新来的那家包材供应商现场审核还没做我们质量这边下月初去一趟\n",
    )
    assert [i["due"] for i in got] == ["2026-08-05"]


def test_moving_a_date_with_yixia_moves_it(org: Org) -> None:
    """「哦对了海涛，盘点表提前一下，二十号给我」: 提前一下 moves the date like 提前到, also
    when the ask was made more than 30 turns before (``MOVE_REACH`` is 40)."""
    got = items(
        org,
        "赵峰(00:01:00)：海涛，盘点表月底前给我。\n"
        "刘海涛(00:01:05)：好。\n"
        "孙敏(00:01:08)：质检报告我周五前发群里。\n"
        "赵峰(00:01:12)：哦对了海涛，盘点表提前一下，二十号给我，二十一号要跟集团汇报。\n",
    )
    assert [fields(i) for i in got] == [
        (["liuhaitao"], "wh", "2026-07-20"),
        (["sunmin"], "qa", "2026-07-10"),
    ]
    # and from 35 turns on (a supplier review of an hour: the ask came first)
    talk = "".join(f"孙敏(00:{10 + n:02d}:00)：第{n}家供应商的情况就是这样。\n" for n in range(35))
    got = items(
        org,
        "赵峰(00:01:00)：海涛，盘点表月底前给我。\n"
        "刘海涛(00:01:05)：好。\n" + talk
        + "赵峰(00:59:00)：哦对了海涛，盘点表提前一下，二十号给我，二十一号要跟集团汇报。\n",
    )
    assert [fields(i) for i in got] == [(["liuhaitao"], "wh", "2026-07-20")]


def test_a_first_step_on_a_weekday_is_not_the_asks_date(org: Org) -> None:
    """「好的，我周一先把初稿发你」 answering 「…下周三前给我」: 周一先 is a first step, like
    今天先; the ask's date stands."""
    got = items(
        org,
        "赵峰(00:01:00)：海涛，盘点表下周三前给我。\n"
        "刘海涛(00:01:05)：好的，我周一先把初稿发你。\n",
    )
    assert [fields(i) for i in got] == [(["liuhaitao"], "wh", "2026-07-15")]


def test_the_one_who_just_gave_a_date_taking_it_back_in_their_next_turn_moves_it(
    org: Org,
) -> None:
    """"Sure, Thursday." then, the same person: "Oh sorry, wait - the figures need finance to
    sign off first. Let's say next Monday." — the date they take back is replaced by the one
    they say after "let's say" (their own item, their own turn just before)."""
    got = items(
        org,
        "Zhao Feng: Wang Xiao, please send me the API document.\n"
        "Wang Xiao: Sure, Thursday.\n"
        "Wang Xiao: Oh sorry, wait, the figures need finance to sign off first. "
        "Let's say next Monday.\n",
    )
    assert [(i["owners"], i["due"]) for i in got] == [(["wangxiao"], "2026-07-13")], got
    # "let's say" proposing a first date moves nothing
    got = items(
        org,
        "Zhao Feng: Wang Xiao, please send me the API document by Friday.\n"
        "Wang Xiao: Sure.\n"
        "Sun Min: For the audit, let's say next Monday, I'll send the checklist.\n",
    )
    assert sorted((i["owners"], i["due"]) for i in got) == [
        (["sunmin"], "2026-07-13"), (["wangxiao"], "2026-07-10")
    ], got


@pytest.mark.parametrize(
    "reply", ["刘海涛：嗯，让吴婷弄，周五前交。\n", "刘海涛：行，叫吴婷弄吧，周五前。\n"]
)
def test_a_reply_handing_the_ask_on_without_saying_i_is_the_ones_it_is_handed_to(
    org: Org, reply: str
) -> None:
    """「嗯，让吴婷弄，周五前交」 answering an ask of the replier's department hands it on as
    「我让吴婷弄」 does: one item, the one it is handed to's, with the date the reply gives."""
    got = items(org, "赵峰：仓库那边，盘点的差异表月底前要交一下。\n" + reply)
    assert [fields(i) for i in got] == [(["wuting"], "wh", "2026-07-10")], got


def test_a_reply_that_only_passes_the_ask_on_gives_it_to_the_one_told(org: Org) -> None:
    """「好的，我跟吴婷说一声」 answering an ask nobody owns yet: the replier only carries the
    message (as for a relay said inside a turn, ``relay_to_named``); the work is the one told's.
    An ask that already has its owner stays theirs."""
    got = items(
        org, "赵峰：仓库那边，盘点的差异表月底前要交一下。\n刘海涛：好的，我跟吴婷说一声。\n"
    )
    assert [fields(i) for i in got] == [(["wuting"], "wh", "2026-07-31")], got
    got = items(org, "赵峰：海涛，盘点的差异表月底前交一下。\n刘海涛：好的，我跟吴婷说一声。\n")
    assert [fields(i) for i in got] == [(["liuhaitao"], "wh", "2026-07-31")], got


def test_help_offered_for_an_ask_just_made_shares_its_date(org: Org) -> None:
    """「网络巡检那块我让郑磊去配合一下」 right after 「晓晓，门店的网络巡检下周内做完…」: the
    help is for that work and is due when it is; help for something else keeps no date."""
    got = items(
        org,
        "赵峰：晓晓，门店的网络巡检下周内做完，报个表给我。\n"
        "陈杰：网络巡检那块我让郑磊去配合一下。\n",
    )
    assert [fields(i) for i in got] == [
        (["wangxiao"], "it", "2026-07-17"), (["zhenglei"], "wh", "2026-07-17")
    ], got
    got = items(
        org,
        "赵峰：晓晓，门店的网络巡检下周内做完，报个表给我。\n"
        "陈杰：仓库搬迁那块我让郑磊去配合一下。\n",
    )
    assert [i["due"] for i in got] == ["2026-07-17", None], got
