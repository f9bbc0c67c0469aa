"""`dispatch collab start|list|show|accept|return|start-part|finish|reassign|task|plan|approve|
done|reopen|rate|retro|raci|metrics|triage` — collaboration projects from the shell.

Like ``dispatch requests``, the CLI acts as a user of the database (``--as NAME``, default
``$DISPATCH_USER`` or ``admin``) with that user's permissions, exactly as the API would.
A part is named by its id or by its department id (``design``).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated, Any

import typer

from dispatch.cli.common import JsonOpt, emit, fail
from dispatch.cli.requests import AsOpt, _ctx

collab_app = typer.Typer(help="Collaboration projects (跨部门协作): one request, several "
                              "departments, one staffed plan.", no_args_is_help=True)

NoteOpt = Annotated[str, typer.Option("--note", help="A note kept with the step.")]


def register(app: typer.Typer) -> None:
    """Add the `collab` command group."""
    app.add_typer(collab_app, name="collab")


def _load(s: Any, user: Any, org: Any, collab_id: int) -> Any:
    from dispatch.collab import flows, service

    c = service.get_or_404(db_session=s, collab_id=collab_id)
    flows.check_read(user, c, org)
    return c


def _out(s: Any, org: Any, c: Any) -> dict[str, Any]:
    from dispatch.collab import flows, service

    return service.to_dict(c, org=org, db_session=s, today=flows._today(org))


def _line(c: dict[str, Any]) -> str:
    risk = c.get("risk_zh") or "-"
    return (f"#{c['id']:<4} {c['state']:<10} {c['urgency']:<7} 风险{risk:<2} "
            f"lead {c['lead_department']:<10} {c['title']}")


def _board(c: dict[str, Any]) -> str:
    lines = [_line(c), f"  requester {c['requester']} ({c.get('requester_department') or '-'})"
             f", due {c.get('due') or '-'}, milestones: " + (", ".join(
                 f"{m['name']} {m['date']}" for m in c.get("milestones", [])) or "-")]
    for p in c["parts"]:
        lines.append(f"  part {p['id']:<4} {p['department'] or '-':<10} {p['role']:<7} "
                     f"{p['state']:<11} {p['status_zh']} 风险{p['risk_zh'] or '-'}  "
                     f"liaisons {','.join(p['liaisons']) or '-'}  ack by "
                     f"{p['ack_due_at_local'] or '-'}  {p['text'][:40]}")
    for t in c.get("tasks", []):
        who = ",".join(t["assignees"]) or "-"
        lines.append(f"    task {t['id']:<4} {t['department']:<10} {t['status_zh']} "
                     f"风险{t['risk_zh']} {t['done_hours']:g}/{t['effort_hours']:g}h "
                     f"due {t['due'] or '-'} → {who}  {t['title'][:40]}")
    plan = c.get("plan")
    if plan:
        lines.append(f"  plan v{plan['version']} {plan['status']} ({plan['status_kind']}): "
                     + ", ".join(f"{a['task']}→{a['staff']}" for a in plan["assignments"]))
    if c.get("closing", {}).get("ratings"):
        lines.append("  ratings: " + ", ".join(f"{r['department']} {r['score']}"
                                               for r in c["closing"]["ratings"]))
    return "\n".join(lines)


def _dept_id(org: Any, name: str) -> str:
    found = org.find_department(name)
    return found.id if found else name


def _date(value: str, what: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        fail(f"{what}: {value!r} is not a date (YYYY-MM-DD)")


@collab_app.command()
def start(
    title: Annotated[str, typer.Option("--title", help="项目名称")],
    part: Annotated[list[str] | None, typer.Option(
        "--part", help="DEPT:TEXT, the department asked and the text that asks it "
        "(repeatable; the first is the lead unless --lead names another).")] = None,
    text: Annotated[str | None, typer.Option(
        "--text", help="The whole request: without --part its suggested parts are used.")] = None,
    lead: Annotated[str | None, typer.Option("--lead", help="The lead department.")] = None,
    background: Annotated[str, typer.Option("--background")] = "",
    goal: Annotated[str, typer.Option("--goal")] = "",
    outcome: Annotated[str, typer.Option("--outcome", help="Expected outcome.")] = "",
    urgency: Annotated[str, typer.Option("--urgency", help="normal | urgent")] = "normal",
    milestone: Annotated[list[str] | None, typer.Option(
        "--milestone", help="NAME=YYYY-MM-DD (repeatable).")] = None,
    due: Annotated[str | None, typer.Option("--due", help="YYYY-MM-DD")] = None,
    as_user: AsOpt = None, as_json: bool = JsonOpt,
) -> None:
    """Start a collaboration: each part goes to its department's liaisons with its clock."""
    from dispatch.collab import flows
    from dispatch.collab.service import CollabIn, MilestoneIn, PartIn

    milestones = []
    for m in milestone or []:
        name, sep, day = m.rpartition("=")
        if not sep or not name.strip():
            fail(f"--milestone: {m!r} is not NAME=YYYY-MM-DD")
        milestones.append(MilestoneIn(name.strip(), _date(day.strip(), "--milestone")))
    with _ctx(as_user) as (s, settings, org, user):
        parts = []
        for p in part or []:
            dept, sep, words = p.partition(":")
            if not sep:
                dept, words = p, ""
            parts.append(PartIn(dept.strip(), words.strip()))
        if not parts and text:
            parts = [PartIn(x["department"], x.get("text", ""), x.get("role"))
                     for x in flows.suggest_parts(settings=settings, org=org, text=text)]
        if lead is not None:
            lid = _dept_id(org, lead)
            ids = [_dept_id(org, p.department) for p in parts]
            if lid not in ids:
                fail(f"--lead: {lead!r} is not one of the parts ({', '.join(ids)})")
            for p, pid in zip(parts, ids, strict=True):
                p.role = "lead" if pid == lid else "support"
        c = flows.start(db_session=s, settings=settings, org=org, user=user, data=CollabIn(
            title=title, parts=parts, background=background or (text or ""), goal=goal,
            expected_outcome=outcome, urgency=urgency, milestones=milestones,
            due=_date(due, "--due") if due else None))
        out = _out(s, org, c)
    emit(out, as_json, _board)


