"""The problem log: validation, storage, state moves, the dispute ladder's bookkeeping,
JSON views, blocked tasks and the dashboard's figures.

Keyword-only functions that know nothing of HTTP or of who is asking (that is ``flows``).
A validation error is raised before the first write, so a refused problem leaves nothing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from dispatch.db import compare_and_set, utcnow
from dispatch.errors import Conflict, InvalidInput, NotFound
from dispatch.problems.models import Decision, Problem, ProblemEvent
from dispatch.text_limits import within_limit
from dispatch.users.models import User
from models.org import Org
from models.problems import (
    LIVE,
    SEVERITIES,
    SEVERITY_ZH,
    TARGET_KINDS,
    IllegalProblemTransition,
    ProblemAction,
    ProblemSettings,
    ProblemState,
    allowed_actions,
    due_date,
    next_state,
    severity_of,
)

SYSTEM_ACTOR = "system"
MAX_DEPARTMENTS = 20


def settings_of(org: Org) -> ProblemSettings:
    """The org file's ``disputes:`` / ``problems:`` (checked when the org was loaded)."""
    return ProblemSettings.from_org_data(dict(org.model_extra or {}))


@dataclass
class ProblemIn:
    """A row of 《跨部门协作问题跟踪表》 as submitted."""

    target_kind: str
    target_id: int
    description: str
    severity: str
    departments: list[str] = field(default_factory=list)
    impact: str = ""
    proposed_solution: str = ""
    responsible_department: str | None = None
    responsible_person: str | None = None
    due: dt.date | None = None
    due_days: int | None = None
    blocks_task_id: int | None = None


@dataclass
class Target:
    """What a problem is raised on, with what the log needs to know about it."""

    kind: str
    id: int
    obj: Any
    collaboration_id: int | None
    default_department: str | None
    title: str


def load_target(*, db_session: Session, kind: str, target_id: int) -> Target:
    if kind not in TARGET_KINDS:
        raise InvalidInput(f"target_kind: use one of {', '.join(TARGET_KINDS)}, not {kind!r}")
    if kind == "collab":
        from dispatch.collab.models import Collaboration

        c = db_session.get(Collaboration, target_id)
        if c is None:
            raise NotFound(f"no collaboration {target_id}")
        return Target(kind, c.id, c, c.id, c.lead_department, c.title)
    if kind == "request":
        from dispatch.requests.models import Request

        r = db_session.get(Request, target_id)
        if r is None:
            raise NotFound(f"no request {target_id}")
        return Target(kind, r.id, r, None, r.department, r.title)
    from dispatch.minutes.models import ActionItemRow

    item = db_session.get(ActionItemRow, target_id)
    if item is None or item.status == "deleted":
        raise NotFound(f"no action item {target_id}")
    return Target(kind, item.id, item, None, item.department, item.task[:200])


def _dept(org: Org, value: Any, where: str) -> str:
    found = org.find_department(str(value or ""))
    if found is None:
        raise InvalidInput(f"{where}: unknown department {value!r}",
                           details={"known": [d.id for d in org.departments]},
                           key="err_dept_unknown", args={"where": where, "value": str(value)})
    return found.id


