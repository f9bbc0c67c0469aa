"""Minutes pages for secretaries: upload, review beside the source text, confirm; my items.

Every write is a form post with the session's CSRF token that calls the minutes service
(``dispatch.minutes``) directly, so the pages work without JavaScript; ``app.js`` only adds
drag-and-drop with an upload progress bar and the item ↔ source-line highlighting.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any

from fastapi import File, Form, Request, UploadFile
from fastapi.responses import Response

from api.deps import Id, SessionDep, SettingsDep
from api.web.core import check_csrf, flash, lang_of, page_router, pop_flash, render, require, saved
from dispatch.errors import DispatchError, InvalidInput, TooLarge
from dispatch.minutes import flows, service
from dispatch.minutes.models import ActionItemRow
from dispatch.orgdir import people
from dispatch.orgdir import service as org_service
from models.org import Org

router = page_router()

STATUS_NEXT = service.TRANSITIONS


def resolve_owners(org: Org, text: str) -> list[str]:
    """Staff ids from what a person typed: names, aliases, pinyin or ids, separated by , ，
    、 or space (dispatch.orgdir.people.resolve: an unknown name is an error naming it)."""
    out: list[str] = []
    for tok in (t.strip() for t in re.split(r"[,，、;；]+|\s+", text or "")):
        if tok:
            sid = people.resolve(org, tok)
            if sid not in out:
                out.append(sid)
    return out


def _fields(org: Org, task: str, owners: str, department: str, due: str, priority: str,
            effort_hours: str) -> dict[str, Any]:
    fields: dict[str, Any] = {"task": task, "owners": resolve_owners(org, owners),
                              "department": department or None, "due": due or None,
                              "priority": priority or "normal"}
    if effort_hours.strip():
        try:
            fields["effort_hours"] = float(effort_hours)
        except ValueError:
            raise InvalidInput(f"effort_hours: {effort_hours!r} is not a number",
                               key="err_effort", args={"value": effort_hours}) from None
    return fields


# ------------------------------------------------------------------------------ pages


@router.get("/minutes")
def meetings(request: Request, session: SessionDep, settings: SettingsDep) -> Response:
    user = require(request, session)
    rows = service.list_meetings(db_session=session, limit=200, viewer=user)
    return render(request, "minutes/list.html", user=user, meetings=rows,
                  flash=pop_flash(request), max_mb=settings.max_upload_mb)


# `def`, not `async def`: reading and extraction run in the thread pool, not on the event
# loop (issue 16, defect 1).
@router.post("/minutes/upload")
def upload(request: Request, session: SessionDep, settings: SettingsDep,
                 file: Annotated[UploadFile, File()], csrf_token: Annotated[str, Form()] = "",
                 meeting_date: Annotated[str, Form()] = "") -> Response:
    """Store the file and its draft items, then show the review page.

    A file the reader refuses (encoding, format, size) comes back to the list with the
    reader's message; nothing is stored then."""
    user = require(request, session)
    check_csrf(request, csrf_token)
    org = org_service.require_org(db_session=session)
    try:
        when = dt.date.fromisoformat(meeting_date) if meeting_date else None
    except ValueError:
        when = None
    name = file.filename or ""
    try:
        if not name:
            raise InvalidInput("file: choose a minutes file (.txt .md .docx .vtt .srt)",
                               key="min_err_no_file")
        data = file.file.read(settings.max_upload_bytes + 1)
        if len(data) > settings.max_upload_bytes:
            raise TooLarge(f"{name}: over the {settings.max_upload_mb:g} MB upload limit",
                           key="err_upload_size",
                           args={"file": name, "limit": f"{settings.max_upload_mb:g}"})
        # flows.upload reads and extracts before it stores anything
        meeting = flows.upload(db_session=session, org=org, data=data, filename=name,
                               meeting_date=when, actor=user,
                               max_bytes=settings.max_upload_bytes)
    except DispatchError as e:
        rows = service.list_meetings(db_session=session, limit=200, viewer=user)
        return render(request, "minutes/list.html", status_code=e.status, user=user,
                      meetings=rows, error=e.said(lang_of(request, org)),
                      max_mb=settings.max_upload_mb)
    if not any(i.status != "deleted" for i in meeting.items):
        flash(request, "warn", "no_items_found")
    return saved(session, f"/minutes/{meeting.id}")


