"""`dispatch problems raise|list|show|start|resolve|close|reopen|dispute|decide|metrics` — the
problem log (问题跟踪表) from the shell.

Like ``dispatch collab``, the CLI acts as a user of the database (``--as NAME``, default
``$DISPATCH_USER`` or ``admin``) with that user's permissions, exactly as the API would.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

import typer

from dispatch.cli.common import JsonOpt, emit, fail
from dispatch.cli.requests import AsOpt, _ctx

problems_app = typer.Typer(help="Problems and disputes (问题跟踪表) on collaborations, "
                                "requests and action items.", no_args_is_help=True)
NoteOpt = Annotated[str, typer.Option("--note", help="A note kept with the step.")]


def register(app: typer.Typer) -> None:
    """Add the `problems` command group."""
    app.add_typer(problems_app, name="problems")


def _line(p: dict[str, Any]) -> str:
    d = p.get("dispute")
    dispute = f" 争议L{d['level']}（{d['level_zh']}）" if d and d["live"] else ""
    late = " 逾期" if p["overdue"] else ""
    return (f"#{p['id']:<4} {p['state']:<11} [{p['severity_zh']}] {p['target']['kind']} "
            f"{p['target']['id']:<4} → {p['responsible_department']}"
            f"/{p['responsible_person'] or '-'} due {p['due']}{late}{dispute}  "
            f"{p['description'][:50]}")


def _show(p: dict[str, Any]) -> str:
    lines = [_line(p), f"  departments {', '.join(p['departments'])}; impact: "
             f"{p['impact'] or '-'}; proposed: {p['proposed_solution'] or '-'}",
             f"  allowed now: {', '.join(p['allowed_actions']) or 'none'}"]
    d = p.get("dispute")
    if d:
        when = f"until {d['level_due_at_local']}" if d["live"] else "settled"
        lines.append(f"  dispute {', '.join(d['parties'])}: level {d['level']} "
                     f"({d['level_zh']}) {when}")
    for x in p.get("decisions", []):
        lines.append(f"  decision L{x['level']} {x['outcome']} by {x['by']} at "
                     f"{x['at_local']}: {x['text']}")
    for e in p.get("events", []):
        lines.append(f"  {e['at_local']} {e['by']}: {e['action']} {e['from']}→{e['to']}"
                     f"{' ' + e['note'] if e['note'] else ''}")
    return "\n".join(lines)


def _load(s: Any, user: Any, org: Any, problem_id: int) -> Any:
    from dispatch.problems import flows, service

    p = service.get_or_404(db_session=s, problem_id=problem_id)
    flows.check_read(user, p, org, s)
    return p


def _out(s: Any, org: Any, p: Any) -> dict[str, Any]:
    from dispatch.problems import service

    return service.to_dict(p, org=org, db_session=s)


@problems_app.command("raise")
def raise_(
    description: Annotated[str, typer.Option("--description", "-d", help="问题描述")],
    severity: Annotated[str, typer.Option("--severity", help="高/中/低 or high/medium/low")],
    collab: Annotated[int | None, typer.Option("--collab", help="Collaboration id.")] = None,
    request: Annotated[int | None, typer.Option("--request", help="Request id.")] = None,
    item: Annotated[int | None, typer.Option("--item", help="Action item id.")] = None,
    department: Annotated[list[str] | None, typer.Option(
        "--department", help="A department involved (repeatable).")] = None,
    impact: Annotated[str, typer.Option("--impact", help="影响范围")] = "",
    solution: Annotated[str, typer.Option("--solution", help="建议解决方案")] = "",
    responsible: Annotated[str | None, typer.Option(
        "--responsible", help="The responsible department (default: the first involved).")
    ] = None,
    person: Annotated[str | None, typer.Option("--person", help="Responsible staff id.")
                      ] = None,
    due: Annotated[str | None, typer.Option("--due", help="YYYY-MM-DD")] = None,
    due_days: Annotated[int | None, typer.Option("--due-days", help="Working days.")] = None,
    blocks: Annotated[int | None, typer.Option("--blocks", help="The collaboration task it "
                                               "blocks.")] = None,
    as_user: AsOpt = None, as_json: bool = JsonOpt,
) -> None:
    """Raise a problem on a collaboration, a request or an action item."""
    from dispatch.problems import flows
    from dispatch.problems.service import ProblemIn

    targets = [(k, v) for k, v in (("collab", collab), ("request", request),
                                   ("action_item", item)) if v is not None]
    if len(targets) != 1:
        fail("name what the problem is on: one of --collab, --request, --item")
    due_date = None
    if due is not None:
        try:
            due_date = dt.date.fromisoformat(due)
        except ValueError:
            fail(f"--due: {due!r} is not a date (YYYY-MM-DD)")
    kind, tid = targets[0]
    with _ctx(as_user) as (s, settings, org, user):
        p = flows.raise_problem(db_session=s, settings=settings, org=org, user=user,
                                data=ProblemIn(
                                    target_kind=kind, target_id=tid, description=description,
                                    severity=severity, departments=list(department or []),
                                    impact=impact, proposed_solution=solution,
                                    responsible_department=responsible,
                                    responsible_person=person, due=due_date,
                                    due_days=due_days, blocks_task_id=blocks))
        out = _out(s, org, p)
    emit(out, as_json, _show)


@problems_app.command("list")
def list_(
    collab: Annotated[int | None, typer.Option("--collab")] = None,
    state: Annotated[str | None, typer.Option(
        "--state", help="live | open | in_progress | resolved | closed")] = None,
    department: Annotated[str | None, typer.Option("--department")] = None,
    disputes: Annotated[bool, typer.Option("--disputes", help="Only disputes.")] = False,
    limit: Annotated[int, typer.Option("--limit", min=1, max=10000)] = 200,
    as_user: AsOpt = None, as_json: bool = JsonOpt,
) -> None:
    """The log, newest first, as far as you may read it."""
    from dispatch.problems import flows, service

    with _ctx(as_user) as (s, _settings, org, user):
        dept = None
        if department is not None:
            found = org.find_department(department)
            if found is None:
                fail(f"--department: unknown department {department!r}")
            dept = found.id
        rows = service.list_problems(db_session=s, collaboration_id=collab, state=state,
                                     department=dept, disputes=disputes, limit=limit)
        out = [service.to_dict(p, org=org, db_session=s, full=False) for p in rows
               if flows.may_read(user, p, org, s)]
    emit(out, as_json, lambda rs: "\n".join(_line(r) for r in rs) or "no problems")


@problems_app.command()
def show(problem_id: int, as_user: AsOpt = None, as_json: bool = JsonOpt) -> None:
    """One problem: its history and its dispute's decisions."""
    with _ctx(as_user) as (s, _settings, org, user):
        out = _out(s, org, _load(s, user, org, problem_id))
    emit(out, as_json, _show)


