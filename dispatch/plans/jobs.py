"""The planner's background job: solve a proposal's request and store it as a draft."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy.orm import Session

from dispatch.db import writing
from dispatch.errors import Conflict
from dispatch.jobs.service import handler
from dispatch.orgdir.service import current_org
from dispatch.plans import service
from models.org import Org


def _org(db_session: Session) -> Org:
    org = current_org(db_session=db_session)
    if org is None:
        raise Conflict("no organisation imported")
    return org


def _doc(db_session: Session, params: dict[str, Any]) -> tuple[dict[str, Any], Org]:
    """What the job solves, and the organisation: the document it was queued with (a
    planner action's revision, or a fresh proposal queued before the worker built them),
    else a fresh proposal's, built now from what was asked (``service.request_proposal``:
    the request's cost no longer grows with the backlog, issue 16).

    In a worker's own session (no transaction begun yet) the organisation is read and the
    backlog synced in a short write transaction of its own, so no write lock is held while
    solving (read before it, the sync would write inside a deferred read transaction:
    "database is locked" on SQLite); run inline (tests, scripts) it is all part of the
    caller's transaction."""
    if "doc" in params:
        return params["doc"], _org(db_session)
    inline = db_session.in_transaction()
    if inline:
        org = _org(db_session)
    else:
        with writing():
            org = _org(db_session)
            service.sync_backlog(db_session=db_session, org=org)
            db_session.commit()
    doc = service.proposal_doc(db_session=db_session, org=org,
                               start=dt.date.fromisoformat(params["start"]),
                               horizon_days=int(params["horizon_days"]), sync=inline)
    return doc, org


def _compute(db_session: Session, params: dict[str, Any]) -> dict[str, Any]:
    doc, org = _doc(db_session, params)
    return {"doc": doc, "plan": service.solve_doc(org, doc,
                                                  float(params.get("time_limit") or 10.0))}


def _store(db_session: Session, params: dict[str, Any], out: dict[str, Any]) -> dict[str, Any]:
    p = service.store_proposal(db_session=db_session, doc=out["doc"], plan=out["plan"],
                               actor_id=params.get("actor_id"),
                               parent_id=params.get("parent_id"),
                               changes=params.get("changes") or [])
    return {"proposal_id": p.id, "version": p.version,
            "compare_with": params.get("compare_with")}


handler(service.SOLVE_JOB, store=_store)(_compute)


def solve(db_session: Session, params: dict[str, Any]) -> dict[str, Any]:
    """The plan of the document in ``params`` (a collaboration's plan job solves its own
    document this way: ``dispatch.collab.jobs``)."""
    return service.solve_doc(_org(db_session), params["doc"],
                             float(params.get("time_limit") or 10.0))