def validate(data: ProblemIn, *, org: Org, target: Target, today: dt.date,
             max_chars: int, db_session: Session) -> ProblemIn:
    """A cleaned copy: departments as ids, a severity word, a due date; InvalidInput names
    the field."""
    desc = (data.description or "").strip()
    if not desc:
        raise InvalidInput("description: say what the problem is (问题描述)",
                           key="prob_err_description")
    texts = {"description": desc}
    for name in ("impact", "proposed_solution"):
        texts[name] = (getattr(data, name) or "").strip()
    for name, v in texts.items():
        within_limit(v, max_chars, name, field_key=f"field_{name}")
    sev = severity_of(data.severity)
    if sev is None:
        raise InvalidInput(f"severity: use 高/中/低 (high/medium/low), not {data.severity!r}",
                           key="prob_err_severity", args={"value": str(data.severity)})
    if len(data.departments) > MAX_DEPARTMENTS:
        raise InvalidInput(f"departments: {len(data.departments)}; the limit is "
                           f"{MAX_DEPARTMENTS}")
    depts: list[str] = []
    for i, d in enumerate(data.departments):
        did = _dept(org, d, f"departments[{i}]")
        if did not in depts:
            depts.append(did)
    if data.responsible_department:
        resp = _dept(org, data.responsible_department, "responsible_department")
    elif depts:
        resp = depts[0]
    elif target.default_department and org.has_department(target.default_department):
        resp = target.default_department
    else:
        raise InvalidInput("responsible_department: name the department that answers for it",
                           key="prob_err_responsible")
    if not depts:
        depts = [resp]
    elif resp not in depts:
        depts.append(resp)
    person = (data.responsible_person or "").strip() or None
    if person is not None:
        if not org.has_person(person):
            found = [p.id for p in org.staff if person in p.names]
            if len(found) != 1:
                raise InvalidInput(f"responsible_person: unknown staff member {person!r}",
                                   key="prob_err_person_unknown", args={"value": str(person)})
            person = found[0]
        if org.person(person).department != resp:
            raise InvalidInput(f"responsible_person: {person} works in "
                               f"{org.person(person).department}, not in {resp}",
                               key="prob_err_person_dept",
                               args={"name": org.person(person).name,
                                     "dept": org.department_name(org.person(person).department),
                                     "resp": org.department_name(resp)})
    else:
        liaisons = org.liaisons(resp)
        person = liaisons[0] if liaisons else None
    cfg = settings_of(org)
    if data.due is not None and data.due_days is not None:
        raise InvalidInput("due: give a date or a number of working days, not both",
                           key="prob_err_due_both")
    if data.due is not None:
        if data.due < today:
            raise InvalidInput(f"due: {data.due.isoformat()} is in the past (today is "
                               f"{today.isoformat()} in {org.timezone})",
                               key="err_due_past",
                               args={"due": data.due.isoformat(), "today": today.isoformat()})
        due = data.due
    else:
        n = data.due_days if data.due_days is not None else cfg.due_days[sev]
        if isinstance(n, bool) or not isinstance(n, int) or not 1 <= n <= 60:
            raise InvalidInput(f"due_days: {n!r} is not a whole number of working days "
                               "from 1 to 60", key="prob_err_due_days", args={"value": str(n)})
        due = due_date(today, n, org.work_calendar)
    if data.blocks_task_id is not None:
        if target.kind != "collab":
            raise InvalidInput("blocks_task_id: only a problem on a collaboration blocks one "
                               "of its tasks", key="prob_err_blocks_kind")
        from dispatch.collab.models import CollabTask

        task = db_session.get(CollabTask, data.blocks_task_id)
        if task is None or task.collaboration_id != target.id or task.status == "cancelled":
            raise InvalidInput(f"blocks_task_id: collaboration {target.id} has no open task "
                               f"{data.blocks_task_id}",
                               key="prob_err_blocks_task", args={"id": data.blocks_task_id})
    return ProblemIn(target_kind=target.kind, target_id=target.id, severity=sev,
                     departments=depts, responsible_department=resp,
                     responsible_person=person, due=due, blocks_task_id=data.blocks_task_id,
                     **texts)


def create(*, db_session: Session, data: ProblemIn, target: Target, user: User,
           org: Org, now: dt.datetime) -> Problem:
    mine = org.person(user.staff_id).department if user.staff_id and \
        org.has_person(user.staff_id) else None
    p = Problem(target_kind=data.target_kind, target_id=data.target_id,
                collaboration_id=target.collaboration_id, description=data.description,
                departments=list(data.departments), severity=data.severity,
                impact=data.impact, proposed_solution=data.proposed_solution,
                responsible_department=data.responsible_department,
                responsible_person=data.responsible_person, due=data.due,
                blocks_task_id=data.blocks_task_id, state=ProblemState.open.value,
                raised_by_id=user.id, raised_department=mine, dispute_level=0,
                dispute_parties=[], created_at=now, updated_at=now)
    db_session.add(p)
    db_session.flush()
    record(db_session=db_session, p=p, action="raise", actor=user, to_state="open", now=now,
           note_key="prob_note_raise",
           note_args={"severity": data.severity, "severity_key": f"prob_sev_{data.severity}",
                      "due": data.due.isoformat() if data.due else "-"})
    return p


