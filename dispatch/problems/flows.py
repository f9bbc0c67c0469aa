"""Problem workflows: raise, move, mark as a dispute, decide at a level, climb on timeout.

Who may do what is decided here:
- raise: whoever may read what the problem is raised on (a collaboration's requester,
  its departments' people, planners; a request's requester, its department's people;
  an action item's owners and department);
- read and move a problem (start / resolve / close / reopen) and mark it a dispute: a
  person of an involved or the responsible department, whoever raised it, the
  collaboration's requester, a planner or an admin — anyone else gets 403;
- decide a dispute's level: level 1 the parties' 协作接口人 (org ``liaisons``; the head
  when absent), level 2 the parties' heads, level 3 the committee — the same committee
  overdue follow-ups escalate to (``escalation.committee``; admins linked to staff when
  the org file names none); an admin may always decide.
Every step is a ``ProblemEvent`` (who, when, from, to); every decision a ``Decision``.
"""

from __future__ import annotations

import datetime as dt
import logging

from sqlalchemy.orm import Session

from dispatch.collab import flows as collab_flows
from dispatch.collab import service as collab_service
from dispatch.db import compare_and_set, lock_row, utcnow
from dispatch.errors import Conflict, Forbidden, InvalidInput
from dispatch.messages import format_time, message, org_language
from dispatch.notifications.service import enqueue
from dispatch.problems import service
from dispatch.problems.models import Problem
from dispatch.problems.service import ProblemIn, Target
from dispatch.settings import Settings
from dispatch.users.models import User
from models.org import Org
from models.problems import (
    COMMITTEE_LEVEL,
    LEVEL_ZH,
    LIVE,
    OUTCOMES,
    ProblemAction,
    ProblemState,
)

log = logging.getLogger(__name__)


def link(p: Problem) -> str:
    return f"/problems/{p.id}"


# a person's department and the org's today: the collaboration domain's own helpers
_staff_dept, _today = collab_flows._staff_dept, collab_flows._today


# ---------------------------------------------------------------------------- permissions


def may_raise_on(user: User, target: Target, org: Org) -> bool:
    if user.has_role("planner"):
        return True
    mine = _staff_dept(user, org)
    obj = target.obj
    if target.kind == "collab":
        from dispatch.collab.flows import may_read

        return may_read(user, obj, org)
    if target.kind == "request":
        return obj.requester_id == user.id or (mine is not None and mine in
                                               (obj.department, obj.from_department))
    return (user.staff_id is not None and user.staff_id in (obj.owners or [])) or \
        (mine is not None and mine == obj.department)


def may_read(user: User, p: Problem, org: Org, db_session: Session) -> bool:
    """An involved person (see the module docstring); reading and moving are the same."""
    if user.has_role("planner") or p.raised_by_id == user.id:
        return True
    mine = _staff_dept(user, org)
    if mine is not None and (mine == p.responsible_department or mine in (p.departments or [])
                             or mine in (p.dispute_parties or [])):
        return True
    if p.collaboration_id is not None:
        from dispatch.collab.models import Collaboration

        c = db_session.get(Collaboration, p.collaboration_id)
        if c is not None and c.requester_id == user.id:
            return True
    return user.staff_id is not None and user.staff_id in level_people(p, org, db_session)


def check_read(user: User, p: Problem, org: Org, db_session: Session) -> None:
    if not may_read(user, p, org, db_session):
        raise Forbidden(f"problem {p.id}: only its departments' people "
                        f"({', '.join(p.departments or [])}), whoever raised it, the "
                        "requester, planners and admins see and move it")


def level_people(p: Problem, org: Org, db_session: Session, level: int | None = None
                 ) -> list[str]:
    """Who decides the dispute's ``level`` (default: the current one)."""
    level = p.dispute_level if level is None else level
    parties = [d for d in (p.dispute_parties or []) if org.has_department(d)]
    out: list[str] = []
    if level == 1:
        for d in parties:
            out += org.liaisons(d)
    elif level == 2:
        out = [org.department(d).head for d in parties if org.department(d).head]
    elif level == COMMITTEE_LEVEL:
        out = list(committee(org, db_session))
    return list(dict.fromkeys(s for s in out if s and org.has_person(s)))