CAPACITY_POLL_S = 2


@router.get("/minutes/{meeting_id}")
def review(meeting_id: Id, request: Request, session: SessionDep) -> Response:
    user = require(request, session)
    org = org_service.require_org(db_session=session)
    meeting = service.get_meeting(db_session=session, meeting_id=meeting_id)
    service.check_read_meeting(user=user, meeting=meeting)
    items = [i for i in meeting.items if i.status != "deleted"]
    # the capacity check runs in the worker after a confirm: "checking…" (the page reloads
    # itself) until its warnings are stored, then they stay on the meeting; with no worker
    # running it says so and stops reloading
    capacity = flows.capacity_check(db_session=session, meeting=meeting)
    return render(request, "minutes/review.html", user=user, org=org, meeting=meeting,
                  items=items, editable=service.may_edit_meeting(user=user, meeting=meeting),
                  flash=pop_flash(request), capacity=capacity, poll_s=CAPACITY_POLL_S,
                  lines=list(meeting.lines or []), priorities=service.PRIORITIES)


@router.post("/minutes/{meeting_id}/items")
def add_item(meeting_id: Id, request: Request, session: SessionDep,
             task: Annotated[str, Form()] = "", owners: Annotated[str, Form()] = "",
             department: Annotated[str, Form()] = "", due: Annotated[str, Form()] = "",
             priority: Annotated[str, Form()] = "normal",
             effort_hours: Annotated[str, Form()] = "",
             csrf_token: Annotated[str, Form()] = "") -> Response:
    user = require(request, session)
    check_csrf(request, csrf_token)
    org = org_service.require_org(db_session=session)
    meeting = service.get_meeting(db_session=session, meeting_id=meeting_id)
    service.check_edit_meeting(user=user, meeting=meeting)
    try:
        service.add_item(db_session=session, org=org, meeting=meeting, actor=user,
                         fields=_fields(org, task, owners, department, due, priority,
                                        effort_hours))
    except DispatchError as e:
        flash(request, "error", e.said(lang_of(request, org)))
    return saved(session, f"/minutes/{meeting_id}#items")


@router.post("/minutes/items/{item_id}/edit")
def edit_item(item_id: Id, request: Request, session: SessionDep,
              task: Annotated[str, Form()] = "", owners: Annotated[str, Form()] = "",
              department: Annotated[str, Form()] = "", due: Annotated[str, Form()] = "",
              priority: Annotated[str, Form()] = "normal",
              effort_hours: Annotated[str, Form()] = "",
              seen_task: Annotated[str | None, Form()] = None,
              seen_owners: Annotated[str, Form()] = "",
              seen_department: Annotated[str, Form()] = "",
              seen_due: Annotated[str, Form()] = "",
              seen_priority: Annotated[str, Form()] = "normal",
              seen_effort_hours: Annotated[str, Form()] = "",
              csrf_token: Annotated[str, Form()] = "") -> Response:
    """Save a row of the review table; the row's hidden ``seen_*`` fields are what it
    showed, so a value a colleague changed since is refused (the row sends every field)."""
    user = require(request, session)
    check_csrf(request, csrf_token)
    org = org_service.require_org(db_session=session)
    item = service.get_item(db_session=session, item_id=item_id)
    service.check_edit_meeting(user=user, meeting=item.meeting)
    try:
        fields = _fields(org, task, owners, department, due, priority, effort_hours)
        seen = None if seen_task is None else _fields(
            org, seen_task, seen_owners, seen_department, seen_due, seen_priority,
            seen_effort_hours)
        # keep the names as written when the owners did not change
        if fields["owners"] == (item.owners or []):
            fields.pop("owners")
        changed = flows.edit_item(db_session=session, org=org, item=item, actor=user,
                                  fields=fields, seen=seen)
        flash(request, "ok", "saved" if changed else "unchanged", item=item_id)
    except DispatchError as e:
        flash(request, "error", e.said(lang_of(request, org)), item=item_id)
    return saved(session, f"/minutes/{item.meeting_id}#item-{item_id}")


