"""Requests → notifications and follow-ups, in the caller's transaction.

- Routed to a department (on submit, by triage, on re-route): its group bot is told, with
  its head @-mentioned, and the acknowledgement deadline becomes a follow-up
  (kind ``request_ack``, one per hand-over) so 催办 reminders and the escalation to the
  head (督办) and the committee happen in the follow-up system at the right working time.
- Acknowledged (accepted or returned): that follow-up is completed, and an accepted request
  with an expected date gets a ``request_resolve`` follow-up for the date.
- Returned from accepted: the resolve follow-up is cancelled; done: completed.
- The requester hears when the request is routed, returned and done.
- An SLA breach event (``scheduled.sweep_sla``) records which follow-up carries it.
"""

from __future__ import annotations

import logging

from sqlalchemy.orm import Session

from dispatch.followups import service as followups
from dispatch.messages import format_time, message, org_language
from dispatch.notifications.service import notify_department, notify_staff
from dispatch.requests.models import Request, SlaEvent
from dispatch.users.models import User
from models.org import Org

log = logging.getLogger(__name__)

ACK_KIND = "request_ack"
RESOLVE_KIND = "request_resolve"


def link(req: Request) -> str:
    return f"/requests/{req.id}"


def ack_ref(req: Request, assignment_no: int | None = None) -> str:
    n = req.assignment_no if assignment_no is None else assignment_no
    return f"{req.id}.{n}"


def _head(org: Org, dept: str | None) -> list[str]:
    if dept is None or not org.has_department(dept):
        return []
    head = org.department(dept).head
    return [head] if head and org.has_person(head) else []


def _requester_staff(db_session: Session, org: Org, req: Request) -> str | None:
    user = db_session.get(User, req.requester_id)
    if user is None or not user.staff_id or not org.has_person(user.staff_id):
        return None
    return user.staff_id


def _close(db_session: Session, kind: str, ref: str, by: str, done: bool, note: str) -> None:
    fu = followups.get_by_ref(db_session=db_session, kind=kind, ref_id=ref)
    if fu is None or fu.status != "open":
        return
    if done:
        followups.complete(db_session=db_session, followup_id=fu.id, by=by, note=note)
    else:
        followups.cancel(db_session=db_session, followup_id=fu.id, by=by, note=note)


def on_assigned(*, db_session: Session, org: Org, req: Request) -> None:
    """Tell the receiving department and start following up its acknowledgement."""
    dept = req.department
    if dept is None or req.ack_due_at is None:
        return
    if req.assignment_no > 1:  # a re-route without a return: the old clock is moot
        _close(db_session, ACK_KIND, ack_ref(req, req.assignment_no - 1), "system", False,
               "re-routed")
    name = org.department(dept).name
    lang = org_language(org)
    due = format_time(req.ack_due_at.astimezone(org.tz), lang)
    extra = message("req_also", lang, depts=", ".join(req.secondary)) if req.secondary else ""
    notify_department(
        db_session=db_session, department=dept, event="request.routed",
        subject=message("req_routed_subject", lang, title=req.title),
        body=message("req_routed_body", lang, text=req.text[:500], due=due, dept=name,
                     extra=extra),
        link=link(req), dedupe_key=f"request:{req.id}:routed:{req.assignment_no}",
        payload={"request_id": req.id, "department": dept,
                 "ack_due_at": req.ack_due_at.isoformat()})
    followups.track(db_session=db_session, kind=ACK_KIND, ref_id=ack_ref(req),
                    title=message("req_ack_title", lang, title=req.title),
                    owners=_head(org, dept),
                    department=dept, due=req.ack_due_at, link=link(req), announce=False,
                    org=org)
    who = _requester_staff(db_session, org, req)
    if who is not None:
        notify_staff(db_session=db_session, staff_ids=[who], event="request.routed_to",
                     subject=message("req_routed_to_subject", lang, dept=name,
                                     title=req.title), link=link(req),
                     dedupe_key=f"request:{req.id}:routed_to:{req.assignment_no}")


def on_accepted(*, db_session: Session, org: Org, req: Request, by: str) -> None:
    """The ack obligation is met; the expected date becomes the next one."""
    _close(db_session, ACK_KIND, ack_ref(req), by, True, "accepted")
    if req.expected_date is not None and req.department is not None:
        followups.track(db_session=db_session, kind=RESOLVE_KIND, ref_id=str(req.id),
                        title=message("req_resolve_title", org_language(org), title=req.title),
                        owners=_head(org, req.department),
                        department=req.department, due=req.expected_date, link=link(req),
                        announce=False, org=org)


def on_returned(*, db_session: Session, org: Org, req: Request, by: str, reason: str) -> None:
    """A return answers the request too (ack met); a running resolve clock stops."""
    _close(db_session, ACK_KIND, ack_ref(req), by, True, f"returned: {reason}")
    _close(db_session, RESOLVE_KIND, str(req.id), by, False, f"returned: {reason}")
    who = _requester_staff(db_session, org, req)
    if who is not None:
        notify_staff(db_session=db_session, staff_ids=[who], event="request.returned",
                     subject=message("req_returned_subject", org_language(org),
                                     title=req.title),
                     body=message("req_returned_body", org_language(org), reason=reason),
                     link=link(req),
                     dedupe_key=f"request:{req.id}:returned:{req.assignment_no}")


def on_done(*, db_session: Session, org: Org, req: Request, by: str) -> None:
    _close(db_session, RESOLVE_KIND, str(req.id), by, True, "done")
    who = _requester_staff(db_session, org, req)
    if who is not None:
        notify_staff(db_session=db_session, staff_ids=[who], event="request.done",
                     subject=message("req_done_subject", org_language(org), title=req.title),
                     link=link(req),
                     dedupe_key=f"request:{req.id}:done")


def on_breach(*, db_session: Session, org: Org, req: Request, event: SlaEvent) -> None:
    """Record which follow-up carries the breach (its reminders and escalations act on it).

    A request past its expected date that was never accepted has no resolve follow-up
    yet: one is started for the department holding it, already overdue, so the
    escalation runs."""
    kind, ref = (ACK_KIND, ack_ref(req, event.assignment_no)) if event.kind == "ack" \
        else (RESOLVE_KIND, str(req.id))
    fu = followups.get_by_ref(db_session=db_session, kind=kind, ref_id=ref)
    if fu is None and kind == RESOLVE_KIND and req.department and req.expected_date:
        fu = followups.track(db_session=db_session, kind=RESOLVE_KIND, ref_id=ref,
                             title=message("req_resolve_title", org_language(org),
                                           title=req.title),
                             owners=_head(org, req.department), department=req.department,
                             due=req.expected_date, link=link(req), announce=False, org=org)
    event.handoff = {"followup_kind": kind, "followup_ref": ref,
                     "followup_id": fu.id if fu is not None else None,
                     "followup_status": fu.status if fu is not None else None}
