"""Meetings and action items: CRUD and status changes, each change recorded as an event.

Keyword-only, no HTTP; the caller's transaction commits. Every id the user gives (owner,
department) is checked against the organisation, so a typo is an error, not a lost item.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import String, cast, select
from sqlalchemy.orm import Session

from dispatch.db import compare_and_set, lock_for_edit, utcnow
from dispatch.errors import Conflict, Forbidden, InvalidInput, NotFound
from dispatch.minutes.models import ActionItemRow, ItemEvent, Meeting
from dispatch.users.models import User
from models.org import Org
from models.plan import check_effort

PRIORITIES = ("high", "normal", "low")
# How an item weighs as planned work (the planner's backlog, the capacity check): effort
# nobody estimated counts as half a day; priority on the planner's 1 (lowest) to 5 scale.
DEFAULT_EFFORT_H = 4.0
PLAN_PRIORITY = {"high": 5, "normal": 3, "low": 1}
EDITABLE = ("task", "owners", "owner_names", "department", "due", "priority", "effort_hours")
# Status changes a confirmed item may make (draft items are confirmed or deleted instead).
TRANSITIONS = {"open": {"done", "cancelled"}, "done": {"open"}, "cancelled": {"open"}}


def may_edit_meeting(*, user: User, meeting: Meeting) -> bool:
    """The uploader edits their meeting; planners and admins edit any (the API, the pages
    and the page's edit buttons all ask this one rule)."""
    return meeting.uploaded_by == user.id or user.has_role("planner")


def check_edit_meeting(*, user: User, meeting: Meeting) -> None:
    if not may_edit_meeting(user=user, meeting=meeting):
        raise Forbidden("only the uploader, a planner or an admin may change this meeting",
                        key="min_err_edit")


def check_set_status(*, user: User, item: ActionItemRow) -> None:
    """An item's owners mark it done or open again; otherwise the meeting's editors."""
    if user.staff_id not in (item.owners or []):
        check_edit_meeting(user=user, meeting=item.meeting)


def may_read_meeting(*, user: User, meeting: Meeting) -> bool:
    """A confirmed meeting is the team's record; a draft (not yet reviewed, with its source
    lines) is its uploader's and the planners' until it is confirmed."""
    return meeting.status == "confirmed" or may_edit_meeting(user=user, meeting=meeting)


def check_read_meeting(*, user: User, meeting: Meeting) -> None:
    if not may_read_meeting(user=user, meeting=meeting):
        raise Forbidden(f"meeting {meeting.id} is an unconfirmed draft of another user",
                        key="min_err_draft", args={"id": meeting.id})


def items_owner(*, user: User, owner: str | None) -> str | None:
    """Whose items ``user`` may list when asking for ``owner`` (None: everyone's).

    Planners and admins list anyone's; anyone else only their own (owner=me or their staff
    id, and no owner means their own too). Raises Forbidden / InvalidInput.
    """
    if owner == "me":
        if not user.staff_id:
            raise InvalidInput("owner=me: your user is not linked to a staff member",
                               key="err_not_linked")
        return user.staff_id
    if user.has_role("planner"):
        return owner
    if owner is not None and owner != user.staff_id:
        raise Forbidden("only planners and admins see other people's items",
                        key="min_err_others")
    if not user.staff_id:
        raise Forbidden("your user is not linked to a staff member, so it has no items; "
                        "only planners and admins list other people's", key="err_not_linked")
    return user.staff_id


def get_meeting(*, db_session: Session, meeting_id: int) -> Meeting:
    meeting = db_session.get(Meeting, meeting_id)
    if meeting is None:
        raise NotFound(f"no meeting {meeting_id}", key="min_err_no_meeting",
                       args={"id": meeting_id})
    return meeting


def list_meetings(*, db_session: Session, limit: int = 100, offset: int = 0,
                  viewer: User | None = None) -> list[Meeting]:
    """Newest first; for a ``viewer`` who is not a planner, confirmed meetings and their own
    drafts only (see :func:`may_read`)."""
    q = select(Meeting).order_by(Meeting.uploaded_at.desc(), Meeting.id.desc())
    if viewer is not None and not viewer.has_role("planner"):
        q = q.where((Meeting.status == "confirmed") | (Meeting.uploaded_by == viewer.id))
    return list(db_session.scalars(q.limit(limit).offset(offset)))


def get_item(*, db_session: Session, item_id: int) -> ActionItemRow:
    item = db_session.get(ActionItemRow, item_id)
    if item is None or item.status == "deleted":
        raise NotFound(f"no action item {item_id}", key="min_err_no_item",
                       args={"id": item_id})
    return item


def list_items(*, db_session: Session, owner: str | None = None, department: str | None = None,
               status: str | None = None, meeting_id: int | None = None,
               due_before: dt.date | None = None, limit: int = 500) -> list[ActionItemRow]:
    """Items matching every filter given; drafts and deleted items only when asked for."""
    q = select(ActionItemRow)
    if status:
        q = q.where(ActionItemRow.status == status)
    else:
        q = q.where(ActionItemRow.status.in_(("open", "done", "cancelled")))
    if department:
        q = q.where(ActionItemRow.department == department)
    if meeting_id is not None:
        q = q.where(ActionItemRow.meeting_id == meeting_id)
    if due_before is not None:
        q = q.where(ActionItemRow.due <= due_before)
    q = q.order_by(ActionItemRow.due.is_(None), ActionItemRow.due, ActionItemRow.id)
    if not owner:
        return list(db_session.scalars(q.limit(limit)))
    # The owners are a JSON array: its text containing "owner" (quoted) narrows the rows in
    # SQL on SQLite and PostgreSQL alike, and the exact test follows here. Loading every
    # open item to filter them all here made the list 100+ ms with 2,000 open items under
    # load (issue 16).
    q = q.where(cast(ActionItemRow.owners, String).like(f'%"{owner}"%'))
    rows = [r for r in db_session.scalars(q) if owner in (r.owners or [])]
    return rows[:limit]


def planned_effort(item: ActionItemRow) -> float:
    return item.effort_hours or DEFAULT_EFFORT_H


def planned_priority(item: ActionItemRow) -> int:
    return PLAN_PRIORITY.get(item.priority, 3)


def record(*, db_session: Session, item: ActionItemRow, action: str, actor: User | None,
           changes: dict[str, Any] | None = None, note: str | None = None) -> ItemEvent:
    ev = ItemEvent(item=item, action=action, actor=actor.id if actor else None,
                   changes=changes or {}, note=note)
    db_session.add(ev)
    return ev


def validate_fields(org: Org, fields: dict[str, Any]) -> dict[str, Any]:
    """Normalise user-given item fields and check them against the org.

    InvalidInput names the first bad field, so a typo in an owner id never loses an item.
    """
    out: dict[str, Any] = {}
    for key, value in fields.items():
        if key not in EDITABLE:
            raise InvalidInput(f"{key}: not an editable field ({', '.join(EDITABLE)})",
                               key="min_err_field", args={"value": key})
        if key == "task":
            value = str(value or "").strip()
            if not value:
                raise InvalidInput("task: an action item needs a task", key="min_err_task")
        elif key == "owners":
            value = [str(v).strip() for v in (value or []) if str(v).strip()]
            for sid in value:
                if not org.has_person(sid):
                    raise InvalidInput(f"owners: unknown staff member {sid!r}",
                                       key="err_staff_unknown", args={"value": sid})
        elif key == "owner_names":
            value = [str(v) for v in (value or [])]
        elif key == "department":
            value = (str(value).strip() or None) if value is not None else None
            if value is not None and not org.has_department(value):
                raise InvalidInput(f"department: unknown department {value!r}",
                                   key="err_dept_unknown", args={"value": value})
        elif key == "due":
            if value in (None, ""):
                value = None
            elif not isinstance(value, dt.date):
                try:
                    value = dt.date.fromisoformat(str(value))
                except ValueError:
                    raise InvalidInput(f"due: {value!r} is not a date (YYYY-MM-DD)",
                                       key="err_not_a_date", args={"value": str(value)}) from None
        elif key == "priority":
            if value not in PRIORITIES:
                raise InvalidInput(f"priority: use one of {', '.join(PRIORITIES)}",
                                   key="min_err_priority",
                                   args={"value": str(value),
                                         "allowed_keys": [f"prio_{p}" for p in PRIORITIES]})
        elif key == "effort_hours":
            if value is not None:
                try:
                    value = check_effort(value)
                except ValueError as e:
                    raise InvalidInput(f"effort_hours: {e}", key="err_effort",
                                       args={"value": f"{value:g}"
                                             if isinstance(value, float | int)
                                             else str(value)}) from None
        out[key] = value
    if "owners" in out and "department" not in fields and len(out["owners"]) == 1:
        out["department"] = org.person(out["owners"][0]).department
    return out


def _jsonable(v: Any) -> Any:
    return v.isoformat() if isinstance(v, dt.date) else v


def add_item(*, db_session: Session, org: Org, meeting: Meeting, fields: dict[str, Any],
             actor: User | None) -> ActionItemRow:
    """An item the organiser adds by hand (the extractor missed it)."""
    values = validate_fields(org, fields)
    if "task" not in values:
        raise InvalidInput("task: an action item needs a task", key="min_err_task")
    status = "open" if meeting.status == "confirmed" else "draft"
    item = ActionItemRow(meeting=meeting, origin="manual", status=status,
                         owners=values.get("owners", []), owner_names=values.get("owner_names", []),
                         **{k: v for k, v in values.items() if k not in ("owners", "owner_names")})
    db_session.add(item)
    db_session.flush()
    record(db_session=db_session, item=item, action="created", actor=actor,
           changes={k: _jsonable(v) for k, v in values.items()})
    return item


def edit_item(*, db_session: Session, org: Org, item: ActionItemRow, fields: dict[str, Any],
              actor: User | None, seen: dict[str, Any] | None = None) -> dict[str, Any]:
    """Apply field changes; returns {field: [old, new]} of what really changed.

    The row is locked before it is compared and written: of two edits at once the second
    sees the first's values, and an edit of a draft a colleague deleted meanwhile is refused
    (before, each wrote what it had read: two moves of one date both answered 200). A field
    the edit changes that is no longer what the editor was shown (``seen``, the API body's
    or the page's; else what this transaction read) is a 409 naming its value now.
    """
    if item.status in ("deleted",):
        raise Conflict("this item was deleted", key="min_err_deleted", args={"id": item.id})
    values = validate_fields(org, fields)
    shown = {k: v for k, v in (seen or {}).items() if k in EDITABLE}
    if "due" in shown:
        shown["due"] = validate_fields(org, {"due": shown["due"]})["due"]
    changed = lock_for_edit(db_session, item, _edit_view, values, shown)
    if item.status == "deleted":
        raise Conflict(f"item {item.id} was deleted meanwhile", details={"state": "deleted"},
                       key="min_err_deleted", args={"id": item.id})
    if changed:
        now = {k: _jsonable(v) for k, v in changed.items()}
        raise Conflict(f"item {item.id} changed meanwhile: "
                       + "; ".join(f"{k} is {v}" for k, v in now.items()) + " now",
                       details={"state": item.status, "changed": now},
                       key="min_err_changed",
                       args={"id": item.id,
                             "changed": "；".join(f"{k} = {v}" for k, v in now.items())})
    changes = {}
    for k, v in values.items():
        old = getattr(item, k)
        if old != v:
            changes[k] = [_jsonable(old), _jsonable(v)]
            setattr(item, k, v)
    if changes:
        item.updated_at = utcnow()
        record(db_session=db_session, item=item, action="edited", actor=actor, changes=changes)
    return changes


def _edit_view(item: ActionItemRow) -> dict[str, Any]:
    """The editable fields, as an edit is compared with what its author was shown."""
    return {k: (list(v) if isinstance(v := getattr(item, k), list) else v) for k in EDITABLE}


def set_due(*, db_session: Session, item: ActionItemRow, due: dt.date,
            note: str | None = None, actor: User | None = None) -> None:
    """A new due date decided elsewhere (an approved extension), recorded in the history."""
    old = item.due
    item.due = due
    item.updated_at = utcnow()
    record(db_session=db_session, item=item, action="edited", actor=actor,
           changes={"due": [_jsonable(old), _jsonable(due)]}, note=note)


def delete_item(*, db_session: Session, item: ActionItemRow, actor: User | None) -> None:
    """Remove a draft item (kept as 'deleted' for the history); confirmed items are cancelled."""
    if item.status != "draft":
        raise Conflict(f"item {item.id} is {item.status}: cancel it instead of deleting it",
                       key="min_err_delete", args={"id": item.id,
                                                   "state_key": f"st_{item.status}"})
    item.status = "deleted"
    record(db_session=db_session, item=item, action="deleted", actor=actor)


def set_status(*, db_session: Session, item: ActionItemRow, status: str, actor: User | None,
               note: str | None = None) -> None:
    """open → done/cancelled, and back to open; drafts must be confirmed first."""
    allowed = TRANSITIONS.get(item.status, set())
    if status not in allowed:
        raise Conflict(f"item {item.id} is {item.status}; it can become: "
                       f"{', '.join(sorted(allowed)) or 'nothing (confirm the meeting first)'}",
                       key="min_err_status" if allowed else "min_err_status_draft",
                       args={"id": item.id, "state_key": f"st_{item.status}",
                             "allowed_keys": [f"st_{a}" for a in sorted(allowed)]})
    old = item.status
    # only if it is still what was read: of two people marking it done (or done and
    # cancelled) at once, one changes it and the other is told what it is now
    if not compare_and_set(db_session, item, {"status": old},
                           {"status": status, "updated_at": utcnow()}):
        raise Conflict(f"item {item.id} changed meanwhile: it is {item.status} now",
                       details={"state": item.status}, key="min_err_status_moved",
                       args={"id": item.id, "state_key": f"st_{item.status}"})
    record(db_session=db_session, item=item, action="status", actor=actor,
           changes={"status": [old, status]}, note=note)


def confirm(*, db_session: Session, meeting: Meeting, actor: User | None) -> list[ActionItemRow]:
    """Confirm a meeting: its draft items become open; returns them."""
    if meeting.status == "confirmed":
        raise Conflict(f"meeting {meeting.id} is confirmed already", key="min_err_confirmed",
                       args={"id": meeting.id})
    opened = []
    for item in meeting.items:
        if item.status == "draft":
            item.status = "open"
            record(db_session=db_session, item=item, action="confirmed", actor=actor)
            opened.append(item)
    meeting.status = "confirmed"
    meeting.confirmed_at = utcnow()
    meeting.confirmed_by = actor.id if actor else None
    return opened


def item_read(item: ActionItemRow, org: Org | None = None) -> dict[str, Any]:
    """The item as the API shows it (ARCHITECTURE.md §2.1 fields plus id, status, meeting)."""
    names = {}
    if org is not None:
        names = {sid: org.person(sid).name for sid in item.owners or [] if org.has_person(sid)}
    return {
        "id": item.id, "meeting_id": item.meeting_id, "task": item.task,
        "owners": item.owners or [], "owner_names": item.owner_names or [],
        "owner_display": [names.get(s, s) for s in item.owners or []],
        "department": item.department, "due": item.due.isoformat() if item.due else None,
        "priority": item.priority, "confidence": item.confidence, "status": item.status,
        "origin": item.origin, "effort_hours": item.effort_hours,
        "source": {"line": item.source_line, "text": item.source_text},
        "updated_at": item.updated_at.isoformat(),
    }


def meeting_read(meeting: Meeting, org: Org | None = None, with_lines: bool = False
                 ) -> dict[str, Any]:
    items = [i for i in meeting.items if i.status != "deleted"]
    out = {
        "id": meeting.id, "title": meeting.title, "filename": meeting.filename,
        "date": meeting.meeting_date.isoformat() if meeting.meeting_date else None,
        "format": meeting.format, "encoding": meeting.encoding, "attendees": meeting.attendees,
        "status": meeting.status, "uploaded_at": meeting.uploaded_at.isoformat(),
        "confirmed_at": meeting.confirmed_at.isoformat() if meeting.confirmed_at else None,
        "action_items": [item_read(i, org) for i in items],
    }
    if with_lines:
        out["lines"] = meeting.lines
    return out


def history(item: ActionItemRow) -> list[dict[str, Any]]:
    return [{"at": e.at.isoformat(), "actor": e.actor, "action": e.action, "changes": e.changes,
             "note": e.note} for e in item.events]
