"""Fixtures of the push tests: a receiver, push settings pointing at it, a real database."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from notify_support import Receiver, channels_doc, demo_org_with_contacts
from pg_support import fresh_pg


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    r = Receiver().start()
    yield r
    r.stop()


@pytest.fixture
def push_settings(tmp_path: Path, receiver: Receiver):
    """Push settings for this test: channels file → the receiver, fast retries."""
    from dispatch.notifications.config import NotifySettings
    from dispatch.notifications.service import use_settings

    path = tmp_path / "channels.yaml"
    path.write_text(yaml.safe_dump(channels_doc(receiver)), encoding="utf-8")
    s = NotifySettings(channels_file=path, public_base_url="https://dispatch.example",
                       notify_backoff_base_s=2.0, notify_max_attempts=4, notify_lease_s=60)
    use_settings(s)
    yield s
    use_settings(None)


@pytest.fixture(params=["sqlite"] + (["postgresql"] if os.environ.get("TEST_DATABASE_URL")
                                     else []))
def outbox(request: pytest.FixtureRequest, tmp_path: Path):
    """(session_factory, url, org) on a real database the worker can commit to."""
    from dispatch.db import make_engine, make_session_factory, session_scope, upgrade
    from dispatch.orgdir.service import import_org

    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'outbox.sqlite3'}"
    else:
        url = fresh_pg(os.environ["TEST_DATABASE_URL"], f"dispatch_notify_{os.getpid()}")
    engine = make_engine(url)
    upgrade(engine)
    factory = make_session_factory(engine)
    org = demo_org_with_contacts()
    with session_scope(factory) as s:
        import_org(db_session=s, org=org, source="test")
    yield factory, url, org
    engine.dispose()