@router.post("/minutes/items/{item_id}/delete")
def delete_item(item_id: Id, request: Request, session: SessionDep,
                csrf_token: Annotated[str, Form()] = "") -> Response:
    user = require(request, session)
    check_csrf(request, csrf_token)
    item = service.get_item(db_session=session, item_id=item_id)
    service.check_edit_meeting(user=user, meeting=item.meeting)
    service.delete_item(db_session=session, item=item, actor=user)
    return saved(session, f"/minutes/{item.meeting_id}#items")


@router.post("/minutes/{meeting_id}/confirm")
def confirm(meeting_id: Id, request: Request, session: SessionDep,
            csrf_token: Annotated[str, Form()] = "") -> Response:
    """Open the items and show the owners' capacity warnings on the review page."""
    user = require(request, session)
    check_csrf(request, csrf_token)
    org = org_service.require_org(db_session=session)
    meeting = service.get_meeting(db_session=session, meeting_id=meeting_id)
    service.check_edit_meeting(user=user, meeting=meeting)
    outcome = flows.confirm(db_session=session, org=org, meeting=meeting, actor=user,
                            inline=bool(request.app.state.settings.jobs_inline))
    flash(request, "ok", "confirmed_n", n=len(outcome["opened"]))
    return saved(session, f"/minutes/{meeting_id}")


@router.get("/my/items")
def my_items(request: Request, session: SessionDep, staff: str | None = None,
             status: str = "open") -> Response:
    """Action items of one person: your own; planners may look at anyone's."""
    user = require(request, session)
    org = org_service.require_org(db_session=session)
    who = user.staff_id
    if staff and staff != user.staff_id:
        service.items_owner(user=user, owner=staff)  # the API's rule: planners see anyone's
        if not org.has_person(staff):
            raise InvalidInput(f"staff: unknown staff member {staff!r}",
                               key="err_staff_unknown", args={"value": staff})
        who = staff
    if status not in ("open", "done", "cancelled", "all"):
        status = "open"
    items: list[ActionItemRow] = []
    if who:
        items = service.list_items(db_session=session, owner=who,
                                   status=None if status == "all" else status)
    return render(request, "minutes/my_items.html", user=user, org=org, items=items, who=who,
                  status=status, today=org.today(), transitions=STATUS_NEXT,
                  flash=pop_flash(request))


@router.post("/minutes/items/{item_id}/status")
def change_status(item_id: Id, request: Request, session: SessionDep,
                  status: Annotated[str, Form()], note: Annotated[str, Form()] = "",
                  next: Annotated[str, Form()] = "/my/items",
                  csrf_token: Annotated[str, Form()] = "") -> Response:
    """Owners, the uploader, planners and admins mark items done, cancelled or open again."""
    from api.web.core import safe_next

    user = require(request, session)
    check_csrf(request, csrf_token)
    item = service.get_item(db_session=session, item_id=item_id)
    service.check_set_status(user=user, item=item)
    org = org_service.require_org(db_session=session)
    try:
        flows.set_status(db_session=session, org=org, item=item, status=status, actor=user,
                         note=note.strip() or None)
    except DispatchError as e:
        flash(request, "error", e.said(lang_of(request, org)))
    return saved(session, safe_next(next, "/my/items"))
