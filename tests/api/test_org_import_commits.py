"""Issue 16: `POST /api/org/import` builds the routing model (7-15 s of training) after
its transaction has committed, so no other writer waits behind the training."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient
from pg_support import sqlite_write_free


def test_import_is_committed_before_the_model_is_trained(tmp_path: Path, monkeypatch) -> None:
    from api.app import create_app
    from dispatch.db import make_engine, session_scope, upgrade
    from dispatch.demo import DEMO_ORG
    from dispatch.orgdir.service import current_org
    from dispatch.requests import routing
    from dispatch.settings import Settings
    from dispatch.users import service as users

    path = tmp_path / "db.sqlite3"
    engine = make_engine(f"sqlite:///{path}")
    upgrade(engine)
    app = create_app(settings=Settings(env="test", data_dir=tmp_path,
                                       secret_key="test-secret-key-0123456789"), engine=engine)
    with session_scope(app.state.session_factory) as s:
        admin = users.create(db_session=s, name="adm", role="admin")
        token = users.issue_token(db_session=s, user=admin)
    seen: dict[str, Any] = {}

    def training(*, settings: Any, org: Any) -> None:
        # what another process sees while the model would be training
        with session_scope(app.state.session_factory) as s:
            seen["org"] = getattr(current_org(db_session=s), "name", None)
        seen["write"] = sqlite_write_free(path)  # a writer that cannot wait at all

    monkeypatch.setattr(routing, "ensure_model", training)
    with TestClient(app, base_url="https://testserver") as c:
        r = c.post("/api/org/import", content=DEMO_ORG.read_bytes(),
                   headers={"Authorization": f"Bearer {token}"})
    assert r.status_code == 200, r.text
    assert seen["write"] == "ok"  # no writer is kept waiting by the import
    assert seen["org"] is not None  # the imported org is visible to other sessions
    engine.dispose()
