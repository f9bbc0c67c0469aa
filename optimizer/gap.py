"""The Generalized Assignment Problem as a special case of the planner.

GAP: m agents with capacity b_i, n jobs, agent i needs w_ij of its capacity for job j
at cost c_ij; give every job to one agent within capacity at least total cost. Here an
agent is a person, a job is a task with ``effort_by_person`` w_ij and
``cost_by_person`` c_ij, and the horizon is one workday: the same compile, greedy,
CP-SAT model and LNS as ``dispatch plan`` (ARCHITECTURE.md §2.5), with load balance off.
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass
from pathlib import Path

from models.org import Department, Org, Person
from models.plan import PlanRequest, Task
from optimizer.engine import SolveOptions, solve_problem
from optimizer.problem import UNIT_SCALES, Weights, compile_problem

GAP_DAY = dt.date(2026, 11, 23)  # a Monday: the single period
MAX_WEEK_HOURS = 168  # Person.hours_per_week's bound


@dataclass(frozen=True)
class GapInstance:
    """An OR-Library GAP instance: cost[i][j], weight[i][j], capacity[i]."""

    m: int
    n: int
    cost: list[list[int]]
    weight: list[list[int]]
    capacity: list[int]


def read_gap_instance(path: str | Path) -> GapInstance:
    """Read the OR-Library format: "m n", m rows of costs, m rows of weights, m capacities."""
    try:
        nums = [int(x) for x in Path(path).read_text().split()]
    except ValueError as e:
        raise ValueError(f"{path}: not an OR-Library GAP instance ({e})") from None
    if len(nums) < 2:
        raise ValueError(f"{path}: not an OR-Library GAP instance (too short)")
    m, n = nums[0], nums[1]
    if m < 1 or n < 1 or len(nums) != 2 + 2 * m * n + m:
        raise ValueError(f"{path}: expected {2 + 2 * m * n + m} numbers for {m} agents x {n} "
                         f"jobs, found {len(nums)}")
    k = 2
    cost = [nums[k + i * n:k + (i + 1) * n] for i in range(m)]
    k += m * n
    weight = [nums[k + i * n:k + (i + 1) * n] for i in range(m)]
    k += m * n
    return GapInstance(m, n, cost, weight, nums[k:k + m])


def gap_as_plan(inst: GapInstance) -> tuple[Org, PlanRequest]:
    """The instance as an org (agents) and a one-day request (jobs)."""
    # Capacities are hours of one day; a unit of 1/unit hour keeps them within a week's bound.
    unit = next((u for u in UNIT_SCALES if 5 * max(inst.capacity) / u <= MAX_WEEK_HOURS),
                UNIT_SCALES[-1])
    people = [Person(id=f"a{i}", name=f"agent {i}", department="gap",
                     hours_per_week=5 * inst.capacity[i] / unit) for i in range(inst.m)]
    org = Org(name="GAP", calendar="none", departments=[Department(id="gap", name="GAP")],
              staff=people)
    tasks = [
        Task(id=f"j{j}", effort_hours=max(inst.weight[i][j] for i in range(inst.m)) / unit,
             due=GAP_DAY,
             effort_by_person={f"a{i}": inst.weight[i][j] / unit for i in range(inst.m)},
             cost_by_person={f"a{i}": inst.cost[i][j] for i in range(inst.m)})
        for j in range(inst.n)
    ]
    return org, PlanRequest(start=GAP_DAY, horizon_days=1, tasks=tasks)


def solve_gap(inst: GapInstance, time_limit: float = 10.0, workers: int = 2,
              seed: int = 0) -> dict:
    """Solve through the planner; ``assignment`` is the 0-based agent of each job."""
    t0 = time.monotonic()
    org, req = gap_as_plan(inst)
    opts = SolveOptions(time_limit=time_limit, workers=workers, seed=seed,
                        weights=Weights(balance=0))
    pb = compile_problem(org, req, opts.weights)
    out = solve_problem(pb, opts, t0)
    assignment: list[int] | None = [out.solution.person(pb, t) for t in range(pb.n_tasks)]
    if any(i < 0 for i in assignment):
        assignment, status, cost = None, "unknown", None
    else:
        status = out.status
        cost = sum(inst.cost[i][j] for j, i in enumerate(assignment))
    return {"status": status, "cost": cost, "assignment": assignment,
            "seconds": round(time.monotonic() - t0, 3), "stats": out.stats}