def get_or_404(*, db_session: Session, problem_id: int) -> Problem:
    p = db_session.get(Problem, problem_id)
    if p is None:
        raise NotFound(f"no problem {problem_id}")
    return p


def record(*, db_session: Session, p: Problem, action: str, actor: User | None,
           from_state: str = "", to_state: str = "", level: int | None = None,
           note: str = "", now: dt.datetime | None = None, note_key: str | None = None,
           note_args: dict[str, Any] | None = None) -> ProblemEvent:
    """One step of the history. A note the system writes is ``note_key`` (a catalogue key)
    with ``note_args``: pages say it in their language, ``note`` keeps the English."""
    from dispatch.messages import stored_note

    note, note_args = stored_note(note, note_key, note_args)
    ev = ProblemEvent(problem_id=p.id, action=action, from_state=from_state,
                      to_state=to_state or p.state, level=level,
                      actor_id=actor.id if actor else None,
                      actor_name=actor.name if actor else SYSTEM_ACTOR, note=note,
                      note_key=note_key, note_args=note_args,
                      at=now or utcnow())
    p.events.append(ev)  # the cascade adds it to the session
    p.updated_at = now or utcnow()
    return ev


def _conflict(p: Problem, e: IllegalProblemTransition) -> Conflict:
    return Conflict(f"problem {p.id}: {e}", details={
        "state": p.state, "dispute_level": p.dispute_level,
        "allowed": [a.value for a in e.allowed]},
        key="prob_err_step",
        args={"state_key": f"prob_st_{p.state}", "level": p.dispute_level,
              "allowed_keys": [f"prob_act_{a.value}" for a in e.allowed]})


def move(*, db_session: Session, p: Problem, action: ProblemAction, actor: User | None,
         note: str = "", now: dt.datetime | None = None) -> ProblemEvent:
    """start / resolve / close / reopen; 409 names the actions allowed now."""
    now = now or utcnow()
    src = ProblemState(p.state)
    try:
        dst = next_state(src, action, p.dispute_level)
    except IllegalProblemTransition as e:
        raise _conflict(p, e) from None
    if action in (ProblemAction.resolve, ProblemAction.close) and not (note or "").strip():
        how = "resolved" if action is ProblemAction.resolve else "closed"
        raise InvalidInput(f"note: say how it was {how} (处理结果)", key="prob_err_note")
    if not compare_and_set(db_session, p, {"state": src.value, "dispute_level": p.dispute_level},
                           {"state": dst.value}):
        # someone moved the problem between our read and this write: check again
        return move(db_session=db_session, p=p, action=action, actor=actor, note=note, now=now)
    if action is ProblemAction.resolve:
        p.resolved_at, p.resolution = now, note.strip()
    elif action is ProblemAction.close:
        p.closed_at = now
        if not p.resolution:
            p.resolution = note.strip()
        p.level_due_at = None
    elif action is ProblemAction.reopen:
        p.resolved_at = None
    p.state = dst.value
    return record(db_session=db_session, p=p, action=action.value, actor=actor,
                  from_state=src.value, to_state=dst.value, note=note, now=now)


def check_action(p: Problem, action: ProblemAction) -> None:
    """409 unless ``action`` applies to ``p`` now."""
    from models.problems import check

    try:
        check(ProblemState(p.state), action, p.dispute_level)
    except IllegalProblemTransition as e:
        raise _conflict(p, e) from None


