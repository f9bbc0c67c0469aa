"""Collaboration projects: the part state machine, board status and risk (pure, no I/O).

A part is one department's share of a collaboration. Its life mirrors a single request's
(accept / 退单 / start / finish) but each part moves on its own, so one department's return
never disturbs the others. Status and risk on the board are *computed* here from the plan
and the calendar, never typed in, so the API, the web board and the sweep agree.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import StrEnum

from models.calendar import WorkCalendar


class PartState(StrEnum):
    pending = "pending"          # with the department, waiting for its liaison to answer
    accepted = "accepted"
    returned = "returned"        # 退单 with nowhere to go: in triage, a coordinator decides
    in_progress = "in_progress"
    done = "done"


class PartAction(StrEnum):
    accept = "accept"
    return_ = "return"
    start = "start"
    finish = "finish"
    reassign = "reassign"        # coordinator: a returned part to another department
    reopen = "reopen"            # the requester reopened the result: back to work


PART_TRANSITIONS: dict[PartAction, tuple[frozenset[PartState], PartState]] = {
    PartAction.accept: (frozenset({PartState.pending}), PartState.accepted),
    PartAction.return_: (frozenset({PartState.pending, PartState.accepted}), PartState.returned),
    PartAction.start: (frozenset({PartState.accepted}), PartState.in_progress),
    PartAction.finish: (frozenset({PartState.in_progress}), PartState.done),
    PartAction.reassign: (frozenset({PartState.returned}), PartState.pending),
    PartAction.reopen: (frozenset({PartState.done}), PartState.in_progress),
}
DEPARTMENT_ACTIONS = (PartAction.accept, PartAction.return_, PartAction.start,
                      PartAction.finish)


class IllegalPartTransition(ValueError):
    def __init__(self, state: PartState, action: PartAction) -> None:
        self.allowed = part_actions(state)
        names = ", ".join(a.value for a in self.allowed) or "none"
        super().__init__(f"cannot {action.value} a part that is {state.value}; "
                         f"allowed now: {names}")


def part_actions(state: PartState) -> list[PartAction]:
    """The department's actions that apply to a part in ``state``."""
    return [a for a in DEPARTMENT_ACTIONS if state in PART_TRANSITIONS[a][0]]


def next_part_state(state: PartState, action: PartAction) -> PartState:
    sources, target = PART_TRANSITIONS[action]
    if state not in sources:
        raise IllegalPartTransition(state, action)
    return target


class CollabState(StrEnum):
    open = "open"
    delivered = "delivered"      # every part done: waiting for the requester's 验收
    closed = "closed"            # 验收 accepted


URGENCIES = ("normal", "urgent")
ROLES = ("lead", "support")
RACI_LETTERS = ("R", "A", "C", "I")


# --------------------------------------------------------------------------- status / risk

STATUS_ZH = {"in_progress": "进行中", "done": "已完成", "late": "延期"}
RISK_ZH = {"high": "高", "medium": "中", "low": "低"}
# remaining effort over free capacity above which a task is at risk
HIGH_RATIO = 1.0
MEDIUM_RATIO = 0.7


def board_status(*, done: bool, due: dt.date | None, today: dt.date) -> str:
    """进行中 / 已完成 / 延期: late once the due date has passed without the work done."""
    if done:
        return "done"
    if due is not None and due < today:
        return "late"
    return "in_progress"


@dataclass(frozen=True)
class Capacity:
    """What one person can still give: hours per workday, leave, hours already booked."""

    daily_hours: float
    leave: frozenset[dt.date]
    booked: dict[dt.date, float]


def free_hours(people: Iterable[Capacity], start: dt.date, end: dt.date,
               calendar: WorkCalendar) -> float:
    """Hours the people have free on the workdays from ``start`` to ``end`` (both included)."""
    total = 0.0
    people = list(people)
    day = start
    while day <= end:
        if calendar.is_workday(day):
            for p in people:
                if day not in p.leave:
                    total += max(0.0, p.daily_hours - p.booked.get(day, 0.0))
        day += dt.timedelta(days=1)
    return total


def risk_level(*, remaining_hours: float, free: float, due: dt.date | None,
               today: dt.date) -> str:
    """高 / 中 / 低 from the effort left against the free capacity before the deadline.

    High: past due with work left, or more work left than free hours; medium: the work
    would take more than 70 % of what is free (no slack for a sick day); else low."""
    if remaining_hours <= 0:
        return "low"
    if due is not None and due < today:
        return "high"
    if free <= 0:
        return "high"
    ratio = remaining_hours / free
    if ratio > HIGH_RATIO:
        return "high"
    if ratio > MEDIUM_RATIO:
        return "medium"
    return "low"


RISK_ORDER = {"low": 0, "medium": 1, "high": 2}


def worst(levels: Iterable[str | None]) -> str | None:
    found = [x for x in levels if x]
    return max(found, key=RISK_ORDER.__getitem__) if found else None


def raci_for(*, role: str, part_department: str, lead_department: str,
             requester_department: str | None, departments: list[str],
             responsible: str | None, lead_head: str | None,
             head_of: Callable[[str], str | None]) -> dict[str, list[dict[str, str | None]]]:
    """The default RACI of a task of a part (editable afterwards).

    - R: the part's department (the assignee, once the plan names one);
    - A: the lead department (its head) — the lead answers for the whole result;
    - C: for the lead's tasks, the support departments (the lead plans with them); for a
      support task, the lead department when it is not already A;
    - I: the requester's department, and the other support departments.
    A department holds one letter per task: the first that applies in R, A, C, I order.
    """
    out: dict[str, list[dict[str, str | None]]] = {k: [] for k in RACI_LETTERS}
    taken: set[str] = set()

    def put(letter: str, dept: str | None, person: str | None) -> None:
        if dept is None or dept in taken:
            return
        taken.add(dept)
        out[letter].append({"department": dept, "person": person})

    put("R", part_department, responsible)
    if lead_department == part_department:
        out["A"].append({"department": lead_department, "person": lead_head})
    else:
        put("A", lead_department, lead_head)
    others = [d for d in departments if d not in (part_department, lead_department)]
    if role == "lead":
        for d in others:
            put("C", d, head_of(d))
    put("I", requester_department, None)
    for d in others:
        put("I", d, None)
    return out
