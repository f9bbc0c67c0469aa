"""Collaborations: validation, storage, part transitions, tasks, board, metrics.

Keyword-only functions that know nothing of HTTP. Whether a *user* may do something is
decided in ``flows``; here a change is only checked against the data and the state machine.
Everything a caller does happens in its one transaction: a validation error raised before
the first write leaves nothing behind, and the API's session rolls back on any error.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from dispatch.collab.models import Collaboration, CollabTask, Part, PartEvent, Rating
from dispatch.db import compare_and_set, lock_for_edit, utcnow
from dispatch.errors import Conflict, InvalidInput, NotFound
from dispatch.plans.models import WorkItem, WorkTask
from dispatch.text_limits import within_limit
from dispatch.users.models import User
from models.collab import (
    RACI_LETTERS,
    RISK_ZH,
    ROLES,
    STATUS_ZH,
    URGENCIES,
    Capacity,
    CollabState,
    IllegalPartTransition,
    PartAction,
    PartState,
    board_status,
    free_hours,
    next_part_state,
    part_actions,
    raci_for,
    risk_level,
    worst,
)
from models.org import Org
from models.plan import check_effort

MAX_TITLE_CHARS = 200
MAX_PARTS = 20
MAX_MILESTONES = 30
DEFAULT_TASK_EFFORT_H = 8.0
SYSTEM_ACTOR = "system"


@dataclass
class PartIn:
    department: str
    text: str = ""
    role: str | None = None


@dataclass
class MilestoneIn:
    name: str
    date: dt.date


@dataclass
class CollabIn:
    """《跨部门协作需求登记表》 as submitted (validated by :func:`validate`)."""

    title: str
    parts: list[PartIn]
    background: str = ""
    goal: str = ""
    expected_outcome: str = ""
    urgency: str = "normal"
    milestones: list[MilestoneIn] = field(default_factory=list)
    due: dt.date | None = None
    requester_department: str | None = None


def _dept(org: Org, value: str | None, where: str) -> str:
    if value is None or not str(value).strip():
        raise InvalidInput(f"{where}: a department is needed",
                           key="err_dept_needed", args={"where": where})
    found = org.find_department(str(value))
    if found is None:
        raise InvalidInput(f"{where}: unknown department {value!r}",
                           details={"known": [d.id for d in org.departments]},
                           key="err_dept_unknown", args={"where": where, "value": str(value)})
    return found.id


def validate(data: CollabIn, *, org: Org, requester: User, today: dt.date,
             max_chars: int) -> CollabIn:
    """A cleaned copy: lead part first, departments as ids; InvalidInput names the field."""
    title = " ".join((data.title or "").split())
    if not title:
        raise InvalidInput("title: a collaboration needs a title (项目名称)",
                           key="collab_err_title")
    within_limit(title, MAX_TITLE_CHARS, "title", field_key="field_title", error=InvalidInput)
    texts = {}
    for name in ("background", "goal", "expected_outcome"):
        v = (getattr(data, name) or "").strip()
        texts[name] = within_limit(v, max_chars, name, field_key=f"field_{name}")
    if data.urgency not in URGENCIES:
        raise InvalidInput(f"urgency: use one of {', '.join(URGENCIES)}, not {data.urgency!r}",
                           key="collab_err_urgency")
    if not data.parts:
        raise InvalidInput("parts: name at least one department and what it is asked to do",
                           key="collab_err_no_parts")
    if len(data.parts) > MAX_PARTS:
        raise InvalidInput(f"parts: {len(data.parts)} parts; the limit is {MAX_PARTS}",
                           key="collab_err_many_parts",
                           args={"n": len(data.parts), "limit": MAX_PARTS})
    parts: list[PartIn] = []
    seen: set[str] = set()
    for i, p in enumerate(data.parts):
        dept = _dept(org, p.department, f"parts[{i}].department")
        if dept in seen:
            raise InvalidInput(f"parts[{i}].department: {dept} is asked twice; one part per "
                               "department (put both asks in its text)",
                               key="collab_err_part_twice",
                               args={"dept": org.department_name(dept)})
        seen.add(dept)
        if p.role is not None and p.role not in ROLES:
            raise InvalidInput(f"parts[{i}].role: use lead or support, not {p.role!r}",
                               key="collab_err_role")
        text = within_limit((p.text or "").strip(), max_chars, f"parts[{i}].text",
                            field_key="field_part_text")
        parts.append(PartIn(department=dept, text=text, role=p.role))
    leads = [p for p in parts if p.role == "lead"]
    if len(leads) > 1:
        raise InvalidInput("parts: more than one lead; a collaboration has one lead department",
                           key="collab_err_two_leads")
    lead = leads[0] if leads else parts[0]
    ordered = [lead] + [p for p in parts if p is not lead]
    ordered = [PartIn(p.department, p.text, "lead" if p is lead else "support") for p in ordered]

    if data.due is not None and data.due < today:
        raise InvalidInput(f"due: {data.due.isoformat()} is in the past (today is "
                           f"{today.isoformat()} in {org.timezone})",
                           key="err_due_past",
                           args={"due": data.due.isoformat(), "today": today.isoformat()})
    if len(data.milestones) > MAX_MILESTONES:
        raise InvalidInput(f"milestones: {len(data.milestones)}; the limit is {MAX_MILESTONES}",
                           key="collab_err_many_milestones",
                           args={"n": len(data.milestones), "limit": MAX_MILESTONES})
    milestones: list[MilestoneIn] = []
    names: set[str] = set()
    for i, m in enumerate(data.milestones):
        name = " ".join((m.name or "").split())
        if not name or len(name) > 100:
            raise InvalidInput(f"milestones[{i}].name: give a name of 1–100 characters",
                               key="collab_err_milestone_name")
        if name in names:
            raise InvalidInput(f"milestones[{i}].name: {name!r} is used twice",
                               key="collab_err_milestone_twice", args={"name": name})
        names.add(name)
        if m.date < today:
            raise InvalidInput(f"milestones[{i}] ({name}): {m.date.isoformat()} is in the past "
                               f"(today is {today.isoformat()})",
                               key="collab_err_milestone_past",
                               args={"name": name, "date": m.date.isoformat(),
                                     "today": today.isoformat()})
        if data.due is not None and m.date > data.due:
            raise InvalidInput(f"milestones[{i}] ({name}): {m.date.isoformat()} is after the "
                               f"due date {data.due.isoformat()}",
                               key="collab_err_milestone_after_due",
                               args={"name": name, "date": m.date.isoformat(),
                                     "due": data.due.isoformat()})
        milestones.append(MilestoneIn(name, m.date))
    milestones.sort(key=lambda m: m.date)

    from_dept = None
    if data.requester_department:
        from_dept = _dept(org, data.requester_department, "requester_department")
    elif requester.staff_id and org.has_person(requester.staff_id):
        from_dept = org.person(requester.staff_id).department
    return CollabIn(title=title, parts=ordered, urgency=data.urgency, milestones=milestones,
                    due=data.due, requester_department=from_dept, **texts)


def create(*, db_session: Session, data: CollabIn, requester: User,
           now: dt.datetime) -> Collaboration:
    """Store a validated collaboration and its parts (nobody is told yet: see flows)."""
    c = Collaboration(
        title=data.title, background=data.background, goal=data.goal,
        expected_outcome=data.expected_outcome, requester_id=requester.id,
        requester_department=data.requester_department,
        lead_department=data.parts[0].department, urgency=data.urgency,
        milestones=[{"name": m.name, "date": m.date.isoformat()} for m in data.milestones],
        due=data.due, state=CollabState.open.value, created_at=now, updated_at=now)
    db_session.add(c)
    db_session.flush()
    for i, p in enumerate(data.parts):
        db_session.add(Part(collaboration_id=c.id, position=i, department=p.department,
                            text=p.text, role=p.role or "support", liaisons=[],
                            state=PartState.pending.value, returned_by=[]))
    db_session.flush()
    db_session.refresh(c)
    return c


def get_or_404(*, db_session: Session, collab_id: int) -> Collaboration:
    c = db_session.get(Collaboration, collab_id)
    if c is None:
        raise NotFound(f"no collaboration {collab_id}")
    return c


def part_or_404(c: Collaboration, part_id: int) -> Part:
    for p in c.parts:
        if p.id == part_id:
            return p
    raise NotFound(f"collaboration {c.id} has no part {part_id}")


def part_of(c: Collaboration, key: str) -> Part:
    """A part by id or by its department (id, name or alias as the CLI user types it)."""
    if str(key).isdigit():
        return part_or_404(c, int(key))
    for p in c.parts:
        if p.department == key:
            return p
    raise NotFound(f"collaboration {c.id} has no part for {key!r}")


def task_or_404(c: Collaboration, task_id: int) -> CollabTask:
    for t in c.tasks:
        if t.id == task_id:
            return t
    raise NotFound(f"collaboration {c.id} has no task {task_id}")


def list_collabs(*, db_session: Session, requester_id: int | None = None,
                 departments: list[str] | None = None, state: str | None = None,
                 limit: int = 100) -> list[Collaboration]:
    """Newest first; ``requester_id`` and ``departments`` are OR-ed (mine, or my dept's)."""
    q = select(Collaboration)
    if state is not None:
        if state not in {s.value for s in CollabState}:
            raise InvalidInput(f"state: use one of {', '.join(s.value for s in CollabState)}")
        q = q.where(Collaboration.state == state)
    conds = []
    if requester_id is not None:
        conds.append(Collaboration.requester_id == requester_id)
    if departments:
        sub = select(Part.collaboration_id).where(Part.department.in_(departments))
        conds.append(Collaboration.id.in_(sub))
    if conds:
        from sqlalchemy import or_

        q = q.where(or_(*conds))
    # parts and tasks in two queries for the whole page, not two per collaboration
    q = q.options(selectinload(Collaboration.parts), selectinload(Collaboration.tasks))
    return list(db_session.scalars(q.order_by(Collaboration.id.desc()).limit(limit)))


def check_open(c: Collaboration) -> None:
    """409 on a closed collaboration: after 验收 nothing is edited (ratings and 复盘 aside)."""
    if c.state == CollabState.closed.value:
        raise Conflict(f"collaboration {c.id} is closed (验收 done); reopen is no longer "
                       "possible and it cannot be edited",
                       key="collab_err_closed", args={"id": c.id})


def record(*, db_session: Session, c: Collaboration, action: str, actor: User | None,
           part: Part | None = None, from_state: str = "", to_state: str = "",
           note: str = "", on_time: bool | None = None,
           now: dt.datetime | None = None, note_key: str | None = None,
           note_args: dict[str, Any] | None = None) -> PartEvent:
    """One step of the history. A note the system writes is ``note_key`` (a catalogue key)
    with ``note_args``: pages say it in their language, ``note`` keeps the English."""
    from dispatch.messages import stored_note

    note, note_args = stored_note(note, note_key, note_args)
    ev = PartEvent(collaboration_id=c.id, part_id=part.id if part else None, action=action,
                   from_state=from_state, to_state=to_state,
                   department=part.department if part else None,
                   actor_id=actor.id if actor else None,
                   actor_name=actor.name if actor else SYSTEM_ACTOR, note=note,
                   note_key=note_key, note_args=note_args,
                   on_time=on_time, at=now or utcnow())
    db_session.add(ev)
    c.updated_at = now or utcnow()
    return ev


def apply_part(*, db_session: Session, c: Collaboration, part: Part, action: PartAction,
               actor: User | None, note: str = "", now: dt.datetime | None = None,
               seen: str | None = None, note_key: str | None = None,
               note_args: dict[str, Any] | None = None) -> PartEvent:
    """Move a part along ``action``; 409 names the actions allowed in its state.

    ``seen`` is the state the actor was shown: when the part has moved since (a colleague
    accepted it while this one pressed 退单), 409 rather than acting on a state they did not
    see. Two actors at the same moment: the row decides (:func:`compare_and_set`)."""
    now = now or utcnow()
    src = PartState(part.state)
    if seen is not None and seen != src.value:
        raise Conflict(f"part {part.id} is {src.value} now (you saw it {seen}); reload it",
                       details={"state": src.value, "seen": seen,
                                "allowed": [a.value for a in part_actions(src)]},
                       key="collab_err_part_moved",
                       args={"state_key": f"part_st_{src.value}", "seen_key": f"part_st_{seen}"})
    try:
        dst = next_part_state(src, action)
    except IllegalPartTransition as e:
        raise Conflict(str(e), details={"state": src.value,
                                        "allowed": [a.value for a in e.allowed]},
                       key="collab_err_part_step",
                       args={"state_key": f"part_st_{src.value}",
                             "action_key": f"pa_{action.value}",
                             "allowed_keys": [f"pa_{a.value}" for a in e.allowed]}) from None
    if not compare_and_set(db_session, part, {"state": src.value,
                                              "assignment_no": part.assignment_no},
                           {"state": dst.value}):
        # another liaison moved the part between our read and this write: their action
        # stands, ours is refused as if it had come second (it did)
        return apply_part(db_session=db_session, c=c, part=part, action=action, actor=actor,
                          note=note, now=now, seen=seen, note_key=note_key,
                          note_args=note_args)
    on_time = None
    if action in (PartAction.accept, PartAction.return_) and part.acked_at is None:
        part.acked_at = now
        on_time = part.ack_due_at is None or now <= part.ack_due_at
    if action is PartAction.return_:
        part.return_reason = note
        if part.department and part.department not in (part.returned_by or []):
            part.returned_by = [*(part.returned_by or []), part.department]
    elif action is PartAction.start:
        part.started_at = now
    elif action is PartAction.finish:
        part.done_at = now
    elif action is PartAction.reopen:
        part.done_at = None
    part.state = dst.value
    return record(db_session=db_session, c=c, action=action.value, actor=actor, part=part,
                  from_state=src.value, to_state=dst.value, note=note, on_time=on_time,
                  now=now, note_key=note_key, note_args=note_args)


# ------------------------------------------------------------------------------- tasks


def milestone_date(c: Collaboration, name: str | None) -> dt.date | None:
    for m in c.milestones or []:
        if m["name"] == name:
            return dt.date.fromisoformat(m["date"])
    return None


def default_milestone(c: Collaboration) -> str | None:
    """Work is due at the last milestone unless the part says otherwise."""
    ms = c.milestones or []
    return ms[-1]["name"] if ms else None


def clean_task(c: Collaboration, org: Org, fields: dict[str, Any], today: dt.date,
               *, partial: bool = False) -> dict[str, Any]:
    """Validated task fields; due follows the milestone when one is named."""
    out: dict[str, Any] = {}
    if "title" in fields or not partial:
        title = " ".join(str(fields.get("title") or "").split())
        if not title:
            raise InvalidInput("title: a task needs a title", key="collab_err_task_title")
        out["title"] = title[:500]
    if "effort_hours" in fields or not partial:
        try:
            out["effort_hours"] = check_effort(fields.get("effort_hours"))
        except ValueError as e:
            raise InvalidInput(f"effort_hours: {e}",
                               key="err_effort",
                               args={"value": fields.get("effort_hours")}) from None
    if "skills" in fields:
        skills = fields.get("skills") or []
        if not isinstance(skills, list) or not all(isinstance(s, str) for s in skills):
            raise InvalidInput("skills: a list of skill names", key="collab_err_skills")
        out["skills"] = [s.strip() for s in skills if s.strip()]
    if "milestone" in fields and fields["milestone"] is not None:
        d = milestone_date(c, fields["milestone"])
        if d is None:
            raise InvalidInput(f"milestone: no milestone {fields['milestone']!r} in this "
                               "collaboration", details={"known": [m["name"] for m in
                                                                   c.milestones or []]},
                               key="collab_err_no_milestone",
                               args={"name": str(fields["milestone"])})
        out["milestone"], out["due"] = fields["milestone"], d
    if fields.get("due") is not None and "milestone" not in out:
        due = fields["due"]
        if not isinstance(due, dt.date):
            try:
                due = dt.date.fromisoformat(str(due))
            except ValueError:
                raise InvalidInput(f"due: {due!r} is not a date (YYYY-MM-DD)",
                                   key="err_not_a_date", args={"value": str(due)}) from None
        if due < today:
            raise InvalidInput(f"due: {due.isoformat()} is in the past",
                               key="err_due_past",
                               args={"due": due.isoformat(), "today": today.isoformat()})
        if c.due is not None and due > c.due:
            raise InvalidInput(f"due: {due.isoformat()} is after the collaboration's due date "
                               f"{c.due.isoformat()}",
                               key="collab_err_task_after_due",
                               args={"due": due.isoformat(), "limit": c.due.isoformat()})
        out["due"], out["milestone"] = due, None
    if "done_hours" in fields:
        try:
            done = float(fields["done_hours"] or 0)
        except (TypeError, ValueError):
            raise InvalidInput("done_hours: not a number",
                               key="collab_err_done_hours",
                               args={"value": str(fields["done_hours"])}) from None
        if not math.isfinite(done) or done < 0:
            raise InvalidInput("done_hours: a finite number of hours, not negative",
                               key="collab_err_done_hours",
                               args={"value": str(fields["done_hours"])})
        out["done_hours"] = done
    if "status" in fields:
        if fields["status"] not in ("open", "done"):
            raise InvalidInput("status: open or done")
        out["status"] = fields["status"]
    if "raci" in fields:
        out["raci"] = clean_raci(c, org, fields["raci"])
    return out


def clean_raci(c: Collaboration, org: Org, raw: Any) -> dict[str, list[dict[str, Any]]]:
    """An edited RACI: letters R/A/C/I → [{department, person}], validated against the org."""
    if not isinstance(raw, dict):
        raise InvalidInput("raci: a mapping of R, A, C, I to lists of {department, person}")
    out: dict[str, list[dict[str, Any]]] = {k: [] for k in RACI_LETTERS}
    for letter, entries in raw.items():
        if letter not in RACI_LETTERS:
            raise InvalidInput(f"raci: unknown letter {letter!r}; use R, A, C, I")
        for e in entries or []:
            dept = _dept(org, (e or {}).get("department"), f"raci.{letter}.department")
            person = (e or {}).get("person")
            if person is not None and not org.has_person(person):
                raise InvalidInput(f"raci.{letter}.person: unknown staff member {person!r}")
            out[letter].append({"department": dept, "person": person})
    if not out["R"] or not out["A"]:
        raise InvalidInput("raci: a task needs at least one R and one A", key="collab_err_raci_ra")
    return out


def default_raci(c: Collaboration, org: Org, part: Part,
                 responsible: str | None = None) -> dict[str, Any]:
    def head(d: str) -> str | None:
        return org.department(d).head if org.has_department(d) else None

    depts = [p.department for p in c.parts if p.department and p.state != "returned"]
    return raci_for(role=part.role, part_department=part.department or "",
                    lead_department=c.lead_department,
                    requester_department=c.requester_department, departments=depts,
                    responsible=responsible, lead_head=head(c.lead_department), head_of=head)


def add_task(*, db_session: Session, org: Org, c: Collaboration, part: Part,
             fields: dict[str, Any], today: dt.date) -> CollabTask:
    """A task of ``part``, mirrored into the planner's backlog (one WorkTask)."""
    from dispatch.plans import service as plans

    clean = clean_task(c, org, fields, today)
    if "due" not in clean:
        ms = default_milestone(c)
        clean["milestone"], clean["due"] = ms, milestone_date(c, ms) if ms else c.due
    t = CollabTask(collaboration_id=c.id, part_id=part.id, department=part.department,
                   title=clean["title"], effort_hours=clean["effort_hours"],
                   skills=clean.get("skills", []), milestone=clean.get("milestone"),
                   due=clean.get("due"), done_hours=0.0, status="open",
                   raci=clean.get("raci") or default_raci(c, org, part))
    db_session.add(t)
    db_session.flush()
    wt = plans.add_task(db_session=db_session, org=org, source=("collab", str(t.id)), fields={
        "title": f"[{c.title}] {t.title}", "department": t.department, "skills": t.skills,
        "effort_hours": t.effort_hours, "due": t.due, "priority": 4 if c.urgency == "urgent"
        else 3})
    t.work_task_id = wt.id
    db_session.flush()
    db_session.refresh(c)
    return t


TASK_FIELDS = ("title", "effort_hours", "skills", "milestone", "due", "done_hours", "status",
               "raci")


def update_task(*, db_session: Session, org: Org, c: Collaboration, task: CollabTask,
                fields: dict[str, Any], today: dt.date,
                seen: dict[str, Any] | None = None) -> CollabTask:
    """Edit a task as it is now (its row locked; the caller holds the collaboration's): a
    field the edit changes that is no longer what the editor was shown (``seen``, else what
    this transaction read) is a 409 naming its value now, so an edit made before the part
    finished cannot set the finished task's hours back, nor one estimate overwrite another
    made meanwhile."""
    clean = clean_task(c, org, fields, today, partial=True)
    changed = lock_for_edit(db_session, task, task_view, clean, seen)
    if changed:
        now = {k: v.isoformat() if isinstance(v, dt.date) else v for k, v in changed.items()}
        raise Conflict(f"task {task.id} changed meanwhile: "
                       + "; ".join(f"{k} is {v:g}" if isinstance(v, float) else f"{k} is {v}"
                                   for k, v in now.items()) + " now",
                       details={"state": task.status, "changed": now},
                       key="collab_err_task_moved", args={"id": task.id})
    for k, v in clean.items():
        setattr(task, k, v)
    if task.done_hours > task.effort_hours:
        task.done_hours = task.effort_hours
    if task.status == "done":
        task.done_hours = task.effort_hours
    _mirror(db_session, c, task)
    return task


def task_view(task: CollabTask) -> dict[str, Any]:
    """The fields an edit changes, as it is compared with what its author was shown."""
    return {k: getattr(task, k) for k in TASK_FIELDS}


def _mirror(db_session: Session, c: Collaboration, task: CollabTask) -> None:
    """Keep the backlog's copy in step (the planner's engine reads that one)."""
    wt = db_session.get(WorkTask, task.work_task_id) if task.work_task_id else None
    if wt is None:
        return
    wt.title, wt.department, wt.skills = f"[{c.title}] {task.title}", task.department, \
        list(task.skills or [])
    wt.effort_hours = max(task.effort_hours - task.done_hours, 0.5)
    wt.due = task.due
    wt.status = {"open": "open", "done": "done"}.get(task.status, "cancelled")


def close_tasks(*, db_session: Session, c: Collaboration, part: Part, status: str) -> None:
    """A finished part's tasks are done; a returned part's are cancelled."""
    for t in c.tasks:
        if t.part_id == part.id and t.status == "open":
            t.status = status
            if status == "done":
                t.done_hours = t.effort_hours
            _mirror(db_session, c, t)


def reopen_tasks(*, db_session: Session, c: Collaboration, part: Part) -> None:
    for t in c.tasks:
        if t.part_id == part.id and t.status == "done":
            t.status = "open"
            _mirror(db_session, c, t)


# ----------------------------------------------------------------------- board and risk


def active_items(db_session: Session) -> list[WorkItem]:
    return list(db_session.scalars(select(WorkItem).where(WorkItem.active.is_(True))))


def assignees(c: Collaboration, items: list[WorkItem]) -> dict[int, list[str]]:
    """Collab task id → staff ids the approved plan gave it to."""
    by_wt: dict[int, list[str]] = {}
    for wi in items:
        by_wt.setdefault(wi.task_id, []).append(wi.staff_id)
    return {t.id: sorted(set(by_wt.get(t.work_task_id or -1, []))) for t in c.tasks}


def task_risks(c: Collaboration, org: Org, items: list[WorkItem],
               today: dt.date) -> dict[int, dict[str, Any]]:
    """Per task: status, risk, remaining effort, free hours of its people before its due.

    The people are the assignees of the approved plan, else the department's staff (who
    could take it); their free hours are capacity minus leave minus hours every active
    work item other than this task already books."""
    who = assignees(c, items)
    out: dict[int, dict[str, Any]] = {}
    for t in c.tasks:
        status = board_status(done=t.status != "open", due=t.due, today=today)
        remaining = 0.0 if t.status != "open" else max(t.effort_hours - t.done_hours, 0.0)
        people = who.get(t.id) or [p.id for p in org.members(t.department)]
        free = 0.0
        if remaining > 0:
            end = t.due or (today + dt.timedelta(days=13))
            caps = []
            for sid in people:
                if not org.has_person(sid):
                    continue
                person = org.person(sid)
                booked: dict[dt.date, float] = {}
                for wi in items:
                    if wi.staff_id != sid or wi.task_id == t.work_task_id:
                        continue
                    for d, h in (wi.hours or {}).items():
                        day = dt.date.fromisoformat(d)
                        booked[day] = booked.get(day, 0.0) + float(h)
                caps.append(Capacity(person.daily_hours, frozenset(person.leave), booked))
            free = free_hours(caps, today, end, org.work_calendar)
        risk = risk_level(remaining_hours=remaining, free=free, due=t.due, today=today)
        out[t.id] = {"status": status, "risk": risk, "remaining_hours": round(remaining, 1),
                     "free_hours": round(free, 1), "assignees": who.get(t.id, [])}
    return out


def part_board(c: Collaboration, part: Part, risks: dict[int, dict[str, Any]],
               today: dt.date) -> dict[str, Any]:
    mine = [risks[t.id] for t in c.tasks if t.part_id == part.id and t.status != "cancelled"]
    done = part.state == PartState.done.value
    due = c.due
    status = board_status(done=done, due=due, today=today)
    if not done and any(r["status"] == "late" for r in mine):
        status = "late"
    risk = "low" if done else worst(r["risk"] for r in mine)
    return {"status": status, "risk": risk}


def _names(db_session: Session, ids: set[int]) -> dict[int, str]:
    if not ids:
        return {}
    return {int(i): str(n) for i, n in db_session.execute(
        select(User.id, User.name).where(User.id.in_(ids)))}


def _dept_name(org: Org, d: str | None) -> str | None:
    return org.department(d).name if d and org.has_department(d) else None


def _person_name(org: Org, s: str | None) -> str | None:
    return org.person(s).name if s and org.has_person(s) else None


def raci_matrix(c: Collaboration, org: Org) -> dict[str, Any]:
    """Tasks × departments, the letters of each cell (the project page's 职责矩阵)."""
    depts: list[str] = []
    for p in c.parts:
        if p.department and p.department not in depts:
            depts.append(p.department)
    if c.requester_department and c.requester_department not in depts:
        depts.append(c.requester_department)
    rows = []
    for t in c.tasks:
        if t.status == "cancelled":
            continue
        cells: dict[str, str] = {}
        for letter in RACI_LETTERS:  # a lead doing its own task is both: "R/A"
            for e in (t.raci or {}).get(letter, []):
                have = cells.get(e["department"], "")
                if letter not in have.split("/"):
                    cells[e["department"]] = f"{have}/{letter}" if have else letter
                if e["department"] not in depts:
                    depts.append(e["department"])
        rows.append({"task": t.id, "title": t.title, "department": t.department,
                     "cells": cells})
    return {"departments": [{"id": d, "name": _dept_name(org, d)} for d in depts],
            "rows": rows}


def to_dicts(rows: list[Collaboration], *, org: Org, db_session: Session,
             today: dt.date) -> list[dict[str, Any]]:
    """A list page's collaborations (``full=False``), the lookups they share made once.

    ``to_dict`` per row read every active work item, the requester's name and the blocking
    problems again for each collaboration: 5 queries a row, 112 for a list of 22 (and the
    active work items grow with every approved plan)."""
    from dispatch.problems import service as problems

    items = active_items(db_session)
    names = _names(db_session, {c.requester_id for c in rows})
    blocked = problems.blocked_tasks_of(db_session=db_session,
                                        collaboration_ids=[c.id for c in rows])
    return [to_dict(c, org=org, db_session=db_session, today=today, full=False,
                    shared=(items, names, blocked.get(c.id, {}))) for c in rows]


def to_dict(c: Collaboration, *, org: Org, db_session: Session, today: dt.date,
            full: bool = True,
            shared: tuple[list[WorkItem], dict[int, str], dict[int, list[dict]]] | None = None,
            ) -> dict[str, Any]:
    """The collaboration as JSON for the API, the CLI and the pages (org time beside UTC);
    ``shared``: the active work items, names and blocking problems, when :func:`to_dicts`
    has them already."""
    tz = org.tz

    def iso(v: dt.datetime | None) -> str | None:
        return v.isoformat() if v else None

    def local(v: dt.datetime | None) -> str | None:
        return v.astimezone(tz).isoformat(timespec="minutes") if v else None

    from dispatch.problems import service as problems  # a task a live problem blocks: at risk

    if shared is None:
        shared = (active_items(db_session), _names(db_session, {c.requester_id}),
                  problems.blocked_tasks(db_session=db_session, collaboration_id=c.id))
    items, names, blocked = shared
    risks = problems.mark_blocked(task_risks(c, org, items, today), blocked)
    parts = []
    for p in c.parts:
        board = part_board(c, p, risks, today)
        parts.append({
            "id": p.id, "department": p.department, "department_name":
            _dept_name(org, p.department), "role": p.role, "text": p.text,
            "state": p.state, "liaisons": list(p.liaisons or []),
            "liaison_names": [_person_name(org, s) for s in p.liaisons or []],
            "returned_by": list(p.returned_by or []), "return_reason": p.return_reason,
            "ack_due_at": iso(p.ack_due_at), "ack_due_at_local": local(p.ack_due_at),
            "acked_at": iso(p.acked_at), "acked_at_local": local(p.acked_at),
            "started_at": iso(p.started_at), "done_at": iso(p.done_at),
            "ack_overdue": p.state == "pending" and p.ack_due_at is not None
            and p.acked_at is None and p.ack_due_at < utcnow(),
            "allowed_actions": [a.value for a in part_actions(PartState(p.state))],
            "status": board["status"], "status_zh": STATUS_ZH[board["status"]],
            "risk": board["risk"], "risk_zh": RISK_ZH.get(board["risk"] or "", None)})
    out: dict[str, Any] = {
        "id": c.id, "title": c.title, "state": c.state, "urgency": c.urgency,
        "requester": names.get(c.requester_id, c.requester_id),
        "requester_id": c.requester_id, "requester_department": c.requester_department,
        "lead_department": c.lead_department,
        "lead_department_name": _dept_name(org, c.lead_department),
        "due": c.due.isoformat() if c.due else None, "milestones": list(c.milestones or []),
        "created_at": iso(c.created_at), "created_at_local": local(c.created_at),
        "parts": parts,
        "risk": worst(p["risk"] for p in parts if p["state"] != "returned"),
    }
    out["risk_zh"] = RISK_ZH.get(out["risk"] or "", None)
    if not full:
        return out
    out.update({"background": c.background, "goal": c.goal,
                "expected_outcome": c.expected_outcome})
    out["tasks"] = [{
        "id": t.id, "part_id": t.part_id, "title": t.title, "department": t.department,
        "effort_hours": t.effort_hours, "done_hours": t.done_hours, "skills": t.skills,
        "milestone": t.milestone, "due": t.due.isoformat() if t.due else None,
        "state": t.status, "work_task": f"W{t.work_task_id}" if t.work_task_id else None,
        "raci": t.raci, **risks[t.id],
        "status_zh": STATUS_ZH[risks[t.id]["status"]], "risk_zh": RISK_ZH[risks[t.id]["risk"]],
    } for t in c.tasks if t.status != "cancelled"]
    out["raci"] = raci_matrix(c, org)
    out["plan"] = plan_summary(db_session=db_session, c=c)
    out["closing"] = {"delivered_at": iso(c.delivered_at), "closed_at": iso(c.closed_at),
                      "reopen_reason": c.reopen_reason,
                      "retro": {"went_well": c.retro_went_well,
                                "to_change": c.retro_to_change},
                      "ratings": [{"department": r.department, "score": r.score,
                                   "comment": r.comment, "at": iso(r.at)}
                                  for r in c.ratings]}
    out["events"] = [{"action": e.action, "part_id": e.part_id, "department": e.department,
                      "from": e.from_state, "to": e.to_state, "by": e.actor_name,
                      "note": e.note, "note_key": e.note_key, "note_args": e.note_args,
                      "on_time": e.on_time, "at": iso(e.at),
                      "at_local": local(e.at)} for e in c.events]
    return out


def plan_summary(*, db_session: Session, c: Collaboration) -> dict[str, Any] | None:
    from dispatch.plans.models import Proposal

    if c.proposal_id is None:
        return None
    p = db_session.get(Proposal, c.proposal_id)
    if p is None:
        return None
    keys = {f"W{t.work_task_id}": t.id for t in c.tasks}
    return {"proposal_id": p.id, "version": p.version, "status": p.status,
            "status_kind": p.plan.get("status"),
            "assignments": [{**a, "collab_task": keys.get(a["task"])}
                            for a in p.plan.get("assignments", [])],
            "unassigned": [{**u, "collab_task": keys.get(u["task"])}
                           for u in p.plan.get("unassigned", [])],
            "kpis": p.plan.get("kpis", {}),
            "approved_at": c.plan_approved_at.isoformat() if c.plan_approved_at else None}


# ----------------------------------------------------------------------------- closing


def rate(*, db_session: Session, c: Collaboration, user: User, department: str, score: Any,
         comment: str, org: Org) -> Rating:
    """One rating per department with a part; rating again replaces it."""
    dept = _dept(org, department, "department")
    if dept not in {p.department for p in c.parts}:
        raise InvalidInput(f"department: {dept} has no part in collaboration {c.id}",
                           key="collab_err_rate_dept", args={"dept": org.department_name(dept)})
    try:
        n = int(score)
    except (TypeError, ValueError):
        raise InvalidInput(f"score: {score!r} is not a whole number from 1 to 5",
                           key="collab_err_score", args={"value": str(score)}) from None
    if n != score and not (isinstance(score, str) and str(n) == score.strip()):
        raise InvalidInput(f"score: {score!r} is not a whole number from 1 to 5",
                           key="collab_err_score", args={"value": str(score)})
    if not 1 <= n <= 5:
        raise InvalidInput(f"score: {n} is outside 1–5",
                           key="collab_err_score", args={"value": str(n)})
    comment = (comment or "").strip()[:2000]
    for r in c.ratings:
        if r.department == dept:
            r.score, r.comment, r.by_id, r.at = n, comment, user.id, utcnow()
            return r
    r = Rating(collaboration_id=c.id, department=dept, score=n, comment=comment,
               by_id=user.id)
    db_session.add(r)
    db_session.flush()
    db_session.refresh(c)
    return r


def metrics(*, db_session: Session, org: Org, now: dt.datetime | None = None) -> dict[str, Any]:
    """The dashboard's collaboration figures.

    - 联合项目完成率 (on time): collaborations delivered by their due date over those that
      were delivered or are past due (an open one not yet due is not counted either way);
    - satisfaction: mean rating per department;
    - SLA compliance: answers (accept or 退单) within the part's clock, plus parts still
      unanswered past it as misses, per department;
    - return rate: returns over answers per department.
    """
    now = now or utcnow()
    today = now.astimezone(org.tz).date()
    counted = on_time = 0
    for c in db_session.scalars(select(Collaboration)):
        if c.delivered_at is not None:
            counted += 1
            if c.due is None or c.delivered_at.astimezone(org.tz).date() <= c.due:
                on_time += 1
        elif c.due is not None and c.due < today:
            counted += 1
    sat: dict[str, list[int]] = {}
    for r in db_session.scalars(select(Rating)):
        sat.setdefault(r.department, []).append(r.score)
    answers: dict[str, list[PartEvent]] = {}
    for e in db_session.scalars(select(PartEvent).where(PartEvent.on_time.is_not(None))):
        answers.setdefault(e.department or "", []).append(e)
    late_open: dict[str, int] = {}
    for p in db_session.scalars(select(Part).where(Part.state == PartState.pending.value,
                                                   Part.acked_at.is_(None),
                                                   Part.ack_due_at < now)):
        late_open[p.department or ""] = late_open.get(p.department or "", 0) + 1
    per_dept = []
    for d in org.departments:
        evs = answers.get(d.id, [])
        n_ans = len(evs) + late_open.get(d.id, 0)
        returns = sum(1 for e in evs if e.action == PartAction.return_.value)
        scores = sat.get(d.id, [])
        if not n_ans and not scores:
            continue
        per_dept.append({
            "department": d.id, "name": d.name,
            "answers": n_ans,
            "sla_compliance": round(sum(1 for e in evs if e.on_time) / n_ans, 3)
            if n_ans else None,
            "return_rate": round(returns / len(evs), 3) if evs else None,
            "satisfaction": round(sum(scores) / len(scores), 2) if scores else None,
            "ratings": len(scores)})
    return {"on_time_completion": round(on_time / counted, 3) if counted else None,
            "completed_on_time": on_time, "counted": counted, "departments": per_dept}
