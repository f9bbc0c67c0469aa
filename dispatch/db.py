"""Database: declarative base, UTC timestamps, engines and sessions, migrations.

The same code runs on SQLite (default) and PostgreSQL (psycopg 3). No engine is built at
import time: the app and the CLI build one from the settings they were given.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path
from typing import Any

from sqlalchemy import JSON, DateTime, Engine, MetaData, create_engine, event, update
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker
from sqlalchemy.types import TypeDecorator

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator[dt.datetime]):
    """Timezone-aware UTC in, timezone-aware UTC out, on SQLite as on PostgreSQL."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Any) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to the database; use utcnow() or aware values")
        return value.astimezone(dt.UTC)

    def process_result_value(self, value: dt.datetime | None, dialect: Any) -> dt.datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map = {dt.datetime: UTCDateTime, dict[str, Any]: JSON, list[Any]: JSON}


# The time utcnow() reports inside replay_at(): `dispatch demo` replays months of history
# through the same services as today's work (their rows and histories take utcnow()), one
# past moment at a time. Unset everywhere else.
_REPLAY_NOW: ContextVar[dt.datetime | None] = ContextVar("dispatch_replay_now", default=None)


def utcnow() -> dt.datetime:
    return _REPLAY_NOW.get() or dt.datetime.now(dt.UTC)


@contextmanager
def replay_at(when: dt.datetime) -> Iterator[None]:
    """Run the services as if it were ``when`` (an aware time in the past): every timestamp
    they take from utcnow() is ``when``. For replaying history only (the demo); the time
    never moves forward past the real now."""
    if when.tzinfo is None:
        raise ValueError("replay_at needs an aware datetime")
    if when > dt.datetime.now(dt.UTC):
        raise ValueError(f"replay_at({when.isoformat()}): the future cannot be replayed")
    token = _REPLAY_NOW.set(when.astimezone(dt.UTC))
    try:
        yield
    finally:
        _REPLAY_NOW.reset(token)


# Whether transactions begun in this context will write. On SQLite a deferred BEGIN that
# reads and then writes cannot wait for the write lock (SQLITE_BUSY at once, whatever the
# busy_timeout, when another writer committed in between): 7-9 of 10 parallel PATCHes
# answered 500 "database is locked" (issue 16, defect 3). Write transactions therefore
# begin IMMEDIATE (take the write lock first, waiting up to busy_timeout); reads stay
# deferred so they never wait for writers (WAL). The API sets this per request method.
WRITE_INTENT: ContextVar[bool] = ContextVar("dispatch_write_intent", default=False)


@contextmanager
def writing() -> Iterator[None]:
    """Transactions begun inside this block take SQLite's write lock at BEGIN."""
    token = WRITE_INTENT.set(True)
    try:
        yield
    finally:
        WRITE_INTENT.reset(token)


def compare_and_set(db_session: Session, obj: Any, expect: dict[str, Any],
                    values: dict[str, Any]) -> bool:
    """Write ``values`` to ``obj``'s row only if it still holds ``expect``: True if it did.

    One ``UPDATE … SET … WHERE id = … AND state = <what we read>`` decides a transition
    that two people attempt at once (two liaisons accepting and returning one part): on
    PostgreSQL the second UPDATE waits for the first's row lock, then matches no row; on
    SQLite writers are serialised and the loser's re-read sees the new row. The caller
    reads False as "someone else moved it first" (a 409), never as a lost update. The
    object is refreshed either way, so what follows sees the row as it is.
    """
    cls = type(obj)
    db_session.flush()
    done = db_session.execute(
        update(cls).where(cls.id == obj.id, *(getattr(cls, k) == v for k, v in expect.items()))
        .values(values).execution_options(synchronize_session=False)).rowcount == 1
    db_session.refresh(obj, list({*expect, *values}))
    return done


def lock_row(db_session: Session, obj: Any) -> None:
    """Re-read ``obj`` holding its row until the transaction ends (``SELECT … FOR UPDATE``
    on PostgreSQL; on SQLite the write transaction holds the database already).

    For decisions that read several rows and write another from them (every part done →
    the collaboration is delivered): two transactions that each saw the other's row
    unfinished would both decide nothing. Whoever locks second waits, then reads what the
    first committed."""
    db_session.refresh(obj, with_for_update=True)


def lock_for_edit(db_session: Session, obj: Any, view: Callable[[Any], dict[str, Any]],
                  edit: dict[str, Any], seen: dict[str, Any] | None = None) -> dict[str, Any]:
    """Lock ``obj``'s row for a field edit; returns {field: value now} of the fields the edit
    would change that are no longer what the editor was shown (a 409 for the caller).

    ``view(obj)`` gives the editable fields comparably (a follow-up's due is its day and
    its exact time together); ``edit`` the values wanted; ``seen`` what the person was
    shown (a form's or a body's ``seen``), else what this transaction read before the lock.
    A field edit is not a compare-and-set like a state change: fields hold JSON lists,
    which PostgreSQL cannot compare in a WHERE, so the row is locked (the second editor
    waits, then reads what the first committed) and compared here. A field the edit does not
    change, or changes to the value it holds already, is no conflict.
    """
    read = view(obj)
    lock_row(db_session, obj)
    now = view(obj)
    shown = {**read, **(seen or {})}
    return {k: now[k] for k, v in edit.items()
            if k in now and v != now[k] and now[k] != shown[k]}


def make_engine(url: str, **kw: Any) -> Engine:
    """An engine for ``url`` with the settings each backend needs."""
    if url.startswith("sqlite"):
        path = url.split("///", 1)[-1]
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30}, **kw)

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(conn: Any, _record: Any) -> None:
            # pysqlite's own transaction handling breaks SAVEPOINT; let SQLAlchemy emit BEGIN
            conn.isolation_level = None
            cur = conn.cursor()
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA busy_timeout=30000")
            cur.close()

        @event.listens_for(engine, "begin")
        def _sqlite_begin(conn: Any) -> None:
            conn.exec_driver_sql("BEGIN IMMEDIATE" if WRITE_INTENT.get() else "BEGIN")

        return engine
    return create_engine(url, pool_pre_ping=True, **kw)


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(bind=engine, expire_on_commit=False)


@contextmanager
def session_scope(factory: sessionmaker[Session]) -> Iterator[Session]:
    """A unit of work: commit on success, roll back on any error."""
    session = factory()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


def alembic_config(engine_or_url: Engine | str) -> Any:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(Path(__file__).parent / "migrations"))
    if isinstance(engine_or_url, str):
        cfg.set_main_option("sqlalchemy.url", engine_or_url.replace("%", "%%"))
    else:
        cfg.attributes["engine"] = engine_or_url
    return cfg


def upgrade(engine: Engine, revision: str = "heads") -> None:
    """Bring the schema to ``revision`` with the Alembic migrations (idempotent)."""
    from alembic import command

    import dispatch.tables  # noqa: F401  (registers every table on Base.metadata)

    command.upgrade(alembic_config(engine), revision)
