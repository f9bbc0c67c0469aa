"""The Generalized Assignment Problem as a special case of the planner."""

from __future__ import annotations

import itertools

import pytest

from optimizer.gap import GapInstance, read_gap_instance, solve_gap


def _brute_force(inst: GapInstance) -> int:
    best = None
    for a in itertools.product(range(inst.m), repeat=inst.n):
        used = [0] * inst.m
        for j, i in enumerate(a):
            used[i] += inst.weight[i][j]
        if all(u <= c for u, c in zip(used, inst.capacity, strict=True)):
            cost = sum(inst.cost[i][j] for j, i in enumerate(a))
            best = cost if best is None else min(best, cost)
    assert best is not None
    return best


def test_tiny_instance_reaches_the_brute_force_optimum():
    # The cheapest agent for every job is agent 0, whose capacity forces a trade-off.
    inst = GapInstance(m=3, n=6,
                       cost=[[1, 1, 2, 1, 3, 2], [5, 4, 6, 3, 4, 5], [4, 6, 3, 5, 3, 6]],
                       weight=[[4, 5, 3, 6, 2, 4], [3, 2, 4, 3, 2, 5], [4, 4, 3, 2, 5, 3]],
                       capacity=[9, 7, 8])
    r = solve_gap(inst, time_limit=5, workers=1)
    assert r["status"] == "optimal"
    assert r["cost"] == _brute_force(inst)
    used = [0] * inst.m
    for j, i in enumerate(r["assignment"]):
        used[i] += inst.weight[i][j]
    assert all(u <= c for u, c in zip(used, inst.capacity, strict=True))


def test_or_library_instance_reaches_its_optimum(shared_dir):
    inst = read_gap_instance(shared_dir / "data" / "public" / "gap" / "cattrysse1994" / "gap1-0")
    r = solve_gap(inst, time_limit=10, workers=1)
    assert r["cost"] == 261  # the published optimum (data.csv)


def test_capacities_beyond_a_working_week_are_scaled():
    inst = GapInstance(m=2, n=3, cost=[[1, 2, 3], [3, 2, 1]],
                       weight=[[900, 900, 900], [900, 900, 900]], capacity=[1800, 1800])
    r = solve_gap(inst, time_limit=5, workers=1)
    assert r["cost"] == 4 and r["assignment"][0] == 0 and r["assignment"][2] == 1


def test_broken_instance_file_is_refused(tmp_path):
    bad = tmp_path / "bad"
    bad.write_text("2 3\n1 2 3\n")
    with pytest.raises(ValueError, match="expected"):
        read_gap_instance(bad)
    bad.write_text("two three")
    with pytest.raises(ValueError, match="not an OR-Library"):
        read_gap_instance(bad)
