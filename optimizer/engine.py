"""The planner's entry point: org + request in, a valid Plan out, within a time limit.

Stages, chosen by measurement: compile; greedy start (always valid, the fallback);
on single-period problems a penalty-guided local search (ejection chains when small,
tabu search when large); then either one CP-SAT model over everything, hinted with the
best plan so far, when the problem is small, or large-neighbourhood search (LNS) when
it is not: repeatedly free the work of a few related people, re-solve that part
exactly with CP-SAT from the incumbent, keep it when it is no worse. Seeds are fixed
so runs repeat.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from ortools.sat.python import cp_model

from models.org import Org
from models.plan import Assignment, LateTask, Plan, PlanRequest, Unassigned
from optimizer.ejection import ejection_search
from optimizer.greedy import greedy, insert_unassigned, tabu_search
from optimizer.model import build_model, read_solution
from optimizer.problem import Problem, Weights, compile_problem
from optimizer.schedule import explain, free_capacity, schedule, spread_cost
from optimizer.solution import Solution, balance_targets, evaluate


@dataclass(frozen=True)
class SolveOptions:
    """How hard and how to search. ``workers`` is CP-SAT's num_workers."""

    time_limit: float = 30.0
    workers: int = 2
    seed: int = 0
    weights: Weights = field(default_factory=Weights)
    full_model_max_pairs: int = 12_000  # above this many task-person pairs, LNS only
    full_model_share: float = 0.3  # of the time limit for the whole model, then LNS
    lns_sub_seconds: float = 0.0  # time per LNS sub-model; 0: time_limit / 200, 0.1 to 1 s
    lns_workers: int = 1  # sub-models are small: one worker each wastes less
    lns_max_people_packed: int = 3  # LNS people per step on small single-period problems
    search: bool = True  # False: the greedy plan only (the baseline of the benchmarks)
    tabu_share: float = 0.2  # of the time limit, for tabu search on large single-period problems
    ejection_share: float = 0.5  # at most, for the ejection-chain search on small ones
    log: Callable[[str], None] | None = None


@dataclass
class Outcome:
    """A solution with how it was found."""

    solution: Solution
    status: str  # "optimal" | "feasible"
    stats: dict


def solve_plan(org: Org, request: PlanRequest, options: SolveOptions | None = None) -> Plan:
    """Plan ``request`` for ``org``; raises PlanInputError when no plan can be made of it."""
    options = options or SolveOptions()
    t0 = time.monotonic()
    pb = compile_problem(org, request, options.weights)
    # Keep time to turn the solution into hours and reasons, so the limit is the limit.
    reserve = min(0.1 * options.time_limit, 0.2 + pb.n_tasks / 4000)
    out = solve_problem(pb, options, t0, reserve)
    plan = build_plan(pb, out)
    plan.stats["seconds"] = round(time.monotonic() - t0, 3)
    return plan


def solve_problem(pb: Problem, options: SolveOptions, t0: float | None = None,
                  reserve: float = 0.0) -> Outcome:
    """Greedy start, then CP-SAT (whole model or LNS) until the time limit less ``reserve``."""
    t0 = time.monotonic() if t0 is None else t0
    deadline = t0 + options.time_limit - reserve
    log = options.log or (lambda _m: None)
    targets = balance_targets(pb)
    sol = greedy(pb)
    greedy_cost = sum(evaluate(pb, sol, targets).values())
    stats: dict = {"greedy_objective": greedy_cost, "pairs": pb.pair_count(),
                   "greedy_seconds": round(time.monotonic() - t0, 3)}
    log(f"greedy objective {greedy_cost} in {stats['greedy_seconds']} s, {stats['pairs']} pairs")
    active = [t for t in range(pb.n_tasks) if pb.cand[t]]
    if not active or not options.search:
        return Outcome(sol, "feasible" if active else "optimal", {**stats, "method": "greedy"})
    # Small single-period problems (the GAP among them) get the ejection-chain search
    # (optimizer/ejection.py) for up to half the time, then the whole model and 3-person
    # LNS polish its best: GAP d20100 at 10 s 1.21 -> 0.89 % above the best known, d20200
    # 0.97 -> 0.74 %; 0.3 or 0.65 of the time did worse. It stops early on easy problems.
    # Larger ones keep the plain tabu search, whose steps cost O(n) rather than O(n^2).
    small = stats["pairs"] <= options.full_model_max_pairs
    share = options.ejection_share if small else options.tabu_share
    if share > 0:
        search_end = t0 + share * options.time_limit
        search = ejection_search if small else tabu_search
        stats["search"] = "ejection" if small else "tabu"
        better = search(pb, sol, search_end, options.seed)
        if better is not sol:
            val = sum(evaluate(pb, better, targets).values())
            stats["search_objective"] = val
            if val < greedy_cost:
                sol, greedy_cost = better, val
    if stats["pairs"] <= options.full_model_max_pairs:
        b = build_model(pb, active, None, targets, sol)
        # The whole model proves small problems optimal fast; when it cannot, LNS from its
        # best does better with the rest of the time (measured on GAP D-type instances and
        # on 120 x 700 plans, where the whole model stalls on a loaded machine).
        share = max(2.0, options.full_model_share * options.time_limit)
        solver = _solver(options, min(deadline - time.monotonic(), share), options.seed)
        st = solver.solve(b.model)
        stats["method"] = "cp-sat"
        stats["cp_sat_status"] = solver.status_name(st)
        if st in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            cand = sol.copy()
            read_solution(b, pb, solver, cand)
            if sum(evaluate(pb, cand, targets).values()) <= greedy_cost:
                sol = cand
            if st == cp_model.OPTIMAL:
                return Outcome(sol, "optimal", stats)
        if deadline - time.monotonic() < 0.5:
            return Outcome(sol, "feasible", stats)
    sol, lns_stats = lns(pb, sol, options, deadline, targets)
    stats.update(lns_stats)
    stats["method"] = stats.get("method", "") + "+lns" if "method" in stats else "lns"
    return Outcome(sol, "feasible", stats)


