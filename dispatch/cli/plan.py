"""``dispatch plan``: staff the tasks of a tasks file (ARCHITECTURE.md §2.3)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from dispatch.cli.common import emit, fail, info
from models.org import OrgError, load_org
from models.plan import PlanInputError, load_plan_request


def register(app: typer.Typer) -> None:
    """Add the ``plan`` command."""
    app.command("plan")(plan)


def plan(
    org: Annotated[Path, typer.Option("--org", help="Organisation file (org.yaml).")],
    tasks: Annotated[Path, typer.Option("--tasks", help="Tasks file (TASKS.json).")],
    time_limit: Annotated[float, typer.Option("--time-limit", min=0.5,
                                              help="Seconds to search.")] = 30.0,
    workers: Annotated[int, typer.Option("--workers", min=1, help="CP-SAT search workers.")] = 2,
    seed: Annotated[int, typer.Option("--seed", help="Random seed (runs repeat).")] = 0,
    verbose: Annotated[bool, typer.Option("--verbose", "-v",
                                          help="Search progress on stderr.")] = False,
    as_json: Annotated[bool, typer.Option("--json",
                                          help="Print exactly one JSON document.")] = False,
) -> None:
    """Assign tasks to staff within capacity, skills, departments and deadlines."""
    from optimizer import SolveOptions, solve_plan

    try:
        o = load_org(org)
        req = load_plan_request(tasks)
        opts = SolveOptions(time_limit=time_limit, workers=workers, seed=seed,
                            log=info if verbose else None)
        result = solve_plan(o, req, opts)
    except (OrgError, PlanInputError) as e:
        fail(str(e))
    out = result.to_contract()
    info(f"{len(result.assignments)} assigned, {len(result.unassigned)} unassigned, "
         f"{len(result.late)} late, on-time rate {result.on_time_rate:.3f}, "
         f"{result.stats.get('seconds')} s")
    emit(out, as_json, _human)


def _human(out: dict[str, Any]) -> str:
    lines = [f"status {out['status']}, on-time rate {out['kpis']['on_time_rate']:.1%}"]
    for a in out["assignments"]:
        flag = "  LATE" if a.get("late") else ""
        lines.append(f"  {a['task']:<12} {a['staff']:<12} finish {a['finish']}{flag}")
    for u in out["unassigned"]:
        lines.append(f"  {u['task']:<12} UNASSIGNED: {u['reason']}")
    for x in out.get("late", []):
        lines.append(f"  {x['task']:<12} late: {x['reason']}")
    util = ", ".join(f"{d} {v:.0%}" for d, v in out["kpis"]["utilisation"].items())
    lines.append(f"utilisation: {util}")
    return "\n".join(lines)
