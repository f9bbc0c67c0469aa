"""Minutes: upload a meeting record, review and confirm its action items, follow their status."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Form, UploadFile
from pydantic import BaseModel

from api.deps import (
    SOLVE_LIMIT,
    Id,
    Limit,
    Offset,
    OrgDep,
    RequesterDep,
    SessionDep,
    SettingsDep,
    current_user,
)
from dispatch.errors import InvalidInput, NotFound, TooLarge
from dispatch.minutes import flows, service
from models.plan import EffortHours

router = APIRouter(prefix="/api/minutes", tags=["minutes"], dependencies=[Depends(current_user)])

CHUNK = 1 << 20


class ItemFields(BaseModel):
    task: str | None = None
    owners: list[str] | None = None
    owner_names: list[str] | None = None
    department: str | None = None
    due: dt.date | None = None
    priority: str | None = None
    effort_hours: EffortHours | None = None


class ItemEdit(ItemFields):
    """The fields to change, and ``seen``: those the editor was shown (a field the edit
    changes that someone changed meanwhile is refused with 409, not overwritten)."""
    seen: ItemFields | None = None


class StatusChange(BaseModel):
    status: str
    note: str | None = None


def _read_limited(file: UploadFile, limit: int) -> bytes:
    """The upload's bytes, refusing (413) as soon as it passes the limit."""
    chunks, size = [], 0
    while chunk := file.file.read(CHUNK):
        size += len(chunk)
        if size > limit:
            raise TooLarge(f"{file.filename}: over the {limit / 1e6:.0f} MB upload limit",
                           key="err_upload_size",
                           args={"file": file.filename or "", "limit": f"{limit / 1e6:.0f}"})
        chunks.append(chunk)
    return b"".join(chunks)


# A plain `def`: FastAPI runs it in its thread pool. Reading a document and extracting its
# items is seconds of CPU; as `async def` it ran on the event loop and every other request,
# /health included, waited for it (issue 16, defect 1).
@router.post("", status_code=201)
def upload(user: RequesterDep, session: SessionDep, org: OrgDep, settings: SettingsDep,
                 file: Annotated[UploadFile, File()],
                 meeting_date: Annotated[dt.date | None, Form()] = None) -> dict[str, Any]:
    """Upload minutes (.txt .md .docx .vtt .srt); returns the meeting with draft items."""
    if not file.filename:
        raise InvalidInput("file: the upload has no file name", key="min_err_no_file")
    data = _read_limited(file, settings.max_upload_bytes)
    meeting = flows.upload(db_session=session, org=org, data=data, filename=file.filename,
                           meeting_date=meeting_date, actor=user,
                           max_bytes=settings.max_upload_bytes)
    out = service.meeting_read(meeting, org)
    if not out["action_items"]:
        out["notice"] = "no action items were found in this document"
    return out


@router.get("")
def list_meetings(user: RequesterDep, session: SessionDep, limit: Limit = 50,
                  offset: Offset = 0) -> list[dict[str, Any]]:
    """Newest first: confirmed meetings, and drafts of your own (planners: all)."""
    rows = service.list_meetings(db_session=session, limit=limit, offset=offset, viewer=user)
    return [{"id": m.id, "title": m.title, "date": m.meeting_date, "status": m.status,
             "filename": m.filename, "items": sum(i.status != "deleted" for i in m.items),
             "uploaded_at": m.uploaded_at} for m in rows]


@router.get("/items")
def list_items(user: RequesterDep, session: SessionDep, org: OrgDep, owner: str | None = None,
               department: str | None = None, status: str | None = None,
               due_before: dt.date | None = None) -> list[dict[str, Any]]:
    """Action items; owner=me means the caller's own (needs a user linked to a staff id).
    Planners list anyone's; others only their own."""
    owner = service.items_owner(user=user, owner=owner)
    if department is not None and not org.has_department(department):
        raise InvalidInput(f"department: unknown department {department!r}",
                           key="err_dept_unknown", args={"value": department})
    rows = service.list_items(db_session=session, owner=owner, department=department,
                              status=status, due_before=due_before)
    return [service.item_read(i, org) for i in rows]