@collab_app.command("list")
def list_(
    state: Annotated[str | None, typer.Option("--state", help="open | delivered | closed")] = None,
    limit: Annotated[int, typer.Option("--limit", min=1, max=10000)] = 100,
    as_user: AsOpt = None, as_json: bool = JsonOpt,
) -> None:
    """Collaborations, newest first (a planner sees all; others theirs and their dept's)."""
    from dispatch.collab import flows, service

    with _ctx(as_user) as (s, _settings, org, user):
        rows = flows.visible(db_session=s, org=org, user=user, state=state, limit=limit)
        today = flows._today(org)
        out = [service.to_dict(c, org=org, db_session=s, today=today, full=False)
               for c in rows]
    emit(out, as_json, lambda rs: "\n".join(_line(r) for r in rs) or "no collaborations")


@collab_app.command()
def show(collab_id: int, as_user: AsOpt = None, as_json: bool = JsonOpt) -> None:
    """The board: parts, tasks with status and risk, the plan, ratings."""
    with _ctx(as_user) as (s, _settings, org, user):
        out = _out(s, org, _load(s, user, org, collab_id))
    emit(out, as_json, _board)


def _part_action(action: str, doc: str):  # noqa: ANN202 - one command per part action
    def command(collab_id: int, part: Annotated[str, typer.Argument(
                    help="Part id or department id.")],
                note: NoteOpt = "",
                reason: Annotated[str | None, typer.Option(
                    "--reason", help="return: why (退单理由).")] = None,
                department: Annotated[str | None, typer.Option(
                    "--department", help="return/reassign: where it belongs.")] = None,
                as_user: AsOpt = None, as_json: bool = JsonOpt) -> None:
        from dispatch.collab import flows, service

        with _ctx(as_user) as (s, _settings, org, user):
            c = _load(s, user, org, collab_id)
            key = part
            found = org.find_department(part) if not part.isdigit() else None
            if found is not None:
                key = found.id
            p = service.part_of(c, key)
            flows.act(db_session=s, org=org, user=user, c=c, part=p, action=action,
                      note=reason if reason is not None else note, department=department)
            out = _out(s, org, c)
        emit(out, as_json, _board)

    command.__doc__ = doc
    return command


