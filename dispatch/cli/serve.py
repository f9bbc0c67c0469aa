"""`dispatch serve`, `dispatch db upgrade`, `dispatch demo`."""

from __future__ import annotations

import typer

from dispatch.cli.common import JsonOpt, emit, info

db_app = typer.Typer(help="Database maintenance.", no_args_is_help=True)


def register(app: typer.Typer) -> None:
    app.command()(serve)
    app.command()(demo)
    app.add_typer(db_app, name="db")


def serve(host: str = typer.Option("127.0.0.1", help="address to listen on"),
          port: int = typer.Option(8000, help="port to listen on"),
          workers: int = typer.Option(1, help="worker processes (use PostgreSQL for > 1)"),
          access_log: bool = typer.Option(True, help="log every request"),
          jobs: bool = typer.Option(False, "--jobs", help="also do background jobs (solves) "
                                    "in a low-priority thread of the server, for a setup "
                                    "without `dispatch worker` (the demo)")) -> None:
    """Run the API and the web pages (migrates the database first)."""
    import os

    from api.server import run
    from dispatch.cli.context import session_factory
    from dispatch.settings import get_settings

    session_factory()  # migrate before workers start
    if jobs:  # read by every server process's settings (api.server.serving_app)
        os.environ["DISPATCH_SERVE_JOBS"] = "true"
        get_settings.cache_clear()
    settings = get_settings()
    _ensure_routing_model(settings)
    if not _loopback(host) and settings.secret_file is not None:
        info(f"warning: serving on {host} (reachable from other machines) with the per-install "
             f"secret in {settings.secret_file}; set DISPATCH_SECRET_KEY so every server and "
             f"worker of this install shares one configured secret")
    info(f"serving on http://{host}:{port}  (docs: /docs)")
    run(host=host, port=port, workers=workers, access_log=access_log)


def _ensure_routing_model(settings) -> None:
    """An imported org without a routing model gets its cold-start one before the first
    request (predicting never builds one: ARCHITECTURE.md, "Predict never trains")."""
    from dispatch.cli.context import db_session
    from dispatch.orgdir.service import current_org
    from dispatch.requests.routing import ensure_model

    with db_session() as s:
        org = current_org(db_session=s)
    if org is None:
        return
    try:
        built = ensure_model(settings=settings, org=org)
    except Exception as e:  # noqa: BLE001 - serve anyway: requests wait in triage
        info(f"warning: no routing model could be built ({type(e).__name__}: {e}); "
             "requests wait in triage until `dispatch requests model retrain` succeeds")
        return
    if built:
        info(f"routing model {built['version']} built from the org file")


def _loopback(host: str) -> bool:
    import ipaddress

    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@db_app.command("upgrade")
def db_upgrade(as_json: bool = JsonOpt) -> None:
    """Apply the database migrations."""
    from dispatch.cli.context import session_factory
    from dispatch.settings import get_settings

    session_factory()
    url = get_settings().db_url
    safe = url.split("@")[-1] if "@" in url else url
    emit({"database": safe, "upgraded": True}, as_json, lambda r: f"database at head: {safe}")


def demo(serve_after: bool = typer.Option(False, "--serve", help="start the server afterwards"),
         host: str = "127.0.0.1", port: int = 8000, as_json: bool = JsonOpt) -> None:
    """Load the demo organisation, users and sample data (idempotent)."""
    from dispatch.demo import load_demo

    result = load_demo()
    emit(result, as_json, _demo_text)
    if serve_after:
        # no `dispatch worker` in the demo: the server does the jobs (solves) itself
        serve(host=host, port=port, workers=1, access_log=True, jobs=True)


def _demo_text(r: dict) -> str:
    lines = [f"demo organisation: {r['org']} ({r['org_changes']})",
             "users (web password: demo1234):"]
    lines += [f"  {u['name']:<10} {u['role']:<10} token {u.get('token') or '(exists)'}"
              for u in r["users"]]
    lines += [f"  {k}: {v}" for k, v in r.get("samples", {}).items()]
    return "\n".join(lines)
