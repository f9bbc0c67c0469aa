"""Jobs: record slow work in a request, do it in ``dispatch worker``, show the outcome.

Why: a solve is seconds of CPU on two cores. Run inside a web request it competed with
every other request and made their p99 several seconds under load (issue 16:
``POST /api/plans/proposals`` p50 5.8 s; confirm p99 5.5 s). The request now records a
job and answers at once; a worker (a lower-priority process) claims it, does it and
stores the outcome, which the page or the API client polls.

A handler is two steps so that no write lock is held while solving: ``compute`` reads
and solves in a read-only transaction, ``store`` writes the outcome in a short one,
together with the job's ``done`` (so an outcome is stored exactly once). The claim is the
outbox's: one transaction that picks a due row (``FOR UPDATE SKIP LOCKED`` on
PostgreSQL; SQLite's writers are serialised by ``BEGIN IMMEDIATE``) and leases it; a
worker that dies leaves a lease that runs out, and the job is claimed again (at most
``MAX_ATTEMPTS`` times). A handler that raises marks its job ``failed`` with the error.

Handlers live in the domains (``dispatch/<domain>/jobs.py``, listed in
:data:`JOB_MODULES`) and register with :func:`handler`.
"""

from __future__ import annotations

import datetime as dt
import importlib
import logging
import traceback
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session, sessionmaker

from dispatch.db import session_scope, utcnow, writing
from dispatch.errors import DispatchError, Forbidden, NotFound
from dispatch.jobs.models import Job
from dispatch.users.models import User

log = logging.getLogger(__name__)

JOB_MODULES = ("dispatch.plans.jobs", "dispatch.minutes.jobs", "dispatch.collab.jobs")
MAX_ATTEMPTS = 3
# A worker polls every 0.5 s: a job left waiting this long while no job at all was claimed
# (and none is running under a live lease) has no worker to do it.
NO_WORKER_AFTER_S = 15.0
LEASE_S = 120.0  # plus twice the job's own time limit, if it has one

Compute = Callable[[Session, dict[str, Any]], Any]
Store = Callable[[Session, dict[str, Any], Any], dict[str, Any]]


@dataclass
class Handler:
    kind: str
    compute: Compute
    store: Store


HANDLERS: dict[str, Handler] = {}


def handler(kind: str, store: Store | None = None) -> Callable[[Compute], Compute]:
    """Register ``compute`` (and ``store``; default: its return value is the result)."""

    def deco(fn: Compute) -> Compute:
        HANDLERS[kind] = Handler(kind, fn, store or (lambda _s, _p, out: out))
        return fn

    return deco


def register_jobs(modules: tuple[str, ...] = JOB_MODULES) -> None:
    for module in modules:
        importlib.import_module(module)


def _describe(e: BaseException) -> str:
    if isinstance(e, DispatchError):
        return e.message
    return f"{type(e).__name__}: {e}"


def _failed(job: Job, e: BaseException) -> None:
    """Mark ``job`` failed with ``e``: its English, and a refusal's catalogue key and values
    so the person who asked reads it in the org's language (:func:`error_said`)."""
    job.status, job.error = "failed", _describe(e)
    keyed = isinstance(e, DispatchError) and e.key
    job.error_key = e.key if keyed else None  # type: ignore[union-attr]
    job.error_args = dict(e.args_) if keyed else None  # type: ignore[union-attr]


def error_said(job: Job, lang: str) -> str | None:
    """A failed job's error in ``lang``: the catalogue's sentence when it has one, else the
    English as stored (a job from before, or a failure that is no refusal)."""
    if job.error is None:
        return None
    if lang == "en" or not job.error_key:
        return job.error
    from dispatch.messages import note_text

    return note_text(job.error_key, job.error_args, lang) or job.error


# ------------------------------------------------------------------ in a request


def enqueue(*, db_session: Session, kind: str, params: dict[str, Any],
            subject: str | None = None, actor: User | None = None, priority: int = 5,
            inline: bool = False) -> Job:
    """Record a job (committed with the caller's transaction); workers take the lowest
    ``priority`` first, then the oldest. ``inline`` runs it at once in this session: for
    tests and scripts only, never the server's default."""
    register_jobs()
    if kind not in HANDLERS:
        raise ValueError(f"no job handler {kind!r}")
    job = Job(kind=kind, params=params, subject=subject, status="pending", priority=priority,
              created_by=actor.id if actor else None)
    db_session.add(job)
    db_session.flush()
    if inline:
        run_inline(db_session=db_session, job=job)
    return job


def run_inline(*, db_session: Session, job: Job) -> None:
    """Run ``job`` in the caller's session; a failure rolls back its own writes only."""
    h = HANDLERS[job.kind]
    job.started_at, job.attempts = utcnow(), job.attempts + 1
    try:
        with db_session.begin_nested():
            out = h.compute(db_session, dict(job.params))
            job.result = h.store(db_session, dict(job.params), out)
            job.status = "done"
    except Exception as e:  # noqa: BLE001 - recorded on the job, shown to its owner
        _failed(job, e)
    job.finished_at = utcnow()
    db_session.flush()