def _solver(options: SolveOptions, seconds: float, seed: int) -> cp_model.CpSolver:
    s = cp_model.CpSolver()
    s.parameters.max_time_in_seconds = max(0.05, seconds)
    s.parameters.num_workers = max(1, options.workers)
    s.parameters.random_seed = seed
    return s


def lns(pb: Problem, sol: Solution, options: SolveOptions, deadline: float,
        targets: list[int]) -> tuple[Solution, dict]:
    """Large-neighbourhood search over groups of related people."""
    rng = random.Random(options.seed)
    log = options.log or (lambda _m: None)
    by_person: list[set[int]] = [set() for _ in range(pb.n_people)]
    for t, k in enumerate(sol.choice):
        if k >= 0:
            by_person[pb.cand[t][k]].add(t)
    # The cheapest few people for each task: freeing them together finds good swaps.
    cheap = [[pb.cand[t][k] for k in sorted(range(len(pb.cand[t])),
                                            key=lambda k, t=t: pb.pair_cost(t, k))[:4]]
             for t in range(pb.n_tasks)]
    workers = [p for p in range(pb.n_people) if pb.total_cap[p] > 0]
    cur = sum(evaluate(pb, sol, targets).values())
    # On small single-period problems (the GAP among them) capacity is packed tight and a
    # sub-model of four or more people rarely proves optimal within its time, so the step
    # is wasted; many exact three-person steps do better (GAP d20100 at 10 s: 1.50 % ->
    # 1.18 % above the best known; d20200 0.96 -> 0.88 %). Larger or multi-period
    # problems keep growing the neighbourhood as before.
    packed = (all(d is None for d in pb.due_k)
              and pb.pair_count() <= options.full_model_max_pairs)
    max_size = min(len(workers), options.lns_max_people_packed if packed else len(workers))
    size = min(max_size, 3)
    it = accepted = improved = 0
    trouble: list[int] = []
    while True:
        left = deadline - time.monotonic()
        if left < 0.2 or not workers:
            break
        it += 1
        if it % 10 == 1:
            trouble = [t for t in range(pb.n_tasks)
                       if pb.cand[t] and (sol.choice[t] < 0 or sol.late[t])]
        people = _neighbourhood(pb, sol, rng, size, by_person, trouble, cheap, workers)
        tasks = set()
        for p in people:
            tasks |= by_person[p]
        for t in trouble:
            if sol.choice[t] < 0 and any(p in people for p in pb.cand[t]):
                tasks.add(t)
        if not tasks:
            continue
        # Many short steps beat few long ones (measured on GAP and generated plans).
        sub_limit = min(left, options.lns_sub_seconds
                        or max(0.1, min(1.0, options.time_limit / 200)))
        b = build_model(pb, sorted(tasks), people, targets, sol,
                        must_assign=all(sol.choice[t] >= 0 for t in tasks))
        solver = _solver(options, sub_limit, options.seed + it)
        solver.parameters.num_workers = max(1, options.lns_workers)
        started = time.monotonic()
        st = solver.solve(b.model)
        took = time.monotonic() - started
        if st in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            new = sol.copy()
            read_solution(b, pb, solver, new)
            val = sum(evaluate(pb, new, targets).values())
            if val <= cur:
                if val < cur:
                    improved += 1
                accepted += 1
                for t in tasks:
                    p_old, p_new = sol.person(pb, t), new.person(pb, t)
                    if p_old != p_new:
                        if p_old >= 0:
                            by_person[p_old].discard(t)
                        if p_new >= 0:
                            by_person[p_new].add(t)
                sol, cur = new, val
        if st == cp_model.OPTIMAL and took < sub_limit / 3:
            size = min(max_size, size + 1)
        elif st != cp_model.OPTIMAL:
            size = max(2, size - 1)
        if it % 50 == 0:
            log(f"lns it {it} size {size} objective {cur}")
    return sol, {"lns_iterations": it, "lns_improvements": improved, "lns_accepted": accepted}


