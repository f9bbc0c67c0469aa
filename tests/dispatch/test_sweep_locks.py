"""A read-only sweep (the routing refit: seconds of CPU, at the worker's lower priority)
does not hold SQLite's write lock while it runs (issue 16: the server's writes waited
15-18 s behind a refit at the start of the SQLite load run)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from pg_support import sqlite_write_free
from sqlalchemy import select


def test_a_read_only_sweep_leaves_the_write_lock_free(tmp_path: Path, monkeypatch) -> None:
    from dispatch import scheduled
    from dispatch.db import make_engine, make_session_factory, session_scope, upgrade
    from dispatch.users.models import User

    path = tmp_path / "db.sqlite3"
    engine = make_engine(f"sqlite:///{path}")
    upgrade(engine)
    factory = make_session_factory(engine)
    seen: dict[str, str] = {}

    def reader(session_factory, now) -> int:  # noqa: ANN001
        with session_scope(session_factory) as s:
            s.scalars(select(User)).all()  # the transaction is open, as during a refit
            seen["write"] = sqlite_write_free(path)  # a writer that cannot wait at all
        return 0

    monkeypatch.setattr(scheduled, "SWEEPS", {})
    scheduled.register("test.reader", reader, writes=False)
    scheduled.run_due(factory, dt.datetime.now(dt.UTC), force=True)
    assert seen == {"write": "ok"}
    engine.dispose()


def test_the_learning_sweep_is_read_only() -> None:
    from dispatch import scheduled

    scheduled.register_sweeps()
    assert scheduled.SWEEPS["requests.learn"].writes is False
    assert scheduled.SWEEPS["requests.sla"].writes is True
