"""Collaboration workflows: start, each department's answer, staffing, progress, closing.

Who may do what is decided here:
- anyone signed in (requester role and up) starts a collaboration and reads their own; a
  planner reads all; a department's people read the collaborations it has a part in;
- a part is answered (accept, 退单, start, finish) and its tasks edited by that
  department's 协作接口人 (the org file's ``liaisons``; its head when absent), by its head,
  by a coordinator (planner with no staff record) or an admin — anyone else gets 403;
- a returned part with nowhere to go waits in triage for a coordinator (``reassign``);
- the plan is proposed by the lead's liaisons or a planner and approved by a planner or
  the head of a department concerned;
- the requester (or an admin) accepts the result (验收), reopens it, rates, writes the 复盘.

Each part's acknowledgement clock is the single-request SLA machinery: the same working-hour
arithmetic (``add_working_hours`` and the org file's ``sla:``: ``ack_hours`` for normal
work, ``urgent_ack_hours`` for urgent), the same follow-up reminders and escalations
(kind ``collab_ack``), the same notifications.
"""

from __future__ import annotations

import datetime as dt
import logging
import math
from typing import Any

from sqlalchemy.orm import Session

from dispatch.collab import service
from dispatch.collab.models import Collaboration, Part
from dispatch.collab.service import CollabIn
from dispatch.db import compare_and_set, lock_row, utcnow
from dispatch.errors import Conflict, Forbidden, InvalidInput
from dispatch.followups import service as followups
from dispatch.messages import format_time, message, org_language
from dispatch.notifications.service import enqueue, notify_department, notify_staff
from dispatch.requests.service import sla_policy
from dispatch.settings import Settings
from dispatch.text_limits import within_limit
from dispatch.users.models import User
from models.collab import RISK_ORDER, CollabState, PartAction, PartState
from models.org import Org
from models.requests import add_working_hours, working_hours_left

log = logging.getLogger(__name__)

ACK_KIND = "collab_ack"
MIN_HORIZON_DAYS = 5


def link(c: Collaboration) -> str:
    return f"/collab/{c.id}"


def ack_ref(part: Part, n: int | None = None) -> str:
    return f"{part.id}.{part.assignment_no if n is None else n}"


def _today(org: Org, now: dt.datetime | None = None) -> dt.date:
    return (now or utcnow()).astimezone(org.tz).date()


# ---------------------------------------------------------------------------- permissions


def _staff_dept(user: User, org: Org) -> str | None:
    if user.staff_id and org.has_person(user.staff_id):
        return org.person(user.staff_id).department
    return None


def is_coordinator(user: User, org: Org) -> bool:
    """An admin, or a planner not tied to a department (no staff record)."""
    return user.has_role("admin") or (user.has_role("planner") and _staff_dept(user, org) is None)


def may_read(user: User, c: Collaboration, org: Org) -> bool:
    if user.has_role("planner") or c.requester_id == user.id:
        return True
    mine = _staff_dept(user, org)
    return mine is not None and any(p.department == mine for p in c.parts)


def check_read(user: User, c: Collaboration, org: Org) -> None:
    if not may_read(user, c, org):
        raise Forbidden(f"collaboration {c.id} is not yours and your department has no part "
                        "in it")


def may_act(user: User, part: Part, org: Org) -> bool:
    """The part's liaisons, its department's head, a coordinator or an admin."""
    if is_coordinator(user, org):
        return True
    if not user.staff_id or part.department is None:
        return False
    head = org.department(part.department).head if org.has_department(part.department) \
        else None
    return user.staff_id in (part.liaisons or []) or user.staff_id == head


def check_act(user: User, part: Part, org: Org, what: str) -> None:
    if not may_act(user, part, org):
        raise Forbidden(f"{what}: part {part.id} belongs to {part.department}; only its "
                        f"liaisons ({', '.join(part.liaisons or []) or 'none'}), its head, a "
                        "coordinator or an admin act on it")


def _check_requester(user: User, c: Collaboration, what: str) -> None:
    if c.requester_id != user.id and not user.has_role("admin"):
        raise Forbidden(f"{what}: only the requester of collaboration {c.id} (or an admin) "
                        "does this")


def _check_approver(user: User, c: Collaboration, org: Org) -> None:
    if user.has_role("planner"):
        return
    heads = {org.department(p.department).head for p in c.parts
             if p.department and org.has_department(p.department)}
    if user.staff_id is None or user.staff_id not in heads:
        raise Forbidden(f"approve: needs a planner or the head of a department in "
                        f"collaboration {c.id}")


# --------------------------------------------------------------------------------- start


def suggest_parts(*, settings: Settings, org: Org, text: str) -> list[dict[str, Any]]:
    """Departments the text asks for work, lead first, each with the span that asks it —
    the routing splitter (``dispatch.requests.routing.suggest_parts``, the same function as
    ``dispatch route predict --json``'s ``parts``). The form shows them to edit, never
    starts a collaboration from them unseen. A text over the request limit is a 413 naming
    it, as for a request, a prediction or a collaboration's background."""
    from dispatch.requests import routing

    within_limit(text.strip(), settings.max_request_chars, "text", field_key="field_text")
    return [p.model_dump() for p in routing.suggest_parts(settings=settings, org=org,
                                                          text=text)]


