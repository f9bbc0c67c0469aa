"""Per-person calendar feeds (.ics). Calendar apps cannot send headers, so the feed URL
carries a per-person secret token; signed-in users issue (and thereby rotate) it."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from api.deps import (
    AdminDep,
    OrgDep,
    RequesterDep,
    SessionDep,
    Unauthorized,
    current_user,
    org_lang,
)
from dispatch.errors import InvalidInput
from dispatch.followups import ics

authed = APIRouter(prefix="/api/calendar", tags=["calendar"], dependencies=[Depends(current_user)])
feeds = APIRouter(prefix="/api/calendar", tags=["calendar"])


def _issue(session: Any, org: Any, staff_id: str) -> dict[str, Any]:
    if not org.has_person(staff_id):
        raise InvalidInput(f"unknown staff id {staff_id!r}", key="err_staff_unknown",
                           args={"value": staff_id})
    token = ics.issue_feed_token(db_session=session, staff_id=staff_id)
    return {"staff_id": staff_id, "url": ics.feed_url(token),
            "note": "keep this URL private; issuing a new one revokes it"}


@authed.post("/feed")
def my_feed(user: RequesterDep, session: SessionDep, org: OrgDep) -> dict[str, Any]:
    """A new feed URL for the caller's own follow-ups (the previous URL stops working)."""
    if user.staff_id is None:
        raise InvalidInput("your user is not linked to a member of staff",
                           key="err_not_linked")
    return _issue(session, org, user.staff_id)


@authed.post("/feeds/{staff_id}")
def feed_for(_: AdminDep, session: SessionDep, org: OrgDep, staff_id: str) -> dict[str, Any]:
    """Admins issue a feed URL for anyone."""
    return _issue(session, org, staff_id)


def feed_owner(request: Request, session: SessionDep, token: str) -> str:
    """The staff id a feed token belongs to; checked before anything else runs. Its refusal
    names itself in the org's language too (read only then)."""
    staff_id = ics.staff_for_feed_token(db_session=session, token=token)
    if staff_id is None:
        request.state.org_lang_later = lambda: org_lang(session)
        raise Unauthorized("unknown or revoked calendar feed token", key="cal_err_token")
    return staff_id


@feeds.get("/{token}.ics", response_class=Response)
def feed(staff_id: Annotated[str, Depends(feed_owner)], session: SessionDep, org: OrgDep
         ) -> Response:
    """The iCalendar feed: the person's open follow-ups as all-day events with an alarm."""
    body = ics.person_feed(db_session=session, org=org, staff_id=staff_id)
    return Response(content=body, media_type="text/calendar; charset=utf-8",
                    headers={"Cache-Control": "private, max-age=300"})


# signed-in routes check the caller first; link/feed routes check their token first
router = APIRouter()
router.include_router(authed)
router.include_router(feeds)