def committee(org: Org, db_session: Session) -> tuple[str, ...]:
    """The committee (跨部门协调委员会): the one the follow-up escalations use."""
    from dispatch.followups import messages
    from dispatch.followups.policy import Policy

    try:
        return Policy.from_org(org, messages.committee_fallback(db_session)).committee
    except ValueError as e:
        log.error("org file: %s; the committee is empty", e)
        return ()


def may_decide(user: User, p: Problem, org: Org, db_session: Session) -> bool:
    """Whether ``user`` decides the dispute's current level now (an admin always may)."""
    if p.dispute_level == 0 or p.state not in {s.value for s in LIVE}:
        return False
    return user.has_role("admin") or (user.staff_id is not None and user.staff_id in
                                      level_people(p, org, db_session))


def _check_decider(user: User, p: Problem, org: Org, db_session: Session) -> None:
    if not may_decide(user, p, org, db_session):
        people = level_people(p, org, db_session)
        raise Forbidden(f"decide: problem {p.id} is at level {p.dispute_level} "
                        f"({LEVEL_ZH[p.dispute_level]}); only "
                        f"{', '.join(people) or 'nobody configured'} (or an admin) decide it")


# --------------------------------------------------------------------------------- raise


def raise_problem(*, db_session: Session, settings: Settings, org: Org, user: User,
                  data: ProblemIn, now: dt.datetime | None = None) -> Problem:
    """Validate and store a problem; its responsible department and person are told."""
    now = now or utcnow()
    target = service.load_target(db_session=db_session, kind=data.target_kind,
                                 target_id=data.target_id)
    if not may_raise_on(user, target, org):
        raise Forbidden(f"raise: you may not read {target.kind} {target.id}, so you cannot "
                        "raise a problem on it")
    if target.kind == "collab":
        # after 验收 no step is left to take on it: the problem would only wait in digests.
        # Read under the row's lock: a 验收 committed since this request read it is seen.
        lock_row(db_session, target.obj)
        collab_service.check_open(target.obj)
    clean = service.validate(data, org=org, target=target, today=_today(org, now),
                             max_chars=settings.max_request_chars, db_session=db_session)
    p = service.create(db_session=db_session, data=clean, target=target, user=user, org=org,
                       now=now)
    mention = [p.responsible_person] if p.responsible_person else None
    lang = org_language(org)
    _send(db_session, org, p, event="problem.raised", department=p.responsible_department,
          recipients=mention or [],
          subject=message("prob_raised_subject", lang, title=target.title,
                          sev=message(f"prob_sev_{p.severity}", lang)),
          body=message("prob_raised_body", lang, text=p.description[:500],
                       impact=p.impact or "-", solution=p.proposed_solution or "-",
                       due=p.due.isoformat()),
          key=f"problem:{p.id}:raised")
    return p


def _send(db_session: Session, org: Org, p: Problem, *, event: str, subject: str,
          body: str, key: str, recipients: list[str] | None = None,
          department: str | None = None) -> None:
    enqueue(db_session=db_session, event=event, recipients=recipients or [],
            subject=subject, body=body, link=link(p), dedupe_key=key, department=department,
            payload={"problem_id": p.id, "collaboration_id": p.collaboration_id,
                     "dispute_level": p.dispute_level}, org=org)


# ---------------------------------------------------------------------------------- moves


def act(*, db_session: Session, org: Org, user: User, p: Problem, action: str,
        note: str = "", now: dt.datetime | None = None) -> Problem:
    """start / resolve / close / reopen."""
    check_read(user, p, org, db_session)
    try:
        a = ProblemAction(action)
    except ValueError:
        raise InvalidInput(f"action: use start, resolve, close, reopen, dispute or decide, "
                           f"not {action!r}") from None
    if a in (ProblemAction.dispute, ProblemAction.decide):
        raise InvalidInput(f"{a.value}: POST /api/problems/{p.id}/{a.value} with its fields")
    service.move(db_session=db_session, p=p, action=a, actor=user, note=note, now=now)
    if a in (ProblemAction.resolve, ProblemAction.close):
        key = "prob_resolved_subject" if a is ProblemAction.resolve else "prob_closed_subject"
        _tell_raiser(db_session, org, p, message(key, org_language(org),
                                                 text=p.description[:60]), note)
    return p


