"""Request workflows: submit and route, triage decisions, acknowledge, return and re-route.

Who may do what is decided here:
- a requester submits requests and reads their own;
- a planner (coordinator) reads all, decides triage and re-routes;
- the receiving department's actions (accept, return, start, finish) need a planner who
  is not tied to another department: one whose staff record is in the receiving
  department, or a coordinator with no staff record; an admin may do everything.
Every change is recorded as a transition (who, when, from, to, note), and every person's
routing decision becomes a labelled example (``RoutingExample``): a triage decision, a
re-route or a return naming the department (corrections, weight 2), the department that
accepts after a return, and the department that accepts a route nobody changed. The
worker's learning sweep (``scheduled.learn_sweep``) refits the model on them.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from dispatch.db import utcnow
from dispatch.errors import Forbidden, InvalidInput
from dispatch.requests import escalation, routing, service
from dispatch.requests.models import Request
from dispatch.requests.service import RequestIn
from dispatch.settings import Settings
from dispatch.users.models import User
from models.org import Org
from models.requests import Action, State, add_working_hours
from nlp.routing import online

log = logging.getLogger(__name__)

# A next-best department below this probability is a guess, not a suggestion: after a
# return with nothing better left, a coordinator decides instead (triage).
REROUTE_MIN_SCORE = 0.1
# A receiving department's correction says more than a coordinator's first guess (one
# place for it: the prequential benchmark reads the same).
CORRECTION_WEIGHT = online.CORRECTION_WEIGHT


# ---------------------------------------------------------------------------- permissions


def may_read(user: User, req: Request) -> bool:
    return user.has_role("planner") or req.requester_id == user.id


def check_read(user: User, req: Request) -> None:
    if not may_read(user, req):
        raise Forbidden(f"request {req.id} is not yours; only planners and admins read others'",
                        key="req_err_not_yours", args={"id": req.id})


def _check_coordinator(user: User, action: Action) -> None:
    if not user.has_role("planner"):
        raise Forbidden(f"{action.value}: needs the planner role (coordinators); "
                        f"you are {user.role}", key="req_err_coordinator",
                        args={"action_key": f"req_act_{action.value}",
                              "mine_key": f"role_{user.role}"})


def acts_for(user: User, org: Org, department: str | None) -> bool:
    """Whether ``user`` may act as the receiving ``department``: an admin, a coordinator
    without a staff record, or a planner who is a member of that department. The workflows
    enforce it and the pages ask it to show or hide the receiving department's buttons."""
    if not user.has_role("planner"):
        return False
    if user.has_role("admin") or not user.staff_id or not org.has_person(user.staff_id):
        return True
    return department is None or org.person(user.staff_id).department == department


def check_receiving(user: User, req: Request, org: Org, action: Action) -> None:
    """The receiving department (or a coordinator / admin) acts for it.

    The one rule for acting on a request as its receiver: the request routes and the
    follow-ups of its clocks (``dispatch.followups.adapters``) both call it.
    """
    _check_coordinator(user, action)
    if not acts_for(user, org, req.department):
        mine = org.person(user.staff_id).department
        raise Forbidden(f"{action.value}: request {req.id} is with {req.department}; "
                        f"you are in {mine}", key="req_err_other_dept",
                        args={"action_key": f"req_act_{action.value}", "id": req.id,
                              "dept": org.department_name(req.department or ""),
                              "mine": org.department_name(mine)})


def _department(org: Org, value: str | None, what: str = "department") -> str:
    if value is None or not str(value).strip():
        raise InvalidInput(f"{what}: a department is needed", key="err_dept_needed")
    found = org.find_department(str(value))
    if found is None:
        raise InvalidInput(f"{what}: unknown department {value!r}",
                           details={"known": [d.id for d in org.departments]},
                           key="err_dept_unknown", args={"value": str(value)})
    return found.id


# --------------------------------------------------------------------------------- submit


