"""Capacity check of action items: can each owner finish their new items in time?

Called when minutes are confirmed. The owners' existing work and the new items are
planned with the same engine, each item pinned to its owner; an item that comes out
late or unplanned means its owner is overloaded before the due date. For those, the
engine plans again with the item free to go to a qualified colleague of the owner's
department (staying with the owner is preferred), which gives the proposal.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import time

from models.org import Org
from models.plan import CapacityFinding, CapacityReport, Plan, PlanRequest, Task, WorkItem
from optimizer.engine import SolveOptions, solve_plan

MIN_HORIZON_DAYS = 10
MAX_HORIZON_DAYS = 366  # PlanRequest's bound; later dues simply fall outside
FIRST_SHARE = 0.6
MIN_SECOND_S = 0.3


def check_capacity(org: Org, existing: list[WorkItem], new: list[WorkItem], start: dt.date,
                   options: SolveOptions | None = None) -> CapacityReport:
    """One finding per new item: ok, overloaded (with a proposed colleague) or unknown owner.

    ``options.time_limit`` bounds the whole check, both solves together: it runs while a
    user waits for their minutes to be confirmed (two 3-second solves made that 5.3 s).
    The first solve gets FIRST_SHARE of it, the second (only when someone is overloaded)
    what is left, never less than MIN_SECOND_S.
    """
    options = options or SolveOptions(time_limit=5.0)
    t0 = time.monotonic()
    known = [w for w in new if org.has_person(w.owner)]
    findings: dict[str, CapacityFinding] = {
        w.id: CapacityFinding(item=w.id, owner=w.owner, status="unknown_owner", due=w.due,
                              reason=f"owner {w.owner!r} is not in the organisation")
        for w in new if not org.has_person(w.owner)
    }
    background = [w for w in existing if org.has_person(w.owner)]
    dues = [w.due for w in [*background, *known] if w.due is not None]
    last = max([start + dt.timedelta(days=MIN_HORIZON_DAYS - 1), *dues])
    horizon = min(MAX_HORIZON_DAYS, (last - start).days + 1)

    def task(w: WorkItem, prefix: str, pinned: bool) -> Task:
        owner = org.person(w.owner)
        return Task(id=prefix + w.id, title=w.title, effort_hours=w.effort_hours,
                    due=w.due, priority=w.priority, skills=w.skills,
                    department=owner.department, assignee=w.owner if pinned else None)

    base = [task(w, "existing:", True) for w in background]
    first = solve_plan(org, PlanRequest(start=start, horizon_days=horizon,
                                        tasks=[*base, *(task(w, "new:", True) for w in known)]),
                       dataclasses.replace(options, time_limit=FIRST_SHARE * options.time_limit))
    trouble = []
    for w in known:
        f = _finding(first, w, "new:" + w.id)
        findings[w.id] = f
        if f.status == "overloaded":
            trouble.append(w)
    if trouble:
        free = {w.id for w in trouble}
        second = solve_plan(org, PlanRequest(
            start=start, horizon_days=horizon,
            tasks=[*base, *(task(w, "new:", w.id not in free) for w in known)],
            previous={"new:" + w.id: w.owner for w in trouble}),
            dataclasses.replace(options, time_limit=max(
                MIN_SECOND_S, options.time_limit - (time.monotonic() - t0))))
        for w in trouble:
            a = next((x for x in second.assignments if x.task == "new:" + w.id), None)
            f = findings[w.id]
            if a is not None and not a.late and a.staff != w.owner:
                findings[w.id] = f.model_copy(update={"proposal": a.staff,
                                                      "proposal_finish": a.finish})
            else:
                findings[w.id] = f.model_copy(update={
                    "reason": f.reason + "; no qualified colleague in the department can "
                    "finish it on time either"})
    return CapacityReport(findings=[findings[w.id] for w in new])


def _finding(plan: Plan, w: WorkItem, task_id: str) -> CapacityFinding:
    a = next((x for x in plan.assignments if x.task == task_id), None)
    if a is not None and not a.late:
        return CapacityFinding(item=w.id, owner=w.owner, status="ok", finish=a.finish, due=w.due)
    if a is not None:
        why = next(x.reason for x in plan.late if x.task == task_id)
        return CapacityFinding(item=w.id, owner=w.owner, status="overloaded", finish=a.finish,
                               due=w.due, reason=f"{w.owner} would finish on {a.finish}, "
                               f"after the due date {w.due}: {why}")
    why = next(u.reason for u in plan.unassigned if u.task == task_id)
    return CapacityFinding(item=w.id, owner=w.owner, status="overloaded", due=w.due,
                           reason=f"{w.owner} cannot take it: {why}")