@router.get("/items/{item_id}")
def read_item(item_id: Id, user: RequesterDep, session: SessionDep, org: OrgDep
              ) -> dict[str, Any]:
    item = service.get_item(db_session=session, item_id=item_id)
    service.check_read_meeting(user=user, meeting=item.meeting)
    return {**service.item_read(item, org), "history": service.history(item)}


@router.patch("/items/{item_id}")
def edit_item(item_id: Id, body: ItemEdit, user: RequesterDep, session: SessionDep,
              org: OrgDep) -> dict[str, Any]:
    item = service.get_item(db_session=session, item_id=item_id)
    service.check_edit_meeting(user=user, meeting=item.meeting)
    changes = flows.edit_item(db_session=session, org=org, item=item, actor=user,
                              fields=body.model_dump(exclude_unset=True, exclude={"seen"}),
                              seen=body.seen.model_dump(exclude_unset=True) if body.seen
                              else None)
    return {**service.item_read(item, org), "changed": changes}


@router.delete("/items/{item_id}", status_code=204)
def delete_item(item_id: Id, user: RequesterDep, session: SessionDep) -> None:
    item = service.get_item(db_session=session, item_id=item_id)
    service.check_edit_meeting(user=user, meeting=item.meeting)
    service.delete_item(db_session=session, item=item, actor=user)


@router.post("/items/{item_id}/status")
def change_status(item_id: Id, body: StatusChange, user: RequesterDep, session: SessionDep,
                  org: OrgDep) -> dict[str, Any]:
    """Owners, the uploader, planners and admins mark items done, cancelled or open again."""
    item = service.get_item(db_session=session, item_id=item_id)
    service.check_set_status(user=user, item=item)
    flows.set_status(db_session=session, org=org, item=item, status=body.status, actor=user,
                     note=body.note)
    return service.item_read(item, org)


@router.get("/{meeting_id}")
def read_meeting(meeting_id: Id, user: RequesterDep, session: SessionDep,
                 org: OrgDep) -> dict[str, Any]:
    meeting = service.get_meeting(db_session=session, meeting_id=meeting_id)
    service.check_read_meeting(user=user, meeting=meeting)
    check = flows.capacity_check(db_session=session, meeting=meeting)
    return {**service.meeting_read(meeting, org, with_lines=True), "capacity_check": check}


@router.get("/{meeting_id}/capacity")
def capacity(meeting_id: Id, user: RequesterDep, session: SessionDep) -> dict[str, Any]:
    """The capacity check of a confirmed meeting, for polling after the confirm: status
    (pending, running, done, failed), the warnings once done, the error if it failed."""
    meeting = service.get_meeting(db_session=session, meeting_id=meeting_id)
    service.check_read_meeting(user=user, meeting=meeting)
    check = flows.capacity_check(db_session=session, meeting=meeting)
    if check is None:
        raise NotFound(f"meeting {meeting_id} has no capacity check (it is not confirmed)",
                       key="min_err_no_check", args={"id": meeting_id})
    return check


@router.post("/{meeting_id}/items", status_code=201)
def add_item(meeting_id: Id, body: ItemFields, user: RequesterDep, session: SessionDep,
             org: OrgDep) -> dict[str, Any]:
    meeting = service.get_meeting(db_session=session, meeting_id=meeting_id)
    service.check_edit_meeting(user=user, meeting=meeting)
    item = service.add_item(db_session=session, org=org, meeting=meeting, actor=user,
                            fields=body.model_dump(exclude_unset=True))
    return service.item_read(item, org)


@router.post("/{meeting_id}/confirm", dependencies=[SOLVE_LIMIT])
def confirm(meeting_id: Id, user: RequesterDep, session: SessionDep, org: OrgDep,
            settings: SettingsDep) -> dict[str, Any]:
    """Confirm: draft items open and follow-ups start at once; the owners' capacity check
    runs in the worker (``capacity_check``: its status; ``capacity``: the warnings, None
    until it is done; ``GET /api/minutes/{id}`` shows them when ready)."""
    meeting = service.get_meeting(db_session=session, meeting_id=meeting_id)
    service.check_edit_meeting(user=user, meeting=meeting)
    outcome = flows.confirm(db_session=session, org=org, meeting=meeting, actor=user,
                            inline=settings.jobs_inline)
    return {**service.meeting_read(meeting, org), **outcome,
            "poll": f"/api/minutes/{meeting.id}/capacity"}
