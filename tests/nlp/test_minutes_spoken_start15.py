"""Work that starts on a day and then goes on (issue 17, start15 pass), in sentences of our own
as any company's meetings have them; run as the product runs them (rules and both shipped
detectors). 「从明天开始每天盘一次，一直做到…」 says when a standing job starts, not when it
is due; 「明天开会前…」 is still a limit. The org file (`spoken-own`) lists 仓库 as the alias
of 仓储部 (wh)."""

from __future__ import annotations

import datetime as dt

import pytest
from spoken_own import MEETING, found, own_org

from models.calendar import WorkCalendar
from models.org import Org
from nlp.dates import resolve_due


@pytest.fixture(scope="module")
def org() -> Org:
    return own_org()


def _found(org: Org, line: str) -> list[tuple]:
    text = "赵峰：库存对不上的事怎么弄？\n" + line + "\n赵峰：好。\n"
    return found(org, text)


@pytest.mark.parametrize(
    ("text", "due"),
    [
        ("我明天开始前把盘点表发给大家", dt.date(2026, 7, 9)),
        ("明天开会之前把数据发给我", dt.date(2026, 7, 9)),
        ("周五上线前把测试做完", dt.date(2026, 7, 10)),
        ("我从明天开始整理，周五前交给你", dt.date(2026, 7, 10)),
        ("我从明天开始每天盘一次", None),
        ("自下周一起每批抽检", None),
        ("明天开会的材料我来准备", None),
    ],
)
def test_a_start_is_no_deadline_but_before_it_starts_is(text: str, due: dt.date | None) -> None:
    assert resolve_due(text, MEETING, WorkCalendar("cn")) == due


@pytest.mark.parametrize(
    ("line", "want"),
    [
        # the department named: owners [], that department; the start is no due
        ("刘海涛：我们仓库这边从下周一开始每天盘一次，一直做到差异查清。", (2, [], "wh", None)),
        ("刘海涛：我们仓库那边从明天开始每天盘一次。", (2, [], "wh", None)),
        ("孙敏：我们质量部这边自下周起每批抽检，一直到供应商整改完。", (2, [], "qa", None)),
        # 我们 with no department named: the speaker's department (ANNOTATION.md)
        ("刘海涛：我们这边从明天开始每天盘一次，一直做到差异查清。", (2, [], "wh", None)),
        # 我: the speaker
        ("刘海涛：我从今天起每天报一次差异。", (2, ["liuhaitao"], "wh", None)),
        # a limit said after the start keeps its date
        ("刘海涛：我从明天开始整理，周五前交给你。", (2, ["liuhaitao"], "wh", "2026-07-10")),
    ],
)
def test_a_standing_job_from_a_day_on_is_an_undated_item(org: Org, line: str, want: tuple) -> None:
    assert _found(org, line) == [want]