def enter_level(*, db_session: Session, p: Problem, level: int, org: Org, actor: User | None,
                note: str = "", now: dt.datetime, note_key: str | None = None,
                note_args: dict[str, Any] | None = None) -> None:
    """Put the dispute at ``level`` with its deadline from the org file. The history says
    the person's ``note``, else the system's (``note_key``), else the level's deadline."""
    from models.problems import level_deadline

    days = settings_of(org).level_days[level]
    if not compare_and_set(db_session, p, {"state": p.state, "dispute_level": level - 1},
                           {"dispute_level": level}):
        # another decision (or the overdue sweep) moved the dispute first
        raise Conflict(f"problem {p.id} changed meanwhile: it is {p.state} at dispute level "
                       f"{p.dispute_level}", details={"state": p.state,
                                                       "dispute_level": p.dispute_level},
                                                       key="prob_err_changed",
                                                       args={"state_key": f"prob_st_{p.state}",
                                                             "level": p.dispute_level})
    p.dispute_level = level
    p.level_started_at = now
    p.level_due_at = level_deadline(now, days, org.work_calendar, org.tz)
    until = f"{p.level_due_at.astimezone(org.tz):%Y-%m-%d %H:%M}"
    record(db_session=db_session, p=p, action="dispute" if level == 1 else "escalate",
           actor=actor, from_state=p.state, to_state=p.state, level=level, now=now,
           note=note, note_key=None if note else (note_key or "prob_note_level"),
           note_args=note_args if note_key else {"level": level, "n": days,
                                                 "until": until})


def add_decision(*, db_session: Session, p: Problem, outcome: str, text: str,
                 actor: User | None, now: dt.datetime) -> Decision:
    d = Decision(problem_id=p.id, level=p.dispute_level, outcome=outcome, text=text,
                 by_id=actor.id if actor else None,
                 by_name=actor.name if actor else SYSTEM_ACTOR,
                 by_staff=actor.staff_id if actor else None, due_at=p.level_due_at, at=now)
    p.decisions.append(d)
    return d


def timeout_text(due: dt.datetime, tz: dt.tzinfo) -> str:
    """The English a level timed out with ("no decision by 2026-12-07 18:00", local)."""
    from dispatch.messages import message

    return message("prob_decision_timeout", "en", due=f"{due.astimezone(tz):%Y-%m-%d %H:%M}")


def _decision_note(d: Decision, tz: dt.tzinfo) -> dict[str, Any]:
    """A decision the system wrote (a level that timed out) as a catalogue key, so a page
    says it in its language; its stored English ``text`` is what the key says in English
    (a decision person wrote has none: their words stand)."""
    if d.outcome != "timeout" or d.by_id is not None or d.due_at is None \
            or d.text != timeout_text(d.due_at, tz):
        return {}
    return {"note_key": "prob_decision_timeout",
            "note_args": {"due": f"{d.due_at.astimezone(tz):%Y-%m-%d %H:%M}"}}


def list_problems(*, db_session: Session, collaboration_id: int | None = None,
                  target_kind: str | None = None, target_id: int | None = None,
                  state: str | None = None, department: str | None = None,
                  disputes: bool = False, limit: int = 200) -> list[Problem]:
    """Newest first. ``state`` "live" means open or in progress."""
    q = select(Problem)
    if collaboration_id is not None:
        q = q.where(Problem.collaboration_id == collaboration_id)
    if target_kind is not None:
        if target_kind not in TARGET_KINDS:
            raise InvalidInput(f"target_kind: use one of {', '.join(TARGET_KINDS)}")
        q = q.where(Problem.target_kind == target_kind)
    if target_id is not None:
        q = q.where(Problem.target_id == target_id)
    if state == "live":
        q = q.where(Problem.state.in_([s.value for s in LIVE]))
    elif state is not None:
        if state not in {s.value for s in ProblemState}:
            raise InvalidInput(f"state: use live or one of "
                               f"{', '.join(s.value for s in ProblemState)}")
        q = q.where(Problem.state == state)
    if disputes:
        q = q.where(Problem.disputed_at.is_not(None))
    rows = list(db_session.scalars(q.order_by(Problem.id.desc()).limit(limit)))
    if department is not None:
        rows = [p for p in rows if department == p.responsible_department
                or department in (p.departments or [])]
    return rows


