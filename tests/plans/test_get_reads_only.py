"""No GET writes (issue 16): every GET route of the API and every page, called by each
role on the demo database, leaves every table exactly as it was.

`GET /api/plans/backlog` and the planner page used to synchronise the backlog (an insert
per newly confirmed item); concurrent reads then inserted the same task and answered 500.
A read that writes also takes SQLite's write lock and turns a cached page into a side
effect. The demo (`dispatch demo`: minutes, requests, history, a proposal, a collaboration
in progress, problems) gives every page real rows to show; the snapshot is each table's
rows, hashed, before and after.
"""

from __future__ import annotations

import hashlib
import importlib
import re

import pytest
from sqlalchemy import inspect, select, text


@pytest.fixture
def demo_db(tmp_path, monkeypatch):
    """`dispatch demo` into a fresh SQLite data directory; the app on that database."""
    import dispatch.cli.context as context
    from dispatch.settings import get_settings

    monkeypatch.setenv("DISPATCH_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("DATABASE_URL", "")
    monkeypatch.setenv("DISPATCH_ENV", "test")
    monkeypatch.setenv("DISPATCH_SECRET_KEY", "reads-only-secret-0123456789abcdef")
    get_settings.cache_clear()
    monkeypatch.setattr(context, "_factory", None)
    from dispatch.demo import load_demo

    out = load_demo()
    yield {u["name"]: u["token"] for u in out["users"]}, context.session_factory()
    get_settings.cache_clear()


def _snapshot(factory) -> dict[str, tuple[int, str]]:
    """(row count, hash of every row in key order) per table."""
    out = {}
    with factory() as s:
        conn = s.connection()
        for table in inspect(conn).get_table_names():
            rows = conn.execute(text(f'SELECT * FROM "{table}" ORDER BY 1')).all()
            digest = hashlib.sha256(repr([tuple(r) for r in rows]).encode()).hexdigest()
            out[table] = (len(rows), digest)
    return out


def _get_paths() -> list[str]:
    """Every GET path of the app: API routers (with their nested routers) and pages."""
    from api.app import PAGES, ROUTERS

    paths: list[str] = []

    def walk(router) -> None:
        for r in router.routes:
            if "GET" in (getattr(r, "methods", None) or set()):
                paths.append(r.path)
            inner = getattr(r, "original_router", None)
            if inner is not None:
                walk(inner)

    for module in [f"api.routers.{n}" for n in ROUTERS] + [f"api.{n}" for n in PAGES]:
        walk(importlib.import_module(module).router)
    return sorted(set(paths))


def _ids(factory) -> dict[str, list[str]]:
    """Real values for each path parameter, from the demo's rows."""
    from dispatch.collab.models import Collaboration
    from dispatch.followups.models import FollowUp
    from dispatch.followups.service import action_token
    from dispatch.minutes.models import ActionItemRow, Meeting
    from dispatch.notifications.models import Notification
    from dispatch.plans.models import Proposal
    from dispatch.problems.models import Problem
    from dispatch.requests.models import Request
    from dispatch.settings import get_settings

    def first(s, col) -> list[str]:
        return [str(v) for v in s.scalars(select(col).order_by(col).limit(2))]

    with factory() as s:
        proposals = first(s, Proposal.id)
        fu = s.scalars(select(FollowUp).order_by(FollowUp.id)).first()
        return {
            "item_id": first(s, ActionItemRow.id), "meeting_id": first(s, Meeting.id),
            "request_id": first(s, Request.id), "proposal_id": proposals,
            "a": proposals[:1], "b": proposals[-1:],
            "notification_id": first(s, Notification.id),
            "collab_id": first(s, Collaboration.id), "problem_id": first(s, Problem.id),
            "followup_id": first(s, FollowUp.id),
            "token": [action_token(fu, get_settings().secret_key)] if fu else ["x"],
            "staff_id": ["zhangsan"],
        }


def test_every_get_leaves_the_database_unchanged(demo_db) -> None:
    from fastapi.testclient import TestClient

    from api.app import create_app
    from dispatch.demo import DEMO_PASSWORD
    from dispatch.followups.ics import issue_feed_token
    from dispatch.settings import get_settings

    tokens, factory = demo_db
    with factory() as s:
        feed = issue_feed_token(db_session=s, staff_id="zhangsan")
        s.commit()
    ids = _ids(factory)
    paths = []
    for path in _get_paths():
        names = re.findall(r"{(\w+)}", path)
        if path.endswith("{token}.ics"):
            paths.append(path.replace("{token}", feed))
            continue
        values = [ids.get(n, ["1"]) for n in names]
        for k in range(max((len(v) for v in values), default=1)):
            p = path
            for n, v in zip(names, values, strict=True):
                p = p.replace("{" + n + "}", v[min(k, len(v) - 1)])
            paths.append(p)
    app = create_app(settings=get_settings(), engine=factory.kw["bind"])
    clients = {}
    for role in ("admin", "planner", "requester"):  # signed in (pages) and a token (API)
        c = TestClient(app, base_url="https://testserver",
                       headers={"Authorization": f"Bearer {tokens[role]}"})
        csrf = re.search(r'name="csrf_token" value="([^"]+)"', c.get("/login").text).group(1)
        r = c.post("/login", data={"username": role, "password": DEMO_PASSWORD,
                                   "csrf_token": csrf}, follow_redirects=False)
        assert r.status_code == 303, r.text[:300]
        clients[role] = c
    with factory() as s:  # a backlog out of step with its sources (a request accepted by
        # a tool that bypassed the service): a GET that synchronised would insert its task;
        # only writes may (the sweep, proposals, POST /api/plans/backlog/sync)
        n = s.execute(text(
            "UPDATE requests SET state = 'accepted' WHERE id = (SELECT min(id) FROM requests "
            "WHERE department IS NOT NULL AND state NOT IN ('accepted', 'in_progress'))"
        )).rowcount
        s.commit()
    assert n == 1
    before = _snapshot(factory)  # logins write (login records); everything after only reads
    seen: dict[int, int] = {}
    pages = 0
    for role, client in clients.items():
        for p in paths:
            r = client.get(p, follow_redirects=False)
            assert r.status_code < 500, (role, p, r.status_code, r.text[:300])
            seen[r.status_code] = seen.get(r.status_code, 0) + 1
            pages += r.status_code == 200 and "text/html" in r.headers.get("content-type", "") \
                and 'name="password"' not in r.text
        client.close()
    after = _snapshot(factory)
    changed = {t: (before.get(t), after.get(t)) for t in before.keys() | after.keys()
               if before.get(t) != after.get(t)}
    assert not changed, changed
    assert len(paths) >= 60 and seen.get(200, 0) >= 100, (len(paths), seen)
    assert pages >= 40, pages  # the pages were drawn, not sent to the login
