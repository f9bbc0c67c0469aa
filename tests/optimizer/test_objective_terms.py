"""The penalties a plan reports (``solution.evaluate``) are the solver's own objective terms.

``evaluate`` recomputes every named soft constraint in Python, apart from the CP-SAT
model; the plan reports it and every search stage compares solutions by it. If the two
drifted apart, the plan would report costs the solver did not minimise. On real
instances (the demo organisation's tasks with a pin and a previous plan, an OR-Library
GAP instance, a generated cross-department instance with deadlines and borrowing), the
whole model is solved to optimality and each of its named terms, read back from the
solver, must equal ``evaluate`` of the solution it returned.
"""

from __future__ import annotations

import subprocess
import sys

import pytest
from ortools.sat.python import cp_model

from dispatch.demo import DEMO_ORG
from models.org import load_org
from models.plan import load_plan_request
from optimizer import Weights
from optimizer.gap import gap_as_plan, read_gap_instance
from optimizer.greedy import greedy
from optimizer.model import build_model, read_solution
from optimizer.problem import Problem, compile_problem
from optimizer.solution import balance_targets, evaluate


def _fixed(pb: Problem) -> dict[str, int]:
    """What tasks outside the model cost (nobody may take them): constant to the solver."""
    out = {"unassigned_work": 0, "stability": 0}
    for t in range(pb.n_tasks):
        if not pb.cand[t]:
            if t in pb.blocked:
                out["unassigned_work"] += pb.w_unassigned(t)
            if pb.prev[t] is not None:
                out["stability"] += pb.weights.stability
    return out


def _solve_and_compare(pb: Problem) -> dict[str, int]:
    targets = balance_targets(pb)
    start = greedy(pb)
    active = [t for t in range(pb.n_tasks) if pb.cand[t]]
    b = build_model(pb, active, None, targets, start)
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = 60
    solver.parameters.num_workers = 2
    solver.parameters.random_seed = 0
    assert solver.solve(b.model) == cp_model.OPTIMAL
    sol = start.copy()
    read_solution(b, pb, solver, sol)
    reported = evaluate(pb, sol, targets)
    fixed = _fixed(pb)
    terms = {name: sum(c * solver.value(v) for v, c in vs) + fixed.get(name, 0)
             for name, vs in b.penalties.items()}
    assert terms == reported
    assert round(solver.objective_value) + sum(fixed.values()) == sum(reported.values())
    return reported


def test_demo_plan_with_a_pin_and_a_previous_plan():
    org = load_org(DEMO_ORG)
    req = load_plan_request(DEMO_ORG.parent / "tasks.json")
    first = req.tasks[0]
    people = [p.id for p in org.staff if p.department == first.department]
    tasks = [first.model_copy(update={"assignee": people[0]}), *req.tasks[1:]]
    previous = {t.id: people[-1] for t in req.tasks[1:4]}
    pb = compile_problem(org, req.model_copy(update={"tasks": tasks, "previous": previous}))
    assert 0 in pb.pinned
    reported = _solve_and_compare(pb)
    assert reported["stability"] > 0  # the previous plan is not kept for free


def test_gap_instance_costs(shared_dir):
    inst = read_gap_instance(shared_dir / "data" / "public" / "gap" / "cattrysse1994" / "gap1-0")
    org, req = gap_as_plan(inst)
    reported = _solve_and_compare(compile_problem(org, req, Weights(balance=0)))
    assert reported["preference"] == 261  # the published optimum of gap1-0


@pytest.mark.parametrize("load", ["0.8", "1.2"])
def test_generated_cross_department_instance(shared_dir, tmp_path, load):
    out = tmp_path / "inst"
    subprocess.run([sys.executable, str(shared_dir / "tools" / "gen_plan_instance.py"), str(out),
                    "--staff", "8", "--tasks", "24", "--load", load, "--seed", "3"],
                   check=True, capture_output=True)
    pb = compile_problem(load_org(out / "org.yaml"), load_plan_request(out / "tasks.json"))
    reported = _solve_and_compare(pb)
    assert sum(reported.values()) > 0
