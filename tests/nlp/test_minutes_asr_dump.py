"""Plain ASR dumps (issue 17): no speaker names and/or no punctuation, as a cheap recorder or
a phone's voice memo gives them. Made-up sentences on the spoken-own org (no aliases)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import jieba
import pytest

from models.org import Org, load_org
from nlp.minutes import extract
from nlp.minutes.segment import restore, unpunctuated

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "minutes"
MEETING = dt.date(2026, 7, 8)  # a Wednesday; Friday = 07-10, next Monday = 07-13


@pytest.fixture(scope="module")
def org() -> Org:
    return load_org(FIXTURES / "spoken-own" / "org.yaml")


def items(org: Org | None, text: str, name: str = "memo.txt") -> list[dict]:
    return extract(text.encode(), name, org, MEETING).to_contract()["action_items"]


def marks(text: str, names: tuple[str, ...] = (), teams: tuple[str, ...] = ()) -> str:
    starts, i = [], 0
    for w in jieba.lcut(text):
        starts.append(i)
        i += len(w)

    def spans(words: tuple[str, ...]) -> list[tuple[int, int]]:
        return [(text.find(n), text.find(n) + len(n)) for n in words if n in text]

    return restore(text, starts, spans(names), spans(teams))


# ---------------------------------------------------------------- punctuation by cue


def test_discourse_markers_answers_and_particles_end_clauses() -> None:
    got = marks("好那个我们开始吧上周说的冷库温控报表小王你周五前发给我行没问题还有就是退货的事",
                ("小王",))
    assert got == (
        "好，那个我们开始吧。上周说的冷库温控报表，小王你周五前发给我。行，没问题。还有就是退货的事。"
    )


def test_a_person_called_on_starts_a_clause_but_not_after_a_verb_that_takes_them() -> None:
    assert "，孙敏你" in marks("标签的事你今天弄一下孙敏你把样品送检", ("孙敏",))
    assert "，孙敏" not in marks("这个报价你让孙敏你们俩一起核一下吧", ("孙敏",))


def test_a_doubled_first_person_and_a_question_particle_are_boundaries() -> None:
    assert marks("差异表整理一下发我我去跟财务申请") == "差异表整理一下发我，我去跟财务申请。"
    assert marks("盘点表周五能出来吗我下周要用") == "盘点表周五能出来吗？我下周要用。"


def test_punctuated_or_short_text_is_left_alone() -> None:
    assert marks("好的，我周五前发你。然后还有") == "好的，我周五前发你。然后还有"
    assert marks("好然后") == "好然后"
    assert not unpunctuated(["会议纪要", "一、盘点，周五前完成。", "二、报价由销售部负责。"])
    assert unpunctuated(["好那个我们开始吧今天说一下盘点", "芳姐你周五前把差异表发我",
                         "海涛你下周一前把标签换一下"])
    # two short unmarked lines among marked ones (a subtitle cue wrapped) are not a dump
    assert not unpunctuated(["华东那边的年货报价，", "我这边三天内报过去", "考核我周五前做完"])


# ---------------------------------------------------------------- whole dumps


def test_a_dump_without_speakers_or_punctuation_keeps_named_asks_and_anonymous_promises(
    org: Org,
) -> None:
    got = items(
        org,
        "好那个我们简单过一下盘点的事\n"
        "我先说一下结论差异主要在冷冻品那几个库位\n"
        "芳姐你周五前把差异表发给我行没问题\n"
        "退货区的标签海涛你下周一前换一下\n"
        "这个我来盯我明天下班前给大家一个说法\n",
    )
    by_line = {i["source"]["line"]: i for i in got}
    assert set(by_line) == {3, 4, 5}, got
    assert (by_line[3]["owners"], by_line[3]["due"]) == (["lifang"], "2026-07-10")
    assert (by_line[4]["owners"], by_line[4]["due"]) == (["liuhaitao"], "2026-07-13")
    # 「我来」 with no speaker: kept, owner unknown (ANNOTATION.md)
    assert (by_line[5]["owners"], by_line[5]["due"]) == ([], "2026-07-09")
    assert by_line[5]["owner_names"] == []


def test_a_person_called_on_with_a_date_and_no_you_is_the_owner(org: Org) -> None:
    # a given name alone and an ASR spelling (刘海桃 for 刘海涛), called on by a date, no 你
    got = items(
        org,
        "好那个我们简单过一下盘点的事\n"
        "盘点差异这块财务那边李芳月底前把差异表核完\n"
        "刘海桃两个工作日内把退货区的标签换掉\n"
        "供应商那个报价建国这周五前再核一遍\n",
    )
    assert sorted((i["source"]["line"], i["owners"], i["due"]) for i in got) == [
        (2, ["lifang"], "2026-07-31"), (3, ["liuhaitao"], "2026-07-10"),
        (4, ["zhoujianguo"], "2026-07-10"),
    ], got


def test_a_voice_memo_paragraph_holds_several_items(org: Org) -> None:
    got = items(
        org,
        "好我们开始吧今天就两个事第一个是盘点芳姐你周五前把差异表发给我好的没问题"
        "然后仓库那边海涛你下周一前把退货区的标签换一下行收到还有就是供应商那个报价"
        "小陈你明天下班前再核一遍好那就这样散会\n",
    )
    assert sorted((i["owners"][0] if i["owners"] else None, i["due"]) for i in got) == [
        ("chenjie", "2026-07-09"), ("lifang", "2026-07-10"), ("liuhaitao", "2026-07-13"),
    ], got


def test_a_closing_recap_in_a_dump_is_not_a_list_of_new_items(org: Org) -> None:
    got = items(
        org,
        "芳姐你周五前把差异表发给我\n"
        "海涛你下周一前把退货区的标签换一下\n"
        "行那今天就这些我最后捋一下啊芳姐周五差异表海涛下周一标签散会\n",
    )
    assert sorted(i["source"]["line"] for i in got) == [1, 2], got


def test_a_punctuated_export_naming_nobody_is_speech_its_replies_confirm_and_recap(
    org: Org,
) -> None:
    # Punctuated, but no speaker and no time on any line: the replies (「好的，我这周弄。」)
    # confirm the ask before them and the closing list is a recap, as in a transcript;
    # read as written minutes each reply and each part of the recap was an item of its own.
    got = items(
        org,
        "芳姐你周五前把差异表发给我。\n"
        "好的，周五。\n"
        "退货区那边，标签要换。\n"
        "海涛，标签你下周一前换一下。\n"
        "月底前，嗯，我尽量。\n"
        "不是尽量，下周一一定要。\n"
        "好好好。\n"
        "供应商报价单谁核一下？\n"
        "陈杰你明天核一遍。\n"
        "好的我明天弄。\n"
        "那基本就这些，芳姐周五差异表，海涛下周一标签，陈杰明天报价单。\n",
    )
    assert sorted((i["source"]["line"], i["owners"]) for i in got) == [
        (1, ["lifang"]), (4, ["liuhaitao"]), (9, ["chenjie"]),
    ], got


def test_a_topic_then_an_anonymous_promise_in_a_memo_paragraph_is_an_item(org: Org) -> None:
    # several turns run together, no speakers: each 「…我＋date＋verb」 is a promise whose
    # owner nobody names (kept with owners [])
    got = items(
        org,
        "好今天主要说盘点的事差异主要在冷冻品那几个库位芳姐你周五前把差异表发给我"
        "退货区的标签那个我下周一前换掉供应商的报价单我明天下班前再核一遍好那就这样\n",
    )
    assert sorted((i["owners"], i["due"]) for i in got) == [
        ([], "2026-07-09"), ([], "2026-07-13"), (["lifang"], "2026-07-10"),
    ], got


def test_a_recorder_dump_with_timestamps_is_read_as_speech(org: Org) -> None:
    # punctuated, a time before each line, nobody named: the words are speech (the closing
    # recap repeats the asks and is no item), not a written record
    got = items(
        org,
        "00:00:03 好，我们开始吧，今天说盘点。\n"
        "00:00:15 芳姐，差异表你周五前发给我。\n"
        "00:00:31 海涛，退货区的标签下周一前换一下。\n"
        "00:01:02 好，最后重复一下：芳姐周五差异表，海涛下周一标签。散会。\n",
    )
    assert sorted((i["source"]["line"], i["owners"]) for i in got) == [
        (2, ["lifang"]), (3, ["liuhaitao"]),
    ], got


def test_a_nameless_promise_right_after_a_named_ask_is_its_confirmation(org: Org) -> None:
    got = items(
        org,
        "00:00:10 芳姐，差异表你看一下。\n"
        "00:00:18 好的，我周五前发你。\n"
        "00:00:30 海涛，退货区的标签下周一前换一下。\n"
        "00:00:41 明白。冷库那几个温度计我明天先校一遍。\n",
    )
    # the reply sets the ask's date; a reply that names a thing of its own is an item
    assert sorted((i["source"]["line"], i["owners"], i["due"]) for i in got) == [
        (1, ["lifang"], "2026-07-10"), (3, ["liuhaitao"], "2026-07-13"),
        (4, [], "2026-07-09"),
    ], got


def test_a_team_speaking_for_itself_opens_a_turn_in_a_memo(org: Org) -> None:
    assert marks("我问一下供应商仓储部这边下周一前把库位调好", (), ("仓储部",)) == (
        "我问一下供应商。仓储部这边，下周一前把库位调好。"
    )
    assert "。" not in marks("芳姐你跟仓储部这边对一下库位表下周一前", ("芳姐",), ("仓储部",))[:-1]


def test_a_person_called_on_at_the_start_of_a_line_without_you(org: Org) -> None:
    got = items(
        org,
        "好那个我们简单过一下盘点的事\n"
        "那个孙敏冷冻品的抽检报告周五前发群里\n"
        "仓库的产能其实还有富余排不下可以挪一部分过去\n"
        "吴婷上次盘点的差异明细拉一下\n",
    )
    assert sorted((i["source"]["line"], i["owners"], i["due"]) for i in got) == [
        (2, ["sunmin"], "2026-07-10"), (4, ["wuting"], None),
    ], got
    # 「其实还有」 is "still have", and 「可以挪」 a verb phrase: neither is cut
    assert marks("仓库的产能其实还有富余排不下可以挪一部分过去") == (
        "仓库的产能其实还有富余排不下可以挪一部分过去"
    )


def test_an_answer_without_a_subject_or_a_later_promise_naming_the_thing_sets_the_date(
    org: Org,
) -> None:
    got = items(
        org,
        "00:00:10 吴婷，上次盘点的差异明细拉一下。\n"
        "00:00:16 行，明天中午前给你。\n"
        "00:00:25 小陈，门店网络巡检的报告你弄一下。\n"
        "00:00:31 孙敏，冷冻品的抽检你盯一下。\n"
        "00:00:40 好的。\n"
        "00:00:52 哦，巡检报告那个我周五前发你。\n",
    )
    assert sorted((i["source"]["line"], i["owners"], i["due"]) for i in got) == [
        (1, ["wuting"], "2026-07-09"), (3, ["chenjie"], "2026-07-10"), (4, ["sunmin"], None),
    ], got


def test_an_english_voice_memo_without_punctuation_is_cut_into_turns() -> None:
    from nlp.minutes.segment import restore_en

    text = ("okay so the main thing today is the store launch and then the price list "
            "Helen can you send the price list to finance by Friday sure I'll send it "
            "tomorrow also we'll book the venue next week great")
    got = restore_en(text, [(text.index("Helen"), text.index("Helen") + 5)])
    assert got == (
        "okay, so the main thing today is the store launch and then the price list. Helen "
        "can you send the price list to finance by Friday. sure, I'll send it tomorrow. "
        "also we'll book the venue next week. great."
    )


def test_an_english_memo_paragraph_holds_its_items() -> None:
    text = (
        "okay so the main thing today is the store launch and then the price list Helen can "
        "you send the price list to finance by Friday sure no problem I will also book the "
        "venue for the launch by next Wednesday and then Derek could you check the stock "
        "counts by Monday yes will do great thanks everyone bye\n"
        "we also talked about the weather for a while and nobody had anything else to say "
        "about the launch or the venue or the counts so that was the end of the meeting\n"
        "the next meeting will be in two weeks in the same room as always with everyone "
        "from the store team and finance and the people from the venue as well\n"
    )
    org = Org.model_validate({
        "name": "Shop", "timezone": "UTC",
        "departments": [{"id": "ops", "name": "Operations"}],
        "staff": [{"id": "helen", "name": "Helen Park", "department": "ops"},
                  {"id": "derek", "name": "Derek Liu", "department": "ops"}],
    })
    got = items(org, text)
    assert sorted((i["owners"], i["due"]) for i in got) == [
        ([], "2026-07-15"), (["derek"], "2026-07-13"), (["helen"], "2026-07-10"),
    ], got


def test_an_answer_then_a_call_out_and_a_question_at_the_end_of_a_line() -> None:
    # an answer, then someone called on to do a thing: two sentences, not a reply naming them
    got = marks("行小陈供应商的报价周四前报上去", ("小陈",))
    assert got == "行。小陈，供应商的报价周四前报上去。"
    assert marks("好的芳姐我知道了那就这样吧", ("芳姐",)).startswith("好的，芳姐")
    # a line that ends with 吗 asks
    assert marks("那个海涛仓库的标签下周一之前能换完吗", ("海涛",)).endswith("？")
    # a call-out after a long clause opens a sentence; after a short one it is a clause
    assert marks("原来想做的那个限定皮肤先不做了美术排不过来孙敏你把奖励再核一遍",
                 ("孙敏",)) == "原来想做的那个限定皮肤先不做了美术排不过来。孙敏你把奖励再核一遍。"
    assert "，孙敏你" in marks("标签的事你今天弄一下孙敏你把样品送检", ("孙敏",))


# ---------------------------------------------------------------- abuse and concurrency


def test_a_huge_run_on_dump_and_a_run_of_one_word_are_read_through(org: Org) -> None:
    # A careless or hostile upload: 20,000 characters without a mark (asks and fillers run
    # together) and a line of one answer word repeated; both are read to the end, every ask
    # of the run-on text is kept once, and the repeated word is no item.
    ask = "那个海涛你周五前把盘点表发给我嗯"
    text = ask * 1250 + "\n" + "好" * 5000 + "\n"
    got = items(org, text)
    assert got and len(got) <= 1250
    assert all(i["source"]["line"] == 1 for i in got)
    assert {tuple(i["owners"]) for i in got} <= {("liuhaitao",), ()}


def test_two_users_reading_dumps_at_once_get_what_each_gets_alone(org: Org) -> None:
    # The org lexicon's caches (pinyin readings, word frequencies) are built on first use and
    # shared: two dumps read at the same moment must each give what they give alone.
    import threading

    texts = [
        "芳姐你周五前把差异表发给我\n好的我周四发你\n海涛你下周一前把退货区的标签换一下\n",
        "行那个陈杰你明天把报价单核一遍然后海涛周五前出盘点表好的没问题\n",
    ]
    alone = [items(org, t) for t in texts]
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


def test_a_reply_run_into_the_ask_on_one_line_of_a_dump_confirms_it(org: Org) -> None:
    # a recorder's line holds the ask and the answer (no speakers, no marks): the answer
    # 「好这个我来盯」 / 「行月底前我调一下」 is the named person's confirmation, not a second item
    # whose owner nobody knows, and its date is the one agreed
    got = items(
        org,
        "好那个我们开始了啊今天说几个事情\n"
        "还有退货区这个问题海涛你来盯一下不能再出错了好这个我来盯\n"
        "然后财务这边芳姐那个差异表下周调整一下行月底前我调一下\n",
    )
    assert sorted((i["source"]["line"], i["owners"], i["due"]) for i in got) == [
        (2, ["liuhaitao"], None), (3, ["lifang"], "2026-07-31"),
    ], got


def test_a_team_spoken_to_with_a_date_opens_a_clause_in_a_dump(org: Org) -> None:
    # 「…还是去年的仓库那边下周一之前把…」: the speaker turns to a team (那边) and gives it a
    # date; run on with the words before, the ask was lost
    assert marks("标签还是去年的仓库那边下周一之前把退货区的标签更新一下", (), ("仓库",)) == (
        "标签还是去年的。仓库那边，下周一之前把退货区的标签更新一下。"
    )
    # work done told after the ask's 一下 is cut off; the thing of an ask (no 了) is not
    assert marks("把标签更新一下上周的盘点都做完了") == "把标签更新一下，上周的盘点都做完了。"
    assert marks("芳姐你核一下上周的数据发给我", ("芳姐",)) == "芳姐你核一下上周的数据发给我"
    got = items(
        org,
        "好那个我们开始了啊今天说几个事情\n"
        "第三个是标签的问题新来的那批人上手太慢了标签还是去年的仓库那边下周一之前把退货区的"
        "标签更新一下上周的盘点倒是都做完了\n"
        "另外原定周五的检查取消了领导那天要出差好那就这样散了\n",
    )
    assert [(i["source"]["line"], i["department"], i["due"]) for i in got] == [
        (2, "wh", "2026-07-13"),
    ], got


def test_a_nameless_promise_answering_a_question_put_to_one_person_is_theirs(org: Org) -> None:
    # no speakers: 「…芳姐那个差异表呢？」 asks one person, and the 「我这边…」 right after it is
    # her answer (the question is no item, so there is no ask to fold the promise into)
    got = items(
        org,
        "00:00:10 好，我们开始吧，今天说盘点。\n"
        "00:00:20 差异表呢，芳姐那个差异表呢？\n"
        "00:00:28 我这边周五前整理好，发到群里给大家。\n"
        "00:00:40 海涛，退货区的标签下周一前换一下。\n"
        "00:00:52 好的。\n",
    )
    assert sorted((i["source"]["line"], i["owners"], i["due"]) for i in got) == [
        (3, ["lifang"], "2026-07-10"), (4, ["liuhaitao"], "2026-07-13"),
    ], got


def test_a_date_said_back_in_a_run_on_line_is_an_answer_that_ends_the_ask() -> None:
    # 「…把报告要回来三个工作日内好要不要换一家…」: the one asked says the date back; run on,
    # the ask, the answer and the next question were one sentence (a question: no item)
    got = marks("芳姐你那边三个工作日内把供应商的报告要回来三个工作日内好要不要换一家供应商啊",
                ("芳姐",))
    assert got.startswith("芳姐你那边三个工作日内把供应商的报告要回来。三个工作日内"), got
    assert "。要不要换一家供应商啊。" in got, got


def test_a_person_and_their_side_asked_to_do_a_thing_once_own_it(org: Org) -> None:
    # 「…，海涛那边再对一下，…」: a name, 那边/这边, then a verb with 一下 asks that person (the
    # side is theirs), with a speaker or without one; 「海涛那边已经核过了」 tells, it asks nothing
    said = (
        "赵峰：退货的差异表，刘海涛那边再对一下，周五之前给我。\n"
        "刘海涛：收到。\n"
        "赵峰：盘点的数，海涛那边已经核过了，两个工作日内出报告。\n"
    )
    got = items(org, said, "call.txt")
    assert [(i["source"]["line"], i["owners"], i["due"]) for i in got][:1] == [
        (1, ["liuhaitao"], "2026-07-10"),
    ], got
    dump = items(
        org,
        "好我们开始吧今天主要说两个事情先说退货\n"
        "退货的差异表吴婷那边再核一下明天之前发我\n"
        "收到收到\n"
        "第二个是盘点的安排还没定下来回头再说吧\n",
    )
    assert [(i["source"]["line"], i["owners"], i["due"]) for i in dump] == [
        (2, ["wuting"], "2026-07-09"),
    ], dump


def test_a_nameless_line_pointing_back_to_an_ask_moves_its_date(org: Org) -> None:
    # no speakers: 「海涛啊，刚才那个盘点表，今天下班前就要发…，明天赶不上了」 moves the date of
    # the ask put to 海涛 earlier (not 明天, the day that is too late), and 「行那我今天下班前抓紧
    # 弄完」 right after is his answer; neither is an item of its own
    got = items(
        org,
        "好我们开始吧今天说三个事情时间不多\n"
        "海涛你把退货区的盘点表明天下午之前发给我\n"
        "好的明天下午\n"
        "第二个是标签的事情吴婷你这周五前把新标签贴完\n"
        "行没问题\n"
        "还有一个就是供应商的对账李芳你们财务月底前对完\n"
        "海涛啊刚才那个盘点表今天下班前就要发给财务明天赶不上了\n"
        "行那我今天下班前抓紧弄完\n"
        "好那就这样散了吧\n",
    )
    assert [(i["source"]["line"], i["owners"], i["due"]) for i in got] == [
        (2, ["liuhaitao"], "2026-07-08"),
        (4, ["wuting"], "2026-07-10"),
        (6, ["lifang"], "2026-07-31"),
    ], got


def test_a_second_ask_opened_by_another_name_after_lingwai_is_its_own_item(org: Org) -> None:
    # 「…海涛你再压一压价格 另外吴婷问问别的供应商 下周三前把报价单给我」: 另外 + a name + a verb
    # asks a second person in the same run-on turn; the date said last is the second ask's
    got = items(
        org,
        "好那我们开始吧今天说几个事情时间不多\n"
        "包材那家供应商又要调价说是纸价涨了\n"
        "这个幅度我们接受不了\n"
        "这家报价还是太高 海涛你再压一压价格 另外吴婷问问别的供应商 下周三前把报价单给我\n"
        "好\n",
    )
    assert [(i["source"]["line"], i["owners"], i["due"]) for i in got] == [
        (4, ["liuhaitao"], None), (4, ["wuting"], "2026-07-15"),
    ], got


def test_an_asr_spelling_of_a_name_before_zhao_is_someone_asked(org: Org) -> None:
    # 「另外吴庭找一下别的供应商」: 吴庭 sounds as 吴婷, and 找 (go and find) after it is work given
    got = items(
        org,
        "好那我们开始吧今天说几个事情时间不多\n"
        "包材那家供应商又要调价说是纸价涨了\n"
        "这个幅度我们接受不了\n"
        "这家报价还是太高 另外吴庭找一下别的供应商 下周三前把报价单给我\n"
        "好\n",
    )
    assert [(i["source"]["line"], i["owners"], i["due"]) for i in got] == [
        (4, ["wuting"], "2026-07-15"),
    ], got


def test_a_dumps_tasks_are_said_without_the_doer_and_date_as_a_transcripts_are(org: Org) -> None:
    """A recorder's dump (nobody named) is speech too: its tasks lose the one called on, the
    team as doer and the due date, as a named transcript's do (seventeenth pass)."""
    got = items(
        org,
        "好那个我们简单过一下盘点的事\n"
        "冷冻品那几个库位的差异最大\n"
        "那海涛你们仓储这边周五前去催一下厂家\n"
        "芳姐你周五前把差异表发给我\n",
    )
    assert [i["task"] for i in got] == ["去催一下厂家", "把差异表发给我"], got