def _move(action: str, doc: str):  # noqa: ANN202 - one command per action
    def command(problem_id: int, note: NoteOpt = "", as_user: AsOpt = None,
                as_json: bool = JsonOpt) -> None:
        from dispatch.problems import flows

        with _ctx(as_user) as (s, _settings, org, user):
            p = _load(s, user, org, problem_id)
            flows.act(db_session=s, org=org, user=user, p=p, action=action, note=note)
            out = _out(s, org, p)
        emit(out, as_json, _show)

    command.__doc__ = doc
    return command


for _action, _doc in (("start", "Work on the problem has started."),
                      ("resolve", "Resolved: --note says how."),
                      ("close", "Closed (after resolving, or without a fix: --note why)."),
                      ("reopen", "A resolved problem is back.")):
    problems_app.command(_action)(_move(_action, _doc))


@problems_app.command()
def dispute(
    problem_id: int,
    department: Annotated[list[str] | None, typer.Option(
        "--department", help="A party (repeatable; default: the problem's departments).")
    ] = None,
    note: NoteOpt = "", as_user: AsOpt = None, as_json: bool = JsonOpt,
) -> None:
    """Mark as a dispute between departments: level 1 (协作接口人) starts."""
    from dispatch.problems import flows

    with _ctx(as_user) as (s, _settings, org, user):
        p = _load(s, user, org, problem_id)
        flows.dispute(db_session=s, org=org, user=user, p=p, parties=department or None,
                      note=note)
        out = _out(s, org, p)
    emit(out, as_json, _show)


@problems_app.command()
def decide(
    problem_id: int,
    outcome: Annotated[str, typer.Option("--outcome", help="resolve | escalate")],
    decision: Annotated[str, typer.Option("--decision", help="What was decided (处理意见).")],
    as_user: AsOpt = None, as_json: bool = JsonOpt,
) -> None:
    """The current level's decision: resolve, or send it to the next level."""
    from dispatch.problems import flows, service

    with _ctx(as_user) as (s, _settings, org, user):
        p = service.get_or_404(db_session=s, problem_id=problem_id)
        flows.decide(db_session=s, org=org, user=user, p=p, outcome=outcome, text=decision)
        out = _out(s, org, p)
    emit(out, as_json, _show)


@problems_app.command()
def metrics(as_user: AsOpt = None, as_json: bool = JsonOpt) -> None:
    """Dispute rate, mean time to resolve by severity, problems open by department."""
    from dispatch.problems import service

    with _ctx(as_user) as (s, _settings, org, user):
        if not user.has_role("planner"):
            fail("metrics: needs the planner role")
        out = service.metrics(db_session=s, org=org)

    def human(m: dict[str, Any]) -> str:
        rate = "-" if m["dispute_rate"] is None else f"{m['dispute_rate']:.2f}"
        mttr = ", ".join(f"{k} {'-' if v is None else f'{v:g}h'}"
                         for k, v in m["mttr_hours"].items())
        opened = ", ".join(f"{d['name']} {d['open']}" for d in m["open_by_department"])
        return (f"dispute rate {rate} ({m['disputes']} disputes / {m['collaborations']} "
                f"collaborations)\nmean time to resolve: {mttr}\nopen by department: "
                f"{opened or 'none'}")

    emit(out, as_json, human)