def get(*, db_session: Session, job_id: int, user: User | None = None,
        kind: str | None = None) -> Job:
    """Job ``job_id`` (of ``kind``), if ``user`` may see it."""
    job = db_session.get(Job, job_id)
    if job is None or (kind is not None and job.kind != kind):
        raise NotFound(f"no job {job_id}")
    if user is not None and job.created_by != user.id and not user.has_role("planner"):
        raise Forbidden("only the job's owner, planners and admins see it")
    return job


def latest(*, db_session: Session, subject: str, kind: str | None = None) -> Job | None:
    q = select(Job).where(Job.subject == subject)
    if kind:
        q = q.where(Job.kind == kind)
    return db_session.scalars(q.order_by(Job.id.desc()).limit(1)).first()


def no_worker(*, db_session: Session, job: Job, now: dt.datetime | None = None) -> bool:
    """True when ``job`` waits in vain: it has waited over ``NO_WORKER_AFTER_S`` and in that
    time no job was claimed and none is running under a live lease, so neither ``dispatch
    worker`` nor ``dispatch serve --jobs`` is running. Why: the pages that wait for a job
    reloaded themselves forever when nobody ran a worker; they now say so and stop. A busy
    worker (a long solve) holds a live lease, and a worker behind a queue claims jobs, so
    neither reads as missing."""
    now = now or utcnow()
    waiting = job.status == "pending" or (job.status == "running" and job.lease_until is not None
                                          and job.lease_until < now)
    since = now - dt.timedelta(seconds=NO_WORKER_AFTER_S)
    if not waiting or job.created_at > since:
        return False
    alive = db_session.scalar(
        select(Job.id).where(or_(Job.started_at > since,
                                 and_(Job.status == "running", Job.lease_until >= now)))
        .limit(1))
    return alive is None


def job_read(job: Job, lang: str | None = None) -> dict[str, Any]:
    """The job as the API shows it; a failed one, given the org's ``lang``, also says its
    error in it (``lang``, ``localized_error``) beside the English ``error``."""
    out = {"id": job.id, "kind": job.kind, "subject": job.subject, "status": job.status,
           "result": job.result, "error": job.error, "attempts": job.attempts,
           "created_at": job.created_at.isoformat(),
           "finished_at": job.finished_at.isoformat() if job.finished_at else None}
    if job.error is not None and lang is not None:
        out.update({"lang": lang, "localized_error": error_said(job, lang)})
    return out


# ------------------------------------------------------------------ in a worker


def _due(now: dt.datetime) -> Any:
    return or_(Job.status == "pending",
               and_(Job.status == "running", Job.lease_until < now))


def _lease(params: dict[str, Any]) -> dt.timedelta:
    return dt.timedelta(seconds=LEASE_S + 2 * float(params.get("time_limit") or 0))


def claim(session_factory: sessionmaker[Session], token: str,
          now: dt.datetime | None = None) -> tuple[int, str, dict[str, Any]] | None:
    """Lease the most urgent due job to ``token``: (id, kind, params), or None."""
    now = now or utcnow()
    with writing(), session_scope(session_factory) as s:
        while True:
            job = s.scalars(select(Job).where(_due(now)).order_by(Job.priority, Job.id).limit(1)
                            .with_for_update(skip_locked=True)).first()
            if job is None:
                return None
            if job.attempts >= MAX_ATTEMPTS:
                job.status, job.finished_at, job.claim_token = "failed", now, None
                job.error = (f"given up after {job.attempts} attempts: the workers that took "
                             "it stopped before finishing (killed or out of memory?)")
                s.flush()
                continue
            job.status, job.claim_token, job.attempts = "running", token, job.attempts + 1
            job.started_at, job.lease_until = now, now + _lease(job.params)
            return job.id, job.kind, dict(job.params)


def run_next(session_factory: sessionmaker[Session], now: dt.datetime | None = None
             ) -> int | None:
    """Claim one job and do it: its id, or None when nothing is due."""
    register_jobs()
    token = uuid.uuid4().hex
    claimed = claim(session_factory, token, now)
    if claimed is None:
        return None
    job_id, kind, params = claimed
    try:
        h = HANDLERS[kind]
        with session_scope(session_factory) as s:  # reads and solves: no write lock held
            out = h.compute(s, params)
        with writing(), session_scope(session_factory) as s:
            job = s.get(Job, job_id, with_for_update=True)
            if job is None or job.claim_token != token:
                return job_id  # our lease ran out and another worker has it now
            job.result = h.store(s, params, out)
            job.status, job.finished_at, job.claim_token = "done", utcnow(), None
    except Exception as e:  # noqa: BLE001 - recorded on the job, shown to its owner
        if not isinstance(e, DispatchError):
            log.error("job %s (%s) failed:\n%s", job_id, kind, traceback.format_exc())
        with writing(), session_scope(session_factory) as s:
            job = s.get(Job, job_id, with_for_update=True)
            if job is not None and job.claim_token == token:
                _failed(job, e)
                job.finished_at, job.claim_token = utcnow(), None
    return job_id


def drain(session_factory: sessionmaker[Session], max_jobs: int = 10_000) -> int:
    """Do due jobs until none is left: how many (for --once, tests and the demo)."""
    n = 0
    while n < max_jobs and run_next(session_factory) is not None:
        n += 1
    return n