# ---------------------------------------------------------------- word-segmented dumps


def test_a_word_segmented_line_is_read_as_unspaced_text() -> None:
    from nlp.minutes.segment import join_words

    # an ASR engine's word tokens, one to three characters each: the spaces are not pauses
    assert join_words("芳姐 你 周五 前 把 差异 表 发 给 我") == "芳姐你周五前把差异表发给我"
    assert join_words("仓库 那边 5S 要 搞 一下") == "仓库那边5S要搞一下"
    # pauses between long runs of speech stay (``extract._punctuate`` reads them as commas)
    assert join_words("那个 晓晓 你下周一前把报价单发我") == "那个 晓晓 你下周一前把报价单发我"
    assert join_words("Please send me the report") == "Please send me the report"


def test_a_dump_segmented_into_words_keeps_its_items_and_dates(org: Org) -> None:
    got = items(
        org,
        "好 那个 我们 简单 过 一下 盘点 的 事\n"
        "我 先 说 一下 结论 差异 主要 在 冷冻 品 那 几个 库位\n"
        "芳姐 你 周五 前 把 差异 表 发 给 我\n"
        "行 没问题\n"
        "退货 区 的 标签 海涛 你 下周一 前 换 一下\n"
        "这个 我们 仓库 二 组 来 弄 本周 内 全部 换 完\n",
    )
    by_line = {i["source"]["line"]: i for i in got}
    assert (by_line[3]["owners"], by_line[3]["due"]) == (["lifang"], "2026-07-10"), got
    assert (by_line[5]["owners"], by_line[5]["due"]) == (["liuhaitao"], "2026-07-13"), got
    assert "差异表" in by_line[3]["task"] and "全部换完" in by_line[6]["task"], got
    assert by_line[6]["due"] == "2026-07-10", got  # 本周内, as read without the spaces
    assert set(by_line) == {3, 5, 6}, got


