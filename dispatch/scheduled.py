"""Registry of periodic sweeps that ``dispatch worker`` runs.

A sweep is a callable ``(session_factory, now) -> int`` (how many things it did) that is
safe to run twice and at any time: it finds what is due at ``now`` in the database and
acts on it in its own transactions (usually by queueing notifications with dedupe keys).
Declare one in your domain's ``dispatch/<domain>/scheduled.py``::

    from dispatch.scheduled import sweep

    @sweep("requests.sla", every_s=60)
    def sla_sweep(session_factory, now) -> int:
        ...

and list that module in :data:`SWEEP_MODULES`. The decorator only marks the function;
:func:`register_sweeps` (called by ``dispatch.registry.register_all`` when the worker
starts) imports the listed modules and registers what they mark. Importing a module
registers nothing, and a module that fails to import stops the worker with its error
instead of silently running without its sweeps. ``every_s`` is the minimum interval
between two runs in one worker process.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import importlib
import logging
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy.orm import Session, sessionmaker

from dispatch.db import writing

log = logging.getLogger(__name__)

SweepFn = Callable[[sessionmaker[Session], dt.datetime], int]


@dataclass
class Sweep:
    name: str
    fn: SweepFn
    every_s: float = 60.0
    writes: bool = True  # False: a read-only sweep, whose transactions never take the lock


SWEEPS: dict[str, Sweep] = {}
# The domain modules whose marked functions are the worker's sweeps.
SWEEP_MODULES = (
    "dispatch.collab.scheduled",
    "dispatch.followups.scheduled",
    "dispatch.jobs.scheduled",
    "dispatch.notifications.scheduled",
    "dispatch.plans.scheduled",
    "dispatch.problems.scheduled",
    "dispatch.requests.scheduled",
)
_MARK = "__dispatch_sweep__"


def register(name: str, fn: SweepFn, every_s: float = 60.0, writes: bool = True) -> SweepFn:
    """Add (or replace) a sweep by name."""
    SWEEPS[name] = Sweep(name, fn, every_s, writes)
    return fn


def sweep(name: str, every_s: float = 60.0, writes: bool = True
          ) -> Callable[[SweepFn], SweepFn]:
    """Mark ``fn`` as the sweep ``name``; :func:`register_sweeps` registers it.

    ``writes=False`` for a sweep that only reads the database: its transactions stay
    deferred instead of taking SQLite's write lock at BEGIN for as long as it runs."""

    def deco(fn: SweepFn) -> SweepFn:
        setattr(fn, _MARK, (name, every_s, writes))
        return fn

    return deco


def register_sweeps(modules: tuple[str, ...] = SWEEP_MODULES) -> list[str]:
    """Import each module (its errors propagate) and register the sweeps it marks."""
    for module in modules:
        for value in list(vars(importlib.import_module(module)).values()):
            mark = getattr(value, _MARK, None) if callable(value) else None
            if mark is not None:
                register(mark[0], value, *mark[1:])
    return list(modules)


def run_due(session_factory: sessionmaker[Session], now: dt.datetime,
            last_run: dict[str, dt.datetime] | None = None, force: bool = False
            ) -> dict[str, int]:
    """Run every sweep whose interval has passed (all of them with ``force``).

    A failing sweep is logged and the others still run; ``last_run`` is updated in place.
    """
    last_run = last_run if last_run is not None else {}
    done: dict[str, int] = {}
    for s in list(SWEEPS.values()):
        prev = last_run.get(s.name)
        if not force and prev is not None and (now - prev).total_seconds() < s.every_s:
            continue
        last_run[s.name] = now
        try:
            # a sweep writes: on SQLite its transactions begin IMMEDIATE
            with writing() if s.writes else contextlib.nullcontext():
                done[s.name] = int(s.fn(session_factory, now) or 0)
        except Exception:
            log.exception("sweep %s failed", s.name)
            done[s.name] = -1
    return done
