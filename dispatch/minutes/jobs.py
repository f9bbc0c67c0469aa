"""The minutes' background job: the owners' capacity check after a meeting is confirmed."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from dispatch.errors import Conflict
from dispatch.jobs.service import handler
from dispatch.minutes import flows
from dispatch.minutes.models import ActionItemRow
from dispatch.orgdir.service import current_org


@handler(flows.CAPACITY_JOB)
def capacity(db_session: Session, params: dict[str, Any]) -> dict[str, Any]:
    """Warnings for the items the confirmation opened (those still open when it runs)."""
    org = current_org(db_session=db_session)
    if org is None:
        raise Conflict("no organisation imported")
    ids = [int(i) for i in params.get("items") or []]
    items = list(db_session.scalars(select(ActionItemRow).where(
        ActionItemRow.id.in_(ids), ActionItemRow.status == "open").order_by(ActionItemRow.id)))
    return {"warnings": flows.capacity_warnings(db_session=db_session, org=org, items=items)}