def start(*, db_session: Session, settings: Settings, org: Org, user: User, data: CollabIn,
          now: dt.datetime | None = None) -> Collaboration:
    """Validate and store a collaboration; every part goes to its department at once."""
    now = now or utcnow()
    clean = service.validate(data, org=org, requester=user, today=_today(org, now),
                             max_chars=settings.max_request_chars)
    c = service.create(db_session=db_session, data=clean, requester=user, now=now)
    service.record(db_session=db_session, c=c, action="start", actor=user, to_state="open",
                   note_key="collab_note_start",
                   note_args={"n": len(c.parts), "lead": c.lead_department,
                              "lead_name": org.department_name(c.lead_department)}, now=now)
    for part in c.parts:
        _hand_over(db_session=db_session, org=org, c=c, part=part, department=part.department,
                   actor=user, now=now)
    return c


def _hand_over(*, db_session: Session, org: Org, c: Collaboration, part: Part,
               department: str | None, actor: User | None, now: dt.datetime) -> None:
    """Give ``part`` to ``department``: its liaisons, its own ack clock, its follow-up."""
    if department is None:
        return
    if part.assignment_no:
        _close_ack(db_session, part, "system", done=False, note="handed over")
    part.department = department
    part.liaisons = org.liaisons(department)
    part.assignment_no = (part.assignment_no or 0) + 1
    part.assigned_at, part.acked_at = now, None
    policy = sla_policy(org)
    hours = policy.urgent_ack_hours if c.urgency == "urgent" else policy.ack_hours
    part.ack_due_at = add_working_hours(now, hours, org.work_calendar, org.tz, policy)
    due_local = part.ack_due_at.astimezone(org.tz)
    lang = org_language(org)
    subject = message("collab_part_subject", lang, title=c.title,
                      role=message(f"collab_role_{'lead' if part.role == 'lead' else 'support'}",
                                   lang),
                      urgent=message("collab_urgent", lang) if c.urgency == "urgent" else "")
    # a part ticked without words still says what the collaboration is about
    body = message("collab_part_body", lang, text=(part.text or c.background or c.title)[:500],
                   due=format_time(due_local, lang))
    notify_department(
        db_session=db_session, department=department, event="collab.part",
        subject=subject, body=body,
        mention=part.liaisons or None, link=link(c),
        dedupe_key=f"collab:{part.id}:part:{part.assignment_no}",
        payload={"collaboration_id": c.id, "part_id": part.id, "department": department,
                 "ack_due_at": part.ack_due_at.isoformat()})
    if part.liaisons:
        # each liaison also gets the part as a card with accept / return buttons by direct
        # app message where the org file has their id (no e-mail copy: the group's message
        # above already names them, and it carries nothing a colleague could act with)
        enqueue(db_session=db_session, event="collab.part", recipients=part.liaisons,
                subject=subject, body=body,
                link=link(c), bots=False, email=False, org=org,
                dedupe_key=f"collab:{part.id}:part:{part.assignment_no}:dm",
                payload={"collaboration_id": c.id, "part_id": part.id, "buttons": [
                    {"label": message("chat_btn_accept", lang),
                     "act": f"part.accept:{c.id}:{part.id}"},
                    {"label": message("chat_btn_return", lang),
                     "act": f"part.return:{c.id}:{part.id}", "needs": "reason"}]})
        followups.track(db_session=db_session, kind=ACK_KIND, ref_id=ack_ref(part),
                        title=message("collab_ack_title", lang, title=c.title,
                                      dept=org.department(department).name),
                        owners=part.liaisons, department=department, due=part.ack_due_at,
                        link=link(c), announce=False, org=org)


def _close_ack(db_session: Session, part: Part, by: str, *, done: bool, note: str) -> None:
    fu = followups.get_by_ref(db_session=db_session, kind=ACK_KIND, ref_id=ack_ref(part))
    if fu is None or fu.status != "open":
        return
    if done:
        followups.complete(db_session=db_session, followup_id=fu.id, by=by, note=note,
                           sync=True)
    else:
        followups.cancel(db_session=db_session, followup_id=fu.id, by=by, note=note)


def _tell_requester(db_session: Session, org: Org, c: Collaboration, event: str,
                    subject: str, body: str = "", key: str = "") -> None:
    requester = db_session.get(User, c.requester_id)
    if requester is None or not requester.staff_id or not org.has_person(requester.staff_id):
        return
    notify_staff(db_session=db_session, staff_ids=[requester.staff_id], event=event,
                 subject=subject, body=body, link=link(c),
                 dedupe_key=f"collab:{c.id}:{event}:{key}")