@dataclass(frozen=True)
class Prepared:
    """A validated submission and what the router said about it (nothing stored yet)."""

    data: RequestIn
    now: dt.datetime
    routed: routing.Routed | None
    error: str | None = None


def prepare_submission(*, settings: Settings, org: Org, user: User, data: RequestIn,
                       now: dt.datetime | None = None) -> Prepared:
    """Validate and route a submission without touching the database.

    The model runs before anything is written, so no write lock is held while it thinks
    (on SQLite one writer blocks all others). A router failure is kept, not raised: the
    request then waits in triage with the reason, never lost."""
    now = now or utcnow()
    clean = service.validate(data, org=org, requester=user, max_chars=settings.max_request_chars,
                             today=now.astimezone(org.tz).date())
    try:
        routed = routing.predict(settings=settings, org=org,
                                 text=service.routing_text_of(clean.title, clean.text))
    except Exception as e:  # noqa: BLE001 - any router failure: a person decides, nothing lost
        log.warning("routing failed (%s); the request goes to triage", e)
        return Prepared(clean, now, None, f"{type(e).__name__}: {e}")
    return Prepared(clean, now, routed)


def store_submission(*, db_session: Session, org: Org, user: User,
                     prepared: Prepared) -> Request:
    """Store a prepared submission and hand it to its department or to triage."""
    now = prepared.now
    req = service.create(db_session=db_session, data=prepared.data, requester=user)
    req.created_at = now
    routed = prepared.routed
    if routed is None:
        req.routing = {"error": prepared.error, "decision": "triage"}
        service.apply(db_session=db_session, org=org, req=req, action=Action.to_triage, actor=None,
                      note="the router could not be used; a coordinator decides", now=now)
        return req
    req.routing = routing.prediction_record(routed)
    pred = routed.prediction
    req.secondary = [d for d in pred.secondary if d != pred.department]
    top = pred.departments[0]
    if pred.decision == "auto" and org.has_department(top.id):
        _assign(db_session=db_session, org=org, req=req, action=Action.route, actor=None,
                department=top.id, now=now,
                note=f"auto-routed by model {routed.version} (confidence {top.score:.2f})")
    else:
        service.apply(db_session=db_session, org=org, req=req, action=Action.to_triage, actor=None,
                      now=now, note=f"confidence {top.score:.2f} below the auto-route threshold"
                      f" of model {routed.version}; suggested {top.id}")
    return req


def submit(*, db_session: Session, settings: Settings, org: Org, user: User, data: RequestIn,
           now: dt.datetime | None = None) -> Request:
    """Validate, route and store a new request (to a department, or to triage).

    The model runs first, then the session's read transaction is ended before the write:
    on SQLite a transaction that read before another writer committed may not write
    ("database is locked"), a fresh one may. Nothing has been written at that point.
    """
    prepared = prepare_submission(settings=settings, org=org, user=user, data=data, now=now)
    db_session.commit()
    return store_submission(db_session=db_session, org=org, user=user, prepared=prepared)


def _assign(*, db_session: Session, org: Org, req: Request, action: Action, actor: User | None,
            department: str, now: dt.datetime, note: str) -> None:
    """Hand the request to a department and start its acknowledgement clock."""
    service.apply(db_session=db_session, org=org, req=req, action=action, actor=actor,
                  department=department, note=note, now=now)
    policy = service.sla_policy(org)
    req.ack_due_at = add_working_hours(now, policy.ack_hours, org.work_calendar, org.tz, policy)
    req.secondary = [d for d in (req.secondary or []) if d != department]
    escalation.on_assigned(db_session=db_session, org=org, req=req)


# ------------------------------------------------------------------------ person's actions


