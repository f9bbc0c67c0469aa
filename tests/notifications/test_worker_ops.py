"""Operating the worker: two workers at once, housekeeping, the command line."""

from __future__ import annotations

import datetime as dt
import json
import threading
from collections import Counter

import pytest
from sqlalchemy import func, select, update

from dispatch.db import session_scope
from dispatch.notifications import service
from dispatch.notifications.models import DeliveryAttempt, Notification
from dispatch.notifications.scheduled import prune
from dispatch.notifications.worker import Worker


def test_two_workers_at_once_never_send_the_same_message(outbox, receiver,
                                                          push_settings) -> None:
    factory, _, _ = outbox
    with session_scope(factory) as s:
        for i in range(60):
            service.notify_department(db_session=s, department="hr", event="e",
                                      subject=f"{i}")
    receiver.delay_s = 0.01
    settings = push_settings.model_copy(update={"notify_batch": 7})
    workers = [Worker(factory, settings=settings, threads=1) for _ in range(2)]
    now = dt.datetime.now(dt.UTC) + dt.timedelta(minutes=1)
    stats = []
    threads = [threading.Thread(target=lambda w=w: stats.append(w.drain(now))) for w in workers]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert sum(s.sent for s in stats) == 60 and all(s.sent > 0 for s in stats)
    seen = Counter(h.message_id for h in receiver.hits)
    assert len(seen) == 60 and set(seen.values()) == {1}


def test_prune_drops_old_history_but_keeps_dead_letters(outbox, receiver,
                                                         push_settings) -> None:
    factory, _, _ = outbox
    receiver.script["webhook"] = [(400, "bad", {})]
    with session_scope(factory) as s:
        service.notify_department(db_session=s, department="hr", event="e", subject="dead")
        service.notify_department(db_session=s, department="it", event="e", subject="sent")
    now = dt.datetime.now(dt.UTC) + dt.timedelta(minutes=1)
    Worker(factory, settings=push_settings).drain(now)
    with session_scope(factory) as s:
        assert sorted(s.scalars(select(Notification.status))) == ["dead", "sent"]
    assert prune(factory, now) == 0  # nothing is old yet
    old = now - dt.timedelta(days=200)
    with session_scope(factory) as s:
        s.execute(update(Notification).values(created_at=old))
        s.execute(update(DeliveryAttempt).values(at=old))
    assert prune(factory, now) == 3  # two attempts, the sent message
    with session_scope(factory) as s:
        assert list(s.scalars(select(Notification.status))) == ["dead"]
        assert s.scalar(select(func.count()).select_from(DeliveryAttempt)) == 0


@pytest.fixture
def cli_env(outbox, push_settings, monkeypatch):
    """The CLI pointed at the test database (settings are cached per process)."""
    from dispatch.cli import context
    from dispatch.settings import get_settings

    factory, url, _ = outbox
    monkeypatch.setenv("DATABASE_URL", url)
    get_settings.cache_clear()
    monkeypatch.setattr(context, "_factory", None)
    yield factory
    get_settings.cache_clear()


def test_cli_queues_a_test_message_delivers_it_and_retries_a_dead_letter(cli_env, receiver
                                                                         ) -> None:
    from typer.testing import CliRunner

    from dispatch.cli import app

    run = CliRunner().invoke
    r = run(app, ["notify", "test", "--department", "it", "--staff", "wuhao", "--json"])
    assert r.exit_code == 0, r.output
    queued = json.loads(r.stdout)
    assert [q["destination"] for q in queued] == ["dept:it:wecom"]
    r = run(app, ["worker", "--once", "--json"])
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout.strip().splitlines()[-1])["sent"] == 1
    assert "<@wuhao>" in receiver.of("wecom")[0].body["markdown"]["content"]
    r = run(app, ["notify", "list", "--json"])
    assert json.loads(r.stdout)[0]["status"] == "sent"
    r = run(app, ["notify", "retry", str(queued[0]["id"])])
    assert r.exit_code == 1 and "only dead letters" in r.output
    r = run(app, ["notify", "retry", "--all-dead", "--json"])
    assert r.exit_code == 0 and json.loads(r.stdout) == {"requeued": 0}
    r = run(app, ["notify", "retry"])
    assert r.exit_code == 1 and "--all-dead" in r.output
    r = run(app, ["notify", "test"])
    assert r.exit_code == 1 and "give --staff" in r.output
    r = run(app, ["notify", "test", "--staff", "ghost"])
    assert r.exit_code == 1 and "ghost" in r.output
