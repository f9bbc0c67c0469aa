"""Kinds of miss read on a city gas utility's transcripts (spoken-gas, the sixteenth pass),
each written again in our own sentences on the spoken-own org, failing before its mend."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from models.org import Org, load_org
from nlp.minutes import extract

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "minutes"
MEETING = dt.date(2026, 7, 8)  # a Wednesday; Friday = 07-10, next Monday = 07-13


@pytest.fixture(scope="module")
def org() -> Org:
    return load_org(FIXTURES / "spoken-own" / "org.yaml")


def items(org: Org, text: str, name: str = "call.txt") -> list[dict]:
    return extract(text.encode(), name, org, MEETING).to_contract()["action_items"]


def fields(it: dict) -> tuple:
    return it["owners"], it["department"], it["due"]


def test_after_the_meeting_is_no_due_date(org: Org) -> None:
    """会后 (after the meeting) says when the speaker starts, not a deadline: a follow-up
    said with it has no due date; a day said beside it still is one."""
    got = items(
        org,
        "赵峰：叉车电瓶还没到货。\n"
        "刘海涛：这个我会后问一下周总，催一催。\n"
        "李芳：对账单我会后整理，今天下班前发你。\n",
    )
    assert [fields(i) for i in got] == [
        (["liuhaitao"], "wh", None),
        (["lifang"], "fin", "2026-07-08"),
    ], got


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("我会后问一下周总到货的事", None),  # 一下 + 周总, not 下周
        ("你去催一下周边几家供应商", None),
        ("看一下周报，下周二前回我", "2026-07-14"),
        ("周一下周二都行，下周二前给我", "2026-07-14"),
        ("下周五前给我", "2026-07-17"),
    ],
)
def test_yi_xia_before_a_week_word_is_no_next_week(text: str, want: str | None) -> None:
    """「问一下周总」: 一下 (a little) then 周总 (Mr Zhou) holds no 下周 (next week)."""
    from models.calendar import WorkCalendar
    from nlp.dates import resolve_due

    d = resolve_due(text, MEETING, WorkCalendar("cn"))
    assert (d.isoformat() if d else None) == want
