"""Compile an org and a plan request into the integer arrays every solver stage shares.

Everything the greedy start, the CP-SAT model, the schedule decoder and the
explanations need is computed once here: workdays, capacity per person per day (org
calendar, leave, hours already booked), who may take each task (skills, department,
borrowing, pins, exclusions) and, for every task nobody may take, the constraint that
rules everyone out.
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
from dataclasses import dataclass, field

from models.org import Org, Person
from models.plan import PlanInputError, PlanRequest, Task


# Objective weights. Unassigned work dominates lateness, which dominates the rest,
# so that the plan first does as much as it can, then does it on time, then nicely.
@dataclass(frozen=True)
class Weights:
    """Integer weights of the named soft constraints (per task or per hour)."""

    unassigned: int = 1_000_000  # x priority, per unassigned task
    lateness: int = 100_000  # x priority, per late task
    borrowing: int = 2_000  # per task given to someone outside its department
    stability: int = 5_000  # per task moved away from the last approved plan
    balance: int = 300  # per hour a person is loaded above the pool's average ratio
    preference: int = 1  # per unit of the task's cost_by_person


UNIT_SCALES = (1, 2, 4, 5, 10, 20, 25, 50, 100)


@dataclass
class Problem:
    """Integer form of one planning problem; hours are in units of 1/scale hour."""

    org: Org
    request: PlanRequest
    weights: Weights
    scale: int
    days: list[dt.date]
    people: list[Person]
    cap: list[list[int]]  # [person][day] free units
    cumcap: list[list[int]]  # [person][day] free units up to and including day
    total_cap: list[int]
    tasks: list[Task]
    cand: list[list[int]]  # [task] person indices that may take it
    eff: list[list[int]]  # [task][k] units person cand[t][k] needs
    pref: list[list[int]]  # [task][k] preference cost
    borrowed: list[list[bool]]  # [task][k] person is outside the task's department
    due_k: list[int | None]  # last on-time day index; None: any day in the horizon is on time
    prev: list[int | None]  # person index of the last approved plan
    priority: list[int]
    blocked: dict[int, tuple[str, str]] = field(default_factory=dict)  # task -> (constraint, why)
    before_start: set[int] = field(default_factory=set)  # due before the horizon starts
    pidx: dict[str, int] = field(default_factory=dict)
    # Tasks pinned to a person who can take them: a hard constraint. Every solver stage
    # keeps them assigned (the model has no "unassigned" for them, the greedy places them
    # first, and leaving one out costs more than everything else together).
    pinned: set[int] = field(default_factory=set)
    pin_weight: int = 0  # unassigned weight of a pinned task: more than all others together

    @property
    def n_tasks(self) -> int:
        return len(self.tasks)

    @property
    def n_people(self) -> int:
        return len(self.people)

    def pair_count(self) -> int:
        return sum(len(c) for c in self.cand)

    def w_unassigned(self, t: int) -> int:
        if t in self.pinned:
            return self.pin_weight
        return self.weights.unassigned * self.priority[t]

    def w_late(self, t: int) -> int:
        return self.weights.lateness * self.priority[t]

    def pair_cost(self, t: int, k: int) -> int:
        """Objective cost of giving task t to its k-th candidate, lateness and balance apart."""
        w = self.weights
        c = w.preference * self.pref[t][k]
        if self.borrowed[t][k]:
            c += w.borrowing
        p0 = self.prev[t]
        if p0 is not None and self.cand[t][k] != p0:
            c += w.stability
        return c


def _pick_scale(values: set[float]) -> int:
    for s in UNIT_SCALES:
        if all(abs(v * s - round(v * s)) < 1e-9 for v in values):
            return s
    return UNIT_SCALES[-1]


def _h(x: float) -> str:
    return f"{x:g}"


def compile_problem(org: Org, req: PlanRequest, weights: Weights | None = None) -> Problem:
    """Build the integer problem; raise PlanInputError for input no plan can be made of."""
    _check_request(org, req)
    people = list(org.staff)
    scale = _unit_scale(req, people)
    cap = _capacity(org, req, people, scale)
    cumcap = [list(itertools.accumulate(row)) for row in cap]
    total_cap = [c[-1] for c in cumcap]
    pidx = {p.id: i for i, p in enumerate(people)}
    index = _Index(org, req, people, pidx, total_cap, scale)

    cand: list[list[int]] = []
    eff: list[list[int]] = []
    pref: list[list[int]] = []
    borrowed: list[list[bool]] = []
    due_k: list[int | None] = []
    prev: list[int | None] = []
    blocked: dict[int, tuple[str, str]] = {}
    before_start: set[int] = set()
    for ti, t in enumerate(req.tasks):
        due, early = _due_index(req, t)
        due_k.append(due)
        if early:
            before_start.add(ti)
        p0 = req.previous.get(t.id)
        prev.append(pidx.get(p0) if p0 is not None else None)
        pool, reason = (index.pinned_pool(t) if t.assignee is not None
                        else index.open_pool(t))
        if reason is not None:
            blocked[ti] = reason
            pool = []
        cand.append(list(pool))
        eff.append([index.units(t, i) for i in pool])
        pref.append([int(t.cost_by_person.get(people[i].id, 0)) for i in pool])
        home = t.department
        borrowed.append([bool(home) and people[i].department != home for i in pool])
    pinned = _limit_pins(req, people, cand, eff, due_k, total_cap, scale, blocked)
    for t in blocked:
        cand[t], eff[t], pref[t], borrowed[t] = [], [], [], []
    weights = weights or Weights()
    return Problem(
        org=org, request=req, weights=weights, scale=scale, days=req.days,
        people=people, cap=cap, cumcap=cumcap, total_cap=total_cap, tasks=list(req.tasks),
        cand=cand, eff=eff, pref=pref, borrowed=borrowed, due_k=due_k, prev=prev,
        priority=[t.priority for t in req.tasks], blocked=blocked, before_start=before_start,
        pidx=pidx, pinned=pinned,
        pin_weight=weights.unassigned * (1 + sum(t.priority for t in req.tasks)),
    )


def _check_request(org: Org, req: PlanRequest) -> None:
    """Refuse what no plan can be made of: no staff, unknown people excluded or booked."""
    if not org.staff:
        raise PlanInputError("<org>", "staff", "the organisation has no staff to plan for",
                             "plan_p_no_staff")
    for what, ids in (("excluded", req.excluded), ("booked", req.booked)):
        for sid in ids:
            if not org.has_person(sid):
                raise PlanInputError("<request>", what, f"unknown staff member {sid!r}",
                                     f"plan_p_{what}_unknown", value=sid)


def _unit_scale(req: PlanRequest, people: list[Person]) -> int:
    """The smallest unit (1/scale hour) in which every capacity, effort and booking is whole."""
    values: set[float] = {p.daily_hours for p in people}
    for t in req.tasks:
        values.add(t.effort_hours)
        values.update(t.effort_by_person.values())
    for per_day in req.booked.values():
        values.update(per_day.values())
    return _pick_scale(values)  # start_hours_left is floored to the unit: never finer


def _capacity(org: Org, req: PlanRequest, people: list[Person], scale: int) -> list[list[int]]:
    """[person][day] free units: 0 on non-workdays, leave and for excluded people; else the
    daily capacity less the hours already booked that day — on the first day, at most the
    hours left of it when the plan is asked (``start_hours_left``)."""
    cal = org.work_calendar
    excluded = set(req.excluded)
    workday = [cal.is_workday(d) for d in req.days]
    cap: list[list[int]] = []
    for p in people:
        daily = math.floor(p.daily_hours * scale + 1e-9)
        booked = req.booked.get(p.id, {})
        row = []
        for d, wd in zip(req.days, workday, strict=True):
            if not wd or p.on_leave(d) or p.id in excluded:
                row.append(0)
            else:
                free = max(0, daily - math.ceil(booked.get(d, 0.0) * scale - 1e-9))
                if d == req.start and req.start_hours_left is not None:
                    free = min(free, math.floor(req.start_hours_left * scale + 1e-9))
                row.append(free)
        cap.append(row)
    return cap


def _due_index(req: PlanRequest, t: Task) -> tuple[int | None, bool]:
    """(last on-time day index or None when any day is on time, due before the start)."""
    if t.due is None or t.due >= req.end:
        return None, False
    if t.due < req.start:
        return None, True
    return (t.due - req.start).days, False


class _Index:
    """Who may take a task, and why nobody may: indexes so that 10,000 tasks x 1,000
    people compile in seconds, not minutes."""

    def __init__(self, org: Org, req: PlanRequest, people: list[Person], pidx: dict[str, int],
                 total_cap: list[int], scale: int) -> None:
        self.org, self.people, self.pidx = org, people, pidx
        self.total_cap, self.scale = total_cap, scale
        self.excluded = set(req.excluded)
        self.by_dept: dict[str, list[int]] = {}
        for i, p in enumerate(people):
            self.by_dept.setdefault(p.department, []).append(i)
        self.skill_sets = [frozenset(p.skills) for p in people]
        self.org_skills = set().union(*self.skill_sets)
        self.everyone = list(range(len(people)))

    def units(self, t: Task, i: int) -> int:
        return math.ceil(t.effort_for(self.people[i].id) * self.scale - 1e-9)

    def _dept_known(self, t: Task) -> bool:
        return t.department is None or self.org.has_department(t.department)

    def pinned_pool(self, t: Task) -> tuple[list[int], tuple[str, str] | None]:
        """The pinned person alone, or the constraint that rules them out."""
        if t.assignee not in self.pidx:
            return [], ("pin", f"pinned to {t.assignee!r}, who is not in the organisation")
        i = self.pidx[t.assignee]
        p = self.people[i]
        missing = sorted(set(t.skills) - self.skill_sets[i])
        total = self.total_cap[i]
        reason: tuple[str, str] | None = None
        if p.id in self.excluded:
            reason = ("pin", f"pinned to {p.id}, who is excluded from this plan")
        elif missing:
            reason = ("pin", f"pinned to {p.id}, who lacks skill(s) {', '.join(missing)}")
        elif not self._dept_known(t):
            reason = ("department", f"department {t.department!r} does not exist")
        elif t.department and not t.borrowable and p.department != t.department:
            reason = ("pin", f"pinned to {p.id} of {p.department}, but the task is for "
                      f"{t.department} and may not be borrowed")
        elif total == 0:
            reason = ("pin", f"pinned to {p.id}, who has no working hours in the horizon "
                      f"(leave, holidays or fully booked)")
        elif self.units(t, i) > total:
            reason = ("pin", f"pinned to {p.id}, who has {_h(total / self.scale)} h free "
                      f"in the horizon, the task needs {_h(self.units(t, i) / self.scale)} h")
        return [i], reason

    def open_pool(self, t: Task) -> tuple[list[int], tuple[str, str] | None]:
        """Everyone who may take an unpinned task (department unless borrowable, skills,
        not excluded, time to do it), or the constraint that rules everyone out."""
        if not self._dept_known(t):
            return [], ("department", f"department {t.department!r} does not exist")
        if t.department and not t.borrowable:
            pool = self.by_dept.get(t.department, [])
            if not pool:
                return [], ("department", f"department {t.department} has no staff")
        else:
            pool = self.everyone
        need = set(t.skills)
        unknown = sorted(need - self.org_skills)
        if unknown:
            return [], ("skill", f"no one in the organisation has skill(s) {', '.join(unknown)}")
        skilled = [i for i in pool if need <= self.skill_sets[i]] if need else pool
        if not skilled:
            local = pool is not self.everyone
            where = f"department {t.department}" if local else "the organisation"
            return [], ("skill", f"no one in {where} has all of {', '.join(sorted(need))}"
                        + (" and the task may not be borrowed" if local else ""))
        avail = [i for i in skilled if self.people[i].id not in self.excluded]
        if not avail:
            return [], ("excluded", "everyone qualified is excluded from this plan")
        if not any(self.total_cap[i] for i in avail):
            return [], ("leave", "everyone qualified has no working hours in the horizon "
                        "(leave, holidays or fully booked)")
        fit = [i for i in avail if 0 < self.units(t, i) <= self.total_cap[i]]
        if not fit:
            most = max(self.total_cap[i] for i in avail)
            return [], ("capacity", f"needs {_h(t.effort_hours)} h, but the most free time "
                        f"any qualified person has in the horizon is {_h(most / self.scale)} h")
        return fit, None


def _limit_pins(req: PlanRequest, people: list[Person], cand: list[list[int]],
                eff: list[list[int]], due_k: list[int | None], total_cap: list[int],
                scale: int, blocked: dict[int, tuple[str, str]]) -> set[int]:
    """The pinned tasks the plan must give their person; the rest are blocked with why.

    A pin is a hard constraint, so the pins on one person must fit their free time in the
    horizon together (lateness is soft: that is the only joint limit). When they do not,
    the most important, then most urgent, then first listed pins are kept, and each pin
    left out says which pins took the time."""
    last = len(req.days)
    by_person: dict[int, list[int]] = {}
    for t, task in enumerate(req.tasks):
        if task.assignee is not None and cand[t]:
            by_person.setdefault(cand[t][0], []).append(t)
    pinned: set[int] = set()
    for i, tasks in by_person.items():
        tasks.sort(key=lambda t: (-req.tasks[t].priority,
                                  last if due_k[t] is None else due_k[t], t))
        used, kept = 0, []
        for t in tasks:
            if used + eff[t][0] <= total_cap[i]:
                used += eff[t][0]
                kept.append(t)
                continue
            others = ", ".join(req.tasks[k].id for k in kept)
            blocked[t] = ("pin", f"pinned to {people[i].id}, who has "
                          f"{_h((total_cap[i] - used) / scale)} h free in the horizon after "
                          f"the task(s) also pinned to them ({others}); the task needs "
                          f"{_h(eff[t][0] / scale)} h")
        pinned.update(kept)
    return pinned
