"""A solution in the model's terms (who takes each task, which tasks are late) and its cost.

Per person, every assigned task has an *effective cutoff*: its due day when it is to
be on time, the horizon's last day otherwise. A person's tasks can be scheduled
(earliest-cutoff-first) without breaking a capacity or an on-time promise exactly when,
for every day c, the effort of tasks with cutoff <= c fits the capacity up to c. The
greedy start, the CP-SAT model and the decoder all use that one condition.
"""

from __future__ import annotations

from dataclasses import dataclass

from optimizer.problem import Problem

SOFT_CONSTRAINTS = (
    "unassigned_work",
    "lateness",
    "cross_department",
    "stability",
    "preference",
    "load_balance",
)


@dataclass
class Solution:
    """``choice[t]``: index into ``cand[t]`` (-1: unassigned); ``late[t]``: task is late."""

    choice: list[int]
    late: list[bool]

    def copy(self) -> Solution:
        return Solution(list(self.choice), list(self.late))

    def person(self, pb: Problem, t: int) -> int:
        k = self.choice[t]
        return pb.cand[t][k] if k >= 0 else -1


def cutoff(pb: Problem, t: int, late: bool) -> int:
    """Day index by which the task's hours must be done in the schedule."""
    d = pb.due_k[t]
    return len(pb.days) - 1 if d is None or late else d


def balance_targets(pb: Problem) -> list[int]:
    """Units of load each person may carry before load balance starts to cost.

    The target is the pool's average load ratio (total effort over total capacity of the
    people who could take some task), so an even spread costs nothing.
    """
    total_cap = sum(pb.total_cap)
    demand = 0
    for t in range(pb.n_tasks):
        if pb.eff[t]:
            demand += min(pb.eff[t])
    ratio = min(1.0, demand / total_cap) if total_cap else 1.0
    return [int(ratio * c) for c in pb.total_cap]


def loads(pb: Problem, sol: Solution) -> list[int]:
    out = [0] * pb.n_people
    for t, k in enumerate(sol.choice):
        if k >= 0:
            out[pb.cand[t][k]] += pb.eff[t][k]
    return out


def evaluate(pb: Problem, sol: Solution, targets: list[int] | None = None) -> dict[str, int]:
    """Cost of every named soft constraint for this solution (the model's objective terms)."""
    w = pb.weights
    cost = dict.fromkeys(SOFT_CONSTRAINTS, 0)
    for t, k in enumerate(sol.choice):
        if k < 0:
            if pb.cand[t] or t in pb.blocked:
                cost["unassigned_work"] += pb.w_unassigned(t)
            if pb.prev[t] is not None:
                cost["stability"] += w.stability
            continue
        if sol.late[t] and t not in pb.before_start:
            cost["lateness"] += pb.w_late(t)
        if pb.borrowed[t][k]:
            cost["cross_department"] += w.borrowing
        if pb.prev[t] is not None and pb.cand[t][k] != pb.prev[t]:
            cost["stability"] += w.stability
        cost["preference"] += w.preference * pb.pref[t][k]
    if w.balance:
        targets = targets if targets is not None else balance_targets(pb)
        for p, load in enumerate(loads(pb, sol)):
            over = load - targets[p]
            if over > 0:
                cost["load_balance"] += w.balance * -(-over // pb.scale)
    return cost


def is_valid(pb: Problem, sol: Solution) -> bool:
    """Every person's tasks fit the cutoff condition (see the module docstring)."""
    ndays = len(pb.days)
    per_day: list[list[int]] = [[0] * ndays for _ in range(pb.n_people)]
    for t, k in enumerate(sol.choice):
        if k >= 0:
            per_day[pb.cand[t][k]][cutoff(pb, t, sol.late[t])] += pb.eff[t][k]
    for p, row in enumerate(per_day):
        acc = 0
        for c in range(ndays):
            acc += row[c]
            if acc > pb.cumcap[p][c]:
                return False
    return True
