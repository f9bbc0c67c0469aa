"""Pruning finished solve jobs (the planner's and a collaboration's plan): their proposal
is the record, the job row only told the planner when it was ready. A meeting's capacity
check stays (its warnings are shown on the meeting)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import delete
from sqlalchemy.orm import Session, sessionmaker

from dispatch.db import session_scope
from dispatch.jobs.models import Job
from dispatch.scheduled import sweep

KEEP_DAYS = 7
PRUNED_KINDS = ("plans.solve", "collab.plan")


@sweep("jobs.prune", every_s=3600)
def prune_sweep(session_factory: sessionmaker[Session], now: dt.datetime) -> int:
    cutoff = now - dt.timedelta(days=KEEP_DAYS)
    with session_scope(session_factory) as s:
        r = s.execute(delete(Job).where(Job.kind.in_(PRUNED_KINDS),
                                        Job.status.in_(("done", "failed")),
                                        Job.finished_at < cutoff))
        return int(r.rowcount or 0)
