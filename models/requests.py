"""Cross-department requests: the state machine and the SLA clock (pure, no I/O).

The service stores requests and their transitions; what is *allowed* and *when* a
deadline falls is decided here, so the API, the CLI and the sweep agree on one answer.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from enum import StrEnum
from typing import Any

from models.calendar import WorkCalendar


class State(StrEnum):
    """Where a request is in its life."""

    submitted = "submitted"      # stored, not routed yet (only inside the submit call)
    triage = "triage"            # the model was not sure: a coordinator decides
    routed = "routed"            # with a receiving department, waiting for it to acknowledge
    accepted = "accepted"        # the receiving department took it (acknowledged)
    in_progress = "in_progress"
    done = "done"
    returned = "returned"        # 退单: the receiving department sent it back, with a reason


class Action(StrEnum):
    """What a person (or the system) does to a request; each moves it along one edge."""

    route = "route"        # system: confident prediction on submit, or next best after a return
    to_triage = "triage"   # system: not confident, or nowhere left to re-route
    decide = "decide"      # coordinator: the triage decision
    accept = "accept"      # receiving department acknowledges
    return_ = "return"     # receiving department sends it back (退单), reason required
    reroute = "reroute"    # coordinator: another department (person's choice or next best)
    start = "start"
    finish = "finish"


# action -> (states it may start from, state it leads to)
TRANSITIONS: dict[Action, tuple[frozenset[State], State]] = {
    Action.route: (frozenset({State.submitted, State.returned}), State.routed),
    Action.to_triage: (frozenset({State.submitted, State.returned}), State.triage),
    Action.decide: (frozenset({State.triage}), State.routed),
    Action.accept: (frozenset({State.routed}), State.accepted),
    Action.return_: (frozenset({State.routed, State.accepted}), State.returned),
    Action.reroute: (frozenset({State.returned, State.routed, State.triage}), State.routed),
    Action.start: (frozenset({State.accepted}), State.in_progress),
    Action.finish: (frozenset({State.in_progress}), State.done),
}

# Actions a person may take (the others are the system's own, on submit and after a return).
USER_ACTIONS = (Action.decide, Action.accept, Action.return_, Action.reroute, Action.start,
                Action.finish)
# Actions that belong to the receiving department (the others are the coordinators').
DEPARTMENT_ACTIONS = frozenset({Action.accept, Action.return_, Action.start, Action.finish})


class IllegalTransition(ValueError):
    """The action does not apply in the request's current state."""

    def __init__(self, state: State, action: Action) -> None:
        self.state, self.action = state, action
        self.allowed = allowed_actions(state)
        names = ", ".join(a.value for a in self.allowed) or "none"
        super().__init__(f"cannot {action.value} a request that is {state.value}; "
                         f"allowed now: {names}")


def allowed_actions(state: State, *, user_only: bool = True) -> list[Action]:
    """The actions that apply in ``state`` (by default only those a person may take)."""
    pool = USER_ACTIONS if user_only else tuple(Action)
    return [a for a in pool if state in TRANSITIONS[a][0]]


def next_state(state: State, action: Action) -> State:
    """The state ``action`` leads to from ``state``; IllegalTransition when it does not apply."""
    sources, target = TRANSITIONS[action]
    if state not in sources:
        raise IllegalTransition(state, action)
    return target


# ------------------------------------------------------------------------------- SLA


@dataclass(frozen=True)
class SlaPolicy:
    """How long a receiving department has to acknowledge, in working hours.

    ``day_start``/``day_end`` (org time) narrow a workday to office hours; without them
    every hour of a workday counts and no hour of a weekend or holiday does.
    """

    ack_hours: float = 24.0
    # 突发/紧急: 「突发问题需2小时内响应」 — the clock for urgent collaboration parts
    urgent_ack_hours: float = 2.0
    day_start: dt.time | None = None
    day_end: dt.time | None = None

    @classmethod
    def from_config(cls, raw: Any) -> SlaPolicy:
        """Read the org file's ``sla:`` mapping; ValueError names the bad key."""
        if raw is None:
            return cls()
        if not isinstance(raw, dict):
            raise ValueError("sla: expected a mapping such as {ack_hours: 24}")
        try:
            hours = float(raw.get("ack_hours", 24))
        except (TypeError, ValueError):
            raise ValueError(f"sla.ack_hours: {raw.get('ack_hours')!r} is not a number") from None
        if not 0 < hours <= 24 * 60:
            raise ValueError(f"sla.ack_hours must be > 0 and at most 1440, got {hours:g}")
        try:
            urgent = float(raw.get("urgent_ack_hours", min(2.0, hours)))
        except (TypeError, ValueError):
            raise ValueError(f"sla.urgent_ack_hours: {raw.get('urgent_ack_hours')!r} is not "
                             "a number") from None
        if not 0 < urgent <= hours:
            raise ValueError(f"sla.urgent_ack_hours must be > 0 and at most ack_hours "
                             f"({hours:g}), got {urgent:g}")
        start, end = _time(raw.get("day_start"), "day_start"), _time(raw.get("day_end"), "day_end")
        if (start is None) != (end is None):
            raise ValueError("sla: give both day_start and day_end, or neither")
        if start is not None and end is not None and start >= end:
            raise ValueError("sla.day_start must be before sla.day_end")
        return cls(ack_hours=hours, urgent_ack_hours=urgent, day_start=start, day_end=end)


