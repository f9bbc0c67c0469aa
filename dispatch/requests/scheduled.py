"""The request sweeps: SLA breaches, and learning from the latest routing decisions.

The SLA sweep records each breach of a request's clock as an event, exactly once.

Two clocks: the receiving department must acknowledge (accept or return) within the
org's working hours (``ack_due_at``, set when the request is handed over, restarted by
every re-route), and the request must be done by the end of its expected date (org time).
The sweep is safe to run twice, concurrently, or late: a breach is keyed by (request,
kind, hand-over number) under a unique constraint, and ``now`` is a parameter so tests
(and a catch-up run) can ask "what was breached at that moment".
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from sqlalchemy import and_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from dispatch.db import session_scope, utcnow
from dispatch.orgdir.service import current_org
from dispatch.requests.models import Request, SlaEvent
from dispatch.scheduled import sweep
from dispatch.settings import get_settings
from models.org import Org
from models.requests import State, resolve_deadline

log = logging.getLogger(__name__)

ACK, RESOLVE = "ack", "resolve"


@sweep("requests.sla", every_s=60)
def sla_sweep(session_factory: sessionmaker[Session], now: dt.datetime) -> int:
    """The worker's entry: one transaction, the breaches due at ``now``; returns how many."""
    with session_scope(session_factory) as s:
        org = current_org(db_session=s)
        if org is None:
            return 0
        return len(sweep_sla(db_session=s, org=org, now=now))


# The routing model is refitted at most this often per worker (and by one worker at a time:
# ``routing.learn`` holds the store's writer lock): a busy triage desk's clicks become one
# refit per interval, not one per click.
LEARN_EVERY_S = 30


# writes=False: it only reads the examples (the model goes to the file store). Its refit is
# seconds of CPU, more at the worker's nice 10 under load; inside BEGIN IMMEDIATE it held
# SQLite's write lock that long, and every write of the server waited for it (10 calls of
# 15-18 s at the start of the SQLite load run, issue 16).
@sweep("requests.learn", every_s=LEARN_EVERY_S, writes=False)
def learn_sweep(session_factory: sessionmaker[Session], now: dt.datetime) -> int:
    """The worker's entry: refit and publish when there are new labelled examples (triage
    decisions, corrections, accepted routes); returns 1 when a version was published."""
    from dispatch.requests import routing

    with session_scope(session_factory) as s:
        org = current_org(db_session=s)
        if org is None:
            return 0
        return int(routing.learn(db_session=s, settings=get_settings(), org=org)["learned"])


def _record(db_session: Session, org: Org, req: Request, kind: str, assignment_no: int,
            due_at: dt.datetime, now: dt.datetime) -> SlaEvent | None:
    """Insert one breach unless it is already there (a savepoint absorbs a concurrent twin)
    and hand it to the follow-ups that escalate it."""
    from dispatch.requests import escalation

    ev = SlaEvent(request_id=req.id, kind=kind, assignment_no=assignment_no,
                  department=req.department, due_at=due_at, detected_at=now, handoff={})
    try:
        with db_session.begin_nested():
            db_session.add(ev)
            db_session.flush()
            escalation.on_breach(db_session=db_session, org=org, req=req, event=ev)
    except IntegrityError:
        return None
    return ev


def sweep_sla(*, db_session: Session, org: Org, now: dt.datetime | None = None) -> list[SlaEvent]:
    """Record every breach due at ``now`` that is not recorded yet; returns the new ones."""
    now = now or utcnow()
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    new: list[SlaEvent] = []

    # acknowledgement: still waiting for the receiving department after its deadline
    ack_q = (select(Request)
             .outerjoin(SlaEvent, and_(SlaEvent.request_id == Request.id,
                                       SlaEvent.kind == ACK,
                                       SlaEvent.assignment_no == Request.assignment_no))
             .where(Request.state == State.routed.value, Request.ack_due_at.is_not(None),
                    Request.ack_due_at < now, SlaEvent.id.is_(None))
             .order_by(Request.id))
    for req in db_session.scalars(ack_q):
        ev = _record(db_session, org, req, ACK, req.assignment_no, req.ack_due_at, now)
        if ev is not None:
            new.append(ev)

    # resolution: not done by the end of the expected date (org time); once per request
    open_states = [s.value for s in State if s is not State.done]
    res_q = (select(Request)
             .outerjoin(SlaEvent, and_(SlaEvent.request_id == Request.id,
                                       SlaEvent.kind == RESOLVE))
             .where(Request.state.in_(open_states), Request.expected_date.is_not(None),
                    Request.expected_date < now.astimezone(org.tz).date(),
                    SlaEvent.id.is_(None))
             .order_by(Request.id))
    for req in db_session.scalars(res_q):
        due = resolve_deadline(req.expected_date, org.tz)
        if due >= now:
            continue
        ev = _record(db_session, org, req, RESOLVE, 0, due, now)
        if ev is not None:
            new.append(ev)
    db_session.flush()
    if new:
        log.info("SLA sweep at %s: %d new breach(es)", now.isoformat(), len(new))
    return new


def event_dict(ev: SlaEvent, org: Org | None = None) -> dict[str, Any]:
    tz = org.tz if org else dt.UTC
    return {"id": ev.id, "request_id": ev.request_id, "kind": ev.kind,
            "assignment_no": ev.assignment_no, "department": ev.department,
            "due_at": ev.due_at.isoformat(),
            "due_at_local": ev.due_at.astimezone(tz).isoformat(timespec="minutes"),
            "detected_at": ev.detected_at.isoformat(), "handoff": ev.handoff or {}}