def _tell_informed(db_session: Session, org: Org, c: Collaboration, part: Part,
                   what: str) -> None:
    """Informed (I) departments of the part's tasks get a message, nothing to do."""
    informed = {e["department"] for t in c.tasks if t.part_id == part.id
                for e in (t.raci or {}).get("I", [])}
    for d in sorted(informed - {c.requester_department, part.department}):
        if org.has_department(d):
            notify_department(db_session=db_session, department=d, event="collab.informed",
                              subject=message("collab_informed_subject",
                                              org_language(org), title=c.title, what=what),
                              link=link(c),
                              dedupe_key=f"collab:{part.id}:informed:{d}:{what}")


# ---------------------------------------------------------------------- part's actions


def act(*, db_session: Session, org: Org, user: User, c: Collaboration, part: Part,
        action: str, note: str = "", department: str | None = None,
        now: dt.datetime | None = None, seen: str | None = None) -> Part:
    """accept / return / start / finish a part (its department's people), or reassign a
    returned one (a coordinator). ``seen``: the part's state as the actor saw it (409 when
    it has moved since)."""
    now = now or utcnow()
    # one part's step can decide the whole collaboration's (the last part done: delivered):
    # the collaboration's row serialises its parts' steps, and they are read after the lock
    lock_row(db_session, c)
    for p in c.parts:
        db_session.refresh(p)
    service.check_open(c)
    try:
        act_ = PartAction(action)
    except ValueError:
        raise InvalidInput(f"action: use accept, return, start, finish or reassign, not "
                           f"{action!r}", key="collab_err_action") from None
    if act_ is PartAction.reopen:
        raise InvalidInput(f"reopen is the requester's: POST /api/collab/{c.id}/reopen",
                           key="collab_err_reopen_requester")
    if act_ is PartAction.reassign:
        return _reassign(db_session=db_session, org=org, user=user, c=c, part=part,
                         department=department, note=note, now=now, seen=seen)
    check_act(user, part, org, act_.value)
    dept_name = org.department(part.department).name if part.department and \
        org.has_department(part.department) else part.department
    if act_ is PartAction.return_:
        return _return(db_session=db_session, org=org, user=user, c=c, part=part,
                       reason=note, department=department, now=now, seen=seen)
    service.apply_part(db_session=db_session, c=c, part=part, action=act_, actor=user,
                       note=note, now=now, seen=seen)
    if act_ is PartAction.accept:
        _close_ack(db_session, part, user.name, done=True, note="accepted")
        if not any(t.part_id == part.id and t.status != "cancelled" for t in c.tasks):
            service.add_task(db_session=db_session, org=org, c=c, part=part,
                             fields={"title": part.text or f"{dept_name}：{c.title}",
                                     "effort_hours": service.DEFAULT_TASK_EFFORT_H},
                             today=_today(org, now))
            _ask_consulted(db_session, org, c, part)
    elif act_ is PartAction.finish:
        service.close_tasks(db_session=db_session, c=c, part=part, status="done")
        _maybe_delivered(db_session=db_session, org=org, c=c, now=now)
    lang = org_language(org)
    step = message(f"collab_step_{act_.value}", lang, dept=dept_name)
    _tell_requester(db_session, org, c, f"collab.part_{act_.value}",
                    message("collab_step_subject", lang, step=step, title=c.title), note,
                    key=f"{part.id}.{part.assignment_no}")
    _tell_informed(db_session, org, c, part, step)
    return part


def _ask_consulted(db_session: Session, org: Org, c: Collaboration, part: Part) -> None:
    """Consulted (C) parties are asked for their view of the part's tasks."""
    people: set[str] = set()
    for t in c.tasks:
        if t.part_id != part.id:
            continue
        for e in (t.raci or {}).get("C", []):
            who = e.get("person") or (org.department(e["department"]).head
                                      if org.has_department(e["department"]) else None)
            if who and org.has_person(who):
                people.add(who)
    if people:
        lang = org_language(org)
        notify_staff(db_session=db_session, staff_ids=sorted(people), event="collab.consulted",
                     subject=message("collab_consulted_subject", lang, title=c.title,
                                     dept=org.department_name(part.department)),
                     body=message("collab_consulted_body", lang), link=link(c),
                     dedupe_key=f"collab:{part.id}:consulted:{part.assignment_no}")


def _return(*, db_session: Session, org: Org, user: User, c: Collaboration, part: Part,
            reason: str, department: str | None, now: dt.datetime,
            seen: str | None = None) -> Part:
    """退单: to the department the returner names, else to triage; other parts untouched."""
    reason = (reason or "").strip()
    if not reason:
        raise InvalidInput("reason: say why the part is returned (退单需要理由)",
                           key="collab_err_return_reason")
    target = _target(org, c, part, department) if department else None
    returner = part.department
    service.apply_part(db_session=db_session, c=c, part=part, action=PartAction.return_,
                       actor=user, note=reason, now=now, seen=seen)
    _close_ack(db_session, part, user.name, done=True, note=f"returned: {reason}")
    service.close_tasks(db_session=db_session, c=c, part=part, status="cancelled")
    lang = org_language(org)
    _tell_requester(db_session, org, c, "collab.part_returned",
                    message("collab_returned_subject", lang, title=c.title,
                            dept=org.department_name(returner)),
                    message("collab_reason", lang, reason=reason),
                    key=f"{part.id}.{part.assignment_no}")
    if target is not None:
        _move(db_session=db_session, org=org, c=c, part=part, department=target, actor=user,
              note_key="collab_note_rerouted", note_args={"by": user.name}, now=now)
    return part


