"""The migrations build exactly the schema the models declare, on every backend."""

from __future__ import annotations

import json
import os

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from pg_support import BACKENDS, PG_URL, drop_pg, fresh_pg
from sqlalchemy import text

import dispatch.tables  # noqa: F401
from dispatch.db import Base, alembic_config


def test_migrated_schema_matches_the_models(engine) -> None:
    with engine.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={"compare_type": False})
        diff = compare_metadata(ctx, Base.metadata)
    assert diff == [], f"models and migrations disagree; add a revision: {diff}"


def test_database_is_at_every_head(engine) -> None:
    heads = set(ScriptDirectory.from_config(alembic_config(engine)).get_heads())
    with engine.connect() as conn:
        current = set(MigrationContext.configure(conn).get_current_heads())
    assert current == heads


@pytest.mark.parametrize("backend", BACKENDS)
def test_proposals_stored_before_the_summary_get_theirs(backend, tmp_path) -> None:
    """0007_plans_summary: lists read a proposal's ``summary``, never its plan; proposals
    stored before the column existed get theirs from their plan when the database is
    upgraded."""
    from dispatch.db import make_engine, upgrade

    if backend == "sqlite":
        eng = make_engine(f"sqlite:///{tmp_path / 'old.sqlite3'}")
    else:
        eng = make_engine(fresh_pg(PG_URL, name := f"dispatch_summary_{os.getpid()}"))
    try:
        upgrade(eng, "0002_plans")
        plan = {"assignments": [{"task": "W1"}, {"task": "W2"}], "unassigned": [{"task": "W3"}],
                "late": [{"task": "W2"}], "kpis": {"on_time_rate": 0.5}}
        with eng.begin() as c:
            c.execute(text("INSERT INTO proposals (version, status, start, horizon_days, request,"
                           " plan, changes, created_at) VALUES (1, 'draft', '2026-11-23', 5,"
                           " '{}', :plan, '[]', '2026-11-23 09:00:00')"),
                      {"plan": json.dumps(plan)})
            # a version made from it: the upgrade must not rebuild the table (SQLite's
            # DROP TABLE of a referenced table fails with foreign keys on)
            c.execute(text("INSERT INTO proposals (version, status, parent_id, start,"
                           " horizon_days, request, plan, changes, created_at) VALUES (2,"
                           " 'draft', 1, '2026-11-23', 5, '{}', :plan, '[]',"
                           " '2026-11-23 09:00:00')"), {"plan": json.dumps(plan)})
        upgrade(eng)
        with eng.connect() as c:
            summaries = c.execute(text("SELECT summary FROM proposals")).scalars().all()
        assert [json.loads(x) if isinstance(x, str) else x for x in summaries] == [
            {"assigned": 2, "unassigned": 1, "late": 1, "on_time_rate": 0.5}] * 2
    finally:
        eng.dispose()
        if backend != "sqlite":
            drop_pg(PG_URL, name)
