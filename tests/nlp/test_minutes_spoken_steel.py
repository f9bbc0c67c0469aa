"""Spoken phenomena a steel works' meetings showed (issue 17, steel14 pass), each in sentences
of our own, as any company's meetings have them; run as the product runs them (rules and both
shipped detectors). The org file (`spoken-own`) lists no aliases."""

from __future__ import annotations

import datetime as dt

import pytest
from spoken_own import found, own_org

from models.calendar import WorkCalendar
from models.org import Org
from nlp.dates import resolve_due

CN = WorkCalendar("cn")


@pytest.fixture(scope="module")
def org() -> Org:
    return own_org()


def _found(org: Org, text: str, name: str = "call.txt") -> list[tuple]:
    return found(org, text, name)


@pytest.mark.parametrize(
    ("text", "said_on", "due"),
    [
        # 节前: the last workday before the next holiday (国庆 10/1, 端午 6/19 in 2026)
        ("对账单节前交给我", "2026-09-22", "2026-09-30"),
        ("节前把库存盘一遍", "2026-06-08", "2026-06-18"),
        ("放假前把机房巡检做完", "2026-09-28", "2026-09-30"),
    ],
)
def test_before_the_holiday_is_the_last_workday_before_it(text: str, said_on: str,
                                                          due: str) -> None:
    assert resolve_due(text, dt.date.fromisoformat(said_on), CN) == dt.date.fromisoformat(due)


@pytest.mark.parametrize("text", ["节前节后的排班再看", "春节前后的运费会涨"])
def test_a_span_round_the_holiday_is_no_due_date(text: str) -> None:
    assert resolve_due(text, dt.date(2026, 9, 22), CN) is None


def test_one_deadline_said_after_two_asks_is_the_due_of_both(org: Org) -> None:
    # 「都是…前」 after two people are each given a task in one turn: the date is theirs both
    got = _found(org, "赵峰：吴婷你把盘点差异表再核一遍，海涛你把出库单汇总成一张表，"
                      "都是明天中午前。\n吴婷：好。\n刘海涛：收到。\n")
    owners_due = sorted((tuple(g[1]), g[3]) for g in got)
    assert owners_due == [(("liuhaitao",), "2026-07-09"), (("wuting",), "2026-07-09")], got


def test_a_recogniser_label_with_its_time_in_square_brackets_is_the_speaker(org: Org) -> None:
    # 「说话人2 [00:00:12]：…」: an offline recogniser's dump; the label is the speaker, and one
    # who says who they are (「我吴婷」) owns what they take on
    text = ("说话人1 [00:00:05]：好 我们开始 先说盘点\n"
            "说话人2 [00:00:12]：我吴婷 仓库这边 盘点差异表 我周五前整理出来\n"
            "说话人1 [00:00:20]：行\n")
    got = _found(org, text)
    assert (2, ["wuting"], "wh", "2026-07-10") in got, got


def test_a_recogniser_label_keeps_the_name_its_speaker_gave(org: Org) -> None:
    # the recogniser gives one voice one label for the whole file: who said 「我吴婷啊」 under
    # 说话人2 is still 吴婷 when 说话人2 speaks again
    text = ("说话人1 [00:00:05]：好 我们开始\n"
            "说话人2 [00:00:08]：我吴婷啊 仓库这边人到齐了\n"
            "说话人1 [00:00:15]：出库单的事 说一下\n"
            "说话人2 [00:00:20]：出库单 我明天补上\n")
    got = _found(org, text)
    assert (4, ["wuting"], "wh", "2026-07-09") in got, got


def test_the_unnamed_voice_answering_a_call_is_the_one_called(org: Org) -> None:
    # 说话人1 calls on 海涛; 说话人3 answers and takes on more: 说话人3 is 刘海涛 then, and
    # still is in the next turn of the same label
    text = ("说话人1 [00:00:05]：海涛 货架的事 你周五前跟周总申请一下\n"
            "说话人3 [00:00:12]：好 我来申请 另外冷库的温度记录 我明天发群里\n"
            "说话人3 [00:00:20]：还有叉车的年检 我下周一前约好\n")
    got = _found(org, text)
    assert (1, ["liuhaitao"], "wh", "2026-07-10") in got, got
    assert (3, ["liuhaitao"], "wh", "2026-07-13") in got, got


@pytest.mark.parametrize(
    "text",
    ["节前最后一班的设备清洁你盯着", "财务节前要把货款付完，我让他明天把单子走完",
     "节前收尾我一起说了"],
)
def test_before_the_holiday_as_a_qualifier_is_no_due_date_of_its_own(text: str) -> None:
    got = resolve_due(text, dt.date(2026, 9, 22), CN)
    assert got in (None, dt.date(2026, 9, 23)), got
