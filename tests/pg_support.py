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
