"""Compile an org and a plan request into the integer arrays every solver stage shares.

Everything the greedy start, the CP-SAT model, the schedule decoder and the
explanations need is computed once here: workdays, capacity per person per day (org
calendar, leave, hours already booked), who may take each task (skills, department,
borrowing, pins, exclusions) and, for every task nobody may take, the constraint that
rules everyone out.
"""

from __future__ import annotations

import datetime as dt
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

    @property
    def n_tasks(self) -> int:
        return len(self.tasks)

    @property
    def n_people(self) -> int:
        return len(self.people)

    def pair_count(self) -> int:
        return sum(len(c) for c in self.cand)

    def w_unassigned(self, t: int) -> int:
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
    weights = weights or Weights()
    if not org.staff:
        raise PlanInputError("<org>", "staff", "the organisation has no staff to plan for")
    for sid in req.excluded:
        if not org.has_person(sid):
            raise PlanInputError("<request>", "excluded", f"unknown staff member {sid!r}")
    for sid in req.booked:
        if not org.has_person(sid):
            raise PlanInputError("<request>", "booked", f"unknown staff member {sid!r}")
    cal = org.work_calendar
    days = req.days
    people = list(org.staff)
    pidx = {p.id: i for i, p in enumerate(people)}
    excluded = set(req.excluded)

    values: set[float] = {p.daily_hours for p in people}
    for t in req.tasks:
        values.add(t.effort_hours)
        values.update(t.effort_by_person.values())
    for per_day in req.booked.values():
        values.update(per_day.values())
    scale = _pick_scale(values)

    workday = [cal.is_workday(d) for d in days]
    cap: list[list[int]] = []
    for p in people:
        daily = math.floor(p.daily_hours * scale + 1e-9)
        booked = req.booked.get(p.id, {})
        row = []
        for d, wd in zip(days, workday, strict=True):
            if not wd or p.on_leave(d) or p.id in excluded:
                row.append(0)
            else:
                row.append(max(0, daily - math.ceil(booked.get(d, 0.0) * scale - 1e-9)))
        cap.append(row)
    cumcap = []
    for row in cap:
        acc, cum = 0, []
        for v in row:
            acc += v
            cum.append(acc)
        cumcap.append(cum)
    total_cap = [c[-1] for c in cumcap]

    # Indexes so that 10,000 tasks x 1,000 people compile in seconds, not minutes.
    by_dept: dict[str, list[int]] = {}
    for i, p in enumerate(people):
        by_dept.setdefault(p.department, []).append(i)
    skill_sets = [frozenset(p.skills) for p in people]
    org_skills = set().union(*skill_sets)
    everyone = list(range(len(people)))

    cand: list[list[int]] = []
    eff: list[list[int]] = []
    pref: list[list[int]] = []
    borrowed: list[list[bool]] = []
    due_k: list[int | None] = []
    prev: list[int | None] = []
    blocked: dict[int, tuple[str, str]] = {}
    before_start: set[int] = set()
    last = len(days) - 1

    for ti, t in enumerate(req.tasks):
        if t.due is None or t.due >= req.end:
            due_k.append(None)
        elif t.due < req.start:
            due_k.append(None)
            before_start.add(ti)
        else:
            due_k.append((t.due - req.start).days)
        p0 = req.previous.get(t.id)
        prev.append(pidx.get(p0) if p0 is not None else None)
        need = set(t.skills)
        dept_known = t.department is None or org.has_department(t.department)

        def units(i: int, t: Task = t) -> int:
            return math.ceil(t.effort_for(people[i].id) * scale - 1e-9)

        reason: tuple[str, str] | None = None
        if t.assignee is not None:
            pool = [pidx[t.assignee]] if t.assignee in pidx else []
            if not pool:
                reason = ("pin", f"pinned to {t.assignee!r}, who is not in the organisation")
            else:
                i = pool[0]
                p = people[i]
                missing = sorted(need - skill_sets[i])
                if p.id in excluded:
                    reason = ("pin", f"pinned to {p.id}, who is excluded from this plan")
                elif missing:
                    reason = ("pin", f"pinned to {p.id}, who lacks skill(s) {', '.join(missing)}")
                elif not dept_known:
                    reason = ("department", f"department {t.department!r} does not exist")
                elif t.department and not t.borrowable and p.department != t.department:
                    reason = ("pin", f"pinned to {p.id} of {p.department}, but the task is for "
                              f"{t.department} and may not be borrowed")
                elif total_cap[i] == 0:
                    reason = ("pin", f"pinned to {p.id}, who has no working hours in the horizon "
                              f"(leave, holidays or fully booked)")
                elif units(i) > total_cap[i]:
                    reason = ("pin", f"pinned to {p.id}, who has {_h(total_cap[i] / scale)} h free "
                              f"in the horizon, the task needs {_h(units(i) / scale)} h")
        else:
            if not dept_known:
                reason = ("department", f"department {t.department!r} does not exist")
                pool = []
            elif t.department and not t.borrowable:
                pool = by_dept.get(t.department, [])
                if not pool:
                    reason = ("department", f"department {t.department} has no staff")
            else:
                pool = everyone
            if reason is None:
                unknown = sorted(need - org_skills)
                skilled = [i for i in pool if need <= skill_sets[i]] if need else pool
                if unknown:
                    reason = ("skill",
                              f"no one in the organisation has skill(s) {', '.join(unknown)}")
                elif not skilled:
                    local = pool is not everyone
                    where = f"department {t.department}" if local else "the organisation"
                    reason = ("skill", f"no one in {where} has all of {', '.join(sorted(need))}"
                              + (" and the task may not be borrowed" if local else ""))
                else:
                    avail = [i for i in skilled if people[i].id not in excluded]
                    if not avail:
                        reason = ("excluded", "everyone qualified is excluded from this plan")
                    elif not any(total_cap[i] for i in avail):
                        reason = ("leave", "everyone qualified has no working hours in the horizon "
                                  "(leave, holidays or fully booked)")
                    else:
                        fit = [i for i in avail if 0 < units(i) <= total_cap[i]]
                        if not fit:
                            most = max(total_cap[i] for i in avail)
                            reason = ("capacity", f"needs {_h(t.effort_hours)} h, but the most "
                                      f"free time any qualified person has in the horizon is "
                                      f"{_h(most / scale)} h")
                        pool = fit
                if reason is not None:
                    pool = []
        if reason is not None:
            blocked[ti] = reason
            pool = []
        cand.append(list(pool))
        eff.append([units(i) for i in pool])
        pref.append([int(t.cost_by_person.get(people[i].id, 0)) for i in pool])
        home = t.department
        borrowed.append([bool(home) and people[i].department != home for i in pool])
    del last
    return Problem(
        org=org, request=req, weights=weights, scale=scale, days=days, people=people, cap=cap,
        cumcap=cumcap, total_cap=total_cap, tasks=list(req.tasks), cand=cand, eff=eff, pref=pref,
        borrowed=borrowed, due_k=due_k, prev=prev, priority=[t.priority for t in req.tasks],
        blocked=blocked, before_start=before_start, pidx=pidx,
    )