def blocked_tasks(*, db_session: Session, collaboration_id: int) -> dict[int, list[dict]]:
    """Collaboration task id → the live problems that block it (the board shows the task
    at risk while any is open)."""
    return blocked_tasks_of(db_session=db_session,
                            collaboration_ids=[collaboration_id]).get(collaboration_id, {})


def blocked_tasks_of(*, db_session: Session, collaboration_ids: list[int]
                     ) -> dict[int, dict[int, list[dict]]]:
    """:func:`blocked_tasks` of many collaborations in one query: collaboration id → …"""
    out: dict[int, dict[int, list[dict]]] = {}
    if not collaboration_ids:
        return out
    q = select(Problem.collaboration_id, Problem.blocks_task_id, Problem.id, Problem.severity,
               Problem.dispute_level
               ).where(Problem.collaboration_id.in_(collaboration_ids),
                       Problem.blocks_task_id.is_not(None),
                       Problem.state.in_([s.value for s in LIVE]))
    for cid, task_id, pid, sev, level in db_session.execute(q.order_by(Problem.id)):
        out.setdefault(int(cid), {}).setdefault(int(task_id), []).append(
            {"problem": int(pid), "severity": sev, "dispute_level": int(level or 0)})
    return out


def mark_blocked(risks: dict[int, dict[str, Any]], blocked: dict[int, list[dict]]
                 ) -> dict[int, dict[str, Any]]:
    """The board's task risks with blocked tasks at risk: high for a high-severity problem
    or a dispute, else at least medium; each task says what blocks it."""
    for tid, r in risks.items():
        probs = blocked.get(tid, [])
        r["blocked_by"] = [b["problem"] for b in probs]
        if not probs or r.get("status") == "done":
            continue
        level = "high" if any(b["severity"] == "high" or b["dispute_level"]
                              for b in probs) else "medium"
        order = {"low": 0, "medium": 1, "high": 2}
        if order[level] > order.get(r.get("risk") or "low", 0):
            r["risk"] = level
    return risks


def _names(db_session: Session, ids: set[int]) -> dict[int, str]:
    ids = {i for i in ids if i is not None}
    if not ids:
        return {}
    return {int(i): str(n) for i, n in db_session.execute(
        select(User.id, User.name).where(User.id.in_(ids)))}


