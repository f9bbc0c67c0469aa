"""Problems and disputes on a collaboration (问题跟踪表): the state machine, the three-level
dispute ladder and the org file's settings (pure, no I/O).

A problem is open → in_progress → resolved → closed (closed also without a fix, with a
note; a resolved one may be reopened). A problem between departments can be marked a
dispute: it then climbs 协作接口人 (level 1) → the department heads together (level 2) →
the committee (level 3), each level with its own deadline in working days; each level's
decision either resolves the problem or sends it up. While a dispute is running the plain
``resolve`` is refused: the level's decision is what ends it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from models.calendar import WorkCalendar


class ProblemState(StrEnum):
    open = "open"
    in_progress = "in_progress"
    resolved = "resolved"
    closed = "closed"


class ProblemAction(StrEnum):
    start = "start"
    resolve = "resolve"
    close = "close"
    reopen = "reopen"
    dispute = "dispute"      # mark as a dispute between departments: level 1 starts
    decide = "decide"        # the current level's decision: resolve, or send it up


LIVE = frozenset({ProblemState.open, ProblemState.in_progress})

TRANSITIONS: dict[ProblemAction, tuple[frozenset[ProblemState], ProblemState | None]] = {
    ProblemAction.start: (frozenset({ProblemState.open}), ProblemState.in_progress),
    ProblemAction.resolve: (LIVE, ProblemState.resolved),
    ProblemAction.close: (frozenset({*LIVE, ProblemState.resolved}), ProblemState.closed),
    ProblemAction.reopen: (frozenset({ProblemState.resolved}), ProblemState.in_progress),
    ProblemAction.dispute: (LIVE, None),   # the state stays; the ladder starts
    ProblemAction.decide: (LIVE, None),    # resolved, or the next level
}

SEVERITIES = ("high", "medium", "low")
SEVERITY_ZH = {"high": "高", "medium": "中", "low": "低"}
_SEVERITY_IN = {"高": "high", "中": "medium", "低": "low", "high": "high",
                "medium": "medium", "low": "low", "h": "high", "m": "medium", "l": "low"}
TARGET_KINDS = ("collab", "request", "action_item")

LEVELS = (1, 2, 3)
COMMITTEE_LEVEL = 3
LEVEL_ZH = {1: "协作接口人", 2: "部门负责人", 3: "协调委员会"}
LEVEL_EN = {1: "liaisons", 2: "department heads", 3: "committee"}
OUTCOMES = ("resolve", "escalate")


def severity_of(value: Any) -> str | None:
    """高/中/低 or high/medium/low (any case) → high/medium/low; None when unknown."""
    return _SEVERITY_IN.get(str(value or "").strip().lower())


class IllegalProblemTransition(ValueError):
    def __init__(self, state: ProblemState, action: ProblemAction, dispute_level: int,
                 why: str = "") -> None:
        self.allowed = allowed_actions(state, dispute_level)
        names = ", ".join(a.value for a in self.allowed) or "none"
        where = f"{state.value}" + (f", dispute at level {dispute_level}" if dispute_level else "")
        super().__init__(f"cannot {action.value} a problem that is {where}"
                         f"{'; ' + why if why else ''}; allowed now: {names}")


def allowed_actions(state: ProblemState, dispute_level: int = 0) -> list[ProblemAction]:
    """What applies now. In a dispute only the level's decision (and closing) applies;
    outside one, ``decide`` does not."""
    out = []
    for a, (sources, _) in TRANSITIONS.items():
        if state not in sources:
            continue
        if dispute_level and a in (ProblemAction.start, ProblemAction.resolve,
                                   ProblemAction.dispute):
            continue
        if not dispute_level and a is ProblemAction.decide:
            continue
        out.append(a)
    return out


def check(state: ProblemState, action: ProblemAction, dispute_level: int = 0) -> None:
    """IllegalProblemTransition (naming what is allowed) unless ``action`` applies now."""
    if action not in allowed_actions(state, dispute_level):
        why = ""
        if dispute_level and action is ProblemAction.resolve:
            why = "a dispute ends with its level's decision"
        elif not dispute_level and action is ProblemAction.decide:
            why = "it is not a dispute"
        raise IllegalProblemTransition(state, action, dispute_level, why)


def next_state(state: ProblemState, action: ProblemAction, dispute_level: int = 0
               ) -> ProblemState:
    check(state, action, dispute_level)
    target = TRANSITIONS[action][1]
    return state if target is None else target


# ------------------------------------------------------------------------------ settings


@dataclass(frozen=True)
class ProblemSettings:
    """The org file's ``disputes:`` and ``problems:`` mappings (every key optional)::

        disputes:
          level1_days: 1        # 协作接口人 settle it within N working days
          level2_days: 3        # the department heads together
          committee_days: 5     # the committee's decision
        problems:
          due_days: {high: 1, medium: 3, low: 5}   # a problem's default due date
          digest_time: "12:00"  # daily digest of open problems to the lead department
          weekly_weekday: 5     # 周进展 summary: ISO weekday (5 = Friday) …
          weekly_time: "15:00"  # … and time, org timezone
    """

    level_days: dict[int, int] = field(default_factory=lambda: {1: 1, 2: 3, 3: 5})
    due_days: dict[str, int] = field(default_factory=lambda: {"high": 1, "medium": 3,
                                                              "low": 5})
    digest_time: dt.time = dt.time(12, 0)
    weekly_weekday: int = 5
    weekly_time: dt.time = dt.time(15, 0)

    @classmethod
    def from_org_data(cls, data: dict[str, Any]) -> ProblemSettings:
        """Read and check the two mappings; ValueError names the bad key."""
        kw: dict[str, Any] = {}
        disputes = data.get("disputes")
        if disputes is not None:
            if not isinstance(disputes, dict):
                raise ValueError("disputes: expected a mapping such as {level1_days: 1}")
            unknown = set(disputes) - {"level1_days", "level2_days", "committee_days"}
            if unknown:
                raise ValueError(f"disputes: unknown key(s) {sorted(unknown)}; use level1_days,"
                                 " level2_days, committee_days")
            days = dict(cls().level_days)
            for level, key in ((1, "level1_days"), (2, "level2_days"), (3, "committee_days")):
                if key in disputes:
                    days[level] = _days(disputes[key], f"disputes.{key}")
            kw["level_days"] = days
        problems = data.get("problems")
        if problems is not None:
            if not isinstance(problems, dict):
                raise ValueError("problems: expected a mapping such as {digest_time: '12:00'}")
            unknown = set(problems) - {"due_days", "digest_time", "weekly_weekday",
                                       "weekly_time"}
            if unknown:
                raise ValueError(f"problems: unknown key(s) {sorted(unknown)}")
            if "due_days" in problems:
                raw = problems["due_days"]
                if not isinstance(raw, dict):
                    raise ValueError("problems.due_days: expected {high: 1, medium: 3, low: 5}")
                due = dict(cls().due_days)
                for k, v in raw.items():
                    sev = severity_of(k)
                    if sev is None:
                        raise ValueError(f"problems.due_days: unknown severity {k!r}")
                    due[sev] = _days(v, f"problems.due_days.{k}")
                kw["due_days"] = due
            for key in ("digest_time", "weekly_time"):
                if key in problems:
                    kw[key] = _clock(problems[key], f"problems.{key}")
            if "weekly_weekday" in problems:
                wd = problems["weekly_weekday"]
                if not isinstance(wd, int) or isinstance(wd, bool) or not 1 <= wd <= 7:
                    raise ValueError(f"problems.weekly_weekday: {wd!r} is not 1 (Mon) – 7 (Sun)")
                kw["weekly_weekday"] = wd
        return cls(**kw)


def _days(v: Any, key: str) -> int:
    if isinstance(v, bool) or not isinstance(v, int) or not 1 <= v <= 60:
        raise ValueError(f"{key}: {v!r} is not a whole number of working days from 1 to 60")
    return v


def _clock(v: Any, key: str) -> dt.time:
    if isinstance(v, int) and not isinstance(v, bool):  # YAML 1.1 reads 12:00 as 720
        if 0 <= v < 24 * 60:
            return dt.time(v // 60, v % 60)
    else:
        try:
            return dt.time.fromisoformat(str(v).strip())
        except ValueError:
            pass
    raise ValueError(f"{key}: {v!r} is not a time of day (HH:MM)")


# ------------------------------------------------------------------------------ deadlines


def level_deadline(start: dt.datetime, days: int, calendar: WorkCalendar,
                   tz: dt.tzinfo) -> dt.datetime:
    """The moment a level's time runs out: the same local time ``days`` working days after
    the day it started (a level started on a holiday counts from the next workday's start:
    a dispute raised on National Day with 1 day is due at the end of the first workday)."""
    local = start.astimezone(tz)
    if calendar.is_workday(local.date()):
        day = calendar.add_workdays(local.date(), days)
        return dt.datetime.combine(day, local.timetz()).astimezone(dt.UTC)
    first = calendar.next_workday(local.date())
    day = calendar.add_workdays(first, days - 1) if days > 1 else first
    end = dt.datetime.combine(day + dt.timedelta(days=1), dt.time(0), tz)
    return end.astimezone(dt.UTC)


def due_date(raised: dt.date, days: int, calendar: WorkCalendar) -> dt.date:
    """A problem's due date: ``days`` working days after the day it was raised."""
    return calendar.add_workdays(raised, days)
