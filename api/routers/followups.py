"""Follow-ups over HTTP: list, track, mark done, reschedule, ask for a new date, cancel;
and the signed action links from messages (no login: the link is the credential)."""

from __future__ import annotations

import datetime as dt
import html
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from pydantic import BaseModel, Field

from api.deps import (
    Id,
    OrgDep,
    PlannerDep,
    RequesterDep,
    SessionDep,
    SettingsDep,
    Unauthorized,
    current_user,
)
from dispatch.errors import Conflict, DispatchError, Forbidden, InvalidInput
from dispatch.followups import service
from dispatch.followups.messages import lang_of
from dispatch.followups.models import FollowUp
from dispatch.messages import org_language, translate
from dispatch.orgdir.service import current_org
from dispatch.users.models import User

authed = APIRouter(prefix="/api/followups", tags=["followups"],
                   dependencies=[Depends(current_user)])
links = APIRouter(prefix="/api/followups", tags=["followups"])


def _acting_on(session: SessionDep, org: OrgDep, user: User, followup_id: int) -> FollowUp:
    """The follow-up, once the domain's permission rule let ``user`` act on it."""
    fu = service.get(db_session=session, followup_id=followup_id)
    service.check_may_act(db_session=session, fu=fu, user=user, org=org)
    return fu


class TrackSeen(BaseModel):
    """The follow-up's fields as the editor was shown them: a field the edit changes that
    differs now (someone changed it meanwhile) is refused with 409, not overwritten."""
    title: str | None = Field(None, max_length=2000)
    owners: list[str] | None = None
    due: dt.date | dt.datetime | None = None
    department: str | None = Field(None, max_length=64)
    link: str | None = Field(None, max_length=1000)
    lang: str | None = Field(None, pattern="^(zh|en)$")
    remind_before_days: int | None = Field(None, ge=0, le=30)


class TrackBody(BaseModel):
    kind: str = Field(min_length=1, max_length=40)
    ref_id: str = Field(min_length=1, max_length=64)
    title: str = Field(min_length=1, max_length=2000)
    owners: list[str] = Field(default_factory=list)
    due: dt.date | dt.datetime
    department: str | None = Field(None, max_length=64)
    link: str | None = Field(None, max_length=1000)
    lang: str | None = Field(None, pattern="^(zh|en)$")
    remind_before_days: int | None = Field(None, ge=0, le=30)
    seen: TrackSeen | None = None


class DateBody(BaseModel):
    due: dt.date
    note: str | None = Field(None, max_length=1000)


class NoteBody(BaseModel):
    note: str | None = Field(None, max_length=1000)


@authed.get("")
def list_followups(user: RequesterDep, session: SessionDep,
                   status: str | None = Query("open", pattern="^(open|done|cancelled)$"),
                   staff: str | None = None, kind: str | None = None
                   ) -> list[dict[str, Any]]:
    """Open follow-ups (planners: anyone's; others: their own)."""
    if not user.has_role("planner"):
        if user.staff_id is None:
            return []
        staff = user.staff_id
    return [service.to_dict(f) for f in service.list_followups(
        db_session=session, status=status, staff_id=staff, kind=kind)]


@authed.post("", status_code=201)
def track(_: PlannerDep, session: SessionDep, org: OrgDep, body: TrackBody) -> dict[str, Any]:
    """Follow up any obligation (idempotent on kind + ref_id: again, it edits the open one;
    ``seen`` guards the edit against a colleague's meanwhile)."""
    fu = service.track(db_session=session, org=org, **body.model_dump(exclude={"seen"}),
                       seen=body.seen.model_dump(exclude_unset=True) if body.seen else None)
    return service.to_dict(fu)


@authed.get("/{followup_id}")
def show(user: RequesterDep, session: SessionDep, followup_id: Id) -> dict[str, Any]:
    fu = service.get(db_session=session, followup_id=followup_id)
    if not service.may_act(user=user, fu=fu):
        raise Forbidden("only its owners and planners see this follow-up",
                        key="fu_err_not_yours_see")
    return service.to_dict(fu)


