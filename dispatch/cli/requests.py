"""`dispatch requests submit|list|show|triage|decide|accept|return|reroute|start|finish|sweep|
events|examples` and `dispatch requests model status|retrain|rollback`.

The CLI acts as a user of the database (``--as NAME``, default ``$DISPATCH_USER`` or
``admin``), with that user's role, exactly as the API would.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer

from dispatch.cli.common import JsonOpt, emit, fail, info

requests_app = typer.Typer(help="Cross-department requests: submit, triage, acknowledge, "
                                "return, SLA, and the routing model.", no_args_is_help=True)
model_app = typer.Typer(help="The routing model the service uses: status, retrain, learn, "
                        "rollback.",
                        no_args_is_help=True)
requests_app.add_typer(model_app, name="model")

AsOpt = Annotated[str | None, typer.Option(
    "--as", help="Act as this user (default: $DISPATCH_USER, else 'admin').")]
NoteOpt = Annotated[str, typer.Option("--note", help="A note kept with the transition.")]


def register(app: typer.Typer) -> None:
    """Add the `requests` command group."""
    app.add_typer(requests_app, name="requests")


@contextmanager
def _ctx(as_user: str | None) -> Iterator[tuple[Any, Any, Any, Any]]:
    """(session, settings, org, user); a domain error becomes one line and exit 1."""
    from dispatch.cli.context import db_session
    from dispatch.errors import DispatchError
    from dispatch.orgdir.service import require_org
    from dispatch.settings import get_settings
    from dispatch.users import service as users

    name = as_user or get_settings().user
    try:
        with db_session() as s:
            org = require_org(db_session=s)
            user = users.get_by_name(db_session=s, name=name)
            if user is None or not user.active:
                fail(f"no active user {name!r}: pass --as NAME or create one with "
                     "'dispatch users create'")
            yield s, get_settings(), org, user
    except DispatchError as e:
        fail(e.message)


def _get(s: Any, user: Any, request_id: int) -> Any:
    from dispatch.requests import flows, service

    req = service.get_or_404(db_session=s, request_id=request_id)
    flows.check_read(user, req)
    return req


def _line(r: dict[str, Any]) -> str:
    dept = r.get("department") or "-"
    routing = r.get("routing") or {}
    top = (routing.get("departments") or [{}])[0]
    score = f" {top['score']:.2f}" if top.get("score") is not None else ""
    return f"#{r['id']:<5} {r['state']:<12} {dept:<10}{score:<6} {r['title']}"


def _detail(r: dict[str, Any]) -> str:
    lines = [_line(r), f"  requester {r['requester']} ({r.get('from_department') or '-'}), "
             f"expected {r.get('expected_date') or '-'}, "
             f"ack due {r.get('ack_due_at_local') or '-'}"]
    routing = r.get("routing") or {}
    if routing.get("departments"):
        ranked = ", ".join(f"{d['id']} {d['score']:.2f}" for d in routing["departments"][:3])
        lines.append(f"  model {routing.get('model_version')}: {routing.get('decision')} "
                     f"({ranked})")
    if routing.get("error"):
        lines.append(f"  routing error: {routing['error']}")
    expl = routing.get("explanation") or {}
    if expl.get("terms"):
        lines.append(f"  because of: {', '.join(expl['terms'])}")
    if r.get("secondary"):
        lines.append(f"  also needs: {', '.join(r['secondary'])}")
    for t in r.get("transitions", []):
        lines.append(f"  {t['at_local']} {t['by']:<12} {t['from']} → {t['to']} "
                     f"{t['department'] or ''} {t['note']}".rstrip())
    if r.get("allowed_actions"):
        lines.append(f"  next: {', '.join(r['allowed_actions'])}")
    return "\n".join(lines)


@requests_app.command()
def submit(
    text: Annotated[str | None, typer.Option("--text", help="What is needed.")] = None,
    text_file: Annotated[Path | None, typer.Option("--text-file",
                                                   help="Read the text from a file.")] = None,
    title: Annotated[str, typer.Option("--title")] = "",
    department_from: Annotated[str | None, typer.Option(
        "--department-from", help="Requester's department (default: the user's own).")] = None,
    expected: Annotated[str | None, typer.Option("--expected",
                                                 help="Expected completion, YYYY-MM-DD.")] = None,
    support: Annotated[str, typer.Option("--support", help="Support needed.")] = "",
    attachment: Annotated[list[str] | None, typer.Option(
        "--attachment", help="An attachment's file name (repeatable).")] = None,
    as_user: AsOpt = None, as_json: bool = JsonOpt,
) -> None:
    """Submit a request; it is routed at once (to a department or the triage queue)."""
    from dispatch.requests import flows, service
    from dispatch.requests.service import RequestIn

    if text is not None and text_file is not None:
        fail("give --text or --text-file, not both")
    if text_file is not None:
        try:
            text = text_file.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as e:
            fail(f"{text_file}: cannot read as UTF-8 text: {e}")
    if text is None:
        fail("--text is required (or --text-file)")
    exp = None
    if expected:
        try:
            exp = dt.date.fromisoformat(expected)
        except ValueError:
            fail(f"--expected: {expected!r} is not a date (YYYY-MM-DD)")
    with _ctx(as_user) as (s, settings, org, user):
        req = flows.submit(db_session=s, settings=settings, org=org, user=user,
                           data=RequestIn(text=text, title=title, from_department=department_from,
                                          expected_date=exp, support=support,
                                          attachments=list(attachment or [])))
        out = service.to_dict(req, org=org, db_session=s, viewer=user)
    emit(out, as_json, _detail)


@requests_app.command("list")
def list_(
    state: Annotated[str | None, typer.Option("--state")] = None,
    department: Annotated[str | None, typer.Option("--department",
                                                   help="Receiving department.")] = None,
    mine: Annotated[bool, typer.Option("--mine", help="Only requests I submitted.")] = False,
    limit: Annotated[int, typer.Option("--limit", min=1, max=10000)] = 100,
    as_user: AsOpt = None, as_json: bool = JsonOpt,
) -> None:
    """Requests, newest first (a requester sees only their own)."""
    from dispatch.requests import service

    with _ctx(as_user) as (s, _settings, org, user):
        rows = service.visible_requests(db_session=s, user=user, org=org, state=state,
                                        department=department, mine=mine, limit=limit)
        out = [service.to_dict(r, org=org, db_session=s, full=False) for r in rows]
    emit(out, as_json, lambda rs: "\n".join(_line(r) for r in rs) or "no requests")


@requests_app.command()
def show(request_id: int, as_user: AsOpt = None, as_json: bool = JsonOpt) -> None:
    """One request with its routing, explanation and transitions."""
    from dispatch.requests import service

    with _ctx(as_user) as (s, _settings, org, user):
        out = service.to_dict(_get(s, user, request_id), org=org, db_session=s,
                              viewer=user)
    emit(out, as_json, _detail)


@requests_app.command()
def triage(as_user: AsOpt = None, as_json: bool = JsonOpt) -> None:
    """The triage queue with the model's top suggestions (planners)."""
    from dispatch.errors import Forbidden
    from dispatch.requests import flows

    with _ctx(as_user) as (s, _settings, org, user):
        if not user.has_role("planner"):
            raise Forbidden("the triage queue needs the planner role")
        out = flows.triage_queue(db_session=s, org=org)

    def human(rows: list[dict[str, Any]]) -> str:
        return "\n".join(
            f"#{r['id']:<5} {r['title']}\n       suggested: " + ", ".join(
                f"{x['id']} {x['score']:.2f}" for x in r["suggestions"]) for r in rows) \
            or "triage queue is empty"

    emit(out, as_json, human)


