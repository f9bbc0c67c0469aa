"""Follow-up kinds and worker sweeps are registered explicitly by ``register_all`` (the app
factory and the worker call it), never by importing a module, and a domain module that
cannot be imported is an error rather than a worker running without its sweeps."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy.orm import Session, sessionmaker

from dispatch import scheduled
from dispatch.followups import service as followups
from dispatch.registry import register_all


@scheduled.sweep("tests.marked_only", every_s=5)
def _marked(session_factory: sessionmaker[Session], now: dt.datetime) -> int:
    return 0


@pytest.fixture
def saved_sweeps():
    saved = dict(scheduled.SWEEPS)
    yield
    scheduled.SWEEPS.clear()
    scheduled.SWEEPS.update(saved)


def test_register_all_registers_every_domain(saved_sweeps) -> None:
    register_all()
    assert {"requests.sla", "followups.reminders", "notifications.prune", "collab.risk",
            "problems.disputes", "problems.digests"} <= set(scheduled.SWEEPS)
    assert {"action_item", "request_ack", "request_resolve", "collab_ack"} <= set(
        followups.KINDS)
    assert scheduled.SWEEPS["followups.reminders"].every_s == 60


def test_marking_a_sweep_does_not_register_it(saved_sweeps) -> None:
    assert "tests.marked_only" not in scheduled.SWEEPS  # this module was imported: no effect
    assert scheduled.register_sweeps((__name__,)) == [__name__]
    assert scheduled.SWEEPS["tests.marked_only"].fn is _marked
    assert scheduled.SWEEPS["tests.marked_only"].every_s == 5


def test_a_domain_module_that_cannot_be_imported_is_an_error(saved_sweeps) -> None:
    with pytest.raises(ModuleNotFoundError, match="no_such_domain"):
        scheduled.register_sweeps(("dispatch.no_such_domain.scheduled",))