def _target(org: Org, c: Collaboration, part: Part, department: str) -> str:
    found = org.find_department(str(department))
    if found is None:
        raise InvalidInput(f"department: unknown department {department!r}",
                           details={"known": [d.id for d in org.departments]},
                           key="err_dept_unknown",
                           args={"where": "department", "value": department})
    if found.id in (part.returned_by or []) or found.id == part.department:
        raise InvalidInput(f"department: {found.id} already returned this part",
                           key="collab_err_returned_by", args={"dept": found.name})
    if any(p.department == found.id and p.id != part.id and p.state != "returned"
           for p in c.parts):
        raise InvalidInput(f"department: {found.id} already has a part in this collaboration",
                           key="collab_err_has_part", args={"dept": found.name})
    return found.id


def _move(*, db_session: Session, org: Org, c: Collaboration, part: Part, department: str,
          actor: User | None, now: dt.datetime, note: str = "", note_key: str | None = None,
          note_args: dict[str, Any] | None = None) -> None:
    src = part.state
    if not compare_and_set(db_session, part, {"state": src, "assignment_no": part.assignment_no},
                           {"state": PartState.pending.value}):
        raise Conflict(f"part {part.id} changed meanwhile: it is {part.state}, with "
                       f"{part.department}", details={"state": part.state},
                       key="collab_err_part_changed",
                       args={"state_key": f"part_st_{part.state}",
                             "dept": org.department_name(part.department)})
    part.state = PartState.pending.value
    part.return_reason = ""
    _hand_over(db_session=db_session, org=org, c=c, part=part, department=department,
               actor=actor, now=now)
    if part.role == "lead":
        c.lead_department = department
    service.record(db_session=db_session, c=c, action="reassign", actor=actor, part=part,
                   from_state=src, to_state=part.state, note=note, note_key=note_key,
                   note_args=note_args, now=now)


def _reassign(*, db_session: Session, org: Org, user: User, c: Collaboration, part: Part,
              department: str | None, note: str, now: dt.datetime,
              seen: str | None = None) -> Part:
    if not is_coordinator(user, org):
        raise Forbidden("reassign: a coordinator (planner without a department) or an admin "
                        "decides where a returned part goes")
    if part.state != PartState.returned.value or seen not in (None, part.state):
        raise Conflict(f"part {part.id} is {part.state}; only a returned part is reassigned",
                       details={"state": part.state},
                       key="collab_err_reassign_state", args={"state_key": f"part_st_{part.state}"})
    if not department:
        raise InvalidInput("department: name where the part goes", key="collab_err_reassign_where")
    target = _target(org, c, part, department)
    _move(db_session=db_session, org=org, c=c, part=part, department=target, actor=user,
          note=note, note_key=None if note else "collab_note_triage", now=now)
    return part


def _maybe_delivered(*, db_session: Session, org: Org, c: Collaboration,
                     now: dt.datetime) -> None:
    live = [p for p in c.parts if p.state != PartState.returned.value]
    if live and all(p.state == PartState.done.value for p in live):
        c.state, c.delivered_at = CollabState.delivered.value, now
        service.record(db_session=db_session, c=c, action="delivered", actor=None,
                       from_state="open", to_state="delivered", now=now)
        _tell_requester(db_session, org, c, "collab.delivered",
                        message("collab_delivered_subject", org_language(org),
                                title=c.title), key=str(now.timestamp()))


def visible(*, db_session: Session, org: Org, user: User, state: str | None = None,
            mine: bool = False, limit: int = 100) -> list[Collaboration]:
    """What ``user`` may list: a planner everything (unless ``mine``); others what they
    started and what their department has a part in."""
    if user.has_role("planner") and not mine:
        return service.list_collabs(db_session=db_session, state=state, limit=limit)
    dept = _staff_dept(user, org)
    return service.list_collabs(db_session=db_session, state=state, requester_id=user.id,
                                departments=[dept] if dept and not mine else None,
                                limit=limit)


def inbox(*, db_session: Session, org: Org, user: User,
          now: dt.datetime | None = None) -> list[dict[str, Any]]:
    """The parts this person answers for (liaison, head; coordinators see all) that wait
    for an answer or are being worked: unanswered first, by deadline. A coordinator also
    gets the parts returned to triage (退单 naming no department), first: nobody else
    will move them."""
    now = now or utcnow()
    rows = []
    states = ("pending", "accepted", "in_progress")
    if is_coordinator(user, org):
        states = ("returned", *states)
    for c in service.list_collabs(db_session=db_session, limit=500):
        if c.state == CollabState.closed.value:
            continue
        for p in c.parts:
            if p.state in states and may_act(user, p, org):
                rows.append({"c": c, "p": p, "overdue": p.state == "pending"
                             and p.ack_due_at is not None and p.ack_due_at < now})
    order = {"returned": -1, "pending": 0, "accepted": 1, "in_progress": 2}
    far = dt.datetime.max.replace(tzinfo=dt.UTC)
    rows.sort(key=lambda r: (order[r["p"].state], r["p"].ack_due_at or far))
    return rows


