"""`dispatch org validate|import|show`."""

from __future__ import annotations

from pathlib import Path

import typer

from dispatch.cli.common import JsonOpt, emit, fail
from models.org import Org, OrgError, load_org

org_app = typer.Typer(help="The organisation directory (departments, people, calendar).",
                      no_args_is_help=True)


def register(app: typer.Typer) -> None:
    app.add_typer(org_app, name="org")


def _load(path: Path) -> Org:
    try:
        return load_org(path)
    except OrgError as e:
        fail(str(e))


def _summary(org: Org) -> dict:
    cal = org.work_calendar
    return {"name": org.name, "timezone": org.timezone, "calendar": org.calendar,
            "departments": [{"id": d.id, "name": d.name, "head": d.head,
                             "members": len(org.members(d.id))} for d in org.departments],
            "staff": len(org.staff),
            "calendar_known_today": cal.is_known(org.today())}


def _human(s: dict) -> str:
    lines = [f"{s['name']}: {len(s['departments'])} departments, {s['staff']} staff, "
             f"calendar {s['calendar']} ({s['timezone']})"]
    lines += [f"  {d['id']:<12} {d['name']:<16} head {d['head'] or '-':<14} {d['members']} people"
              for d in s["departments"]]
    if not s["calendar_known_today"]:
        lines.append("warning: the statutory holiday table does not cover this year; Mon-Fri "
                     "is used unless the org file lists holidays:/workdays:")
    return "\n".join(lines)


@org_app.command()
def validate(file: Path, as_json: bool = JsonOpt) -> None:
    """Check an org file; exits non-zero naming the entry and the problem."""
    org = _load(file)
    emit({"valid": True, **_summary(org)}, as_json, lambda s: "valid: " + _human(s))


@org_app.command("import")
def import_(file: Path, as_json: bool = JsonOpt) -> None:
    """Import an org file into the database (idempotent; reports what changed)."""
    from dispatch.cli.context import db_session
    from dispatch.orgdir.service import import_org
    from dispatch.requests.routing import ensure_model
    from dispatch.settings import get_settings

    org = _load(file)
    with db_session() as s:
        report = import_org(db_session=s, org=org, source=str(file))
    # the routing model is built here, not on the first prediction (ARCHITECTURE.md)
    try:
        built = ensure_model(settings=get_settings(), org=org)
    except Exception as e:  # noqa: BLE001 - the import stands; say what is missing
        fail(f"imported {org.name}, but its routing model could not be built "
             f"({type(e).__name__}: {e}); requests wait in triage until "
             "`dispatch requests model retrain` succeeds")
    out = {**report.to_dict(), "routing_model": built}
    emit(out, as_json, lambda r: f"imported {org.name}: {report.summary()}" + (
        f"; routing model {built['version']} built from the org file" if built else ""))


@org_app.command()
def show(as_json: bool = JsonOpt) -> None:
    """Show the organisation currently in the database."""
    from dispatch.cli.context import db_session
    from dispatch.errors import DispatchError
    from dispatch.orgdir.service import require_org

    try:
        with db_session() as s:
            org = require_org(db_session=s)
    except DispatchError as e:
        fail(e.message)
    emit(_summary(org), as_json, _human)