@authed.post("/{followup_id}/done")
def done(user: RequesterDep, session: SessionDep, org: OrgDep, followup_id: Id,
         body: NoteBody | None = None) -> dict[str, Any]:
    """Mark done (owners and planners; a request's: its receiving department); the
    reminders stop."""
    fu = _acting_on(session, org, user, followup_id)
    return service.to_dict(service.complete(db_session=session, followup_id=fu.id,
                                            by=user.staff_id or user.name,
                                            note=body.note if body else None))


@authed.post("/{followup_id}/request-date")
def request_date(user: RequesterDep, session: SessionDep, org: OrgDep, followup_id: Id,
                 body: DateBody) -> dict[str, Any]:
    """An owner asks for a new date: reminders pause, the department head is asked."""
    fu = _acting_on(session, org, user, followup_id)
    return service.to_dict(service.request_new_date(
        db_session=session, followup_id=fu.id, due=body.due, note=body.note,
        by=user.staff_id or user.name, org=org))


@authed.post("/{followup_id}/reschedule")
def reschedule(user: PlannerDep, session: SessionDep, org: OrgDep, followup_id: Id,
               body: DateBody) -> dict[str, Any]:
    """Set a new due date (approves a pending request); reminders restart for it."""
    _acting_on(session, org, user, followup_id)
    return service.to_dict(service.reschedule(
        db_session=session, followup_id=followup_id, due=body.due, note=body.note,
        by=user.staff_id or user.name, org=org))


@authed.post("/{followup_id}/decline-date")
def decline_date(user: PlannerDep, session: SessionDep, org: OrgDep,
                 followup_id: Id) -> dict[str, Any]:
    _acting_on(session, org, user, followup_id)
    return service.to_dict(service.decline_request(db_session=session, followup_id=followup_id,
                                                   by=user.staff_id or user.name))


@authed.post("/{followup_id}/cancel")
def cancel(user: PlannerDep, session: SessionDep, org: OrgDep, followup_id: Id,
           body: NoteBody | None = None) -> dict[str, Any]:
    _acting_on(session, org, user, followup_id)
    return service.to_dict(service.cancel(db_session=session, followup_id=followup_id,
                                          by=user.staff_id or user.name,
                                          note=body.note if body else None))


# ------------------------------------------------------------------ signed action links

def link_followup(request: Request, session: SessionDep, settings: SettingsDep, token: str
                  ) -> tuple[FollowUp, str]:
    """(follow-up, role) a signed link is for; checked before anything else runs.

    A person who clicked the link in a message reads a refusal (a stale link, a date
    that is no date) as a page in the item's language, with the refusal's status; a
    client that does not ask for HTML gets the API's error body as before."""
    found = service.verify_action_token(db_session=session, token=token,
                                        secret=settings.secret_key)
    if _wants_page(request):
        org = current_org(db_session=session)
        fu = found[0] if found is not None else None
        lang = lang_of(fu, org) if fu is not None else org_language(org)
        title = fu.title if fu is not None else translate("fu_link_refused", lang)

        def refusal_page(exc: DispatchError) -> HTMLResponse:
            return _page(lang, title, f"<h1>{html.escape(title)}</h1>"
                         f"<p>{html.escape(exc.said(lang))}</p>", exc.status)

        request.state.refusal_page = refusal_page
    if found is None:
        raise Unauthorized("this link is invalid, expired or out of date (the item changed)",
                           key="fu_err_link")
    return found


def _wants_page(request: Request) -> bool:
    """A browser's request (it asks for HTML, not JSON)."""
    accept = request.headers.get("accept", "")
    return "text/html" in accept and "application/json" not in accept


LinkDep = Annotated[tuple[FollowUp, str], Depends(link_followup)]
OWNER_ACTIONS, HEAD_ACTIONS = ("done", "new_date"), ("approve", "decline")
_ACTION_KEYS = {"done": "fu_mark_done", "new_date": "fu_ask_this_date",
                "approve": "fu_approve", "decline": "fu_decline"}


_PAGE = """<!doctype html><html lang="{lang}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1"><title>{title}</title>
<style>body{{font-family:system-ui,sans-serif;max-width:36rem;margin:2rem auto;padding:0 1rem}}
form{{margin:1rem 0}}button{{padding:.5rem 1rem}}</style></head><body>{content}</body></html>"""


def _page(lang: str, title: str, content: str, status: int = 200) -> HTMLResponse:
    return HTMLResponse(_PAGE.format(lang=lang, title=html.escape(title), content=content),
                        status_code=status)


