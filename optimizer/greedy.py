"""Greedy starting plans: always valid, fast, and good enough to hint CP-SAT.

Two constructions share the cutoff condition of :mod:`optimizer.solution`:
``greedy_ordered`` walks tasks by priority and urgency and gives each to the
cheapest person who can still finish it on time (late only when nobody can);
``greedy_regret`` is Martello and Toth's MTHG for problems without deadlines inside
the horizon (the Generalized Assignment Problem among them): it assigns first the
task that would lose most by not getting its best person.
"""

from __future__ import annotations

import time

import numpy as np

from optimizer.problem import Problem
from optimizer.solution import Solution, balance_targets, cutoff, evaluate

REGRET_MAX_CELLS = 400_000  # tasks x people; above that the dense matrices cost too much


def greedy(pb: Problem) -> Solution:
    """The best applicable construction, improved by local moves.

    Single-period problems (no deadline inside the horizon, the GAP among them) also get
    regret constructions guided by Lagrangian prices of capacity, then shift/swap local
    search; the rest is the ordered greedy.
    """
    sols = [greedy_ordered(pb)]
    if all(d is None for d in pb.due_k) and pb.n_tasks * pb.n_people <= REGRET_MAX_CELLS:
        dense = _Dense(pb)
        sols.extend(dense.regret_all())
        best = min(sols, key=lambda s: sum(evaluate(pb, s).values()))
        return dense.local_search(best)
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
    """Pinned tasks first (their pins fit together: see ``problem._limit_pins``), then the
    most important, most urgent, least flexible tasks; cheapest valid person."""
    n, nd = pb.n_tasks, len(pb.days)
    last = nd - 1
    sol = Solution([-1] * n, [False] * n)
    slack = [list(row) for row in pb.cumcap]
    load = [0] * pb.n_people
    targets = balance_targets(pb)
    w = pb.weights
    order = sorted(
        (t for t in range(n) if pb.cand[t]),
        key=lambda t: (t not in pb.pinned, -pb.priority[t],
                       last + 1 if pb.due_k[t] is None else pb.due_k[t],
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


class _Dense:
    """Dense task x person matrices of a single-period problem (numpy, vectorised moves)."""

    def __init__(self, pb: Problem) -> None:
        self.pb = pb
        n, m = pb.n_tasks, pb.n_people
        self.cost = np.full((n, m), np.inf)
        self.weight = np.zeros((n, m), dtype=np.int64)
        self.allowed = np.zeros((n, m), dtype=bool)
        for t in range(n):
            for k, p in enumerate(pb.cand[t]):
                self.cost[t, p] = pb.pair_cost(t, k)
                self.weight[t, p] = pb.eff[t][k]
                self.allowed[t, p] = True
        self.kidx = [{p: k for k, p in enumerate(pb.cand[t])} for t in range(n)]
        self.cap = np.array(pb.total_cap, dtype=np.int64)
        # Leaving a task undone costs its unassigned weight: a finite "person" for the moves.
        self.drop = np.array([pb.w_unassigned(t) for t in range(n)], dtype=float)

    def regret_all(self) -> list[Solution]:
        """MTHG with the classic desirabilities, then with Lagrangian-priced costs."""
        cost, wf = self.cost, self.weight.astype(float)
        capf = np.maximum(self.cap, 1).astype(float)
        with np.errstate(invalid="ignore"):  # inf * 0 on forbidden pairs, masked later
            measures = [cost, wf / capf[None, :], cost * wf / capf[None, :],
                        cost + wf / capf[None, :]]
        sols = [self.regret(f) for f in measures]
        ub = min(self.value(s) for s in sols)
        prices = self.lagrangian_prices(ub)
        priced = cost + prices[None, :] * wf
        sols.append(self.regret(priced))
        sols.append(self.regret(priced + 0.5 * prices[None, :] * wf))
        return sols

    def value(self, sol: Solution) -> float:
        return float(sum(evaluate(self.pb, sol).values()))

    def lagrangian_prices(self, ub: float, iters: int = 400) -> np.ndarray:
        """Prices u_i >= 0 of capacity from the Lagrangian dual (subgradient ascent).

        min_i c_ij + u_i w_ij is then a good guess of job j's agent that respects
        capacity on average; guiding the regret greedy with it is what lifts MTHG on the
        tightly constrained (Yagiura D/E-type) instances.
        """
        cost = np.where(self.allowed, self.cost, np.inf)
        wf = self.weight.astype(float)
        rows = np.arange(cost.shape[0])
        active = self.allowed.any(axis=1)
        u = np.zeros(cost.shape[1])
        best_u, best_l = u.copy(), -np.inf
        lam, stall = 2.0, 0
        for _ in range(iters):
            red = cost + u[None, :] * wf
            arg = np.argmin(red, axis=1)
            val = red[rows, arg]
            lag = float(val[active].sum() - (u * self.cap).sum())
            if lag > best_l + 1e-9:
                best_l, best_u, stall = lag, u.copy(), 0
            else:
                stall += 1
                if stall >= 20:
                    lam, stall = lam / 2, 0
                    if lam < 1e-4:
                        break
            g = np.bincount(arg[active], weights=wf[rows, arg][active],
                            minlength=cost.shape[1]) - self.cap
            norm = float((g * g).sum())
            if norm == 0:
                break
            u = np.maximum(0.0, u + lam * max(ub - lag, 1.0) / norm * g)
        return best_u

    def regret(self, f: np.ndarray) -> Solution:
        """Martello-Toth MTHG: assign first the task with the largest regret."""
        pb, big = self.pb, np.inf
        f = np.where(self.allowed, f, big)
        weight = self.weight
        res = self.cap.copy()
        remaining = np.array([t for t in range(pb.n_tasks) if pb.cand[t]], dtype=np.int64)
        choice = [-1] * pb.n_tasks
        while remaining.size:
            feas = self.allowed[remaining] & (weight[remaining] <= res[None, :])
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
            choice[t] = self.kidx[t][p]
            res[p] -= weight[t, p]
            remaining = np.delete(remaining, i)
        return Solution(choice, [t in pb.before_start for t in range(pb.n_tasks)])

    def local_search(self, sol: Solution, max_passes: int = 30) -> Solution:
        """Shift and swap moves that lower cost within capacity, until none is left."""
        pb = self.pb
        n = pb.n_tasks
        cost, w = self.cost, self.weight
        a = np.array([sol.person(pb, t) for t in range(n)], dtype=np.int64)
        res = self.cap.copy()
        for t in range(n):
            if a[t] >= 0:
                res[a[t]] -= w[t, a[t]]
        idx = np.arange(n)
        for _ in range(max_passes):
            moved = 0
            for t in range(n):
                if not pb.cand[t]:
                    continue
                p = a[t]
                here = cost[t, p] if p >= 0 else self.drop[t]
                # shift (or insert an unassigned task)
                room = self.allowed[t] & (w[t] <= res + (w[t] if p >= 0 else 0) * (
                    np.arange(len(res)) == p))
                if p >= 0:
                    room[p] = False
                if room.any():
                    delta = np.where(room, cost[t], np.inf) - here
                    q = int(np.argmin(delta))
                    if delta[q] < -1e-9:
                        if p >= 0:
                            res[p] += w[t, p]
                        res[q] -= w[t, q]
                        a[t] = q
                        moved += 1
                        continue
                if p < 0:
                    continue
                # swap t (on p) with u (on q != p)
                q = a
                ok = (q >= 0) & (q != p) & (idx != t)
                if not ok.any():
                    continue
                qq = np.where(ok, q, 0)
                allowed = ok & self.allowed[t, qq] & self.allowed[idx, p]
                fit_p = res[p] + w[t, p] - w[idx, p] >= 0
                fit_q = res[qq] + w[idx, qq] - w[t, qq] >= 0
                allowed &= fit_p & fit_q
                if not allowed.any():
                    continue
                with np.errstate(invalid="ignore"):  # inf - inf where not allowed: masked next
                    delta = cost[t, qq] + cost[idx, p] - cost[t, p] - cost[idx, qq]
                delta = np.where(allowed, delta, np.inf)
                u = int(np.argmin(delta))
                if delta[u] < -1e-9:
                    q = int(a[u])
                    res[p] += w[t, p] - w[u, p]
                    res[q] += w[u, q] - w[t, q]
                    a[t], a[u] = q, p
                    moved += 1
            if not moved:
                break
        choice = [self.kidx[t][int(a[t])] if a[t] >= 0 else -1 for t in range(n)]
        return Solution(choice, list(sol.late))


def tabu_search(pb: Problem, sol: Solution, deadline: float, seed: int = 0,
                max_rows: int = 256) -> Solution:
    """Tabu search over shift and swap moves with adaptive capacity penalties.

    For single-period problems (the GAP among them) whose capacity is tight, packing the
    capacity well matters more than anything: the search may overfill a person for a
    while at a price per unit that rises while they stay overfilled and falls when
    they are not (Yagiura, Ibaraki and Glover's idea, without their ejection chains).
    Returns the best solution that respects every capacity, never a worse one.
    """
    found = packing_arrays(pb, sol, deadline)
    if found is None:
        return sol
    d, active = found
    rng = np.random.default_rng(seed)
    n = active.size
    cost = d.cost[active]
    w = d.weight[active].astype(float)
    allowed = d.allowed[active]
    cap = d.cap.astype(float)
    m = cap.size
    a = np.array([sol.person(pb, int(t)) for t in active], dtype=np.int64)
    rows = np.arange(n)
    load = np.bincount(a, weights=w[rows, a], minlength=m)
    finite = cost[np.isfinite(cost)]
    lam = np.full(m, max(1.0, float(finite.mean() / max(1.0, w[allowed].mean()))))
    cur_cost = float(cost[rows, a].sum())
    best_cost, best_a = cur_cost, a.copy()
    tabu = np.zeros((n, m), dtype=np.int64)
    tenure_lo, tenure_hi = max(3, n // 40), max(8, n // 10)
    it = 0
    while True:
        it += 1
        if it % 16 == 0 and time.monotonic() >= deadline:
            break
        over = np.maximum(0.0, load - cap)
        p = a
        # shift moves
        out_over = np.maximum(0.0, load[p] - w[rows, p] - cap[p])
        d_out = cost[rows, p] * -1 + lam[p] * (out_over - over[p])
        in_over = np.maximum(0.0, load[None, :] + w - cap[None, :])
        delta = cost + lam[None, :] * (in_over - over[None, :]) + d_out[:, None]
        delta[rows, p] = np.inf
        delta[~allowed] = np.inf
        feas_after = (in_over == 0) & (out_over[:, None] == 0) & (over.sum() - over[p])[:, None] \
            .__eq__(0)
        aspire = feas_after & (cur_cost + cost - cost[rows, p][:, None] < best_cost - 1e-9)
        shift = np.where((tabu > it) & ~aspire, np.inf, delta)
        j = int(np.argmin(shift))
        js, iq = divmod(j, m)
        best_move = ("shift", shift[js, iq], js, iq)
        # swap moves on a sample of rows
        rj = rows if n <= max_rows else rng.choice(n, max_rows, replace=False)
        pj = p[rj]
        q = p[None, :]
        lp = load[pj][:, None] - w[rj, pj][:, None] + w[:, pj].T
        lq = load[q] - w[rows, p][None, :] + w[rj][:, p]
        dsw = (cost[rj][:, p] + cost[:, pj].T - cost[rj, pj][:, None] - cost[rows, p][None, :]
               + lam[pj][:, None] * (np.maximum(0.0, lp - cap[pj][:, None]) - over[pj][:, None])
               + lam[q] * (np.maximum(0.0, lq - cap[q]) - over[q]))
        ok = (pj[:, None] != q) & allowed[rj][:, p] & allowed[:, pj].T
        ok &= (tabu[rj][:, p] <= it) & (tabu[:, pj].T <= it)
        dsw = np.where(ok, dsw, np.inf)
        k = int(np.argmin(dsw))
        ji, kk = divmod(k, n)
        if dsw[ji, kk] < best_move[1]:
            best_move = ("swap", dsw[ji, kk], int(rj[ji]), kk)
        kind, val, x, y = best_move
        if not np.isfinite(val):
            tabu[:] = 0
            continue
        if kind == "shift":
            px = int(p[x])
            load[px] -= w[x, px]
            load[y] += w[x, y]
            cur_cost += cost[x, y] - cost[x, px]
            a[x] = y
            tabu[x, px] = it + int(rng.integers(tenure_lo, tenure_hi + 1))
        else:
            px, py = int(p[x]), int(p[y])
            load[px] += w[y, px] - w[x, px]
            load[py] += w[x, py] - w[y, py]
            cur_cost += cost[x, py] + cost[y, px] - cost[x, px] - cost[y, py]
            a[x], a[y] = py, px
            t1 = int(rng.integers(tenure_lo, tenure_hi + 1))
            tabu[x, px] = it + t1
            tabu[y, py] = it + t1
        viol = load > cap + 1e-9
        lam = np.where(viol, lam * 1.1, np.maximum(lam * 0.98, 1e-3))
        if not viol.any() and cur_cost < best_cost - 1e-9:
            best_cost, best_a = cur_cost, a.copy()
    return with_people(sol, d, active, best_a)


def packing_arrays(pb: Problem, sol: Solution, deadline: float
                   ) -> tuple[_Dense, np.ndarray] | None:
    """(dense arrays, active task indices) when a capacity-packing search applies to
    ``sol``: a single-period problem (no due dates within the horizon), every active task
    assigned, at least two of them, small enough for dense arrays, and time left; else
    None. The searches that move tasks between people on dense arrays (tabu search here,
    ``optimizer.ejection``) share this gate."""
    if any(d is not None for d in pb.due_k) or any(k < 0 for t, k in enumerate(sol.choice)
                                                   if pb.cand[t]):
        return None
    if pb.n_tasks * pb.n_people > REGRET_MAX_CELLS or time.monotonic() >= deadline:
        return None
    active = np.array([t for t in range(pb.n_tasks) if pb.cand[t]], dtype=np.int64)
    if active.size < 2:
        return None
    return _Dense(pb), active


def with_people(sol: Solution, d: _Dense, active: np.ndarray, people: np.ndarray) -> Solution:
    """``sol`` with each active task given to its dense person index in ``people``."""
    choice = list(sol.choice)
    for i, t in enumerate(active):
        choice[int(t)] = d.kidx[int(t)][int(people[i])]
    return Solution(choice, list(sol.late))


def insert_unassigned(pb: Problem, sol: Solution) -> Solution:
    """Give still-unassigned tasks to anyone with room left (on time if possible).

    A last pass after a time-limited search: an unassigned task that fits somewhere
    would otherwise be reported as blocked by capacity while capacity is free.
    """
    todo = sorted((t for t in range(pb.n_tasks) if pb.cand[t] and sol.choice[t] < 0),
                  key=lambda t: -pb.priority[t])
    if not todo:
        return sol
    nd = len(pb.days)
    last = nd - 1
    slack = _slack(pb, sol)
    for t in todo:
        best: tuple[int, int, bool] | None = None
        d = pb.due_k[t]
        for k, p in enumerate(pb.cand[t]):
            e, row = pb.eff[t][k], slack[p]
            if row[last] < e:
                continue
            on_time = d is not None and t not in pb.before_start and min(row[d:]) >= e
            late = d is not None and not on_time
            score = pb.pair_cost(t, k) + (pb.w_late(t) if late else 0)
            if best is None or score < best[0]:
                best = (score, k, late)
        if best is not None:
            _, k, late = best
            sol.choice[t], sol.late[t] = k, late or t in pb.before_start
            for c in range(cutoff(pb, t, sol.late[t]), nd):
                slack[pb.cand[t][k]][c] -= pb.eff[t][k]
    return sol


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