for _name, _action, _doc in (
        ("accept", "accept", "Accept a part (its liaison / head): stops its clock."),
        ("return", "return", "退单: return a part with --reason (and --department if known)."),
        ("start-part", "start", "Work on a part has started."),
        ("finish", "finish", "A part is done (all its tasks done)."),
        ("reassign", "reassign", "A coordinator gives a returned part to --department.")):
    collab_app.command(_name)(_part_action(_action, _doc))


@collab_app.command()
def task(
    collab_id: int,
    part: Annotated[str, typer.Argument(help="Part id or department id.")],
    title: Annotated[str, typer.Option("--title")],
    effort: Annotated[float, typer.Option("--effort", help="Effort in hours.")],
    skill: Annotated[list[str] | None, typer.Option("--skill", help="Repeatable.")] = None,
    milestone: Annotated[str | None, typer.Option("--milestone")] = None,
    due: Annotated[str | None, typer.Option("--due", help="YYYY-MM-DD")] = None,
    as_user: AsOpt = None, as_json: bool = JsonOpt,
) -> None:
    """Add a task to an accepted part (due from its milestone)."""
    from dispatch.collab import flows, service

    fields: dict[str, Any] = {"title": title, "effort_hours": effort,
                              "skills": list(skill or [])}
    if milestone:
        fields["milestone"] = milestone
    if due:
        fields["due"] = _date(due, "--due")
    with _ctx(as_user) as (s, _settings, org, user):
        c = _load(s, user, org, collab_id)
        found = org.find_department(part) if not part.isdigit() else None
        p = service.part_of(c, found.id if found else part)
        flows.add_task(db_session=s, org=org, user=user, c=c, part=p, fields=fields)
        out = _out(s, org, c)
    emit(out, as_json, _board)


@collab_app.command()
def minutes(collab_id: int, file: Annotated[Path, typer.Argument(help="The minutes file.")],
            as_user: AsOpt = None, as_json: bool = JsonOpt) -> None:
    """A kick-off meeting's action items become tasks (roles from 牵头/配合/审批…)."""
    from dispatch.collab import flows

    try:
        data = file.read_bytes()
    except OSError as e:
        fail(f"{file}: cannot read: {e.strerror or e}")
    with _ctx(as_user) as (s, _settings, org, user):
        c = _load(s, user, org, collab_id)
        out = flows.add_minutes(db_session=s, org=org, user=user, c=c, data=data,
                                filename=file.name)

    def human(r: dict[str, Any]) -> str:
        lines = [f"{len(r['added'])} task(s) added, {len(r['skipped'])} skipped"]
        for a in r["added"]:
            roles = " ".join(f"{k}:{','.join(e['person'] or e['department'] for e in v)}"
                             for k, v in a["raci"].items() if v)
            lines.append(f"  task {a['task']:<4} {a['department']:<10} due {a['due'] or '-'}  "
                         f"{a['title'][:30]}  {roles}")
        lines += [f"  skipped: {x['task'][:40]} ({x['reason']})" for x in r["skipped"]]
        return "\n".join(lines)

    emit(out, as_json, human)


@collab_app.command()
def progress(
    collab_id: int, task_id: int,
    done_hours: Annotated[float | None, typer.Option("--done-hours")] = None,
    done: Annotated[bool, typer.Option("--done", help="The task is finished.")] = False,
    as_user: AsOpt = None, as_json: bool = JsonOpt,
) -> None:
    """Report progress on a task (hours done, or done)."""
    from dispatch.collab import flows

    fields: dict[str, Any] = {}
    if done_hours is not None:
        fields["done_hours"] = done_hours
    if done:
        fields["status"] = "done"
    with _ctx(as_user) as (s, _settings, org, user):
        c = _load(s, user, org, collab_id)
        flows.update_task(db_session=s, org=org, user=user, c=c, task_id=task_id,
                          fields=fields)
        out = _out(s, org, c)
    emit(out, as_json, _board)


@collab_app.command()
def plan(collab_id: int,
         time_limit: Annotated[float, typer.Option("--time-limit", min=0.1, max=120)] = 10.0,
         as_user: AsOpt = None, as_json: bool = JsonOpt) -> None:
    """资源调配方案: propose named people for every open task."""
    from dispatch.collab import flows

    with _ctx(as_user) as (s, _settings, org, user):
        c = _load(s, user, org, collab_id)
        flows.propose(db_session=s, org=org, user=user, c=c, time_limit=time_limit)
        out = _out(s, org, c)
    emit(out, as_json, _board)