def _tell_raiser(db_session: Session, org: Org, p: Problem, subject: str, body: str) -> None:
    raiser = db_session.get(User, p.raised_by_id) if p.raised_by_id else None
    if raiser is None or not raiser.staff_id or not org.has_person(raiser.staff_id):
        return
    _send(db_session, org, p, event="problem.closed", recipients=[raiser.staff_id],
          subject=subject, body=body or "", key=f"problem:{p.id}:{p.state}:{len(p.events)}")


def dispute(*, db_session: Session, org: Org, user: User, p: Problem,
            parties: list[str] | None = None, note: str = "",
            now: dt.datetime | None = None) -> Problem:
    """Mark a problem as a dispute between departments: level 1 (协作接口人) starts."""
    now = now or utcnow()
    check_read(user, p, org, db_session)
    service.check_action(p, ProblemAction.dispute)
    if p.disputed_at is not None:
        raise Conflict(f"problem {p.id} was a dispute before; it is not disputed twice",
                       details={"allowed": [a.value for a in service.allowed_actions(
                           ProblemState(p.state), p.dispute_level)]}, key="prob_err_disputed_twice")
    wanted = parties or list(p.departments or [])
    depts: list[str] = []
    for i, d in enumerate(wanted):
        did = service._dept(org, d, f"departments[{i}]")
        if did not in depts:
            depts.append(did)
    if len(depts) < 2:
        raise InvalidInput("departments: a dispute is between at least two departments "
                           f"(got {', '.join(depts) or 'none'})", key="prob_err_two_departments")
    p.dispute_parties = depts
    for d in depts:
        if d not in (p.departments or []):
            p.departments = [*(p.departments or []), d]
    p.disputed_at = now
    service.enter_level(db_session=db_session, p=p, level=1, org=org, actor=user,
                        note=note, now=now)
    _announce_level(db_session, org, p)
    return p


def decide(*, db_session: Session, org: Org, user: User, p: Problem, outcome: str,
           text: str, now: dt.datetime | None = None) -> Problem:
    """The current level's decision: ``resolve`` ends the dispute (and the problem),
    ``escalate`` sends it to the next level; the committee's decision is final."""
    now = now or utcnow()
    service.check_action(p, ProblemAction.decide)
    _check_decider(user, p, org, db_session)
    if outcome not in OUTCOMES:
        raise InvalidInput(f"outcome: use resolve or escalate, not {outcome!r}",
                           key="prob_err_outcome")
    text = (text or "").strip()
    if not text:
        raise InvalidInput("decision: say what was decided (处理意见)", key="prob_err_decision")
    if outcome == "escalate" and p.dispute_level >= COMMITTEE_LEVEL:
        raise Conflict(f"problem {p.id}: the committee's decision is final; decide resolve",
                       details={"allowed_outcomes": ["resolve"]}, key="prob_err_committee_final")
    level = p.dispute_level
    if outcome == "resolve":
        src = p.state
        if not compare_and_set(db_session, p, {"state": src, "dispute_level": level},
                               {"state": ProblemState.resolved.value}):
            raise Conflict(f"problem {p.id} changed meanwhile: it is {p.state} at dispute "
                           f"level {p.dispute_level}", details={
                               "state": p.state, "dispute_level": p.dispute_level},
                               key="prob_err_changed",
                               args={"state_key": f"prob_st_{p.state}", "level": p.dispute_level})
    service.add_decision(db_session=db_session, p=p, outcome=outcome, text=text, actor=user,
                         now=now)
    if outcome == "resolve":
        p.state, p.resolved_at, p.resolution = ProblemState.resolved.value, now, text
        p.level_due_at = None
        service.record(db_session=db_session, p=p, action="decide", actor=user,
                       from_state=src, to_state=p.state, level=level, note=text, now=now)
        people = list(dict.fromkeys(level_people(p, org, db_session, 1) +
                                    level_people(p, org, db_session, level)))
        if people:
            _send(db_session, org, p, event="problem.decided", recipients=people,
                  subject=message("prob_decided_subject", org_language(org),
                                  level=message(f"prob_level_{level}", org_language(org)),
                                  text=p.description[:60]), body=text,
                  key=f"problem:{p.id}:decided:{level}")
        return p
    service.record(db_session=db_session, p=p, action="decide", actor=user,
                   from_state=p.state, to_state=p.state, level=level,
                   note_key="prob_note_escalate", note_args={"text": text}, now=now)
    service.enter_level(db_session=db_session, p=p, level=level + 1, org=org, actor=user,
                        note="", now=now)
    _announce_level(db_session, org, p)
    return p