def decide(*, db_session: Session, org: Org, user: User, req: Request, department: str,
           secondary: list[str] | None = None, note: str = "",
           now: dt.datetime | None = None, seen_state: str | None = None,
           seen_department: str | None = None) -> Request:
    """A coordinator's triage decision: route to ``department``; a labelled example.

    ``seen_state`` / ``seen_department``: the request as the coordinator was shown it (409
    when it has moved since; so for every action below)."""
    service.check_seen(req, seen_state, seen_department, org)
    _check_coordinator(user, Action.decide)
    now = now or utcnow()
    dept = _department(org, department)
    extra = None if secondary is None else [_department(org, s, "secondary")
                                            for s in secondary]
    # the state moves first (compare-and-set): a loser of a race has written nothing
    _assign(db_session=db_session, org=org, req=req, action=Action.decide, actor=user,
            department=dept, now=now, note=note or "triage decision")
    if extra is not None:
        req.secondary = [d for d in extra if d != dept]
    service.record_example(db_session=db_session, req=req, department=dept, source="triage",
                           actor=user)
    return req


def accept(*, db_session: Session, org: Org, user: User, req: Request, note: str = "",
           now: dt.datetime | None = None, seen_state: str | None = None,
           seen_department: str | None = None) -> Request:
    """The receiving department acknowledges the request (stops the ack clock)."""
    service.check_seen(req, seen_state, seen_department, org)
    check_receiving(user, req, org, Action.accept)
    service.apply(db_session=db_session, org=org, req=req, action=Action.accept, actor=user,
                  note=note, now=now)
    if req.returned_by and req.department:
        # accepted after a return: the department that keeps it is the right answer
        service.record_example(db_session=db_session, req=req, department=req.department,
                               source="correction", actor=user, weight=CORRECTION_WEIGHT)
    elif req.department and not service.has_example(db_session=db_session, req=req):
        # routed by the model and accepted: the department confirms the route; without
        # these the model would learn only from its mistakes and its threshold would see
        # none of the automatic routes that were right
        service.record_example(db_session=db_session, req=req, department=req.department,
                               source="accepted", actor=user)
    escalation.on_accepted(db_session=db_session, org=org, req=req, by=user.name)
    return req


def return_request(*, db_session: Session, settings: Settings, org: Org, user: User,
                   req: Request, reason: str, department: str | None = None,
                   now: dt.datetime | None = None, seen_state: str | None = None,
                   seen_department: str | None = None) -> Request:
    """退单: the receiving department sends the request back with a reason.

    It goes on at once: to the department the returner names (their correction, a
    labelled example), else to the model's next best department not yet tried, else to
    triage."""
    service.check_seen(req, seen_state, seen_department, org)
    check_receiving(user, req, org, Action.return_)
    reason = (reason or "").strip()
    if not reason:
        raise InvalidInput("reason: say why the request is returned (退单需要理由)",
                           key="req_err_return_reason")
    target = _department(org, department) if department else None
    if target is not None and target == req.department:
        raise InvalidInput(f"department: {target} is the department returning it",
                           key="req_err_return_to_self",
                           args={"dept": org.department_name(target)})
    now = now or utcnow()
    service.apply(db_session=db_session, org=org, req=req, action=Action.return_, actor=user,
                  note=reason, now=now)
    escalation.on_returned(db_session=db_session, org=org, req=req, by=user.name, reason=reason)
    if target is not None:
        _assign(db_session=db_session, org=org, req=req, action=Action.reroute, actor=user,
                department=target, now=now, note=f"re-routed by {user.name} on return")
        service.record_example(db_session=db_session, req=req, department=target,
                               source="correction", actor=user, weight=CORRECTION_WEIGHT)
        return req
    _reroute_next_best(db_session=db_session, org=org, req=req, now=now)
    return req


def next_best(org: Org, req: Request) -> tuple[str, float] | None:
    """The best-ranked department not yet tried, when the model found it plausible."""
    tried = set(req.returned_by or [])
    if req.department:
        tried.add(req.department)
    for d in (req.routing or {}).get("departments", []):
        if d["id"] in tried or not org.has_department(d["id"]):
            continue
        return (d["id"], float(d["score"])) if d["score"] >= REROUTE_MIN_SCORE else None
    return None


