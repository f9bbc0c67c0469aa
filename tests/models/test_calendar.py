"""Work calendar: statutory holidays, make-up workdays, overrides, years out of range."""

from __future__ import annotations

import datetime as dt

import pytest

from models.calendar import CalendarRangeWarning, WorkCalendar

D = dt.date


def test_national_day_2026_and_make_up_saturday() -> None:
    cal = WorkCalendar("cn")
    assert not cal.is_workday(D(2026, 10, 1))
    assert not cal.is_workday(D(2026, 10, 7))
    assert cal.is_workday(D(2026, 10, 10))  # Saturday make-up workday
    # said on Wed 30 Sep: 3 working days → the make-up Saturday
    assert cal.add_workdays(D(2026, 9, 30), 3) == D(2026, 10, 10)
    assert cal.add_workdays(D(2026, 9, 30), 2) == D(2026, 10, 9)
    assert cal.add_workdays(D(2026, 9, 30), 5) == D(2026, 10, 13)
    assert cal.first_workday_after_holiday(D(2026, 9, 30)) == D(2026, 10, 8)


def test_none_calendar_is_monday_to_friday() -> None:
    cal = WorkCalendar("none")
    assert cal.is_workday(D(2026, 10, 1))
    assert not cal.is_workday(D(2026, 10, 10))
    assert cal.workdays_between(D(2026, 11, 23), D(2026, 11, 29)) == [
        D(2026, 11, 23) + dt.timedelta(days=i) for i in range(5)]


def test_overrides_win() -> None:
    cal = WorkCalendar("cn", holidays=frozenset({D(2026, 11, 23)}),
                       workdays=frozenset({D(2026, 11, 29)}))
    assert not cal.is_workday(D(2026, 11, 23))
    assert cal.is_workday(D(2026, 11, 29))


def test_year_outside_the_table_warns_and_uses_weekdays() -> None:
    cal = WorkCalendar("cn")
    far = D(2099, 1, 5)  # a Monday
    with pytest.warns(CalendarRangeWarning):
        assert cal.is_workday(far)
    assert not cal.is_known(far)
    assert not cal.is_workday(D(2099, 1, 3))


def test_unknown_kind_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown calendar"):
        WorkCalendar("lunar")
