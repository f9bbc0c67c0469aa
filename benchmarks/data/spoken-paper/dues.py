# -*- coding: utf-8 -*-
"""Due-date expressions -> ISO dates, following ANNOTATION.md (calendar cn)."""
import calendar
import datetime as dt

import chinese_calendar as cc


def _d(s):
    return dt.date.fromisoformat(s)


def is_workday(d):
    return cc.is_workday(d)


def resolve(expr, meeting_date):
    """expr: None | today | tomorrow | wd:N | nextwd:N | thisweek | nextweek | eom |
    date:MM-DD | wdays:N | days:N | after_holiday (first working day after the
    statutory holiday that follows the meeting)."""
    if expr is None:
        return None
    m = _d(meeting_date)
    monday = m - dt.timedelta(days=m.weekday())
    if expr == "today":
        r = m
    elif expr == "tomorrow":
        r = m + dt.timedelta(days=1)
    elif expr.startswith("wd:"):
        n = int(expr[3:])
        r = monday + dt.timedelta(days=n)
        if r < m:
            r += dt.timedelta(days=7)
    elif expr.startswith("nextwd:"):
        r = monday + dt.timedelta(days=7 + int(expr[7:]))
    elif expr == "thisweek":
        r = monday + dt.timedelta(days=4)
    elif expr == "nextweek":
        r = monday + dt.timedelta(days=11)
    elif expr == "eom":
        r = dt.date(m.year, m.month, calendar.monthrange(m.year, m.month)[1])
    elif expr.startswith("date:"):
        mm, dd = map(int, expr[5:].split("-"))
        r = dt.date(m.year, mm, dd)
        if r < m:
            r = dt.date(m.year + 1, mm, dd)
    elif expr.startswith("wdays:"):
        n, r = int(expr[6:]), m
        while n:
            r += dt.timedelta(days=1)
            if is_workday(r):
                n -= 1
    elif expr.startswith("days:"):
        r = m + dt.timedelta(days=int(expr[5:]))
    elif expr == "after_holiday":
        r = m + dt.timedelta(days=1)
        while not cc.is_holiday(r) or is_workday(r):   # find the holiday
            r += dt.timedelta(days=1)
        while not is_workday(r):                       # then the first workday after it
            r += dt.timedelta(days=1)
    else:
        raise ValueError("unknown due expression: %r" % expr)
    return r.isoformat()