def to_dict(p: Problem, *, org: Org, db_session: Session, full: bool = True,
            now: dt.datetime | None = None) -> dict[str, Any]:
    """The problem as JSON for the API, the CLI and the pages (org time beside UTC)."""
    tz = org.tz
    now = now or utcnow()

    def iso(v: dt.datetime | None) -> str | None:
        return v.isoformat() if v else None

    def local(v: dt.datetime | None) -> str | None:
        return v.astimezone(tz).isoformat(timespec="minutes") if v else None

    def dname(d: str | None) -> str | None:
        return org.department(d).name if d and org.has_department(d) else d

    names = _names(db_session, {p.raised_by_id} if p.raised_by_id else set())
    today = now.astimezone(tz).date()
    live = p.state in {s.value for s in LIVE}
    out: dict[str, Any] = {
        "id": p.id, "target": {"kind": p.target_kind, "id": p.target_id},
        "collaboration_id": p.collaboration_id, "description": p.description,
        "departments": list(p.departments or []),
        "department_names": [dname(d) for d in p.departments or []],
        "severity": p.severity, "severity_zh": SEVERITY_ZH[p.severity],
        "impact": p.impact, "proposed_solution": p.proposed_solution,
        "responsible_department": p.responsible_department,
        "responsible_department_name": dname(p.responsible_department),
        "responsible_person": p.responsible_person,
        "responsible_person_name": org.person(p.responsible_person).name
        if p.responsible_person and org.has_person(p.responsible_person) else None,
        "due": p.due.isoformat(), "overdue": live and p.due < today,
        "blocks_task_id": p.blocks_task_id, "state": p.state, "resolution": p.resolution,
        "raised_by": names.get(p.raised_by_id or -1), "raised_department": p.raised_department,
        "created_at": iso(p.created_at), "created_at_local": local(p.created_at),
        "resolved_at": iso(p.resolved_at), "closed_at": iso(p.closed_at),
        "allowed_actions": [a.value for a in allowed_actions(ProblemState(p.state),
                                                              p.dispute_level)],
        "dispute": None,
    }
    if p.disputed_at is not None:
        from models.problems import LEVEL_EN, LEVEL_ZH

        out["dispute"] = {
            "level": p.dispute_level, "level_zh": LEVEL_ZH.get(p.dispute_level),
            "level_en": LEVEL_EN.get(p.dispute_level), "parties": list(p.dispute_parties or []),
            "started_at": iso(p.disputed_at), "level_started_at": iso(p.level_started_at),
            "level_due_at": iso(p.level_due_at), "level_due_at_local": local(p.level_due_at),
            "live": live,
        }
    if full:
        out["decisions"] = [{"level": d.level, "outcome": d.outcome, "text": d.text,
                             "by": d.by_name, "by_staff": d.by_staff, "at": iso(d.at),
                             "at_local": local(d.at), "due_at": iso(d.due_at),
                             "on_time": d.due_at is None or d.at <= d.due_at,
                             **_decision_note(d, tz)}
                            for d in p.decisions]
        out["events"] = [{"action": e.action, "from": e.from_state, "to": e.to_state,
                          "level": e.level, "by": e.actor_name, "note": e.note,
                          "note_key": e.note_key, "note_args": e.note_args,
                          "at": iso(e.at), "at_local": local(e.at)} for e in p.events]
    return out


# ------------------------------------------------------------------------------ dashboard


def metrics(*, db_session: Session, org: Org) -> dict[str, Any]:
    """The dashboard's problem figures.

    - dispute rate (协作纠纷率): problems that became disputes over collaborations (all
      collaborations ever started, so a quiet project lowers the rate as it should);
    - mean time to resolve by severity: raised → resolved, in hours, over resolved ones;
    - problems open (open or in progress) by responsible department.
    """
    from dispatch.collab.models import Collaboration

    n_collabs = db_session.scalar(select(func.count()).select_from(Collaboration)) or 0
    n_disputes = db_session.scalar(select(func.count()).select_from(Problem).where(
        Problem.disputed_at.is_not(None), Problem.collaboration_id.is_not(None))) or 0
    spans: dict[str, list[float]] = {s: [] for s in SEVERITIES}
    for sev, created, resolved in db_session.execute(
            select(Problem.severity, Problem.created_at, Problem.resolved_at)
            .where(Problem.resolved_at.is_not(None))):
        c = created if created.tzinfo else created.replace(tzinfo=dt.UTC)
        r = resolved if resolved.tzinfo else resolved.replace(tzinfo=dt.UTC)
        spans.setdefault(sev, []).append((r - c).total_seconds() / 3600)
    open_by = dict(db_session.execute(
        select(Problem.responsible_department, func.count())
        .where(Problem.state.in_([s.value for s in LIVE]))
        .group_by(Problem.responsible_department)).all())

    def name(d: str) -> str:
        return org.department(d).name if org.has_department(d) else d

    return {
        "collaborations": int(n_collabs), "disputes": int(n_disputes),
        "dispute_rate": round(n_disputes / n_collabs, 3) if n_collabs else None,
        "mttr_hours": {s: (round(sum(v) / len(v), 1) if v else None) for s, v in spans.items()},
        "resolved": {s: len(v) for s, v in spans.items()},
        "open_by_department": sorted(
            ({"department": d, "name": name(d), "open": int(n)} for d, n in open_by.items()),
            key=lambda x: (-x["open"], x["department"])),
        "open_total": int(sum(open_by.values())),
    }
