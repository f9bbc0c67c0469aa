"""The notification outbox over HTTP: delivery status, dead letters with their last error,
retry on request, the configured channels (never their secrets), a test message."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Query
from pydantic import BaseModel, Field

from api.deps import AdminDep, Id, Limit, Offset, OrgDep, PlannerDep, SessionDep, current_user
from dispatch.errors import InvalidInput
from dispatch.messages import message
from dispatch.notifications import service
from dispatch.notifications.config import ChannelsError

router = APIRouter(prefix="/api/notifications", tags=["notifications"],
                   dependencies=[Depends(current_user)])

STATUS = Query(None, pattern="^(pending|sending|sent|dead|digested)$")


@router.get("")
def list_notifications(_: PlannerDep, session: SessionDep, status: str | None = STATUS,
                       event: str | None = None, limit: Limit = 100,
                       offset: Offset = 0) -> list[dict[str, Any]]:
    """Recent messages, newest first, with their delivery state."""
    return [service.to_dict(r) for r in service.list_notifications(
        db_session=session, status=status, event=event, limit=limit, offset=offset)]


@router.get("/summary")
def summary(_: PlannerDep, session: SessionDep) -> dict[str, int]:
    """How many messages are in each state."""
    return service.counts(db_session=session)


@router.get("/dead")
def dead_letters(_: PlannerDep, session: SessionDep, limit: Limit = 100
                 ) -> list[dict[str, Any]]:
    """Messages the worker gave up on, each with its last error."""
    return [service.to_dict(r) for r in service.list_notifications(
        db_session=session, status="dead", limit=limit)]


class RetryAllBody(BaseModel):
    event: str | None = None
    destination: str | None = None


@router.post("/dead/retry")
def retry_dead(_: PlannerDep, session: SessionDep, body: RetryAllBody | None = None
               ) -> dict[str, int]:
    """Queue every dead letter (optionally of one event or destination) again."""
    body = body or RetryAllBody()
    return {"requeued": service.retry_dead(db_session=session, event=body.event,
                                           destination=body.destination)}


@router.get("/channels")
def channels(_: AdminDep, org: OrgDep) -> dict[str, Any]:
    """The configured bots and SMTP server: kinds and hosts only, no tokens or secrets."""
    try:
        return service.channels_for(org).public()
    except ChannelsError as e:
        raise InvalidInput(str(e)) from None


class TestBody(BaseModel):
    staff: list[str] = Field(default_factory=list)
    department: str | None = None
    lang: str = Field("zh", pattern="^(zh|en)$")


@router.post("/test", status_code=201)
def send_test(_: AdminDep, session: SessionDep, org: OrgDep, body: TestBody
              ) -> list[dict[str, Any]]:
    """Queue a test message to people and/or a department's bot."""
    if not body.staff and not body.department:
        raise InvalidInput("give staff and/or department", key="nt_err_whom")
    rows = service.enqueue(
        db_session=session, event="test", recipients=body.staff, department=body.department,
        subject=message("test_subject", body.lang), body=message("test_body", body.lang),
        lang=body.lang, link="/", org=org)
    session.flush()
    return [service.to_dict(r) for r in rows]


@router.get("/{notification_id}")
def show(_: PlannerDep, session: SessionDep, notification_id: Id) -> dict[str, Any]:
    """One message with its text and every delivery attempt."""
    row = service.get(db_session=session, notification_id=notification_id)
    out = service.to_dict(row, with_body=True)
    out["attempts_log"] = [
        {"at": a.at, "ok": a.ok, "status_code": a.status_code, "error": a.error,
         "worker": a.worker}
        for a in service.attempts(db_session=session, notification_id=row.id)]
    return out


@router.post("/{notification_id}/retry")
def retry(_: PlannerDep, session: SessionDep, notification_id: Id) -> dict[str, Any]:
    """Queue a dead letter again under the same message id."""
    return service.to_dict(service.retry(db_session=session, notification_id=notification_id))
