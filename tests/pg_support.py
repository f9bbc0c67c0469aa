"""A new, empty PostgreSQL database on the test server (TEST_DATABASE_URL), for fixtures
that must not see another run's rows: the shared test engine, and workers that commit;
and the race tests' harness: databases that really commit, calls released at once, and
transactions that all read before any of them writes."""

from __future__ import annotations

import os
import sys

import pytest

PG_URL = os.environ.get("TEST_DATABASE_URL", "").strip()
BACKENDS = ["sqlite"] + (["postgresql"] if PG_URL else [])
needs_pg = pytest.mark.skipif(not PG_URL, reason="needs TEST_DATABASE_URL (PostgreSQL)")


# (server URL, database) of every database fresh_pg made in this process: dropped when the
# session ends (drop_made), so runs leave no databases behind on a long-lived server.
_MADE: set[tuple[str, str]] = set()


def fresh_pg(base: str, name: str) -> str:
    """Drop ``name`` if it exists, create it empty, and return its URL.

    Names carry the process id (``f"dispatch_x_{os.getpid()}"``): each pytest-xdist worker,
    and each of two runs against one server, gets databases of its own."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    from dispatch.settings import Settings

    url = make_url(Settings(database_url=base).db_url)
    admin = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as c:
        c.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        c.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    _MADE.add((base, name))
    return url.set(database=name).render_as_string(hide_password=False)


def drop_pg(base: str, name: str) -> None:
    """Drop the database ``name`` that :func:`fresh_pg` made (a test's own, when done)."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    from dispatch.settings import Settings

    url = make_url(Settings(database_url=base).db_url)
    admin = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as c:
        c.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()
    _MADE.discard((base, name))


def drop_made() -> None:
    """Drop every database this process made with :func:`fresh_pg` and still has (at the
    session's end; a server that is already gone is not an error worth failing a run)."""
    for base, name in sorted(_MADE):
        try:
            drop_pg(base, name)
        except Exception as e:  # noqa: BLE001 - cleanup: report it and go on
            sys.stderr.write(f"pg_support: could not drop database {name}: {e}\n")


def committed_engine(backend: str, tmp_path, name: str, pool: int = 10):
    """A migrated database of its own for a test whose transactions really commit
    (concurrency tests: threads must see each other's rows), on ``backend``."""
    from dispatch.db import make_engine, upgrade

    if backend == "sqlite":
        eng = make_engine(f"sqlite:///{tmp_path / f'{name}.sqlite3'}")
    else:
        eng = make_engine(fresh_pg(os.environ["TEST_DATABASE_URL"], f"{name}_{os.getpid()}"),
                          pool_size=pool)
    upgrade(eng)
    return eng


def committed_engines(name: str, backends: list[str] | None = None):
    """A fixture: a database of its own per test from ``committed_engine``, on each of
    ``backends`` (default: SQLite, and PostgreSQL when TEST_DATABASE_URL is set)."""
    @pytest.fixture(params=[b for b in backends or BACKENDS if b in BACKENDS])
    def engine_(request, tmp_path):
        eng = committed_engine(request.param, tmp_path, name)
        yield eng
        eng.dispose()
    return engine_


def app_with_people(engine, tmp_path, org, people: tuple[tuple[str, str, str | None], ...]):
    """The app on ``engine`` with ``org`` imported and ``people`` ((name, role, staff id))
    as users: (app, {name: auth headers})."""
    from api.app import create_app
    from dispatch.db import make_session_factory, session_scope
    from dispatch.orgdir.service import import_org
    from dispatch.settings import Settings
    from dispatch.users import service as users

    headers = {}
    with session_scope(make_session_factory(engine)) as s:
        import_org(db_session=s, org=org, source="test")
        for name, role, staff in people:
            user = users.create(db_session=s, name=name, role=role, staff_id=staff)
            headers[name] = {"Authorization":
                             f"Bearer {users.issue_token(db_session=s, user=user)}"}
    settings = Settings(env="test", data_dir=tmp_path, secret_key="race-secret-0123456789abcdef")
    return create_app(settings=settings, engine=engine), headers


def at_once(calls):
    """Run the calls in threads released together; their results in order (an exception a
    call raised is raised here, after every thread ended)."""
    import threading

    gate = threading.Barrier(len(calls))
    out: list = [None] * len(calls)
    errors: list[BaseException] = []

    def run(i, fn):
        gate.wait()
        try:
            out[i] = fn()
        except BaseException as e:  # noqa: BLE001 - handed to the test's thread below
            errors.append(e)

    threads = [threading.Thread(target=run, args=(i, fn)) for i, fn in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    if errors:
        raise errors[0]
    return out


def read_then_write(factory, *steps, refused=None):
    """The interleaving a race test over HTTP can only hope for, forced: every step's
    transaction has read before any of them writes.

    A step is ``(read, write)``: ``read(session)`` runs in the step's own transaction (on
    PostgreSQL; SQLite cannot interleave, its writes begin IMMEDIATE) and returns what the
    write needs (return the rows read: the session holds them only weakly, and a row
    dropped meanwhile would be read again, fresh, by the write); once every step has read,
    ``write(session, what_read)`` runs and the transaction commits. Returns each step's
    outcome in order: what ``write`` returned, or the exception of the ``refused`` types
    (default: ``dispatch.errors.Conflict``) it raised.
    """
    import threading

    from dispatch.db import session_scope
    from dispatch.errors import Conflict

    refused = refused or (Conflict,)
    read = threading.Barrier(len(steps), timeout=60)

    def step(read_fn, write_fn):
        def run():
            try:
                with session_scope(factory) as s:
                    try:
                        seen = read_fn(s)
                    except BaseException:
                        read.abort()  # the others must not wait for a read that failed
                        raise
                    read.wait()
                    return write_fn(s, seen)
            except refused as e:
                return e
        return run

    return at_once([step(r, w) for r, w in steps])


def sqlite_write_free(path) -> str:
    """"ok" when another connection can begin a write on the SQLite file at ``path`` at
    once (no waiting), else SQLite's error: whether something holds the write lock now."""
    import sqlite3

    other = sqlite3.connect(path, timeout=0)
    try:
        other.execute("BEGIN IMMEDIATE")
        other.execute("ROLLBACK")
        return "ok"
    except sqlite3.OperationalError as e:
        return str(e)
    finally:
        other.close()
