"""Turn who-does-what into hours per day, and say why tasks are late or left undone.

Each person works through their tasks one after another, earliest cutoff first (the
on-time tasks by due date, then late ones by priority, then those without a deadline),
filling each workday up to capacity. Because the solution satisfies the cutoff
condition, every on-time task finishes by its due date, and each task occupies a
contiguous run of that person's workdays: the "few days, contiguous days" wish holds
by construction, and its cost (days beyond the fewest possible) is reported.
"""

from __future__ import annotations

from dataclasses import dataclass

from optimizer.problem import Problem
from optimizer.solution import Solution, cutoff


@dataclass
class Scheduled:
    person: int
    units: dict[int, int]  # day index -> units
    finish: int  # day index

    def hours(self, pb: Problem, t: int) -> dict[str, float]:
        """Hours per ISO day; the last day absorbs rounding so the sum equals the effort."""
        items = sorted(self.units.items())
        effort = pb.tasks[t].effort_for(pb.people[self.person].id)
        out: dict[str, float] = {}
        done = 0.0
        for i, (k, u) in enumerate(items):
            h = u / pb.scale if i < len(items) - 1 else round(effort - done, 9)
            done += h
            out[pb.days[k].isoformat()] = h
        return out


def schedule(pb: Problem, sol: Solution) -> dict[int, Scheduled]:
    """Hours per task per day for every assigned task."""
    nd = len(pb.days)
    per_person: dict[int, list[int]] = {}
    for t, k in enumerate(sol.choice):
        if k >= 0:
            per_person.setdefault(pb.cand[t][k], []).append(t)
    out: dict[int, Scheduled] = {}
    for p, ts in per_person.items():
        def key(t: int) -> tuple:
            c = cutoff(pb, t, sol.late[t])
            no_deadline = pb.due_k[t] is None and t not in pb.before_start
            return (c, no_deadline, -pb.priority[t], pb.due_k[t] or 0, t)

        free = list(pb.cap[p])
        day = 0
        for t in sorted(ts, key=key):
            need = pb.eff[t][sol.choice[t]]
            units: dict[int, int] = {}
            while need > 0:
                while day < nd and free[day] == 0:
                    day += 1
                if day >= nd:  # cannot happen for a valid solution; refuse rather than lie
                    raise RuntimeError(f"task {pb.tasks[t].id} does not fit {pb.people[p].id}")
                u = min(need, free[day])
                units[day] = u
                free[day] -= u
                need -= u
            out[t] = Scheduled(p, units, max(units))
    return out


def spread_cost(pb: Problem, sched: dict[int, Scheduled]) -> int:
    """Workdays used beyond the fewest the person's daily capacity allows, over all tasks."""
    extra = 0
    for s in sched.values():
        daily = max(pb.cap[s.person]) or 1
        fewest = -(-sum(s.units.values()) // daily)
        extra += max(0, len(s.units) - fewest)
    return extra


def free_capacity(pb: Problem, sched: dict[int, Scheduled]) -> list[list[int]]:
    """Units still free per person per day once the plan is in."""
    free = [list(row) for row in pb.cap]
    for s in sched.values():
        for k, u in s.units.items():
            free[s.person][k] -= u
    return free


def _earliest_finish(free_row: list[int], need: int) -> int | None:
    acc = 0
    for k, f in enumerate(free_row):
        acc += f
        if acc >= need:
            return k
    return None


def explain(pb: Problem, sol: Solution, sched: dict[int, Scheduled], t: int,
            free: list[list[int]]) -> tuple[str, str]:
    """(constraint, reason) for a task that is unassigned or late in this plan.

    ``free`` is :func:`free_capacity` of the plan; the task's own hours count as free.
    """
    if t in pb.blocked:
        return pb.blocked[t]
    task = pb.tasks[t]
    if t in pb.before_start:
        return ("deadline", f"due {task.due} is before the plan starts ({pb.request.start})")
    cands = pb.cand[t]
    pinned = task.assignee is not None
    who = (f"pinned person {pb.people[cands[0]].id}" if pinned
           else f"everyone qualified ({len(cands)} {'person' if len(cands) == 1 else 'people'})")
    d = pb.due_k[t]
    if d is not None:
        most = max(pb.cumcap[p][d] for p in cands)
        need = min(pb.eff[t])
        if most < need:
            return ("deadline", f"needs {need / pb.scale:g} h by {task.due}, but {who} has at "
                    f"most {most / pb.scale:g} h of working time by then (leave, holidays)")
    own = sched.get(t)

    def row(p: int) -> list[int]:
        r = free[p]
        if own is not None and own.person == p:
            r = list(r)
            for k, u in own.units.items():
                r[k] += u
        return r

    if sol.choice[t] < 0:
        most = max(sum(row(p)) for p in cands)
        return ("capacity", f"{who} is fully booked in the horizon: the most "
                f"free time left is {most / pb.scale:g} h, the task needs "
                f"{min(pb.eff[t]) / pb.scale:g} h")
    finishes = [f for k, p in enumerate(cands)
                if (f := _earliest_finish(row(p), pb.eff[t][k])) is not None]
    if finishes and d is not None and min(finishes) <= d:
        return ("capacity", f"{who} could finish it by {pb.days[min(finishes)]} only by making "
                f"more important or more urgent work late")
    z = pb.days[min(finishes)] if finishes else pb.days[-1]
    return ("capacity", f"{who} is full until after the due date {task.due}: with the time "
            f"left, the earliest any of them can finish it is {z}")
