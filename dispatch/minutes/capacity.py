"""Capacity check when minutes are confirmed: can each owner finish their new items in time?

The owners' other open action items and their approved planned work are the background;
the optimizer (`optimizer.capacity`) plans everything with the same engine as the planner
and, for an owner who would be late, proposes a qualified colleague. This is what ties
the minutes to the allocation model: an item is never confirmed onto someone who cannot
do it without the organiser being told.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from dispatch.minutes.models import ActionItemRow
from dispatch.minutes.service import planned_effort, planned_priority
from dispatch.plans.models import WorkItem as PlannedWork
from dispatch.plans.models import WorkTask
from models.org import Org
from models.plan import WorkItem
from optimizer.capacity import check_capacity
from optimizer.engine import SolveOptions

# Both solves of the check together: confirming answers within ~2 s on a loaded 2-core
# machine (two 3 s solves made it 5.3 s with 600 open items); the check only has to find
# who is late and one colleague, which the greedy start and a short search do.
TIME_LIMIT_S = 1.2


def _item_work(item: ActionItemRow, owner: str) -> WorkItem:
    return WorkItem(id=f"{item.id}:{owner}", owner=owner, title=item.task,
                    effort_hours=planned_effort(item), due=item.due,
                    priority=planned_priority(item))


def background(*, db_session: Session, org: Org, today: dt.date,
               exclude: set[int]) -> list[WorkItem]:
    """What the owners already have: other open items, and approved planned hours ahead."""
    work: list[WorkItem] = []
    for item in db_session.scalars(select(ActionItemRow).where(ActionItemRow.status == "open")):
        if item.id in exclude or item.due is None or item.due < today:
            continue
        work += [_item_work(item, o) for o in item.owners or [] if org.has_person(o)]
    planned = db_session.execute(
        select(PlannedWork, WorkTask).join(WorkTask, WorkTask.id == PlannedWork.task_id)
        .where(PlannedWork.active.is_(True), WorkTask.source_kind != "action_item"))
    for wi, task in planned:
        ahead = sum(h for d, h in wi.hours.items() if dt.date.fromisoformat(d) >= today)
        if ahead > 0 and org.has_person(wi.staff_id):
            work.append(WorkItem(id=f"plan:{wi.id}", owner=wi.staff_id, title=task.title,
                                 effort_hours=ahead, due=max(wi.finish, today),
                                 priority=task.priority))
    return work


def check(*, db_session: Session, org: Org, items: list[ActionItemRow]) -> list[dict[str, Any]]:
    """A warning for every (item, owner) that would finish late, with a proposed colleague."""
    today = org.today()
    new = [_item_work(i, o) for i in items if i.due is not None and i.due >= today
           for o in i.owners or [] if org.has_person(o)]
    if not new:
        return []
    existing = background(db_session=db_session, org=org, today=today,
                          exclude={i.id for i in items})
    report = check_capacity(org, existing, new, today, SolveOptions(time_limit=TIME_LIMIT_S))
    warnings = []
    for f in report.findings:
        if f.status != "overloaded":
            continue
        item_id = int(f.item.split(":", 1)[0])
        warnings.append({
            "item": item_id, "owner": f.owner, "owner_name": org.person(f.owner).name,
            "due": f.due.isoformat() if f.due else None,
            "finish": f.finish.isoformat() if f.finish else None, "reason": f.reason,
            "proposal": f.proposal,
            "proposal_name": org.person(f.proposal).name if f.proposal else None,
            "proposal_finish": f.proposal_finish.isoformat() if f.proposal_finish else None,
        })
    return warnings