def permissions(user: User, c: Collaboration, org: Org) -> dict[str, Any]:
    """What the board offers this person (the same rules the actions check)."""
    can = {p.id: may_act(user, p, org) for p in c.parts}
    lead = next((p for p in c.parts if p.role == "lead"), None)
    heads = {org.department(p.department).head for p in c.parts
             if p.department and org.has_department(p.department)}
    return {"can": can,
            "is_requester": c.requester_id == user.id or user.has_role("admin"),
            "can_plan": user.has_role("planner") or (lead is not None and can[lead.id]),
            "can_approve": user.has_role("planner") or user.staff_id in heads,
            "coordinator": is_coordinator(user, org)}


def triage(*, db_session: Session) -> list[Part]:
    """Returned parts waiting for a coordinator, oldest first."""
    from sqlalchemy import select

    return list(db_session.scalars(select(Part).where(Part.state == PartState.returned.value)
                                   .order_by(Part.id)))


# ---------------------------------------------------------------------------- tasks / plan


def add_task(*, db_session: Session, org: Org, user: User, c: Collaboration, part: Part,
             fields: dict[str, Any]) -> Any:
    service.check_open(c)
    check_act(user, part, org, "add task")
    if part.state not in (PartState.accepted.value, PartState.in_progress.value):
        raise Conflict(f"part {part.id} is {part.state}; tasks are added once it is accepted",
                       key="collab_err_task_state", args={"state_key": f"part_st_{part.state}"})
    t = service.add_task(db_session=db_session, org=org, c=c, part=part, fields=fields,
                         today=_today(org))
    _ask_consulted(db_session, org, c, part)
    return t


def update_task(*, db_session: Session, org: Org, user: User, c: Collaboration,
                task_id: int, fields: dict[str, Any], seen: dict[str, Any] | None = None
                ) -> Any:
    service.check_open(c)
    task = service.task_or_404(c, task_id)
    part = service.part_or_404(c, task.part_id)
    check_act(user, part, org, "edit task")
    # what the edit is made against: taken before the lock, whose refresh of the
    # collaboration reaches its tasks
    shown = {**service.task_view(task), **(seen or {})}
    # the collaboration's row first, as a part's step takes it (a finished part closes its
    # tasks): the edit then sees what a step committed meanwhile
    lock_row(db_session, c)
    service.check_open(c)
    service.update_task(db_session=db_session, org=org, c=c, task=task, fields=fields,
                        today=_today(org), seen=shown)
    refresh_risk(db_session=db_session, org=org, c=c)
    return task


def add_minutes(*, db_session: Session, org: Org, user: User, c: Collaboration,
                data: bytes, filename: str) -> dict[str, Any]:
    """A kick-off meeting's minutes: each action item becomes a task of its department's
    part (the lead's when it names no department), due at the item's date, with the roles
    the line gives (「周杰牵头，王芳配合，赵敏审批预算」 → R, C, A). An item for a department
    without an accepted part is reported as skipped, not dropped silently."""
    from nlp.minutes.extract import extract
    from nlp.raci import roles
    from nlp.readers import MinutesInputError

    service.check_open(c)
    lead = next((p for p in c.parts if p.role == "lead"), None)
    if not (c.requester_id == user.id or user.has_role("planner")
            or (lead is not None and may_act(user, lead, org))):
        raise Forbidden("minutes: the requester, the lead department or a planner adds them")
    today = _today(org)
    try:
        result = extract(data, filename, org, meeting_date=today)
    except MinutesInputError as e:
        raise InvalidInput(str(e), key=e.key, args=e.params) from None
    if not result.action_items:  # said, not "added" with nothing added
        raise InvalidInput("minutes: no action item found (write one a line, e.g. "
                           "「周杰12月10日前交海报」)", key="collab_err_no_items")
    live = {p.department: p for p in c.parts
            if p.state in (PartState.accepted.value, PartState.in_progress.value)}
    added, skipped = [], []
    lang = org_language(org)
    for item in result.action_items:
        dept = item.department or (org.person(item.owners[0]).department
                                   if item.owners and org.has_person(item.owners[0]) else None)
        if dept is None:  # nobody named: the lead holds it
            part = live.get(lead.department or "") if lead else None
        else:
            part = live.get(dept)
        if part is None:
            args = {"dept": dept or message("collab_no_department", "en"),
                    "dept_name": org.department_name(dept) if dept
                    else message("collab_no_department", "zh")}
            skipped.append({"task": item.task, "reason": message("collab_skip_no_part", "en",
                                                                 **args),
                            "reason_key": "collab_skip_no_part", "reason_args": args,
                            "localized_reason": message("collab_skip_no_part", lang, **args)})
            continue
        said = roles(item.source.text, org)
        r_people = said["R"] or [o for o in item.owners if org.has_person(o)]
        fields: dict[str, Any] = {"title": item.task,
                                  "effort_hours": service.DEFAULT_TASK_EFFORT_H}
        if item.due is not None and item.due >= today and (c.due is None or item.due <= c.due):
            fields["due"] = item.due
        raci = service.default_raci(c, org, part, responsible=r_people[0] if r_people else None)

        def entries(ids: list[str]) -> list[dict[str, Any]]:
            return [{"department": org.person(i).department, "person": i} for i in ids]

        # what the line says wins; a default stays only for a department it does not name
        named = {k: entries(v) for k, v in said.items()}
        named_depts = {e["department"] for v in named.values() for e in v}
        for letter in ("R", "A", "C", "I"):
            if letter in ("R", "A") and named[letter]:
                raci[letter] = named[letter]
            else:
                raci[letter] = named[letter] + [e for e in raci[letter]
                                                if e["department"] not in named_depts]
        fields["raci"] = service.clean_raci(c, org, raci)
        t = service.add_task(db_session=db_session, org=org, c=c, part=part, fields=fields,
                             today=today)
        added.append({"task": t.id, "title": t.title, "department": t.department,
                      "due": t.due.isoformat() if t.due else None, "raci": t.raci,
                      "line": item.source.line})
    service.record(db_session=db_session, c=c, action="minutes", actor=user,
                   note_key="collab_note_minutes",
                   note_args={"file": filename, "n": len(added), "skipped": len(skipped)})
    for p in {live[a["department"]] for a in added if a["department"] in live}:
        _ask_consulted(db_session, org, c, p)
    return {"added": added, "skipped": skipped}


