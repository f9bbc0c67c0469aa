"""Ejection-chain search with strategic oscillation for small single-period problems.

Yagiura, Ibaraki and Glover's answer to tightly packed Generalized Assignment Problems
(TS-EC, INFORMS J. Computing 2004; PR-EC, EJOR 2006): a penalised objective ``cost +
sum_i alpha_i * overload_i`` lets the search cross the capacity boundary; at each local
optimum the weights of overloaded people rise (or everyone's fall when nobody is
overloaded), so the search oscillates around the feasible region, and the best
solution within capacity is kept. Three neighbourhoods, evaluated whole with numpy
each step:

* shift: move one task to another person;
* swap: exchange the people of two tasks;
* ejection chain of length two: task j1 moves to the person of task j2, which is
  ejected to its best third person. Shift and swap alone stall on D-type instances
  because hardly any of their moves stays within capacity; the chain frees room where
  the first task lands.

Candidates are restricted to each task's few people of least Lagrangian reduced cost
``c_ij + u_i w_ij`` (the prices of :meth:`optimizer.greedy._Dense.lagrangian_prices`),
which is where good assignments of tightly packed problems lie (two thirds of the
people: keeping 8 of 20 did worse on GAP d20100, keeping all no better).

Measured from the greedy start alone, 4-5 s: GAP d20100 6370 -> 6240 (best known 6185),
d20200 12529 -> 12330 (12235), d10200 12512 -> 12481 (12430); the old tabu search of
shift and swap moves stalled at 6260-6370 on d20100.
"""

from __future__ import annotations

import time

import numpy as np

from optimizer.greedy import packing_arrays, with_people
from optimizer.problem import Problem
from optimizer.solution import Solution