def _act(request_id: int, as_user: str | None, as_json: bool,
         fn: Callable[..., Any], **kw: Any) -> None:
    from dispatch.requests import service

    with _ctx(as_user) as (s, settings, org, user):
        req = _get(s, user, request_id)
        if "settings" in kw:
            kw["settings"] = settings
        fn(db_session=s, org=org, user=user, req=req, **kw)
        out = service.to_dict(req, org=org, db_session=s, viewer=user)
    emit(out, as_json, _detail)


@requests_app.command()
def decide(request_id: int,
           department: Annotated[str, typer.Option("--department", help="Where it goes.")],
           secondary: Annotated[list[str] | None, typer.Option(
               "--secondary", help="Another department it also needs (repeatable).")] = None,
           note: NoteOpt = "", as_user: AsOpt = None, as_json: bool = JsonOpt) -> None:
    """Triage decision: route to a department (kept as a labelled example)."""
    from dispatch.requests import flows

    _act(request_id, as_user, as_json, flows.decide, department=department,
         secondary=secondary, note=note)


@requests_app.command()
def accept(request_id: int, note: NoteOpt = "", as_user: AsOpt = None,
           as_json: bool = JsonOpt) -> None:
    """The receiving department acknowledges the request."""
    from dispatch.requests import flows

    _act(request_id, as_user, as_json, flows.accept, note=note)