PLAN_JOB = "collab.plan"


def _plan_doc(*, db_session: Session, org: Org, user: User, c: Collaboration,
              now: dt.datetime | None) -> dict[str, Any]:
    """Check that ``user`` may propose ``c``'s plan and read what the solver is given."""
    from dispatch.plans import service as plans
    from dispatch.plans.models import WorkTask

    service.check_open(c)
    lead = next((p for p in c.parts if p.role == "lead"), None)
    if not (user.has_role("planner") or (lead is not None and may_act(user, lead, org))):
        raise Forbidden("plan: the lead department's liaisons or a planner propose the plan")
    open_ids = [t.work_task_id for t in c.tasks if t.status == "open" and t.work_task_id]
    tasks = [db_session.get(WorkTask, i) for i in open_ids]
    tasks = [t for t in tasks if t is not None]
    if not tasks:
        raise InvalidInput("no open tasks to staff yet: parts become tasks when accepted",
                           key="collab_err_no_tasks")
    now = now or utcnow()
    today = _today(org, now)
    last = max([t.due for t in tasks if t.due] + [c.due or today, today])
    horizon = min(max((last - today).days + 1, MIN_HORIZON_DAYS), 366)
    doc = plans.scoped_doc(db_session=db_session, org=org, scope=f"collab:{c.id}",
                           tasks=tasks, start=today, horizon_days=horizon)
    # today holds only the office hours left of it (a plan asked at 19:00 starts tomorrow)
    left = working_hours_left(now, org.work_calendar, org.tz, sla_policy(org))
    doc["start_hours_left"] = math.floor(left * 4) / 4  # whole quarter hours
    return doc


def store_plan(*, db_session: Session, c: Collaboration, doc: dict[str, Any],
               plan: dict[str, Any], actor: User | None) -> Any:
    """Store a solved plan as ``c``'s draft proposal (the request's checks passed when it
    was asked for; a collaboration closed meanwhile takes none)."""
    from dispatch.plans import service as plans

    lock_row(db_session, c)
    service.check_open(c)
    p = plans.store_proposal(db_session=db_session, doc=doc, plan=plan,
                             actor_id=actor.id if actor else None, parent_id=None, changes=[])
    c.proposal_id = p.id
    service.record(db_session=db_session, c=c, action="plan", actor=actor,
                   note_key="collab_note_plan",
                   note_args={"version": p.version, "status": p.plan.get("status"),
                              "status_key": f"plan_status_{p.plan.get('status')}",
                              "n": len(p.plan.get("assignments", [])),
                              "unassigned": len(p.plan.get("unassigned", []))})
    return p


def request_plan(*, db_session: Session, org: Org, user: User, c: Collaboration,
                 time_limit: float = 10.0, now: dt.datetime | None = None,
                 inline: bool = False) -> Any:
    """资源调配方案, asked from a request: checked and read now (a refusal is a 403/422 at
    once), solved by the worker (``dispatch.collab.jobs``), which stores the draft on the
    collaboration. The job (subject ``collab:<id>``) is what the API and the board poll.
    Why: seconds of solver CPU inside a web request made every other request wait."""
    from dispatch.jobs import service as jobs

    doc = _plan_doc(db_session=db_session, org=org, user=user, c=c, now=now)
    return jobs.enqueue(db_session=db_session, kind=PLAN_JOB, subject=f"collab:{c.id}",
                        actor=user, inline=inline,
                        params={"collab_id": c.id, "doc": doc, "time_limit": time_limit,
                                "actor_id": user.id})


