"""A new, empty PostgreSQL database on the test server (TEST_DATABASE_URL), for fixtures
that must not see another run's rows: the shared test engine, and workers that commit."""

from __future__ import annotations


def fresh_pg(base: str, name: str) -> str:
    """Drop ``name`` if it exists, create it empty, and return its URL."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    from dispatch.settings import Settings

    url = make_url(Settings(database_url=base).db_url)
    admin = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as c:
        c.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        c.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return url.set(database=name).render_as_string(hide_password=False)


def committed_engine(backend: str, tmp_path, name: str, pool: int = 10):
    """A migrated database of its own for a test whose transactions really commit
    (concurrency tests: threads must see each other's rows), on ``backend``."""
    import os

    from dispatch.db import make_engine, upgrade

    if backend == "sqlite":
        eng = make_engine(f"sqlite:///{tmp_path / f'{name}.sqlite3'}")
    else:
        eng = make_engine(fresh_pg(os.environ["TEST_DATABASE_URL"], f"{name}_{os.getpid()}"),
                          pool_size=pool)
    upgrade(eng)
    return eng


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
