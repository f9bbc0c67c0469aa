"""Spoken phenomena a shipyard's meetings showed (issue 17, shipyard15 pass), each in sentences
of our own, as any company's meetings have them; run as the product runs them (rules and both
shipped detectors). The org file (`spoken-own`) lists no aliases."""

from __future__ import annotations

import pytest
from spoken_own import found, own_org

from models.org import Org
from nlp.minutes.rules import closing_recap


@pytest.fixture(scope="module")
def org() -> Org:
    return own_org()


def _found(org: Org, text: str, name: str = "call.txt") -> list[tuple]:
    return found(org, text, name)


_RECAPS = [
    # 最后 before 我, a particle before the colon
    "嗯，先不定。最后我重复一下啊：海涛周五盘点表，芳姐下周一对账，晓晓明天发计划。",
    # 最后我再…, the list after a comma
    "最后我再重复一下，盘点表周五交，对账下周一弄完，计划明天发。好，散会。",
    # 简单 alone, without 最后 / 再
    "那我简单重复一下，盘点表周五交，对账下周一弄完，计划明天发。好，今天就到这儿。",
]


@pytest.mark.parametrize("text", _RECAPS)
def test_going_over_the_list_last_is_a_recap_whatever_the_order(text: str) -> None:
    assert closing_recap(text)


@pytest.mark.parametrize("text", _RECAPS)
def test_a_recap_with_me_after_last_adds_no_item(org: Org, text: str) -> None:
    got = _found(org, "赵峰：海涛，冷库的盘点表周五前拉出来。\n刘海涛：好的。\n"
                      "赵峰：芳姐，上个月的对账下周一前弄完。\n李芳：行。\n"
                      "赵峰：晓晓，下周的排班计划明天发群里。\n王晓：收到。\n"
                      f"赵峰：{text}\n")
    assert [g[0] for g in got] == [1, 3, 5], got


@pytest.mark.parametrize("text", ["我简单说一下情况，仓库那边人到齐了。",
                                  "这份清单我重复一遍也没用，你们自己看。"])
def test_saying_something_briefly_is_no_recap(text: str) -> None:
    assert not closing_recap(text)


@pytest.mark.parametrize("turn", ["嗯，那个，先请海涛说一下盘点的整体进度。",
                                  "好，先请芳姐介绍一下对账的情况。",
                                  "然后冷库，海涛你说。",
                                  "下一个，芳姐你讲。"])
def test_the_floor_given_is_no_item(org: Org, turn: str) -> None:
    # the chair hands the floor to someone: they speak now, in the meeting; nothing to do after
    assert _found(org, f"赵峰：{turn}\n刘海涛：好。冷库温度都正常。\n") == []


def test_a_report_asked_of_someone_outside_the_meeting_stays_an_ask(org: Org) -> None:
    got = _found(org, "赵峰：请海涛跟客户说一下盘点的进度，周五前。\n刘海涛：好。\n")
    assert [(g[0], g[1]) for g in got] == [(1, ["liuhaitao"])], got


@pytest.mark.parametrize("reply", ["可以，差异一出来我就安排，周五前报出去没问题。",
                                   "行，样品一到我就安排复核，周五前给你。"])
def test_a_reply_that_says_when_it_starts_confirms_the_ask(org: Org, reply: str) -> None:
    # 「X一出来我就…」: as soon as X — a time, not a thing of the replier's own besides the ask
    got = _found(org, "赵峰：孙敏，盘点差异出来了你安排一下复核，周五之前要报给客户的。\n"
                      f"孙敏：{reply}\n")
    assert [(g[0], g[1], g[3]) for g in got] == [(1, ["sunmin"], "2026-07-10")], got


def test_a_thing_of_the_repliers_own_is_still_its_item(org: Org) -> None:
    got = _found(org, "赵峰：孙敏，盘点差异你安排一下复核，周五之前要报给客户的。\n"
                      "孙敏：可以。留样记录我明天一早补上。\n")
    assert [g[0] for g in got] == [1, 2], got


@pytest.mark.parametrize("lead", ["我这边提一个，", "我提一下，", ""])
def test_raising_a_point_is_not_the_speakers_own_task(org: Org, lead: str) -> None:
    # 「我这边提一个，质量部这边，…给到我们销售部」: the team named does it, the speaker only
    # raises it; the head's 「行，我们月底前给」 confirms it
    got = _found(org, f"赵峰：{lead}质量部这边，留样记录月底前一定要给到我们销售部，"
                      "不然没法报价。\n孙敏：行，我们月底前给。\n")
    assert [(g[0], g[1], g[2], g[3]) for g in got] == [(1, [], "qa", "2026-07-31")], got