def plan_solving(*, db_session: Session, c: Collaboration,
                 lang: str = "en") -> dict[str, Any] | None:
    """The plan asked last, while the worker has not stored it or if it failed: its job,
    status, error (in ``lang``, the page's) and ``no_worker`` (nothing is doing the jobs);
    None otherwise. The board shows "solving…" and reloads meanwhile, the error, or that no
    worker runs."""
    from dispatch.jobs import service as jobs

    job = jobs.latest(db_session=db_session, subject=f"collab:{c.id}", kind=PLAN_JOB)
    if job is None or job.status == "done":
        return None
    return {"job": job.id, "status": job.status, "error": jobs.error_said(job, lang),
            "no_worker": jobs.no_worker(db_session=db_session, job=job)}


def propose(*, db_session: Session, org: Org, user: User, c: Collaboration,
            time_limit: float = 10.0, now: dt.datetime | None = None) -> Any:
    """资源调配方案 solved here (the CLI, the demo): the planner's engine staffs every open
    task of the accepted parts, within capacity, leave and deadlines, around the work
    already approved elsewhere. The web server records a job instead (:func:`request_plan`)."""
    from dispatch.plans import service as plans

    doc = _plan_doc(db_session=db_session, org=org, user=user, c=c, now=now)
    plan = plans.solve_doc(org, doc, time_limit)
    return store_plan(db_session=db_session, c=c, doc=doc, plan=plan, actor=user)


def approve(*, db_session: Session, org: Org, user: User, c: Collaboration) -> Any:
    """Approve the collaboration's proposal: each person is told their work (plans)."""
    from dispatch.plans import service as plans

    service.check_open(c)
    _check_approver(user, c, org)
    if c.proposal_id is None:
        raise Conflict(f"no plan proposed yet: POST /api/collab/{c.id}/plan first",
                       key="collab_err_no_plan")
    p = plans.get(db_session=db_session, proposal_id=c.proposal_id)
    items = plans.approve(db_session=db_session, proposal=p, actor=user)
    c.plan_approved_at = utcnow()
    _name_responsible(c, org, p.plan.get("assignments", []))
    service.record(db_session=db_session, c=c, action="approve", actor=user,
                   note_key="collab_note_approve",
                   note_args={"version": p.version, "n": len(items)})
    refresh_risk(db_session=db_session, org=org, c=c, notify=False)
    return items


def _name_responsible(c: Collaboration, org: Org, assignments: list[dict[str, Any]]) -> None:
    """The plan names who is Responsible: the R entry of each task gets its person."""
    staff = {a["task"]: a["staff"] for a in assignments}
    for t in c.tasks:
        who = staff.get(f"W{t.work_task_id}")
        if who is None or not t.raci:
            continue
        raci = {k: [dict(e) for e in v] for k, v in t.raci.items()}
        for e in raci.get("R", []):
            if e["department"] == t.department:
                e["person"] = who
        t.raci = raci


def refresh_risk(*, db_session: Session, org: Org, c: Collaboration, notify: bool = True,
                 now: dt.datetime | None = None) -> list[Part]:
    """Recompute each part's risk; the requester hears of every rise. Returns risen parts."""
    today = _today(org, now)
    risks = service.task_risks(c, org, service.active_items(db_session), today)
    risen = []
    lang = org_language(org)
    for p in c.parts:
        level = service.part_board(c, p, risks, today)["risk"]
        old = p.risk
        p.risk = level
        if level and RISK_ORDER[level] > RISK_ORDER.get(old or "low", 0):
            risen.append(p)
            if notify:
                _tell_requester(db_session, org, c, "collab.risk",
                                message("collab_risk_subject", lang, title=c.title,
                                        risk=message(f"collab_risk_{level}", lang),
                                        dept=org.department_name(p.department)),
                                key=f"{p.id}:{level}:{today.isoformat()}")
    return risen


# -------------------------------------------------------------------------------- closing


def accept_result(*, db_session: Session, org: Org, user: User, c: Collaboration,
                  note: str = "") -> Collaboration:
    """验收: the requester accepts the delivered result; the collaboration closes."""
    _check_requester(user, c, "accept")
    service.check_open(c)
    if c.state != CollabState.delivered.value:
        raise Conflict(f"collaboration {c.id} is {c.state}; 验收 comes after every part is "
                       "done (delivered)",
                       key="collab_err_accept_state", args={"state_key": f"cs_{c.state}"})
    now = utcnow()
    if not compare_and_set(db_session, c, {"state": CollabState.delivered.value},
                           {"state": CollabState.closed.value}):
        raise Conflict(f"collaboration {c.id} is {c.state} now", details={"state": c.state})
    c.state, c.closed_at = CollabState.closed.value, now
    service.record(db_session=db_session, c=c, action="accept_result", actor=user,
                   from_state="delivered", to_state="closed", note=note, now=now)
    return c


