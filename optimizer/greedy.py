"""Greedy starting plans: always valid, fast, and good enough to hint CP-SAT.

Two constructions share the cutoff condition of :mod:`optimizer.solution`:
``greedy_ordered`` walks tasks by priority and urgency and gives each to the
cheapest person who can still finish it on time (late only when nobody can);
``greedy_regret`` is Martello and Toth's MTHG for problems without deadlines inside
the horizon (the Generalized Assignment Problem among them): it assigns first the
task that would lose most by not getting its best person.
"""

from __future__ import annotations

import numpy as np

from optimizer.problem import Problem
from optimizer.solution import Solution, balance_targets, cutoff, evaluate

REGRET_MAX_CELLS = 400_000  # tasks x people; above that the dense matrices cost too much


def greedy(pb: Problem) -> Solution:
    """The better of the applicable constructions, improved by single-task moves."""
    sols = [greedy_ordered(pb)]
    if all(d is None for d in pb.due_k) and pb.n_tasks * pb.n_people <= REGRET_MAX_CELLS:
        sols.extend(greedy_regret(pb))
    best = min(sols, key=lambda s: sum(evaluate(pb, s).values()))
    return improve_by_moves(pb, best)


def _slack(pb: Problem, sol: Solution) -> list[list[int]]:
    """slack[p][c]: capacity up to day c minus the effort of p's tasks with cutoff <= c."""
    nd = len(pb.days)
    slack = [list(row) for row in pb.cumcap]
    for t, k in enumerate(sol.choice):
        if k >= 0:
            p, e, c0 = pb.cand[t][k], pb.eff[t][k], cutoff(pb, t, sol.late[t])
            row = slack[p]
            for c in range(c0, nd):
                row[c] -= e
    return slack


def greedy_ordered(pb: Problem) -> Solution:
    """Most important, most urgent, least flexible tasks first; cheapest valid person."""
    n, nd = pb.n_tasks, len(pb.days)
    last = nd - 1
    sol = Solution([-1] * n, [False] * n)
    slack = [list(row) for row in pb.cumcap]
    load = [0] * pb.n_people
    targets = balance_targets(pb)
    w = pb.weights
    order = sorted(
        (t for t in range(n) if pb.cand[t]),
        key=lambda t: (-pb.priority[t], last + 1 if pb.due_k[t] is None else pb.due_k[t],
                       len(pb.cand[t]), -min(pb.eff[t])),
    )
    s = pb.scale
    for t in order:
        d = pb.due_k[t]
        has_due = d is not None
        best: tuple[float, int, bool] | None = None
        for k, p in enumerate(pb.cand[t]):
            e = pb.eff[t][k]
            row = slack[p]
            if min(row[last:]) < e:
                continue
            late = t in pb.before_start
            c0 = last
            if has_due:
                if min(row[d:]) >= e:
                    c0 = d
                else:
                    late = True
            room = min(row[c0:]) - e
            over_before = max(0, load[p] - targets[p])
            over_after = max(0, load[p] + e - targets[p])
            score = pb.pair_cost(t, k) + w.balance * (-(-over_after // s) + (over_before // s))
            if late and t not in pb.before_start:
                score += pb.w_late(t)
            # Tie-break towards whoever keeps most room: spreads work and leaves slack.
            score -= room / (s * 1000.0)
            if best is None or score < best[0]:
                best = (score, k, late)
        if best is None:
            continue
        _, k, late = best
        p, e = pb.cand[t][k], pb.eff[t][k]
        sol.choice[t], sol.late[t] = k, late
        load[p] += e
        row = slack[p]
        for c in range(cutoff(pb, t, late), nd):
            row[c] -= e
    return sol


def greedy_regret(pb: Problem) -> list[Solution]:
    """MTHG with several desirability measures; one solution per measure."""
    n, m = pb.n_tasks, pb.n_people
    big = np.inf
    cost = np.full((n, m), big)
    weight = np.zeros((n, m), dtype=np.int64)
    allowed = np.zeros((n, m), dtype=bool)
    for t in range(n):
        for k, p in enumerate(pb.cand[t]):
            cost[t, p] = pb.pair_cost(t, k)
            weight[t, p] = pb.eff[t][k]
            allowed[t, p] = True
    kidx = [{p: k for k, p in enumerate(pb.cand[t])} for t in range(n)]
    cap = np.array(pb.total_cap, dtype=np.int64)
    capf = np.maximum(cap, 1).astype(float)
    wf = weight.astype(float)
    measures = [cost, wf / capf[None, :], cost * wf / capf[None, :], cost + wf / capf[None, :]]
    out = []
    for f in measures:
        f = np.where(allowed, f, big)
        res = cap.copy()
        remaining = np.array([t for t in range(n) if pb.cand[t]], dtype=np.int64)
        choice = [-1] * n
        while remaining.size:
            feas = allowed[remaining] & (weight[remaining] <= res[None, :])
            fr = np.where(feas, f[remaining], big)
            ok = feas.any(axis=1)
            if not ok.all():
                remaining = remaining[ok]  # nobody can take these any more: left to the solver
                fr = fr[ok]
                if not remaining.size:
                    break
            if fr.shape[1] >= 2:
                two = np.partition(fr, 1, axis=1)[:, :2]
                regret = np.where(np.isinf(two[:, 1]), np.inf, two[:, 1] - two[:, 0])
            else:
                regret = np.full(remaining.size, np.inf)
            # Among equal regrets (e.g. single choices), take the one with the best value.
            i = int(np.lexsort((fr.min(axis=1), -regret))[0])
            t = int(remaining[i])
            p = int(np.argmin(fr[i]))
            choice[t] = kidx[t][p]
            res[p] -= weight[t, p]
            remaining = np.delete(remaining, i)
        out.append(Solution(choice, [t in pb.before_start for t in range(n)]))
    return out


def improve_by_moves(pb: Problem, sol: Solution, rounds: int = 3) -> Solution:
    """Move single tasks to a cheaper valid person, or onto someone when unassigned."""
    nd = len(pb.days)
    last = nd - 1
    slack = _slack(pb, sol)
    for _ in range(rounds):
        moved = False
        for t in range(pb.n_tasks):
            if not pb.cand[t] or pb.due_k[t] is not None or t in pb.before_start:
                continue  # tasks with deadlines keep the greedy's on-time packing
            k0 = sol.choice[t]
            cur = pb.pair_cost(t, k0) if k0 >= 0 else pb.w_unassigned(t)
            best_k, best_c = k0, cur
            for k, p in enumerate(pb.cand[t]):
                if k == k0:
                    continue
                c = pb.pair_cost(t, k)
                if c < best_c and slack[p][last] >= pb.eff[t][k]:
                    best_k, best_c = k, c
            if best_k != k0:
                if k0 >= 0:
                    slack[pb.cand[t][k0]][last] += pb.eff[t][k0]
                slack[pb.cand[t][best_k]][last] -= pb.eff[t][best_k]
                sol.choice[t] = best_k
                moved = True
        if not moved:
            break
    return sol