@requests_app.command("return")
def return_(request_id: int,
            reason: Annotated[str, typer.Option("--reason", help="Why (退单理由).")],
            department: Annotated[str | None, typer.Option(
                "--department", help="Where it belongs (else the next best).")] = None,
            as_user: AsOpt = None, as_json: bool = JsonOpt) -> None:
    """退单: return the request with a reason; it is re-routed at once."""
    from dispatch.requests import flows

    _act(request_id, as_user, as_json, flows.return_request, reason=reason,
         department=department, settings=None)


@requests_app.command()
def reroute(request_id: int,
            department: Annotated[str | None, typer.Option(
                "--department", help="Target (else the model's next best).")] = None,
            note: NoteOpt = "", as_user: AsOpt = None, as_json: bool = JsonOpt) -> None:
    """Re-route to another department."""
    from dispatch.requests import flows

    _act(request_id, as_user, as_json, flows.reroute, department=department, note=note)


@requests_app.command()
def start(request_id: int, note: NoteOpt = "", as_user: AsOpt = None,
          as_json: bool = JsonOpt) -> None:
    """Work on the request has started."""
    from dispatch.requests import flows

    _act(request_id, as_user, as_json, flows.start, note=note)


@requests_app.command()
def finish(request_id: int, note: NoteOpt = "", as_user: AsOpt = None,
           as_json: bool = JsonOpt) -> None:
    """The request is done."""
    from dispatch.requests import flows

    _act(request_id, as_user, as_json, flows.finish, note=note)


@requests_app.command()
def sweep(now: Annotated[str | None, typer.Option(
              "--now", help="Evaluate at this ISO moment (default: now).")] = None,
          as_user: AsOpt = None, as_json: bool = JsonOpt) -> None:
    """Run the SLA sweep: record breaches not recorded yet (safe to run twice)."""
    from dispatch.requests.scheduled import event_dict, sweep_sla

    moment = None
    if now:
        try:
            moment = dt.datetime.fromisoformat(now)
        except ValueError:
            fail(f"--now: {now!r} is not an ISO date-time")
    with _ctx(as_user) as (s, _settings, org, _user):
        if moment is not None and moment.tzinfo is None:
            moment = moment.replace(tzinfo=org.tz)  # a bare time means org time
        out = [event_dict(e, org) for e in sweep_sla(db_session=s, org=org, now=moment)]
    emit(out, as_json, lambda rs: "\n".join(
        f"request #{r['request_id']} {r['kind']} breach ({r['department'] or '-'}), due "
        f"{r['due_at_local']}" for r in rs) or "no new breaches")


@requests_app.command()
def events(limit: Annotated[int, typer.Option("--limit", min=1)] = 200,
           as_user: AsOpt = None, as_json: bool = JsonOpt) -> None:
    """Recorded SLA breaches, newest first."""
    from dispatch.requests import service
    from dispatch.requests.scheduled import event_dict

    with _ctx(as_user) as (s, _settings, org, _user):
        out = [event_dict(e, org) for e in service.sla_events(db_session=s, limit=limit)]
    emit(out, as_json, lambda rs: "\n".join(
        f"request #{r['request_id']} {r['kind']} ({r['department'] or '-'}) due "
        f"{r['due_at_local']}" for r in rs) or "no breaches")


