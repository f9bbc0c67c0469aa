"""The database as the CLI sees it: built from the settings, migrated on first use."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy.orm import Session, sessionmaker

from dispatch.db import make_engine, make_session_factory, session_scope, upgrade
from dispatch.settings import get_settings

_factory: sessionmaker[Session] | None = None


def session_factory() -> sessionmaker[Session]:
    global _factory
    if _factory is None:
        engine = make_engine(get_settings().db_url)
        upgrade(engine)
        _factory = make_session_factory(engine)
    return _factory


@contextmanager
def db_session() -> Iterator[Session]:
    """A committed-on-success session on the configured database."""
    with session_scope(session_factory()) as s:
        yield s