@collab_app.command()
def approve(collab_id: int, as_user: AsOpt = None, as_json: bool = JsonOpt) -> None:
    """Approve the plan; each person is sent their work."""
    from dispatch.collab import flows

    with _ctx(as_user) as (s, _settings, org, user):
        c = _load(s, user, org, collab_id)
        flows.approve(db_session=s, org=org, user=user, c=c)
        out = _out(s, org, c)
    emit(out, as_json, _board)


@collab_app.command()
def done(collab_id: int, note: NoteOpt = "", as_user: AsOpt = None,
         as_json: bool = JsonOpt) -> None:
    """验收: the requester accepts the delivered result."""
    from dispatch.collab import flows

    with _ctx(as_user) as (s, _settings, org, user):
        c = _load(s, user, org, collab_id)
        flows.accept_result(db_session=s, org=org, user=user, c=c, note=note)
        out = _out(s, org, c)
    emit(out, as_json, _board)


@collab_app.command()
def reopen(collab_id: int, reason: Annotated[str, typer.Option("--reason")],
           department: Annotated[list[str] | None, typer.Option("--department")] = None,
           as_user: AsOpt = None, as_json: bool = JsonOpt) -> None:
    """Not accepted: send the named departments' parts (default: the lead) back to work."""
    from dispatch.collab import flows

    with _ctx(as_user) as (s, _settings, org, user):
        c = _load(s, user, org, collab_id)
        flows.reopen(db_session=s, org=org, user=user, c=c, reason=reason,
                     departments=list(department or []))
        out = _out(s, org, c)
    emit(out, as_json, _board)


@collab_app.command()
def rate(collab_id: int, department: str, score: str,
         comment: Annotated[str, typer.Option("--comment")] = "",
         as_user: AsOpt = None, as_json: bool = JsonOpt) -> None:
    """Rate a department's handling 1–5."""
    from dispatch.collab import flows

    with _ctx(as_user) as (s, _settings, org, user):
        c = _load(s, user, org, collab_id)
        flows.rate(db_session=s, org=org, user=user, c=c, department=department, score=score,
                   comment=comment)
        out = _out(s, org, c)
    emit(out, as_json, _board)


@collab_app.command()
def retro(collab_id: int,
          went_well: Annotated[str, typer.Option("--went-well")] = "",
          to_change: Annotated[str, typer.Option("--to-change")] = "",
          as_user: AsOpt = None, as_json: bool = JsonOpt) -> None:
    """复盘: what went well, what to change."""
    from dispatch.collab import flows

    with _ctx(as_user) as (s, _settings, org, user):
        c = _load(s, user, org, collab_id)
        flows.retro(db_session=s, org=org, user=user, c=c, went_well=went_well,
                    to_change=to_change)
        out = _out(s, org, c)
    emit(out, as_json, _board)


@collab_app.command()
def raci(collab_id: int, as_user: AsOpt = None, as_json: bool = JsonOpt) -> None:
    """The RACI matrix (tasks × departments)."""
    from dispatch.collab import service

    with _ctx(as_user) as (s, _settings, org, user):
        out = service.raci_matrix(_load(s, user, org, collab_id), org)

    def human(m: dict[str, Any]) -> str:
        depts = [d["id"] for d in m["departments"]]
        head = f"{'task':<28}" + "".join(f"{d:<11}" for d in depts)
        rows = [f"{r['title'][:26]:<28}" + "".join(f"{r['cells'].get(d, '·'):<11}"
                                                   for d in depts) for r in m["rows"]]
        return "\n".join([head, *rows])

    emit(out, as_json, human)


@collab_app.command()
def metrics(as_user: AsOpt = None, as_json: bool = JsonOpt) -> None:
    """联合项目完成率 (on time), satisfaction, SLA compliance, return rate by department."""
    from dispatch.collab import service
    from dispatch.errors import Forbidden

    with _ctx(as_user) as (s, _settings, org, user):
        if not user.has_role("planner"):
            raise Forbidden("metrics need the planner role")
        out = service.metrics(db_session=s, org=org)
    emit(out, as_json)