def test_an_asr_spelling_of_a_nickname_called_on_is_the_person(org: Org) -> None:
    # 小晨 for 小陈 (陈杰): the recogniser writes a nickname with any character of its sound
    got = items(org, "好那个我们简单过一下盘点的事\n小晨你明天下班前把供应商报价再核一遍\n"
                     "行没问题\n小时工的排班下周再说\n")
    assert [(i["source"]["line"], i["owners"]) for i in got] == [(2, ["chenjie"])], got


def test_a_nameless_pushback_to_a_named_ask_moves_its_date_and_is_no_item(org: Org) -> None:
    # 「周四有点紧，我下周一吧」 answers the ask before it: a pushback names no thing
    got = items(org, "好那个我们开始吧今天说一下盘点\n海涛你那边退货区的标签周四前能换完吗\n"
                     "周四有点紧我下周一吧\n行那就下周一\n芳姐你周五前把差异表发给我\n")
    assert sorted((i["source"]["line"], i["owners"], i["due"]) for i in got) == [
        (2, ["liuhaitao"], "2026-07-13"), (5, ["lifang"], "2026-07-10"),
    ], got


def test_a_dump_line_pointing_back_with_zhege_carries_the_topic_said_before(org: Org) -> None:
    # 「这个我们仓库二组来弄…」 says what is to be done only with the line before it
    got = items(org, "好那个我们开始吧今天说一下盘点\n"
                     "然后第二个是冷库的那个温控探头要换掉还有标签要重打\n"
                     "这个我们仓库二组来弄这周内全部换完\n")
    assert [i["source"]["line"] for i in got] == [3], got
    assert "温控探头" in got[0]["task"] and "全部换完" in got[0]["task"], got


def test_a_hostile_word_segmented_line_is_joined_without_losing_a_character() -> None:
    from nlp.minutes.segment import join_words

    # 20,000 characters of one- and two-character tokens, digits, Latin, symbols and runs of
    # spaces: only spaces beside Chinese characters go, every other character stays in order
    hostile = " ".join(["芳姐", "你", "5S", "周五", "ab", "！", "前", "  ", "发", "给", "我"] * 700)
    joined = join_words(hostile)
    assert joined.replace(" ", "") == hostile.replace(" ", "")
    assert "芳姐你" in joined
    # a line of nothing but spaces and symbols is returned as it came
    assert join_words("  !!  ??  ") == "  !!  ??  "


def test_two_users_reading_word_segmented_dumps_at_once_get_what_each_gets_alone(
    org: Org,
) -> None:
    import threading

    texts = [
        "芳姐 你 周五 前 把 差异 表 发 给 我\n行 没问题\n",
        "退货 区 的 标签 海涛 你 下周一 前 换 一下\n"
        "这个 我们 仓库 二 组 来 弄 本周 内 全部 换 完\n",
    ]
    alone = [items(org, t) for t in texts]
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
    assert all(got), got
