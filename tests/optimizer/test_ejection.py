"""The ejection-chain search with strategic oscillation (optimizer/ejection.py)."""

from __future__ import annotations

import time

import numpy as np

from optimizer.ejection import ejection_search, search
from optimizer.gap import gap_as_plan, read_gap_instance
from optimizer.greedy import greedy
from optimizer.problem import Weights, compile_problem
from optimizer.solution import evaluate, is_valid


def test_improves_a_tight_or_library_instance_within_capacity(shared_dir):
    inst = read_gap_instance(shared_dir / "data" / "public" / "gap" / "chu1997" / "d05100")
    org, req = gap_as_plan(inst)
    pb = compile_problem(org, req, Weights(balance=0))
    start = greedy(pb)
    out = ejection_search(pb, start, time.monotonic() + 1.0, seed=0)
    assert is_valid(pb, out)
    assert all(k >= 0 for k in out.choice)
    assert sum(evaluate(pb, out).values()) <= sum(evaluate(pb, start).values())
    used = [0] * inst.m
    cost = 0
    for j in range(inst.n):
        i = out.person(pb, j)
        used[i] += inst.weight[i][j]
        cost += inst.cost[i][j]
    assert all(u <= c for u, c in zip(used, inst.capacity, strict=True))
    assert cost == sum(evaluate(pb, out).values())


def test_finds_a_feasible_assignment_from_an_overloaded_start():
    # Everything starts on person 0, who can hold two of the four tasks; the optimum
    # (cost 4) gives tasks 0 and 1 to person 0 and the others to person 1.
    cost = np.array([[1.0, 3.0], [1.0, 3.0], [2.0, 1.0], [2.0, 1.0]])
    w = np.full((4, 2), 5.0)
    cap = np.array([10.0, 10.0])
    best, stats = search(cost, w, np.ones((4, 2), dtype=bool), cap,
                         np.zeros(4, dtype=np.int64), time.monotonic() + 0.2)
    assert best is not None
    assert np.bincount(best, weights=w[np.arange(4), best], minlength=2).max() <= 10
    assert cost[np.arange(4), best].sum() == 4.0
    assert stats["ejection_steps"] > 0
