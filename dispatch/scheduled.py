"""Registry of periodic sweeps that ``dispatch worker`` runs.

A sweep is a callable ``(session_factory, now) -> int`` (how many things it did) that is
safe to run twice and at any time: it finds what is due at ``now`` in the database and
acts on it in its own transactions (usually by queueing notifications with dedupe keys).
Register one from your domain's ``dispatch/<domain>/scheduled.py``::

    from dispatch.scheduled import sweep

    @sweep("requests.sla", every_s=60)
    def sla_sweep(session_factory, now) -> int:
        ...

The worker imports every ``dispatch/<domain>/scheduled.py`` at start
(:func:`load_domain_sweeps`), so registering needs no other edit. ``every_s`` is the
minimum interval between two runs in one worker process.
"""

from __future__ import annotations

import datetime as dt
import importlib
import logging
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy.orm import Session, sessionmaker

log = logging.getLogger(__name__)

SweepFn = Callable[[sessionmaker[Session], dt.datetime], int]


@dataclass
class Sweep:
    name: str
    fn: SweepFn
    every_s: float = 60.0


SWEEPS: dict[str, Sweep] = {}


def register(name: str, fn: SweepFn, every_s: float = 60.0) -> SweepFn:
    """Add (or replace) a sweep by name."""
    SWEEPS[name] = Sweep(name, fn, every_s)
    return fn


def sweep(name: str, every_s: float = 60.0) -> Callable[[SweepFn], SweepFn]:
    """Decorator form of :func:`register`."""

    def deco(fn: SweepFn) -> SweepFn:
        return register(name, fn, every_s)

    return deco


def load_domain_sweeps() -> list[str]:
    """Import ``dispatch.<domain>.scheduled`` for every domain package that has one."""
    import dispatch

    loaded = []
    for mod in pkgutil.iter_modules(dispatch.__path__):
        if not mod.ispkg:
            continue
        name = f"dispatch.{mod.name}.scheduled"
        try:
            importlib.import_module(name)
        except ModuleNotFoundError as e:
            if e.name == name:
                continue
            log.exception("sweeps of %s not loaded", name)  # deliveries must go on
            continue
        except Exception:
            log.exception("sweeps of %s not loaded", name)
            continue
        loaded.append(name)
    return loaded


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
            done[s.name] = int(s.fn(session_factory, now) or 0)
        except Exception:
            log.exception("sweep %s failed", s.name)
            done[s.name] = -1
    return done