@pytest.mark.parametrize(
    "turn",
    [
        # the team named, then 你们, a date and the verb
        "那质量部你们月底前把留样记录报给财务部，别再拖了。",
        # the team named as a vocative, 你们 and a topic before the date
        "质量部，你们留样室的温湿度记录月底前要跟李芳对一遍。",
    ],
)
def test_a_team_named_then_spoken_to_owns_the_ask(org: Org, turn: str) -> None:
    # no person named: the team's task (owners [], that department), whoever says 「行」
    got = _found(org, f"赵峰：{turn}\n孙敏：行，行。\n")
    assert [(g[0], g[1], g[2], g[3]) for g in got] == [(1, [], "qa", "2026-07-31")], got


def test_a_team_sent_to_is_no_owner(org: Org) -> None:
    got = _found(org, "赵峰：海涛，盘点表月底前发给质量部，你们那边核一下。\n刘海涛：好。\n")
    assert [(g[0], g[1]) for g in got] == [(1, ["liuhaitao"])], got


def test_a_surname_before_a_little_nickname_is_one_name(org: Org) -> None:
    # 「吴小婷」 for 吴婷 (a recogniser writes 晓 as 小; 小婷 is her nickname): 让 + that name
    # hands the work to her, and the chair's 「这个要抓紧」 takes nothing on
    got = _found(org, "赵峰：冷库的事今天先这样。\n"
                      "刘海涛：还有一个，冷库压缩机那个，厂家的工程师一直没来。"
                      "我让吴小婷去联系厂家，叫他下周五前把工程师约到厂里。\n"
                      "赵峰：嗯，这个要抓紧。\n")
    assert [(g[0], g[1], g[3]) for g in got] == [(2, ["wuting"], "2026-07-17")], got


@pytest.mark.parametrize(
    ("text", "due"),
    [
        # as soon as work starts again after the holiday: its first workday (国庆 2026: 10-08)
        ("我节后一上班就联系回收单位拉走", "2026-10-08"),
        ("节后一开工就把台账补上", "2026-10-08"),
        # 节前 right before going to do the work
        ("我让吴婷节前去换掉", "2026-09-30"),
    ],
)
def test_the_holiday_said_with_the_start_of_work(text: str, due: str) -> None:
    import datetime as dt

    from models.calendar import WorkCalendar
    from nlp.dates import resolve_due

    got = resolve_due(text, dt.date(2026, 9, 29), WorkCalendar("cn"))
    assert got == dt.date.fromisoformat(due)


@pytest.mark.parametrize("text", ["这个节后再说", "节后上班的人员名单"])
def test_after_the_holiday_alone_is_no_date(text: str) -> None:
    import datetime as dt

    from models.calendar import WorkCalendar
    from nlp.dates import resolve_due

    assert resolve_due(text, dt.date(2026, 9, 29), WorkCalendar("cn")) is None


def test_moving_the_weekly_meeting_with_me_moves_no_item(org: Org) -> None:
    # 「周会我改到周四下午开」: the chair moves the meeting, not the date of 海涛's errand, even
    # when the same turn names 海涛 again for the room
    got = _found(org, "赵峰：海涛你今天跟他们说一下冷库下周一停机检修的事，"
                      "吴婷你把那两天的出库计划重新排一下，周五前给我。\n吴婷：好的。\n"
                      "赵峰：那今天就这样。周会我改到周四下午开，会议室我让海涛今天订好。\n")
    assert (1, ["liuhaitao"], "wh", "2026-07-08") in got, got
    assert (3, ["liuhaitao"], "wh", "2026-07-08") in got, got


@pytest.mark.parametrize("call", ["嗯 然后冷库 海涛你说", "下一个是冷库的事，海涛，你来讲一下吧。"])
def test_an_unnamed_voice_answering_the_floor_handed_last_is_the_one_named(
    org: Org, call: str
) -> None:
    # the floor handed to 海涛 at the end of the chair's turn (after the topic): the unnamed
    # voice that speaks next is 海涛, and owns what it takes on
    text = ("说话人1 00:00:02\n好 我们开始 先说盘点\n\n"
            f"说话人1 00:02:16\n{call}\n\n"
            "说话人4 00:02:19\n冷库 主要就是压缩机 去年坏过一次 压缩机的保养我下周三前做完\n")
    got = _found(org, text, "rec.txt")
    assert [(g[0], g[1], g[3]) for g in got] == [(8, ["liuhaitao"], "2026-07-15")], got


def test_an_answer_naming_the_thing_and_a_time_of_day_answers_the_ask(org: Org) -> None:
    # 「对账函明天上午我签了给你」: 上午 is when, not part of the thing; the answer confirms the
    # ask for a signature and is one item with it, the answer's date kept
    got = _found(org, "刘海涛：赵总，还有客户那边的对账函，得您签字，明天能签吗？\n"
                      "赵峰：对账函明天上午我签了给你。\n")
    assert [(g[1], g[3]) for g in got] == [(["zhaofeng"], "2026-07-09")], got
