"""The CP-SAT model: one named function per constraint, hard ones first.

Hard constraints that only forbid pairs (skills, department unless borrowable, pins,
excluded people, leave and holidays) are applied when the problem is compiled: a
variable exists only for a task and a person who may take it. The rest are here.
Soft constraints return their penalty terms under their name, so that after solving
the plan can say what each one cost.

The same builder makes the full model and the sub-models of large-neighbourhood
search: it takes the tasks and the people that are free to change.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from ortools.sat.python import cp_model

from optimizer.problem import Problem
from optimizer.solution import Solution

Terms = list[tuple[cp_model.IntVar, int]]


@dataclass
class Built:
    """A CP-SAT model with its variables, ready to solve and read back."""

    model: cp_model.CpModel
    tasks: list[int]
    x: dict[tuple[int, int], cp_model.IntVar]  # (task, candidate index) -> assigned
    unassigned: dict[int, cp_model.IntVar]
    late: dict[int, cp_model.IntVar]
    z: dict[tuple[int, int], cp_model.IntVar] = field(default_factory=dict)
    over: dict[int, tuple[cp_model.IntVar, list[tuple[int, int]], int]] = field(
        default_factory=dict)
    penalties: dict[str, Terms] = field(default_factory=dict)


def build_model(pb: Problem, tasks: Iterable[int], people: set[int] | None = None,
                targets: list[int] | None = None, hint: Solution | None = None,
                must_assign: bool = False) -> Built:
    """Model for ``tasks`` restricted to ``people`` (all when None); others stay as they are.

    ``must_assign`` drops the option of leaving a task undone: an LNS step whose tasks are
    all assigned cannot gain by unassigning one, and without the option CP-SAT's bounds
    are far tighter (GAP sub-models prove optimal ten times faster).
    """
    m = cp_model.CpModel()
    tasks = [t for t in tasks if pb.cand[t]]
    x: dict[tuple[int, int], cp_model.IntVar] = {}
    for t in tasks:
        for k, p in enumerate(pb.cand[t]):
            if people is None or p in people:
                x[t, k] = m.new_bool_var(f"x_{t}_{k}")
    b = Built(m, tasks, x, {}, {})
    add_one_person_per_task(b, pb, must_assign)
    add_on_time_or_late(b, pb)
    add_capacity(b, pb)
    b.penalties["unassigned_work"] = unassigned_work(b, pb)
    b.penalties["lateness"] = lateness(b, pb)
    b.penalties["cross_department"] = cross_department(b, pb)
    b.penalties["stability"] = stability(b, pb)
    b.penalties["preference"] = preference(b, pb)
    b.penalties["load_balance"] = load_balance(b, pb, targets)
    m.minimize(sum(c * v for terms in b.penalties.values() for v, c in terms))
    if hint is not None:
        add_hint(b, pb, hint)
    return b


# ---- hard constraints -------------------------------------------------------------------

def add_one_person_per_task(b: Built, pb: Problem, must_assign: bool = False) -> None:
    """Each task goes to exactly one person or is left unassigned (and that is penalised);
    a pinned task always goes to its person (a hard constraint: no "unassigned" for it)."""
    by_task: dict[int, list[cp_model.IntVar]] = {t: [] for t in b.tasks}
    for (t, _), v in b.x.items():
        by_task[t].append(v)
    for t, vs in by_task.items():
        if (must_assign or t in pb.pinned) and vs:
            b.model.add_exactly_one(vs)
            continue
        u = b.model.new_bool_var(f"u_{t}")
        b.unassigned[t] = u
        b.model.add_exactly_one([*vs, u])


def add_on_time_or_late(b: Built, pb: Problem) -> None:
    """A task with a due date inside the horizon is either on time or flagged late."""
    for t in b.tasks:
        if pb.due_k[t] is not None:
            b.late[t] = b.model.new_bool_var(f"late_{t}")
            if t in b.unassigned:
                b.model.add_implication(b.unassigned[t], b.late[t].Not())


def add_capacity(b: Built, pb: Problem) -> None:
    """Per person: for every day c, the hours of tasks due (on time) by c fit capacity up to c.

    With c the horizon's last day this is the person's whole capacity; with c a due day
    it is what makes an earliest-due-first schedule finish every on-time task in time.
    """
    nd = len(pb.days)
    last = nd - 1
    by_person: dict[int, list[tuple[int, int, cp_model.IntVar]]] = {}
    for (t, k), v in b.x.items():
        by_person.setdefault(pb.cand[t][k], []).append((t, k, v))
    for p, items in by_person.items():
        total = [(pb.eff[t][k], v) for t, k, v in items]
        b.model.add(sum(e * v for e, v in total) <= pb.cumcap[p][last])
        dues = sorted({pb.due_k[t] for t, _, _ in items if t in b.late})
        if not dues:
            continue
        on_time = []
        for t, k, v in items:
            if t in b.late:
                z = b.model.new_bool_var(f"z_{t}_{k}")
                b.z[t, k] = z
                # z is 1 when the task is with p and on time; the solver keeps it as low as
                # it may, so only the lower bound is needed.
                b.model.add(z >= v - b.late[t])
                on_time.append((pb.due_k[t], pb.eff[t][k], z))
        for c in dues:
            terms = [(e, z) for d, e, z in on_time if d <= c]
            b.model.add(sum(e * z for e, z in terms) <= pb.cumcap[p][c])


# ---- soft constraints (each returns its named penalty terms) --------------------------

def unassigned_work(b: Built, pb: Problem) -> Terms:
    """Work nobody does, weighted by priority."""
    return [(u, pb.w_unassigned(t)) for t, u in b.unassigned.items()]


def lateness(b: Built, pb: Problem) -> Terms:
    """Tasks finishing after their due date, weighted by priority."""
    return [(v, pb.w_late(t)) for t, v in b.late.items()]


def cross_department(b: Built, pb: Problem) -> Terms:
    """Borrowing a person from outside the task's department."""
    w = pb.weights.borrowing
    return [(v, w) for (t, k), v in b.x.items() if pb.borrowed[t][k]] if w else []


