"""The planner's background job: solve a proposal's request and store it as a draft."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from dispatch.errors import Conflict
from dispatch.jobs.service import handler
from dispatch.orgdir.service import current_org
from dispatch.plans import service


def _store(db_session: Session, params: dict[str, Any], plan: dict[str, Any]) -> dict[str, Any]:
    p = service.store_proposal(db_session=db_session, doc=params["doc"], plan=plan,
                               actor_id=params.get("actor_id"),
                               parent_id=params.get("parent_id"),
                               changes=params.get("changes") or [])
    return {"proposal_id": p.id, "version": p.version,
            "compare_with": params.get("compare_with")}


@handler(service.SOLVE_JOB, store=_store)
def solve(db_session: Session, params: dict[str, Any]) -> dict[str, Any]:
    org = current_org(db_session=db_session)
    if org is None:
        raise Conflict("no organisation imported")
    return service.solve_doc(org, params["doc"], float(params.get("time_limit") or 10.0))
