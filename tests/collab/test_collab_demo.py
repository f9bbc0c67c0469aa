"""The demo loads a collaboration in progress: parts in three states, tasks staffed by an
approved plan, progress reported — and loading twice changes nothing."""

from __future__ import annotations

import pytest


@pytest.fixture
def demo_env(tmp_path, monkeypatch):
    """The CLI's own database (what `dispatch demo` writes), in a temporary folder."""
    import dispatch.cli.context as context
    from dispatch.settings import get_settings

    monkeypatch.setenv("DISPATCH_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("DATABASE_URL", "")
    monkeypatch.setenv("DISPATCH_ENV", "test")
    monkeypatch.setenv("DISPATCH_SECRET_KEY", "demo-test-secret-0123456789")
    get_settings.cache_clear()
    monkeypatch.setattr(context, "_factory", None)
    yield
    get_settings.cache_clear()


def test_demo_collaboration_is_in_progress(demo_env) -> None:
    from dispatch.cli.context import db_session
    from dispatch.collab import demo, flows, service
    from dispatch.demo import DEMO_ORG, DEMO_USERS
    from dispatch.orgdir.service import import_org
    from dispatch.users import service as users
    from models.org import load_org

    org = load_org(DEMO_ORG)
    with db_session() as s:
        import_org(db_session=s, org=org, source="test")
        for name, role, staff in DEMO_USERS:
            users.create(db_session=s, name=name, role=role, password="x" * 12,
                         staff_id=staff)
    assert "3 parts" in demo.load_sample()
    assert demo.load_sample() == "the demo collaboration exists already"
    with db_session() as s:
        [c] = service.list_collabs(db_session=s)
        board = service.to_dict(c, org=org, db_session=s, today=flows._today(org))
    assert {p["department"]: p["state"] for p in board["parts"]} == \
        {"design": "in_progress", "logistics": "accepted", "it": "pending"}
    assert board["plan"]["status"] == "approved"
    assert all(t["assignees"] for t in board["tasks"])
    assert any(t["done_hours"] > 0 for t in board["tasks"])
    assert all(t["risk"] in ("low", "medium", "high") for t in board["tasks"])