def reopen(*, db_session: Session, org: Org, user: User, c: Collaboration, reason: str,
           departments: list[str] | None = None) -> Collaboration:
    """Not accepted: the named departments' parts (default: the lead's) go back to work."""
    _check_requester(user, c, "reopen")
    service.check_open(c)
    if c.state != CollabState.delivered.value:
        raise Conflict(f"collaboration {c.id} is {c.state}; only a delivered result is "
                       "reopened",
                       key="collab_err_reopen_state", args={"state_key": f"cs_{c.state}"})
    reason = (reason or "").strip()
    if not reason:
        raise InvalidInput("reason: say what is missing or wrong (重开需要理由)",
                           key="collab_err_reopen_reason")
    wanted = [service._dept(org, d, "departments") for d in departments or []] or \
        [c.lead_department]
    parts = []
    for d in wanted:
        match = [p for p in c.parts if p.department == d and p.state == PartState.done.value]
        if not match:
            raise InvalidInput(f"departments: {d} has no finished part to reopen",
                               key="collab_err_reopen_dept", args={"dept": org.department_name(d)})
        parts.extend(match)
    now = utcnow()
    if not compare_and_set(db_session, c, {"state": CollabState.delivered.value},
                           {"state": CollabState.open.value}):
        raise Conflict(f"collaboration {c.id} is {c.state} now", details={"state": c.state})
    for p in parts:
        service.apply_part(db_session=db_session, c=c, part=p, action=PartAction.reopen,
                           actor=user, note=reason, now=now)
        service.reopen_tasks(db_session=db_session, c=c, part=p)
        if p.liaisons:
            notify_staff(db_session=db_session, staff_ids=p.liaisons, event="collab.reopened",
                         subject=message("collab_reopened_subject", org_language(org),
                                         title=c.title),
                         body=message("collab_reason", org_language(org), reason=reason),
                         link=link(c), dedupe_key=f"collab:{p.id}:reopened:{now.timestamp()}")
    c.state, c.delivered_at, c.reopen_reason = CollabState.open.value, None, reason
    service.record(db_session=db_session, c=c, action="reopen", actor=user,
                   from_state="delivered", to_state="open", note=reason, now=now)
    return c


def rate(*, db_session: Session, org: Org, user: User, c: Collaboration, department: str,
         score: Any, comment: str = "") -> Any:
    _check_requester(user, c, "rate")
    if c.state == CollabState.open.value:
        raise Conflict(f"collaboration {c.id} is still open; rate once the result is "
                       "delivered", key="collab_err_rate_open")
    return service.rate(db_session=db_session, c=c, user=user, department=department,
                        score=score, comment=comment, org=org)


MAX_RETRO_CHARS = 20_000  # each of the 复盘's two boxes


def retro(*, db_session: Session, org: Org, user: User, c: Collaboration, went_well: str,
          to_change: str) -> Collaboration:
    """复盘: what went well, what to change — the requester, the lead's people, a planner."""
    lead = next((p for p in c.parts if p.role == "lead"), None)
    if not (c.requester_id == user.id or user.has_role("planner")
            or (lead is not None and may_act(user, lead, org))):
        raise Forbidden("retro: the requester, the lead department or a planner writes it")
    if c.state == CollabState.open.value:
        raise Conflict(f"collaboration {c.id} is still open; the 复盘 comes at the end",
                       key="collab_err_retro_open")
    for name, v in (("went_well", went_well), ("to_change", to_change)):
        within_limit(v or "", MAX_RETRO_CHARS, name, field_key=f"collab_{name}",
                     error=InvalidInput)
    c.retro_went_well, c.retro_to_change = (went_well or "").strip(), (to_change or "").strip()
    service.record(db_session=db_session, c=c, action="retro", actor=user)
    return c


# --------------------------------------------------------------- follow-up hooks (ack)


def _part_of_ref(db_session: Session, ref_id: str) -> tuple[Part | None, int | None]:
    head, _, n = ref_id.partition(".")
    if not head.isdigit():
        return None, None
    return db_session.get(Part, int(head)), int(n) if n.isdigit() else None


def _ack_open(db_session: Session, ref_id: str) -> bool:
    part, n = _part_of_ref(db_session, ref_id)
    return part is None or (part.state == PartState.pending.value and part.assignment_no == n)


def _ack_done(db_session: Session, ref_id: str, by: str) -> None:
    """A liaison pressing 「完成」 on the reminder accepts the part."""
    part, n = _part_of_ref(db_session, ref_id)
    if part is None or part.state != PartState.pending.value or part.assignment_no != n:
        return
    from dispatch.orgdir.service import current_org

    c = part.collaboration
    org = current_org(db_session=db_session)
    service.apply_part(db_session=db_session, c=c, part=part, action=PartAction.accept,
                       actor=None, note_key="collab_note_reminder_ack",
                       note_args={"by": by})
    if org is not None and not any(t.part_id == part.id for t in c.tasks):
        service.add_task(db_session=db_session, org=org, c=c, part=part,
                         fields={"title": part.text or c.title,
                                 "effort_hours": service.DEFAULT_TASK_EFFORT_H},
                         today=_today(org))


def register_followup_kinds() -> None:
    """The follow-up kind of parts' acknowledgement clocks (``dispatch.registry`` calls it)."""
    followups.register_kind(ACK_KIND, is_open=_ack_open, on_done=_ack_done)