def _time(v: Any, key: str) -> dt.time | None:
    if v is None or v == "":
        return None
    if isinstance(v, dt.time):
        return v
    if isinstance(v, int):  # YAML reads 09:00 unquoted as sexagesimal minutes (540)
        return dt.time(v // 60 % 24, v % 60)
    try:
        return dt.time.fromisoformat(str(v).strip())
    except ValueError:
        raise ValueError(f"sla.{key}: {v!r} is not a time (HH:MM)") from None


def _windows(day: dt.date, policy: SlaPolicy, tz: dt.tzinfo) -> tuple[dt.datetime, dt.datetime]:
    """The counted span of a workday, as aware datetimes in ``tz``."""
    # in UTC: arithmetic on aware datetimes sharing a tzinfo ignores DST changes
    if policy.day_start is None or policy.day_end is None:
        lo = dt.datetime.combine(day, dt.time(0), tz)
        hi = dt.datetime.combine(day + dt.timedelta(days=1), dt.time(0), tz)
    else:
        lo = dt.datetime.combine(day, policy.day_start, tz)
        hi = dt.datetime.combine(day, policy.day_end, tz)
    return lo.astimezone(dt.UTC), hi.astimezone(dt.UTC)


def add_working_hours(start: dt.datetime, hours: float, calendar: WorkCalendar,
                      tz: dt.tzinfo, policy: SlaPolicy | None = None) -> dt.datetime:
    """The moment ``hours`` working hours after ``start`` (aware, returned in UTC).

    Only time on the calendar's workdays (inside office hours, when the policy has them)
    counts: 24 working hours from Friday 15:00 end on Monday 15:00, and a request routed on
    30 September runs through National Day to the first workday after it.
    """
    if start.tzinfo is None:
        raise ValueError("start must be timezone-aware")
    policy = policy or SlaPolicy()
    left = dt.timedelta(hours=hours)
    cur = start.astimezone(dt.UTC)
    day = start.astimezone(tz).date()
    for _ in range(3660):  # ten years of days: beyond that the configuration is wrong
        if calendar.is_workday(day):
            lo, hi = _windows(day, policy, tz)
            begin = max(cur, lo)
            if begin < hi:
                span = hi - begin
                if span >= left:
                    return begin + left
                left -= span
        day += dt.timedelta(days=1)
    raise ValueError("no working time found within ten years; check the calendar")


# The office day a plan's first day is measured against when the org file's ``sla`` gives
# no ``day_start``/``day_end``: 09:00–18:00, the usual day of a mainland office.
OFFICE_DAY = (dt.time(9), dt.time(18))


def working_hours_left(now: dt.datetime, calendar: WorkCalendar, tz: dt.tzinfo,
                       policy: SlaPolicy | None = None) -> float:
    """Office hours left on ``now``'s day (org time): 0 on a non-workday or after the
    office day ends, the whole office day before it starts. The office day is the
    policy's ``day_start``–``day_end``, else :data:`OFFICE_DAY`. Why: a plan asked at 19:00
    must not put a full day's work on that evening."""
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    policy = policy or SlaPolicy()
    if not (policy.day_start and policy.day_end):
        policy = replace(policy, day_start=OFFICE_DAY[0], day_end=OFFICE_DAY[1])
    midnight = dt.datetime.combine(now.astimezone(tz).date() + dt.timedelta(days=1),
                                   dt.time(0), tz)
    return working_hours_between(now, midnight, calendar, tz, policy)


def working_hours_between(start: dt.datetime, end: dt.datetime, calendar: WorkCalendar,
                          tz: dt.tzinfo, policy: SlaPolicy | None = None) -> float:
    """Working hours elapsed from ``start`` to ``end`` (0 when end is before start)."""
    policy = policy or SlaPolicy()
    if end <= start:
        return 0.0
    total = dt.timedelta()
    cur, stop = start.astimezone(dt.UTC), end.astimezone(dt.UTC)
    day, last = start.astimezone(tz).date(), end.astimezone(tz).date()
    while day <= last:
        if calendar.is_workday(day):
            lo, hi = _windows(day, policy, tz)
            a, b = max(cur, lo), min(stop, hi)
            if b > a:
                total += b - a
        day += dt.timedelta(days=1)
    return total.total_seconds() / 3600


def resolve_deadline(expected: dt.date, tz: dt.tzinfo) -> dt.datetime:
    """The end of the expected completion date in the org's timezone, in UTC."""
    end = dt.datetime.combine(expected + dt.timedelta(days=1), dt.time(0), tz)
    return end.astimezone(dt.UTC)