@requests_app.command()
def examples(limit: Annotated[int, typer.Option("--limit", min=1)] = 1000,
             as_user: AsOpt = None, as_json: bool = JsonOpt) -> None:
    """Labelled examples kept for training (triage decisions, corrections, imports)."""
    from dispatch.requests import service

    with _ctx(as_user) as (s, _settings, _org, _user):
        out = [{"id": e.id, "request_id": e.request_id, "department": e.department,
                "source": e.source, "weight": e.weight, "text": e.text}
               for e in service.list_examples(db_session=s, limit=limit)]
    emit(out, as_json, lambda rs: "\n".join(
        f"{r['source']:<10} {r['department']:<10} {r['text'][:60]}" for r in rs) or "none")


@model_app.command("status")
def model_status(as_user: AsOpt = None, as_json: bool = JsonOpt) -> None:
    """The model the service uses now, the versions kept and the examples stored."""
    from dispatch.requests import routing

    with _ctx(as_user) as (s, settings, org, _user):
        out = routing.status(settings=settings, db_session=s, org=org)

    def human(r: dict[str, Any]) -> str:
        m = r.get("model") or {}
        cv = m.get("cv") or {}
        return (f"current {r['current'] or '(none: `dispatch org import` builds one)'}"
                f" in {r['store']}\n  {m.get('mode', '-')}, {m.get('n_examples', 0)} examples, "
                f"trained {m.get('trained_at', '-')}, cv accuracy {cv.get('accuracy', '-')}, "
                f"auto coverage {cv.get('auto_coverage', '-')}\n  versions: "
                f"{', '.join(r['versions']) or '-'}\n  stored examples: {r.get('examples')}"
                + (f"\n  error: {r['error']}" if r.get("error") else ""))

    emit(out, as_json, human)


@model_app.command("retrain")
def model_retrain(
    history: Annotated[Path | None, typer.Option(
        "--history", help="History CSV (text, department) added to the stored examples.")] = None,
    as_user: AsOpt = None, as_json: bool = JsonOpt,
) -> None:
    """Train a new version from the database (+ history) and publish it (admins)."""
    from dispatch.errors import Forbidden
    from dispatch.requests import routing
    from dispatch.requests.files import read_text
    from nlp.routing.history import HistoryError

    csv_text = None
    if history is not None:
        try:
            csv_text = read_text(history)
        except HistoryError as e:
            fail(str(e))
    with _ctx(as_user) as (s, settings, org, user):
        if not user.has_role("admin"):
            raise Forbidden("retraining needs the admin role")
        info("training (cross-validation picks the configuration; this takes a while)…")
        out = routing.retrain(db_session=s, settings=settings, org=org, history_csv=csv_text,
                              history_name=str(history) if history else "history",
                              commit=s.commit)
    emit(out, as_json, lambda r: f"published {r['version']} (was {r['previous']}) from "
         f"{r['examples']} examples; cv accuracy {(r['model']['cv'] or {}).get('accuracy')}")


@model_app.command("learn")
def model_learn(as_user: AsOpt = None, as_json: bool = JsonOpt) -> None:
    """Refit on the labelled examples newer than the current model and publish (admins);
    what the worker's requests.learn sweep does every 30 s."""
    from dispatch.errors import Forbidden
    from dispatch.requests import routing

    with _ctx(as_user) as (s, settings, org, user):
        if not user.has_role("admin"):
            raise Forbidden("refitting needs the admin role")
        out = routing.learn(db_session=s, settings=settings, org=org)
    emit(out, as_json, lambda r: f"published {r['version']} (was {r['previous']}) from "
         f"{r['examples']} examples" if r["learned"] else f"nothing done: {r['reason']}")


@model_app.command("rollback")
def model_rollback(as_user: AsOpt = None, as_json: bool = JsonOpt) -> None:
    """Make the previously published version current again (admins)."""
    from dispatch.errors import Forbidden
    from dispatch.requests import routing

    with _ctx(as_user) as (_s, settings, _org, user):
        if not user.has_role("admin"):
            raise Forbidden("rollback needs the admin role")
        out = routing.rollback(settings=settings)
    emit(out, as_json, lambda r: f"current model is now {r['version']} (was {r['previous']})")