def _neighbourhood(pb: Problem, sol: Solution, rng: random.Random, size: int,
                   by_person: list[set[int]], trouble: list[int], cheap: list[list[int]],
                   workers: list[int]) -> set[int]:
    """``size`` people linked by tasks they could swap; seeded at trouble half the time."""
    people: set[int] = set()
    r = rng.random()
    if trouble and r < 0.5:
        t = rng.choice(trouble)
        people.update(rng.sample(pb.cand[t], min(len(pb.cand[t]), max(1, size // 2))))
    elif r < 0.75:
        # Idle capacity is where a tighter packing can come from: seed at someone with room.
        free = [pb.total_cap[p] - sum(pb.eff[t][sol.choice[t]] for t in by_person[p])
                for p in workers]
        people.add(rng.choices(workers, weights=[f + 1 for f in free])[0])
    else:
        people.add(rng.choice(workers))
    tries = 0
    while len(people) < size and tries < 20 * size:
        tries += 1
        p = rng.choice(tuple(people))
        if not by_person[p]:
            people.add(rng.choice(workers))
            continue
        t = rng.choice(tuple(by_person[p]))
        pool = cheap[t] if rng.random() < 0.6 else pb.cand[t]
        q = rng.choice(pool)
        if pb.total_cap[q] > 0:
            people.add(q)
    return people


def build_plan(pb: Problem, out: Outcome) -> Plan:
    """Hours per day, late and unassigned tasks with their reasons, KPIs and costs."""
    sol = insert_unassigned(pb, out.solution.copy())
    sched = schedule(pb, sol)
    free = free_capacity(pb, sched)
    assignments: list[Assignment] = []
    late: list[LateTask] = []
    unassigned: list[Unassigned] = []
    on_time = 0
    for t, task in enumerate(pb.tasks):
        s = sched.get(t)
        if s is None:
            c, why = explain(pb, sol, sched, t, free)
            unassigned.append(Unassigned(task=task.id, reason=why, constraint=c))
            continue
        finish = pb.days[s.finish]
        is_late = task.due is not None and finish > task.due
        sol.late[t] = is_late
        assignments.append(Assignment(task=task.id, staff=pb.people[s.person].id,
                                      hours=s.hours(pb, t), finish=finish, late=is_late))
        if is_late:
            c, why = explain(pb, sol, sched, t, free)
            late.append(LateTask(task=task.id, staff=pb.people[s.person].id, due=task.due,
                                 finish=finish, reason=why, constraint=c))
        else:
            on_time += 1
    used: dict[str, int] = {}
    capacity: dict[str, int] = {}
    for p, person in enumerate(pb.people):
        capacity[person.department] = capacity.get(person.department, 0) + pb.total_cap[p]
    for s in sched.values():
        dep = pb.people[s.person].department
        used[dep] = used.get(dep, 0) + sum(s.units.values())
    util = {d.id: round(used.get(d.id, 0) / capacity[d.id], 4) if capacity.get(d.id) else 0.0
            for d in pb.org.departments}
    costs = evaluate(pb, sol)
    penalties: dict[str, float] = {k: float(v) for k, v in costs.items()}
    penalties["spread_days"] = float(spread_cost(pb, sched))
    n = pb.n_tasks
    status = out.status
    if n and not assignments:
        status = "infeasible"
    return Plan(
        status=status, assignments=assignments, unassigned=unassigned, late=late,
        on_time_rate=round(on_time / n, 4) if n else 1.0, utilisation=util,
        penalties=penalties, objective=int(sum(costs.values())), stats=out.stats,
    )
