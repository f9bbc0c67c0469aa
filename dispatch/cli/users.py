"""`dispatch users create|list|token|revoke|disable|password`."""

from __future__ import annotations

import typer

from dispatch.cli.common import JsonOpt, emit, fail
from dispatch.errors import DispatchError

users_app = typer.Typer(help="Users, roles and API tokens.", no_args_is_help=True)


def register(app: typer.Typer) -> None:
    app.add_typer(users_app, name="users")


@users_app.command()
def create(name: str, role: str = typer.Option(..., help="requester, planner or admin"),
           password: str = typer.Option(None, help="for the web pages; omit for API-only users"),
           staff: str = typer.Option(None, help="the staff id of this user in the org file"),
           as_json: bool = JsonOpt) -> None:
    """Create a user and print its API token (shown once; only its hash is stored)."""
    from dispatch.cli.context import db_session
    from dispatch.users import service

    try:
        with db_session() as s:
            user = service.create(db_session=s, name=name, role=role, password=password,
                                  staff_id=staff)
            token = service.issue_token(db_session=s, user=user)
    except DispatchError as e:
        fail(e.message)
    emit({"name": name, "role": role, "token": token}, as_json, lambda r: r["token"])


@users_app.command("list")
def list_(as_json: bool = JsonOpt) -> None:
    """List users with their roles."""
    from dispatch.cli.context import db_session
    from dispatch.users import service

    with db_session() as s:
        rows = [{"name": u.name, "role": u.role, "active": u.active, "staff_id": u.staff_id,
                 "live_tokens": sum(t.revoked_at is None for t in u.tokens)}
                for u in service.list_users(db_session=s)]
    emit(rows, as_json, lambda rs: "\n".join(
        f"{r['name']:<20} {r['role']:<10} {'active' if r['active'] else 'disabled':<9} "
        f"{r['live_tokens']} tokens" for r in rs) or "no users")


@users_app.command()
def token(name: str, as_json: bool = JsonOpt) -> None:
    """Issue another API token for a user."""
    from dispatch.cli.context import db_session
    from dispatch.users import service

    with db_session() as s:
        user = service.get_by_name(db_session=s, name=name)
        if user is None:
            fail(f"no user {name!r}")
        tok = service.issue_token(db_session=s, user=user)
    emit({"name": name, "token": tok}, as_json, lambda r: r["token"])


@users_app.command()
def revoke(name: str, as_json: bool = JsonOpt) -> None:
    """Revoke every API token of a user."""
    from dispatch.cli.context import db_session
    from dispatch.users import service

    try:
        with db_session() as s:
            n = service.revoke_tokens(db_session=s, name=name)
    except DispatchError as e:
        fail(e.message)
    emit({"name": name, "revoked": n}, as_json, lambda r: f"revoked {n} token(s) of {name}")


@users_app.command()
def disable(name: str, as_json: bool = JsonOpt) -> None:
    """Disable a user: tokens and sessions stop working."""
    from dispatch.cli.context import db_session
    from dispatch.users import service

    try:
        with db_session() as s:
            service.set_active(db_session=s, name=name, active=False)
    except DispatchError as e:
        fail(e.message)
    emit({"name": name, "active": False}, as_json, lambda r: f"{name} disabled")


@users_app.command()
def password(name: str, new_password: str = typer.Option(..., prompt=True, hide_input=True,
                                                          confirmation_prompt=True),
             as_json: bool = JsonOpt) -> None:
    """Set a user's web password."""
    from dispatch.cli.context import db_session
    from dispatch.users import service

    try:
        with db_session() as s:
            service.set_password(db_session=s, name=name, password=new_password)
    except DispatchError as e:
        fail(e.message)
    emit({"name": name, "password_set": True}, as_json, lambda r: f"password set for {name}")
