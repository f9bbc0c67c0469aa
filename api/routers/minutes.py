"""Minutes: upload a meeting record, review and confirm its action items, follow their status."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Form, UploadFile
from pydantic import BaseModel

from api.deps import OrgDep, RequesterDep, SessionDep, SettingsDep, current_user
from dispatch.errors import InvalidInput, TooLarge
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


class StatusChange(BaseModel):
    status: str
    note: str | None = None


async def _read_limited(file: UploadFile, limit: int) -> bytes:
    """The upload's bytes, refusing (413) as soon as it passes the limit."""
    chunks, size = [], 0
    while chunk := await file.read(CHUNK):
        size += len(chunk)
        if size > limit:
            raise TooLarge(f"{file.filename}: over the {limit / 1e6:.0f} MB upload limit")
        chunks.append(chunk)
    return b"".join(chunks)


@router.post("", status_code=201)
async def upload(user: RequesterDep, session: SessionDep, org: OrgDep, settings: SettingsDep,
                 file: Annotated[UploadFile, File()],
                 meeting_date: Annotated[dt.date | None, Form()] = None) -> dict[str, Any]:
    """Upload minutes (.txt .md .docx .vtt .srt); returns the meeting with draft items."""
    if not file.filename:
        raise InvalidInput("file: the upload has no file name")
    data = await _read_limited(file, settings.max_upload_bytes)
    meeting = flows.upload(db_session=session, org=org, data=data, filename=file.filename,
                           meeting_date=meeting_date, actor=user,
                           max_bytes=settings.max_upload_bytes)
    out = service.meeting_read(meeting, org)
    if not out["action_items"]:
        out["notice"] = "no action items were found in this document"
    return out


@router.get("")
def list_meetings(_: RequesterDep, session: SessionDep, limit: int = 50,
                  offset: int = 0) -> list[dict[str, Any]]:
    rows = service.list_meetings(db_session=session, limit=min(limit, 500), offset=offset)
    return [{"id": m.id, "title": m.title, "date": m.meeting_date, "status": m.status,
             "filename": m.filename, "items": sum(i.status != "deleted" for i in m.items),
             "uploaded_at": m.uploaded_at} for m in rows]


@router.get("/items")
def list_items(user: RequesterDep, session: SessionDep, org: OrgDep, owner: str | None = None,
               department: str | None = None, status: str | None = None,
               due_before: dt.date | None = None) -> list[dict[str, Any]]:
    """Action items; owner=me means the caller's own (needs a user linked to a staff id)."""
    if owner == "me":
        if not user.staff_id:
            raise InvalidInput("owner=me: your user is not linked to a staff member")
        owner = user.staff_id
    if department is not None and not org.has_department(department):
        raise InvalidInput(f"department: unknown department {department!r}")
    rows = service.list_items(db_session=session, owner=owner, department=department,
                              status=status, due_before=due_before)
    return [service.item_read(i, org) for i in rows]


@router.get("/items/{item_id}")
def read_item(item_id: int, _: RequesterDep, session: SessionDep, org: OrgDep) -> dict[str, Any]:
    item = service.get_item(db_session=session, item_id=item_id)
    return {**service.item_read(item, org), "history": service.history(item)}


@router.patch("/items/{item_id}")
def edit_item(item_id: int, body: ItemFields, user: RequesterDep, session: SessionDep,
              org: OrgDep) -> dict[str, Any]:
    item = service.get_item(db_session=session, item_id=item_id)
    service.check_edit_meeting(user=user, meeting=item.meeting)
    changes = service.edit_item(db_session=session, org=org, item=item, actor=user,
                                fields=body.model_dump(exclude_unset=True))
    return {**service.item_read(item, org), "changed": changes}


@router.delete("/items/{item_id}", status_code=204)
def delete_item(item_id: int, user: RequesterDep, session: SessionDep) -> None:
    item = service.get_item(db_session=session, item_id=item_id)
    service.check_edit_meeting(user=user, meeting=item.meeting)
    service.delete_item(db_session=session, item=item, actor=user)


@router.post("/items/{item_id}/status")
def change_status(item_id: int, body: StatusChange, user: RequesterDep, session: SessionDep,
                  org: OrgDep) -> dict[str, Any]:
    """Owners, the uploader, planners and admins mark items done, cancelled or open again."""
    item = service.get_item(db_session=session, item_id=item_id)
    service.check_set_status(user=user, item=item)
    service.set_status(db_session=session, item=item, status=body.status, actor=user,
                       note=body.note)
    return service.item_read(item, org)


@router.get("/{meeting_id}")
def read_meeting(meeting_id: int, _: RequesterDep, session: SessionDep,
                 org: OrgDep) -> dict[str, Any]:
    meeting = service.get_meeting(db_session=session, meeting_id=meeting_id)
    return service.meeting_read(meeting, org, with_lines=True)


@router.post("/{meeting_id}/items", status_code=201)
def add_item(meeting_id: int, body: ItemFields, user: RequesterDep, session: SessionDep,
             org: OrgDep) -> dict[str, Any]:
    meeting = service.get_meeting(db_session=session, meeting_id=meeting_id)
    service.check_edit_meeting(user=user, meeting=meeting)
    item = service.add_item(db_session=session, org=org, meeting=meeting, actor=user,
                            fields=body.model_dump(exclude_unset=True))
    return service.item_read(item, org)


@router.post("/{meeting_id}/confirm")
def confirm(meeting_id: int, user: RequesterDep, session: SessionDep,
            org: OrgDep) -> dict[str, Any]:
    """Confirm: draft items open, follow-ups start, owners' capacity is checked."""
    meeting = service.get_meeting(db_session=session, meeting_id=meeting_id)
    service.check_edit_meeting(user=user, meeting=meeting)
    outcome = flows.confirm(db_session=session, org=org, meeting=meeting, actor=user)
    return {**service.meeting_read(meeting, org), **outcome}