def _reroute_next_best(*, db_session: Session, org: Org, req: Request,
                       now: dt.datetime) -> None:
    nb = next_best(org, req)
    if nb is None:
        service.apply(db_session=db_session, org=org, req=req, action=Action.to_triage, actor=None,
                      now=now, note="no plausible department left to try; a coordinator "
                      "decides")
        return
    _assign(db_session=db_session, org=org, req=req, action=Action.route, actor=None,
            department=nb[0], now=now,
            note=f"re-routed to the next best department (score {nb[1]:.2f})")


def reroute(*, db_session: Session, org: Org, user: User, req: Request,
            department: str | None = None, note: str = "",
            now: dt.datetime | None = None, seen_state: str | None = None,
            seen_department: str | None = None) -> Request:
    """A coordinator re-routes: to ``department`` (a labelled example) or the next best."""
    service.check_seen(req, seen_state, seen_department, org)
    _check_coordinator(user, Action.reroute)
    now = now or utcnow()
    if department is None:
        nb = next_best(org, req)
        if nb is None:
            raise InvalidInput("department: the model has no plausible department left; "
                               "name one", key="req_err_no_next_best")
        dept, chosen = nb[0], False
    else:
        dept, chosen = _department(org, department), True
        if dept == req.department and req.state == State.routed.value:
            raise InvalidInput(f"department: the request is already with {dept}",
                               key="req_err_already_with",
                               args={"dept": org.department_name(dept)})
    from_triage = req.state == State.triage.value
    # the state machine decides whether re-routing applies now (409 otherwise)
    _assign(db_session=db_session, org=org, req=req, action=Action.reroute, actor=user,
            department=dept, now=now, note=note or ("re-routed" if chosen else
                                                    "re-routed to the next best department"))
    if chosen and from_triage:  # out of triage by a person: that is a triage decision
        service.record_example(db_session=db_session, req=req, department=dept,
                               source="triage", actor=user)
    elif chosen:
        service.record_example(db_session=db_session, req=req, department=dept,
                               source="correction", actor=user, weight=CORRECTION_WEIGHT)
    return req


def start(*, db_session: Session, org: Org, user: User, req: Request, note: str = "",
          now: dt.datetime | None = None, seen_state: str | None = None,
          seen_department: str | None = None) -> Request:
    service.check_seen(req, seen_state, seen_department, org)
    check_receiving(user, req, org, Action.start)
    service.apply(db_session=db_session, org=org, req=req, action=Action.start, actor=user,
                  note=note,
                  now=now)
    return req


def finish(*, db_session: Session, org: Org, user: User, req: Request, note: str = "",
           now: dt.datetime | None = None, seen_state: str | None = None,
           seen_department: str | None = None) -> Request:
    service.check_seen(req, seen_state, seen_department, org)
    check_receiving(user, req, org, Action.finish)
    service.apply(db_session=db_session, org=org, req=req, action=Action.finish, actor=user,
                  note=note,
                  now=now)
    escalation.on_done(db_session=db_session, org=org, req=req, by=user.name)
    return req


ACTIONS = {"accept": accept, "start": start, "finish": finish}


def triage_queue(*, db_session: Session, org: Org, limit: int = 100) -> list[dict[str, Any]]:
    """Requests waiting for a coordinator, oldest first, with the model's top suggestions."""
    reqs = service.list_requests(db_session=db_session, state=State.triage.value, limit=limit)
    out = []
    for r in sorted(reqs, key=lambda r: r.id):
        d = service.to_dict(r, org=org, db_session=db_session, full=False)
        d["suggestions"] = [
            {**s, "name": org.department(s["id"]).name if org.has_department(s["id"]) else None}
            for s in (r.routing or {}).get("departments", [])[:3]]
        d["text"] = r.text
        out.append(d)
    return out