@links.get("/act/{token}", response_class=HTMLResponse)
def action_page(link: LinkDep, session: SessionDep,
                action: str = Query("done", pattern="^(done|new_date|approve|decline)$")
                ) -> Response:
    """The page a message link opens: confirm "done" or pick a new date (a GET changes
    nothing, so link previews in chat apps cannot complete items)."""
    fu, role = link
    lang = lang_of(fu, current_org(db_session=session))

    def w(key: str) -> str:
        return translate(key, lang)

    t = html.escape(fu.title)
    if fu.status != "open":
        return _page(lang, fu.title, f"<h1>{t}</h1><p>{w('fu_closed')}: {fu.status}</p>")
    if role == "head":
        if fu.requested_due is None:
            return _page(lang, fu.title, f"<h1>{t}</h1><p>{w('fu_nothing_to_decide')}</p>")
        ask = (f"{w('fu_asked_new_date')} {fu.requested_due}"
               f"（{html.escape(fu.request_note or '')}）")
        form = "".join(
            f"<form method='post'><input type='hidden' name='action' value='{a}'>"
            f"<button>{w('fu_' + a)}</button></form>" for a in ("approve", "decline"))
        return _page(lang, fu.title, f"<h1>{t}</h1><p>{ask}</p>{form}")
    if action == "done":
        form = (f"<form method='post'><input type='hidden' name='action' value='done'>"
                f"<button>{w('fu_mark_done')}</button></form>")
    else:
        form = (f"<form method='post'><input type='hidden' name='action' value='new_date'>"
                f"<label>{w('fu_new_date')} <input type='date' name='due' "
                f"required min='{fu.due_date + dt.timedelta(days=1)}'></label><br>"
                f"<label>{w('fu_reason')} <input name='note' maxlength='1000'>"
                f"</label><br><button>{w('fu_ask_this_date')}</button>"
                "</form>")
    due = f"{w('fu_due')} {fu.due_date.isoformat()}"
    return _page(lang, fu.title, f"<h1>{t}</h1><p>{due}</p>{form}")


@links.post("/act/{token}")
def act(link: LinkDep, request: Request, session: SessionDep, org: OrgDep,
        action: Annotated[str | None, Form()] = None, due: Annotated[str | None, Form()] = None,
        note: Annotated[str | None, Form()] = None) -> Response:
    """Do what the link's page offers: mark done or ask for a new date (owner links),
    approve or decline the requested date (head links)."""
    fu, role = link
    by = "link" if role == "owner" else "link:head"
    allowed = OWNER_ACTIONS if role == "owner" else HEAD_ACTIONS
    if action not in allowed:
        raise InvalidInput(f"this link allows: {', '.join(allowed)}", key="fu_err_link_allows",
                           args={"allowed_keys": [_ACTION_KEYS[a] for a in allowed]})
    if action == "approve":
        if fu.requested_due is None:
            raise Conflict("there is no requested date to approve",
                           key="fu_err_nothing_to_approve")
        service.reschedule(db_session=session, followup_id=fu.id, due=fu.requested_due, by=by,
                           note="approved from the link", org=org)
    elif action == "decline":
        service.decline_request(db_session=session, followup_id=fu.id, by=by)
    elif action == "done":
        service.complete(db_session=session, followup_id=fu.id, by=by, note=note)
    elif action == "new_date":
        try:
            day = dt.date.fromisoformat(due or "")
        except ValueError:
            raise InvalidInput("due: give the new date as YYYY-MM-DD",
                               key="fu_err_due_format") from None
        service.request_new_date(db_session=session, followup_id=fu.id, due=day, by=by,
                                 note=note, org=org)
    if "application/json" in request.headers.get("accept", ""):
        return JSONResponse({"id": fu.id, "status": fu.status, "due_date": str(fu.due_date),
                             "requested_due": str(fu.requested_due) if fu.requested_due
                             else None})
    lang = lang_of(fu, org)
    return _page(lang, fu.title,
                 f"<h1>{html.escape(fu.title)}</h1><p>{translate(f'fu_{action}_ok', lang)}</p>")


# signed-in routes check the caller first; link/feed routes check their token first
router = APIRouter()
router.include_router(authed)
router.include_router(links)
