"""The organisation's work calendar: which days are workdays.

Every deadline, reminder and plan in the product counts working days through this
one class, so that a statutory holiday or a make-up workday is honoured everywhere.
"""

from __future__ import annotations

import datetime as dt
import logging
import warnings
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

log = logging.getLogger(__name__)

CALENDAR_KINDS = ("cn", "none")


class CalendarRangeWarning(UserWarning):
    """A date lies outside the years the statutory-holiday table knows."""


@dataclass(frozen=True)
class WorkCalendar:
    """Workdays of one organisation.

    ``kind`` "cn" uses the mainland-China statutory holidays and make-up workdays of
    the ``chinese_calendar`` package; "none" is Monday to Friday. Dates listed in
    ``holidays`` / ``workdays`` override both, which is how an org covers a year the
    package does not know yet (or a company-specific day off).
    """

    kind: str = "none"
    holidays: frozenset[dt.date] = field(default_factory=frozenset)
    workdays: frozenset[dt.date] = field(default_factory=frozenset)

    def __post_init__(self) -> None:
        if self.kind not in CALENDAR_KINDS:
            raise ValueError(f"unknown calendar {self.kind!r}; expected one of {CALENDAR_KINDS}")

    def is_workday(self, day: dt.date) -> bool:
        """True when people work on ``day``."""
        if day in self.workdays:
            return True
        if day in self.holidays:
            return False
        if self.kind == "cn":
            known = _cn_is_workday(day)
            if known is not None:
                return known
        return day.weekday() < 5

    def is_known(self, day: dt.date) -> bool:
        """False when ``day`` is outside the statutory table (weekday rule used instead)."""
        if self.kind != "cn" or day in self.workdays or day in self.holidays:
            return True
        return _cn_is_workday(day, warn=False) is not None

    def workdays_between(self, start: dt.date, end: dt.date) -> list[dt.date]:
        """Workdays from ``start`` to ``end``, both included."""
        return [d for d in _days(start, end) if self.is_workday(d)]

    def add_workdays(self, day: dt.date, n: int) -> dt.date:
        """The n-th workday after ``day`` (n >= 1); ``day`` itself never counts.

        This is the reading of "3个工作日内" / "within 3 business days" said on ``day``.
        With n == 0, ``day`` itself if it is a workday, else the next workday.
        """
        if n <= 0:
            return day if self.is_workday(day) else self.next_workday(day)
        d = day
        while n > 0:
            d += dt.timedelta(days=1)
            if self.is_workday(d):
                n -= 1
        return d

    def next_workday(self, day: dt.date) -> dt.date:
        """The first workday strictly after ``day``."""
        return self.add_workdays(day, 1)

    def previous_workday(self, day: dt.date) -> dt.date:
        """The last workday strictly before ``day``."""
        d = day - dt.timedelta(days=1)
        while not self.is_workday(d):
            d -= dt.timedelta(days=1)
        return d

    def first_workday_after_holiday(self, day: dt.date) -> dt.date:
        """The first workday after the next holiday (节后第一个工作日, 节后第一天).

        A holiday is a run of non-workdays holding a weekday off; an ordinary weekend is
        passed over (said on 2026-06-08, 节后 is after 端午 6/19–21, not after 6/13–14). A
        short holiday with a long one (five days off or more) starting within a week after it
        gives way to the long one: said on 2026-09-22, 节后 is after 国庆 10/1–7, not after
        中秋 9/25–27 (how the annotators of two of our spoken sets read it). With no holiday
        known in the next 100 days (calendar "none"), after the next weekend.
        """
        first: dt.date | None = None
        d = day
        while d <= day + dt.timedelta(days=100):  # holidays are never further apart
            while self.is_workday(d):
                d += dt.timedelta(days=1)
            holiday, off = False, 0
            while not self.is_workday(d):
                holiday = holiday or d.weekday() < 5
                off += 1
                d += dt.timedelta(days=1)
            if holiday:
                if off < 5:
                    nxt = self._long_holiday_end(d, within=7)
                    if nxt is not None:
                        return nxt
                return d
            first = first or d
        return first or d

    def _long_holiday_end(self, day: dt.date, within: int) -> dt.date | None:
        """The first workday after a holiday of five days off or more that starts within
        ``within`` days of ``day``, if there is one."""
        d = day
        while d <= day + dt.timedelta(days=within):
            if self.is_workday(d):
                d += dt.timedelta(days=1)
                continue
            start = d
            while not self.is_workday(d):
                d += dt.timedelta(days=1)
            if (d - start).days >= 5:
                return d
        return None


def _days(start: dt.date, end: dt.date) -> Iterator[dt.date]:
    d = start
    while d <= end:
        yield d
        d += dt.timedelta(days=1)


_warned_years: set[int] = set()


def _cn_is_workday(day: dt.date, warn: bool = True) -> bool | None:
    """chinese_calendar's answer, or None for a year it does not cover."""
    import chinese_calendar

    try:
        return bool(chinese_calendar.is_workday(day))
    except NotImplementedError:
        if warn and day.year not in _warned_years:
            _warned_years.add(day.year)
            msg = (
                f"chinese_calendar does not know {day.year}; treating Mon-Fri as workdays "
                "for it (list holidays:/workdays: in the org file to correct this)"
            )
            log.warning(msg)
            warnings.warn(msg, CalendarRangeWarning, stacklevel=3)
        return None


def parse_dates(values: Iterable[object], what: str) -> frozenset[dt.date]:
    """Dates from YAML (already dates) or ISO strings; ValueError names the bad one."""
    out = set()
    for v in values or ():
        if isinstance(v, dt.datetime):
            out.add(v.date())
        elif isinstance(v, dt.date):
            out.add(v)
        else:
            try:
                out.add(dt.date.fromisoformat(str(v).strip()))
            except ValueError:
                raise ValueError(f"{what}: {v!r} is not a date (YYYY-MM-DD)") from None
    return frozenset(out)
