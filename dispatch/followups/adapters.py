"""Follow-up kinds of other domains: action items from minutes.

Action items: ``track_action_items`` starts following up confirmed items that have a due
date (called by ``dispatch.minutes.flows.confirm``);
an item closed in the minutes UI stops its reminders at the next sweep (``is_open``), and
an owner marking it done from a message link closes the item too (``on_done``).
"""

from __future__ import annotations

import logging
from typing import Any

from sqlalchemy.orm import Session

from dispatch.followups.service import register_kind, track
from models.org import Org

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


register_kind(ACTION_ITEM, is_open=_item_open, on_done=_item_done)
