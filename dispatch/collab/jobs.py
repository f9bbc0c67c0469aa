"""The collaboration plan's background job: solve the plan asked for on the board or the
API, and store it as the collaboration's draft proposal (``flows.request_plan``)."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from dispatch.collab import flows, service
from dispatch.jobs.service import handler
from dispatch.plans import jobs as plan_jobs
from dispatch.users.models import User


def _store(db_session: Session, params: dict[str, Any], plan: dict[str, Any]) -> dict[str, Any]:
    c = service.get_or_404(db_session=db_session, collab_id=params["collab_id"])
    actor = db_session.get(User, params["actor_id"]) if params.get("actor_id") else None
    p = flows.store_plan(db_session=db_session, c=c, doc=params["doc"], plan=plan, actor=actor)
    return {"proposal_id": p.id, "version": p.version, "collab_id": c.id}


# the solve is the planner's own (the same document solved the same way); only storing differs
handler(flows.PLAN_JOB, store=_store)(plan_jobs.solve)