def ejection_search(pb: Problem, sol: Solution, deadline: float, seed: int = 0,
                    candidates: int = 0) -> Solution:
    """Best solution within capacity found from ``sol`` by ``deadline``; never a worse one.

    Only for single-period problems with every active task assigned (the GAP among
    them); anything else is returned unchanged. ``candidates``: people kept per task by
    reduced cost (0: chosen from the number of people).
    """
    found = packing_arrays(pb, sol, deadline)
    if found is None:
        return sol
    d, active = found
    cost = np.where(d.allowed[active], d.cost[active], 0.0)
    w = d.weight[active].astype(float)
    allowed = d.allowed[active].copy()
    cap = d.cap.astype(float)
    a0 = np.array([sol.person(pb, int(t)) for t in active], dtype=np.int64)
    # Restrict to the people of least reduced cost (always keeping the current one).
    m = cap.size
    keep = candidates or (m if m <= 5 else max(5, (m * 2 + 2) // 3))
    u = d.lagrangian_prices(float(cost[np.arange(active.size), a0].sum()))
    red = np.where(allowed, cost + u[None, :] * w, np.inf)
    # The Lagrangian bound: nothing can cost less, so reaching it ends the search.
    bound = float(red.min(axis=1).sum() - (u * cap).sum())
    if keep < m:
        rank = np.argsort(np.argsort(red, axis=1), axis=1)
        allowed &= rank < keep
        allowed[np.arange(active.size), a0] = True
    integral = bool(np.all(cost == np.round(cost)))
    best, _ = search(cost, w, allowed, cap, a0, deadline, seed,
                     bound=np.ceil(bound - 1e-6) if integral else bound)
    if best is None:
        return sol
    return with_people(sol, d, active, best)


def search(cost: np.ndarray, w: np.ndarray, allowed: np.ndarray, cap: np.ndarray,
           a0: np.ndarray, deadline: float, seed: int = 0, inc: float = 0.1,
           dec: float = 0.1, tenure: tuple[float, float] = (1 / 30, 1 / 8),
           restart: int = 0, patience: int = 20,
           bound: float = -np.inf) -> tuple[np.ndarray | None, dict]:
    """The search on dense arrays (tasks x people): the best assignment within capacity.

    Returns (None, stats) when nothing within capacity cheaper than ``a0`` (or, when
    ``a0`` is over capacity, nothing within capacity at all) was found. Each step takes
    the best move on the penalised cost; at a local optimum the weights change instead
    (overloaded people by ``inc`` times their share of the largest overload, everyone
    down by ``dec`` when nobody is overloaded: the rule of Yagiura et al.'s PR-EC),
    which measured better than reweighing after every move of a tabu search (GAP d10200
    at 4 s: 12481 against 12512, d20200 12330 against 12372). A short tabu list (task j
    may not return to the person it left) keeps the search from undoing its last moves;
    after ``restart`` steps without a new best it goes back to the best, and after
    ``patience`` such returns in a row, or on reaching the lower ``bound``, it stops:
    easy problems then leave the time to CP-SAT, which proves them optimal.
    """
    rng = np.random.default_rng(seed)
    n, m = cost.shape
    rows = np.arange(n)
    a = a0.copy()
    load = np.bincount(a, weights=w[rows, a], minlength=m)
    cur = float(cost[rows, a].sum())
    best_cost = cur if bool((load <= cap + 1e-9).all()) else np.inf
    best_a: np.ndarray | None = None
    base = max(1e-3, float(cost[allowed].std() / max(1.0, w[allowed].mean())))
    alpha = np.full(m, base)
    tabu = np.zeros((n, m), dtype=np.int64)
    tenure_lo, tenure_hi = max(3, int(n * tenure[0])), max(8, int(n * tenure[1]))
    restart = restart or 20 * n
    upper = np.triu(np.ones((n, n), dtype=bool), 1)
    it = last_best = moves = local_optima = fruitless = 0
    big = np.inf
    while m >= 2:
        it += 1
        if it % 8 == 0 and time.monotonic() >= deadline:
            break
        over = np.maximum(0.0, load - cap)
        ca, wa = cost[rows, a], w[rows, a]
        la, capa, ova, ala = load[a], cap[a], over[a], alpha[a]
        cur_pen = cur + float((alpha * over).sum())
        # Penalised change of taking task j from its person, and of giving it to person i.
        out = -ca + ala * (np.maximum(0.0, la - wa - capa) - ova)
        ins = cost + alpha[None, :] * (np.maximum(0.0, load[None, :] + w - cap[None, :])
                                       - over[None, :])
        free = allowed & (tabu <= it)
        free[rows, a] = False
        shift = ins + out[:, None]
        # Aspiration: a tabu shift is allowed when it would beat the best feasible cost.
        ok = free | (allowed & (shift + cur_pen < best_cost - 1e-9))
        ok[rows, a] = False
        sh = np.where(ok, shift, big)
        k = int(np.argmin(sh))
        mv_val, mv = float(sh.flat[k]), ("shift", *divmod(k, m))
        # Ejected task j2 goes on to its best other person; keep the best two so that the
        # one j1 came from can be avoided (j2 going there is the swap below).
        onward = np.where(free, ins, big)
        two = np.argpartition(onward, 1, axis=1)[:, :2] if m > 2 else np.argsort(onward, axis=1)
        o1, o2 = onward[rows, two[:, 0]], onward[rows, two[:, 1]]
        flip = o1 > o2
        i3a = np.where(flip, two[:, 1], two[:, 0])
        i3b = np.where(flip, two[:, 0], two[:, 1])
        b1, b2 = np.minimum(o1, o2) - ca, np.maximum(o1, o2) - ca
        # Chain: j1 (rows) lands on a[j2] (columns), which loses j2.
        c_land = cost[:, a]
        pen_land = ala[None, :] * (np.maximum(0.0, la[None, :] + w[:, a] - wa[None, :]
                                              - capa[None, :]) - ova[None, :])
        land_ok = allowed[:, a] & (tabu[:, a] <= it) & (a[:, None] != a[None, :])
        onward_val = np.where(i3a[None, :] != a[:, None], b1[None, :], b2[None, :])
        ej = np.where(land_ok, out[:, None] + c_land + pen_land + onward_val, big)
        k = int(np.argmin(ej))
        if ej.flat[k] < mv_val:
            j1, j2 = divmod(k, n)
            i3 = int(i3a[j2] if i3a[j2] != a[j1] else i3b[j2])
            mv_val, mv = float(ej.flat[k]), ("eject", j1, j2, i3)
        # Swap of j and k (j < k): each lands on the other's person, which loses the other.
        sw = np.where(land_ok & land_ok.T & upper,
                      c_land + c_land.T - ca[:, None] - ca[None, :] + pen_land + pen_land.T,
                      big)
        k = int(np.argmin(sw))
        if sw.flat[k] < mv_val:
            mv_val, mv = float(sw.flat[k]), ("swap", *divmod(k, n))
        if not np.isfinite(mv_val):
            tabu[:] = 0
            continue
        if mv_val > -1e-9:
            # A local optimum of the penalised cost: reweigh, so that it no longer is one.
            if over.any():
                alpha = alpha * (1 + inc * over / over.max())
            else:
                alpha = np.maximum(alpha * (1 - dec), 1e-4 * base)
            local_optima += 1
            continue
        until = it + int(rng.integers(tenure_lo, tenure_hi + 1))
        moves += 1
        if mv[0] == "shift":
            _, j, i = mv
            cur += cost[j, i] - ca[j]
            _move(j, int(i), a, load, w, tabu, until)
        elif mv[0] == "swap":
            _, j, k2 = mv
            pj, pk = int(a[j]), int(a[k2])
            cur += cost[j, pk] + cost[k2, pj] - ca[j] - ca[k2]
            _move(j, pk, a, load, w, tabu, until)
            _move(k2, pj, a, load, w, tabu, until)
        else:
            _, j1, j2, i3 = mv
            i2 = int(a[j2])
            cur += cost[j1, i2] + cost[j2, i3] - ca[j1] - ca[j2]
            _move(j2, i3, a, load, w, tabu, until)
            _move(j1, i2, a, load, w, tabu, until)
        if not (load > cap + 1e-9).any() and cur < best_cost - 1e-9:
            best_cost, best_a, last_best, fruitless = cur, a.copy(), it, 0
            if best_cost <= bound + 1e-9:
                break
        if it - last_best > restart and np.isfinite(best_cost):
            fruitless += 1
            if fruitless >= patience:
                break
            a = (a0 if best_a is None else best_a).copy()
            load = np.bincount(a, weights=w[rows, a], minlength=m)
            cur = float(cost[rows, a].sum())
            last_best = it
    return best_a, {"ejection_steps": it, "ejection_moves": moves,
                    "ejection_local_optima": local_optima, "ejection_best_at": last_best}


def _move(j: int, i: int, a: np.ndarray, load: np.ndarray, w: np.ndarray,
          tabu: np.ndarray, until: int) -> None:
    p = int(a[j])
    load[p] -= w[j, p]
    load[i] += w[j, i]
    tabu[j, p] = until
    a[j] = i
