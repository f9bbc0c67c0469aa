"""A clock-time deadline with no day said is today's (issue 17): 「两点半前拿给我签字」."""

from __future__ import annotations

import pytest

from models.calendar import WorkCalendar
from nlp.dates import resolve_due

CN = WorkCalendar("cn")


@pytest.mark.parametrize(
    "said, want",
    [
        ("汇总好，两点半前拿给我签字", "2026-04-29"),
        ("下午三点以前把名单报上来", "2026-04-29"),
        ("名单10点之前报给行政", "2026-04-29"),
        ("明天下午三点前把名单报上来", "2026-04-30"),  # the day said wins
        ("周五上午十点前交", "2026-05-01"),
        ("三点的会你替我去开", None),  # a time that names a meeting is no deadline
        ("这三点前面都说过了", None),
    ],
)
def test_a_clock_time_deadline_alone_is_the_meeting_day(said: str, want: str | None) -> None:
    import datetime as dt

    got = resolve_due(said, dt.date(2026, 4, 29), CN)
    assert (got.isoformat() if got else None) == want
