"""Workflows with side effects: upload (extract and store), confirm (open, follow up)."""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

from sqlalchemy.orm import Session

from dispatch.errors import InvalidInput, TooLarge
from dispatch.minutes import service
from dispatch.minutes.models import ActionItemRow, Meeting, MeetingFile
from dispatch.users.models import User
from models.minutes import ExtractionResult, MeetingDocument
from models.org import Org

# More action items than any meeting produces: past this the upload is refused (issue 16,
# defect 1) rather than storing thousands of items and notifying their owners.
MAX_ITEMS = 500


def extract(data: bytes, filename: str, org: Org, meeting_date: dt.date | None,
            max_bytes: int) -> tuple[MeetingDocument, ExtractionResult]:
    """Read and extract; reader errors become InvalidInput / TooLarge with the reader's words."""
    from dispatch.minutes.detector import spoken_detector, zh_detector
    from nlp import minutes as engine
    from nlp import readers

    try:
        today = org.today()
        doc = readers.read_bytes(
            data, filename, max_bytes=max_bytes, today=today, tz=org.tz
        )
        result = engine.extract_document(
            doc, org, meeting_date, spoken_detector(), zh_detector(), today=today
        )
    except readers.FileTooLargeError as e:
        raise TooLarge(str(e), key=e.key, args=e.params) from None
    except readers.MinutesInputError as e:
        raise InvalidInput(str(e), key=e.key, args=e.params) from None
    if len(result.action_items) > MAX_ITEMS:
        raise InvalidInput(f"{filename}: {len(result.action_items):,} action items found, more "
                           f"than the limit of {MAX_ITEMS:,} per meeting; split the document",
                           key="min_err_many_items",
                           args={"file": filename, "n": len(result.action_items),
                                 "limit": MAX_ITEMS})
    return doc, result


def _lines(doc: MeetingDocument) -> list[str]:
    """The document's text by source line (1-based line n at index n-1)."""
    numbered = [u for u in doc.utterances if u.line is not None]
    size = max((u.line for u in numbered), default=0)
    out = [""] * size
    for u in numbered:
        out[u.line - 1] = u.raw
    return out


def upload(*, db_session: Session, org: Org, data: bytes, filename: str,
           meeting_date: dt.date | None, actor: User | None, max_bytes: int) -> Meeting:
    """Store a meeting and its draft items; any error leaves nothing stored."""
    if len(data) > max_bytes:
        raise TooLarge(f"{filename}: {len(data) / 1e6:.1f} MB is over the "
                       f"{max_bytes / 1e6:.0f} MB upload limit", key="err_upload_size",
                       args={"file": filename, "limit": f"{max_bytes / 1e6:.0f}"})
    doc, result = extract(data, filename, org, meeting_date, max_bytes)
    meeting = Meeting(
        # String(300) like the file name: a long heading or file name is shortened, not a 500
        title=(result.meeting.title or doc.title or filename)[:300],
        meeting_date=result.meeting.date, filename=filename[:300], format=doc.format,
        encoding=doc.encoding, attendees=list(result.meeting.attendees or doc.attendees),
        lines=_lines(doc), uploaded_by=actor.id if actor else None,
    )
    db_session.add(meeting)
    db_session.flush()
    db_session.add(MeetingFile(meeting_id=meeting.id, content=data,
                               sha256=hashlib.sha256(data).hexdigest()))
    for it in result.action_items:
        item = ActionItemRow(
            meeting=meeting, task=it.task, owners=list(it.owners),
            owner_names=list(it.owner_names), department=it.department, due=it.due,
            priority=it.priority, confidence=it.confidence, source_line=it.source.line,
            source_text=it.source.text, origin="extracted", status="draft",
        )
        db_session.add(item)
        db_session.flush()
        service.record(db_session=db_session, item=item, action="extracted", actor=actor)
    return meeting


CAPACITY_JOB = "minutes.capacity"


def confirm(*, db_session: Session, org: Org, meeting: Meeting, actor: User | None,
            inline: bool = False) -> dict[str, Any]:
    """Open the meeting's items and start their follow-up now; the owners' capacity check
    (a solve: seconds under load) is a job whose warnings show on the meeting when ready
    (``capacity`` is None until then; ``inline`` runs it here, for the CLI and tests)."""
    from dispatch.jobs import service as jobs

    opened = service.confirm(db_session=db_session, meeting=meeting, actor=actor)
    followed = _follow_up(db_session=db_session, org=org, items=opened)
    # priority 1: a short solve (TIME_LIMIT_S) the confirmer is waiting to see, ahead of
    # the planners' proposals (seconds each)
    job = jobs.enqueue(db_session=db_session, kind=CAPACITY_JOB, actor=actor, inline=inline,
                       subject=f"meeting:{meeting.id}", priority=1,
                       params={"meeting_id": meeting.id, "items": [i.id for i in opened]})
    return {"opened": [i.id for i in opened], "followed_up": followed,
            "capacity": capacity_of(job)["warnings"], "capacity_check": capacity_of(job)}


def capacity_check(*, db_session: Session, meeting: Meeting) -> dict[str, Any] | None:
    """The latest capacity check of ``meeting`` (None before it is confirmed); ``no_worker``
    when it waits for a worker that is not running (``jobs.no_worker``)."""
    from dispatch.jobs import service as jobs

    job = jobs.latest(db_session=db_session, subject=f"meeting:{meeting.id}",
                      kind=CAPACITY_JOB)
    if job is None:
        return None
    return {**capacity_of(job), "no_worker": jobs.no_worker(db_session=db_session, job=job)}


def capacity_of(job: Any) -> dict[str, Any]:
    """A capacity job as the API and the meeting page show it: its status, the warnings
    once done, the error if it failed."""
    done = job.status == "done"
    return {"job": job.id, "status": job.status, "error": job.error,
            "warnings": (job.result or {}).get("warnings", []) if done else None}


def edit_item(*, db_session: Session, org: Org, item: ActionItemRow, fields: dict[str, Any],
              actor: User | None, seen: dict[str, Any] | None = None) -> dict[str, Any]:
    """Edit an item's fields (``service.edit_item``); an open item's follow-up takes its
    date, owners and task at once (before, the reminders kept the old date and owners)."""
    changes = service.edit_item(db_session=db_session, org=org, item=item, fields=fields,
                                actor=actor, seen=seen)
    if changes and item.status == "open":
        _follow_up(db_session=db_session, org=org, items=[item])
    return changes


def set_status(*, db_session: Session, org: Org, item: ActionItemRow, status: str,
               actor: User | None, note: str | None = None) -> None:
    """Change an item's status and its follow-up with it (stopped, or restarted on reopen)."""
    from dispatch.followups.adapters import item_status_changed

    service.set_status(db_session=db_session, item=item, status=status, actor=actor, note=note)
    item_status_changed(db_session=db_session, org=org, item=item,
                        by=(actor.staff_id or actor.name) if actor else "system")


def _follow_up(*, db_session: Session, org: Org, items: list[ActionItemRow]) -> int:
    """Hand open items with a due date to the reminder/escalation machinery."""
    from dispatch.followups.adapters import track_action_items

    return track_action_items(db_session=db_session, org=org, items=items)


def capacity_warnings(*, db_session: Session, org: Org, items: list[ActionItemRow]
                      ) -> list[dict[str, Any]]:
    """Owners whose load before a due date exceeds their capacity, with a proposed colleague."""
    # imported here: it loads OR-Tools, which upload and review never need
    from dispatch.minutes.capacity import check

    return check(db_session=db_session, org=org, items=items)