def _announce_level(db_session: Session, org: Org, p: Problem, why: str = "") -> None:
    people = level_people(p, org, db_session)
    level = p.dispute_level
    due = p.level_due_at.astimezone(org.tz) if p.level_due_at else None
    if not people:
        log.warning("problem %s: nobody to decide level %s", p.id, level)
        return
    lang = org_language(org)
    parties = message("list_sep", lang).join(org.department(d).name
                                             for d in p.dispute_parties or []
                                             if org.has_department(d))
    _send(db_session, org, p, event=f"problem.dispute_level{level}", recipients=people,
          subject=message("prob_dispute_subject", lang, text=p.description[:60],
                          level=message(f"prob_level_{level}", lang)),
          body=(message("prob_dispute_body", lang, why=why, parties=parties,
                        sev=message(f"prob_sev_{p.severity}", lang), impact=p.impact or "-",
                        due=format_time(due, lang)) if due else parties),
          key=f"problem:{p.id}:level:{level}")


# ------------------------------------------------------------------------------ the sweep


def climb_overdue(*, db_session: Session, org: Org, now: dt.datetime) -> int:
    """Disputes whose level's deadline passed without a decision go up one level (the
    committee's overdue decision is reminded once); returns how many moved. Only on the
    org's working days, like every other reminder."""
    from sqlalchemy import select

    if not org.work_calendar.is_workday(now.astimezone(org.tz).date()):
        return 0
    rows = db_session.scalars(select(Problem).where(
        Problem.dispute_level > 0, Problem.level_due_at.is_not(None),
        Problem.level_due_at <= now,
        Problem.state.in_([s.value for s in LIVE])).order_by(Problem.id))
    n = 0
    for p in list(rows):
        level = p.dispute_level
        if level >= COMMITTEE_LEVEL:
            people = level_people(p, org, db_session)
            if people:
                _send(db_session, org, p, event="problem.committee_overdue",
                      recipients=people,
                      subject=message("prob_committee_overdue_subject", org_language(org),
                                      text=p.description[:60]),
                      body=message("prob_committee_overdue_body", org_language(org)),
                      key=f"problem:{p.id}:committee_overdue")
            continue
        try:
            _climb(db_session, org, p, level, now)
        except Conflict:
            continue  # decided while we looked: the decision stands
        n += 1
    return n


def _climb(db_session: Session, org: Org, p: Problem, level: int, now: dt.datetime) -> None:
    """One overdue level up, in a savepoint: a decision that won the row leaves no trace."""
    with db_session.begin_nested():
        was_due = p.level_due_at.astimezone(org.tz)
        service.add_decision(db_session=db_session, p=p, outcome="timeout",
                             text=service.timeout_text(was_due, org.tz),
                             actor=None, now=now)
        service.enter_level(db_session=db_session, p=p, level=level + 1, org=org,
                            actor=None, now=now, note_key="prob_note_timeout",
                            note_args={"level": level, "level_zh": LEVEL_ZH[level],
                                       "level_key": f"prob_level_{level}"})
        lang = org_language(org)
        _announce_level(db_session, org, p,
                        why=message("prob_dispute_timeout", lang,
                                    level=message(f"prob_level_{level}", lang)))
