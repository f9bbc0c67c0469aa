"""Follow-up kinds of other domains: action items from minutes, requests' clocks.

Action items: ``track_action_items`` starts following up confirmed items that have a due
date (called by ``dispatch.minutes.flows.confirm``);
an item closed in the minutes UI stops its reminders at the next sweep (``is_open``), and
an owner marking it done from a message link closes the item too (``on_done``).

Requests (``dispatch.requests.escalation`` starts these): a head pressing 「完成」 on a
``request_ack`` reminder acknowledges (accepts) the request, so the SLA clock stops where
the reminder said it would; on a ``request_resolve`` reminder it finishes the request. Either
follow-up stops by itself once the request moved on by other means.
"""

from __future__ import annotations

import logging
from typing import Any

from sqlalchemy.orm import Session

from dispatch.errors import Conflict
from dispatch.followups.service import register_kind, track
from dispatch.orgdir.service import current_org
from dispatch.requests import escalation
from dispatch.requests import service as requests
from dispatch.requests.escalation import ACK_KIND, RESOLVE_KIND
from dispatch.requests.models import Request
from dispatch.users.models import User
from models.org import Org
from models.requests import Action, State

log = logging.getLogger(__name__)

ACTION_ITEM = "action_item"


def item_link(item: Any) -> str:
    return f"/minutes/{item.meeting_id}#item-{item.id}"


def track_action_items(*, db_session: Session, org: Org, items: list[Any]) -> int:
    """Follow up open items with a due date and an owner or department; returns how many."""
    n = 0
    for item in items:
        owners = [o for o in (item.owners or []) if org.has_person(o)]
        dept = item.department if item.department and org.has_department(item.department) \
            else None
        if item.due is None or (not owners and dept is None):
            continue
        track(db_session=db_session, kind=ACTION_ITEM, ref_id=str(item.id), title=item.task,
              owners=owners, department=dept, due=item.due, link=item_link(item), org=org)
        n += 1
    return n


def item_status_changed(*, db_session: Session, org: Org, item: Any, by: str) -> None:
    """Keep an item's follow-up in step with it: done or cancelled stops the reminders at
    once (not at the next sweep); reopened restarts them (a closed follow-up stayed closed,
    so a reopened item was never reminded about again), on the item's date, owners and
    task as they are now (an item edited while it was done restarted on the old ones)."""
    from dispatch.followups.service import cancel, complete, get_by_ref, reopen

    fu = get_by_ref(db_session=db_session, kind=ACTION_ITEM, ref_id=str(item.id))
    if item.status == "open":
        if fu is not None and fu.status != "open":
            reopen(db_session=db_session, followup_id=fu.id, by=by)
        track_action_items(db_session=db_session, org=org, items=[item])
    elif fu is not None and fu.status == "open":
        if item.status == "done":
            complete(db_session=db_session, followup_id=fu.id, by=by, sync=True)
        else:
            cancel(db_session=db_session, followup_id=fu.id, by=by)


def _item(db_session: Session, ref_id: str) -> Any:
    from dispatch.minutes.models import ActionItemRow

    return db_session.get(ActionItemRow, int(ref_id)) if ref_id.isdigit() else None


def _item_open(db_session: Session, ref_id: str) -> bool:
    item = _item(db_session, ref_id)
    return item is None or item.status == "open"


def _item_done(db_session: Session, ref_id: str, by: str) -> None:
    item = _item(db_session, ref_id)
    if item is None or item.status != "open":
        return
    from dispatch.minutes import service as minutes

    minutes.set_status(db_session=db_session, item=item, status="done", actor=None,
                       note=f"marked done from a reminder ({by})")


def _item_rescheduled(db_session: Session, ref_id: str, due: Any, by: str) -> None:
    """The item takes its follow-up's new date: "my items" and the backlog (synced from the
    items) show the date the reminders now use, not the old one."""
    item = _item(db_session, ref_id)
    if item is None or item.status != "open" or item.due == due:
        return
    from dispatch.minutes import service as minutes

    minutes.set_due(db_session=db_session, item=item, due=due,
                    note=f"new date from its follow-up ({by})")


def register_followup_kinds() -> None:
    """The follow-up kinds of action items and requests' clocks (``dispatch.registry``
    calls it; the hooks of collaboration parts are ``dispatch.collab.flows``'s own)."""
    register_kind(ACTION_ITEM, is_open=_item_open, on_done=_item_done,
                  on_rescheduled=_item_rescheduled)
    register_kind(ACK_KIND, is_open=_ack_open, on_done=_ack_done,
                  check_act=_receiving_rule(Action.accept))
    register_kind(RESOLVE_KIND, is_open=_resolve_open, on_done=_resolve_done,
                  check_act=_receiving_rule(Action.finish))


def _request(db_session: Session, ref_id: str) -> tuple[Request | None, int | None]:
    """The request of an ack ref ("<id>.<assignment>") or a resolve ref ("<id>")."""
    head, _, n = ref_id.partition(".")
    if not head.isdigit():
        return None, None
    return db_session.get(Request, int(head)), int(n) if n.isdigit() else None


def _awaiting_ack(req: Request, assignment_no: int | None) -> bool:
    """Still waiting for the hand-over this follow-up was started for."""
    return req.state == State.routed and req.assignment_no == assignment_no


def _being_resolved(req: Request) -> bool:
    return req.state in (State.accepted, State.in_progress)


def _ack_open(db_session: Session, ref_id: str) -> bool:
    req, n = _request(db_session, ref_id)
    return req is None or _awaiting_ack(req, n)


def _ack_done(db_session: Session, ref_id: str, by: str) -> None:
    req, n = _request(db_session, ref_id)
    if req is None or not _awaiting_ack(req, n):
        return
    try:
        requests.apply(db_session=db_session, req=req, action=Action.accept, actor=None,
                       note=f"acknowledged from a reminder ({by})")
    except Conflict:
        if not _awaiting_ack(req, n):
            return  # accepted (or moved) by someone else meanwhile; nothing was written
        raise
    org = current_org(db_session=db_session)
    if org is not None:
        escalation.on_accepted(db_session=db_session, org=org, req=req, by=by)


def _resolve_open(db_session: Session, ref_id: str) -> bool:
    req, _ = _request(db_session, ref_id)
    return req is None or _being_resolved(req)


def _resolve_done(db_session: Session, ref_id: str, by: str) -> None:
    req, _ = _request(db_session, ref_id)
    if req is None or not _being_resolved(req):
        return
    note = f"marked done from a reminder ({by})"
    try:
        if req.state == State.accepted:
            requests.apply(db_session=db_session, req=req, action=Action.start, actor=None,
                           note=note)
        requests.apply(db_session=db_session, req=req, action=Action.finish, actor=None,
                       note=note)
    except Conflict:
        if not _being_resolved(req):
            return  # finished (or moved) by someone else meanwhile; nothing was written
        raise
    org = current_org(db_session=db_session)
    if org is not None:
        escalation.on_done(db_session=db_session, org=org, req=req, by=by)


def _receiving_rule(action: Action) -> Any:
    """A signed-in user acts on a request's follow-up as the request routes allow."""
    def check(db_session: Session, ref_id: str, user: User, org: Org) -> None:
        from dispatch.requests.flows import check_receiving

        req, _ = _request(db_session, ref_id)
        if req is not None:
            check_receiving(user, req, org, action)
    return check