def stability(b: Built, pb: Problem) -> Terms:
    """Moving a task away from the person of the last approved plan."""
    w = pb.weights.stability
    if not w:
        return []
    out: Terms = [(v, w) for (t, k), v in b.x.items()
                  if pb.prev[t] is not None and pb.cand[t][k] != pb.prev[t]]
    # an LNS sub-model whose tasks must all be assigned has no "unassigned" variables
    out += [(b.unassigned[t], w) for t in b.tasks
            if pb.prev[t] is not None and t in b.unassigned]
    return out


def preference(b: Built, pb: Problem) -> Terms:
    """The task's own cost of each person (cost_by_person; GAP's c_ij)."""
    w = pb.weights.preference
    return [(v, w * pb.pref[t][k]) for (t, k), v in b.x.items() if pb.pref[t][k]] if w else []


def load_balance(b: Built, pb: Problem, targets: list[int] | None) -> Terms:
    """Hours a person carries above the pool's average load ratio."""
    w = pb.weights.balance
    if not w or targets is None:
        return []
    by_person: dict[int, list[tuple[int, int]]] = {}
    for t, k in b.x:
        by_person.setdefault(pb.cand[t][k], []).append((t, k))
    out: Terms = []
    for p, items in by_person.items():
        top = sum(pb.eff[t][k] for t, k in items) - targets[p]
        if top <= 0:
            continue
        over = b.model.new_int_var(0, -(-top // pb.scale), f"over_{p}")
        b.model.add(pb.scale * over >= sum(pb.eff[t][k] * b.x[t, k] for t, k in items)
                    - targets[p])
        b.over[p] = (over, items, targets[p])
        out.append((over, w))
    return out


def add_hint(b: Built, pb: Problem, sol: Solution) -> None:
    """Start the search from ``sol`` (the greedy plan or the incumbent of the LNS)."""
    for (t, k), v in b.x.items():
        b.model.add_hint(v, sol.choice[t] == k)
    for t, u in b.unassigned.items():
        b.model.add_hint(u, sol.choice[t] < 0 or (t, sol.choice[t]) not in b.x)
    for t, v in b.late.items():
        b.model.add_hint(v, sol.choice[t] >= 0 and sol.late[t])
    for (t, k), z in b.z.items():
        b.model.add_hint(z, sol.choice[t] == k and not sol.late[t])
    for over, items, target in b.over.values():
        load = sum(pb.eff[t][k] for t, k in items if sol.choice[t] == k)
        b.model.add_hint(over, max(0, -(-(load - target) // pb.scale)))


def read_solution(b: Built, pb: Problem, solver: cp_model.CpSolver, into: Solution) -> None:
    """Copy the solver's values for the modelled tasks into ``into``."""
    for t in b.tasks:
        into.choice[t] = -1
        into.late[t] = t in pb.before_start
    for (t, k), v in b.x.items():
        if solver.boolean_value(v):
            into.choice[t] = k
    for t, v in b.late.items():
        into.late[t] = into.choice[t] >= 0 and solver.boolean_value(v)
