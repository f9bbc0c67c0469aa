"""Requests: validation, storage, transitions, labelled examples, reading back.

Keyword-only functions that know nothing of HTTP. Whether a *user* may do something is
decided in ``flows``; here a transition is only checked against the state machine.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from dispatch.db import compare_and_set, utcnow
from dispatch.errors import Conflict, InvalidInput, NotFound
from dispatch.requests.models import Request, RoutingExample, SlaEvent, Transition
from dispatch.text_limits import within_limit
from dispatch.users.models import User
from models.org import Org
from models.requests import (
    Action,
    IllegalTransition,
    SlaPolicy,
    State,
    allowed_actions,
    next_state,
)

MAX_TITLE_CHARS = 200
MAX_ATTACHMENTS = 50
MAX_ATTACHMENT_NAME = 255
SYSTEM_ACTOR = "system"

log = logging.getLogger(__name__)


def sla_policy(org: Org) -> SlaPolicy:
    """The org's SLA settings (``sla:`` in the org file), defaults when absent.

    Here, not in ``flows``: collaborations read it too, and ``flows`` loads the routing
    model's libraries (2 s of imports a CLI command that never routes should not pay)."""
    extra = org.model_extra or {}
    try:
        return SlaPolicy.from_config(extra.get("sla"))
    except ValueError as e:
        log.warning("org file: %s; using the default SLA (24 working hours)", e)
        return SlaPolicy()


@dataclass
class RequestIn:
    """What a requester submits (validated by :func:`validate`)."""

    text: str
    title: str = ""
    from_department: str | None = None
    expected_date: dt.date | None = None
    support: str = ""
    attachments: list[str] = field(default_factory=list)


def validate(data: RequestIn, *, org: Org, requester: User, max_chars: int,
             today: dt.date | None = None) -> RequestIn:
    """A cleaned copy of ``data``; InvalidInput / TooLarge name the field and the problem."""
    text = (data.text or "").strip()
    if not text:
        raise InvalidInput("text: the request is empty; say what you need",
                           key="req_err_empty")
    within_limit(text, max_chars, "text", field_key="field_text",
                 hint="put long material in an attachment")
    support = within_limit((data.support or "").strip(), max_chars, "support",
                           field_key="field_support")
    title = within_limit(" ".join((data.title or "").split()), MAX_TITLE_CHARS, "title",
                         field_key="field_title", error=InvalidInput)
    if not title:
        # the first line of the text, shortened: a list needs something to show
        first = text.splitlines()[0].strip()
        title = first if len(first) <= 60 else first[:59] + "…"

    dept = None
    if data.from_department is not None and str(data.from_department).strip():
        found = org.find_department(str(data.from_department))
        if found is None:
            raise InvalidInput(f"from_department: unknown department {data.from_department!r}",
                               details={"known": [d.id for d in org.departments]},
                               key="err_dept_unknown",
                               args={"value": str(data.from_department)})
        dept = found.id
    elif requester.staff_id and org.has_person(requester.staff_id):
        dept = org.person(requester.staff_id).department

    today = today or org.today()
    if data.expected_date is not None and data.expected_date < today:
        raise InvalidInput(f"expected_date: {data.expected_date.isoformat()} is in the past "
                           f"(today is {today.isoformat()} in {org.timezone})",
                           key="req_err_expected_past",
                           args={"due": data.expected_date.isoformat(),
                                 "today": today.isoformat()})

    names = []
    for i, a in enumerate(data.attachments or []):
        a = str(a).strip()
        if not a:
            raise InvalidInput(f"attachments[{i}]: empty file name", key="req_err_attachment",
                               args={"n": i + 1})
        if len(a) > MAX_ATTACHMENT_NAME or "\n" in a:
            raise InvalidInput(f"attachments[{i}]: not a file name", key="req_err_attachment",
                               args={"n": i + 1})
        names.append(a)
    if len(names) > MAX_ATTACHMENTS:
        raise InvalidInput(f"attachments: {len(names)} names; the limit is {MAX_ATTACHMENTS}",
                           key="req_err_attachments", args={"n": len(names),
                                                            "limit": MAX_ATTACHMENTS})
    return RequestIn(text=text, title=title, from_department=dept,
                     expected_date=data.expected_date, support=support, attachments=names)


def create(*, db_session: Session, data: RequestIn, requester: User) -> Request:
    """Store a validated request in state ``submitted`` (routing moves it on)."""
    req = Request(title=data.title, text=data.text, requester_id=requester.id,
                  from_department=data.from_department, expected_date=data.expected_date,
                  support=data.support, attachments=list(data.attachments),
                  state=State.submitted.value, secondary=[], routing={}, returned_by=[])
    db_session.add(req)
    db_session.flush()
    return req


def get(*, db_session: Session, request_id: int) -> Request | None:
    """A request by id."""
    return db_session.get(Request, request_id)


def get_or_404(*, db_session: Session, request_id: int) -> Request:
    req = get(db_session=db_session, request_id=request_id)
    if req is None:
        raise NotFound(f"no request {request_id}", key="req_err_no_request",
                       args={"id": request_id})
    return req


def list_requests(*, db_session: Session, state: str | None = None,
                  department: str | None = None, requester_id: int | None = None,
                  limit: int = 100, offset: int = 0) -> list[Request]:
    """Requests, newest first, filtered by state, receiving department and requester."""
    q = select(Request)
    if state is not None:
        q = q.where(Request.state == state)
    if department is not None:
        q = q.where(Request.department == department)
    if requester_id is not None:
        q = q.where(Request.requester_id == requester_id)
    q = q.order_by(Request.id.desc()).limit(limit).offset(offset)
    return list(db_session.scalars(q))


def visible_requests(*, db_session: Session, user: User, org: Org, state: str | None = None,
                     department: str | None = None, mine: bool = False, limit: int = 100,
                     offset: int = 0) -> list[Request]:
    """The requests ``user`` may list, newest first: a requester only ever sees their own,
    planners see everyone's unless they ask for ``mine``. ``department`` is an id, name or
    alias (an unknown one is an error, not an empty list)."""
    if department is not None:
        found = org.find_department(department)
        if found is None:
            raise InvalidInput(f"unknown department {department!r}", key="err_dept_unknown",
                               args={"value": department})
        department = found.id
    own = mine or not user.has_role("planner")
    return list_requests(db_session=db_session, state=check_state(state), department=department,
                         requester_id=user.id if own else None, limit=limit, offset=offset)


def count_by_state(*, db_session: Session) -> dict[str, int]:
    rows = db_session.execute(select(Request.state, func.count()).group_by(Request.state))
    return {str(s): int(n) for s, n in rows}


def check_state(value: str | None) -> str | None:
    """A state filter, or InvalidInput naming the states there are."""
    if value is None or value == "":
        return None
    try:
        return State(value).value
    except ValueError:
        raise InvalidInput(f"unknown state {value!r}; use one of "
                           f"{', '.join(s.value for s in State)}", key="req_err_state",
                           args={"value": value,
                                 "allowed_keys": [f"rs_{s.value}" for s in State]}) from None


def apply(*, db_session: Session, req: Request, action: Action, actor: User | None,
          note: str = "", department: str | None = None,
          now: dt.datetime | None = None, org: Org | None = None) -> Transition:
    """Move ``req`` along ``action`` and record who, when, from, to and why.

    Conflict (409) names the actions allowed in the current state when it does not apply.
    The state is written only if the row still holds what was read (state and hand-over
    number): of two people moving one request at once (an accept and a return, a triage
    decision and a re-route) exactly one wins; the other gets a Conflict naming the state
    the winner left, and nothing of theirs is recorded.
    """
    now = now or utcnow()
    src = State(req.state)
    try:
        dst = next_state(src, action)
    except IllegalTransition as e:
        raise Conflict(str(e), details={"state": src.value,
                                        "allowed": [a.value for a in e.allowed]},
                       key="req_err_step",
                       args={"state_key": f"rs_{src.value}",
                             "action_key": f"req_act_{action.value}",
                             "allowed_keys": [f"req_act_{a.value}" for a in e.allowed]}) from None
    if dst is State.routed and not department:
        raise InvalidInput("a department is needed to route a request", key="err_dept_needed")
    if not compare_and_set(db_session, req, {"state": src.value,
                                             "assignment_no": req.assignment_no},
                           {"state": dst.value, "updated_at": now}):
        raise moved(req, org)
    if dst is State.routed:
        req.department = department
        req.assignment_no = (req.assignment_no or 0) + 1
        req.assigned_at = now
        req.acked_at = None
    elif dst is State.triage:
        req.department = None
        req.ack_due_at = None
    elif dst is State.accepted:
        req.acked_at = now
    elif dst is State.returned:
        if req.acked_at is None:
            req.acked_at = now  # a return is an answer too: the ack clock stops
        if req.department and req.department not in (req.returned_by or []):
            req.returned_by = [*(req.returned_by or []), req.department]
    elif dst is State.done:
        req.done_at = now
    req.state = dst.value
    req.updated_at = now
    t = Transition(request_id=req.id, action=action.value, from_state=src.value,
                   to_state=dst.value, actor_id=actor.id if actor else None,
                   actor_name=actor.name if actor else SYSTEM_ACTOR, at=now,
                   department=req.department, note=note or "")
    db_session.add(t)
    db_session.flush()
    return t


def moved(req: Request, org: Org | None = None) -> Conflict:
    """The 409 for someone who acted on a request another person has moved since: what it
    is now (state and department) and what may be done with it now. With the ``org`` the
    localized sentence names the department by its name (the English keeps the id)."""
    allowed = [a.value for a in allowed_actions(State(req.state))]
    where = f", with {req.department}" if req.department else ""
    return Conflict(f"request {req.id} changed meanwhile: it is {req.state} now{where}; "
                    f"allowed now: {', '.join(allowed) or 'none'}",
                    key="req_err_moved",
                    args={"id": req.id, "state_key": f"rs_{req.state}",
                          "dept": _dept_name(org, req.department) or req.department or "—",
                          "allowed_keys": [f"req_act_{a}" for a in allowed]},
                    details={"state": req.state, "department": req.department,
                             "allowed": allowed})


def check_seen(req: Request, state: str | None = None,
               department: str | None = None, org: Org | None = None) -> None:
    """409 when the request is no longer what the person was shown (``state`` and
    ``department`` as the page or client saw them; None: not known, not checked): a
    colleague acted first, and an accept meant for the routed request is not an accept
    of the request re-routed elsewhere since."""
    if (state is not None and state != req.state) or \
            (department is not None and department != (req.department or "")):
        raise moved(req, org)


def record_example(*, db_session: Session, req: Request, department: str, source: str,
                   actor: User | None, weight: float = 1.0) -> RoutingExample:
    """A labelled example from a person's decision; the latest word on a request wins."""
    db_session.execute(delete(RoutingExample).where(RoutingExample.request_id == req.id))
    ex = RoutingExample(request_id=req.id, text=routing_text(req), department=department,
                        source=source, weight=weight, created_by=actor.id if actor else None)
    db_session.add(ex)
    db_session.flush()
    return ex


def has_example(*, db_session: Session, req: Request) -> bool:
    """Whether a person's word on where ``req`` belongs is already stored."""
    return db_session.scalar(select(RoutingExample.id).where(
        RoutingExample.request_id == req.id).limit(1)) is not None


def list_examples(*, db_session: Session, limit: int | None = None) -> list[RoutingExample]:
    q = select(RoutingExample).order_by(RoutingExample.id)
    if limit is not None:
        q = q.limit(limit)
    return list(db_session.scalars(q))


def routing_text_of(title: str, text: str) -> str:
    """What the router reads: the title (when it adds something) and the text."""
    if title and title not in text:
        return f"{title}\n{text}"
    return text


def routing_text(req: Request) -> str:
    """The router's text of a stored request (also what a labelled example keeps)."""
    return routing_text_of(req.title, req.text)


def sla_events(*, db_session: Session, request_id: int | None = None,
               limit: int = 200) -> list[SlaEvent]:
    q = select(SlaEvent).order_by(SlaEvent.id.desc()).limit(limit)
    if request_id is not None:
        q = q.where(SlaEvent.request_id == request_id)
    return list(db_session.scalars(q))


# ------------------------------------------------------------------------------ reading


def _user_names(db_session: Session, ids: set[int]) -> dict[int, str]:
    if not ids:
        return {}
    rows = db_session.execute(select(User.id, User.name).where(User.id.in_(ids)))
    return {int(i): str(n) for i, n in rows}


def visible_explanation(explanation: dict[str, Any] | None, viewer: User | None
                        ) -> dict[str, Any] | None:
    """A routing explanation as ``viewer`` may see it.

    Its look-alike past requests are other people's words (triage decisions and imported
    history become training examples): only planners, who read every request anyway, see
    them; anyone else (or nobody named) gets the terms without them.
    """
    if explanation is None or (viewer is not None and viewer.has_role("planner")):
        return explanation
    return {**explanation, "similar": []}


def to_dicts(rows: list[Request], *, org: Org | None, db_session: Session,
             full: bool = False, viewer: User | None = None) -> list[dict[str, Any]]:
    """:func:`to_dict` of many requests with one query for their requesters' names (one per
    row made a list of 50 take 100+ ms under load, issue 16)."""
    names = _user_names(db_session, {r.requester_id for r in rows})
    return [to_dict(r, org=org, db_session=db_session, full=full, viewer=viewer, names=names)
            for r in rows]


def to_dict(req: Request, *, org: Org | None = None, db_session: Session | None = None,
            full: bool = True, viewer: User | None = None,
            names: dict[int, str] | None = None) -> dict[str, Any]:
    """The request as JSON for the API and the CLI, as ``viewer`` may see it; org time
    shown beside UTC."""
    tz = org.tz if org else dt.UTC
    if names is None:
        names = _user_names(db_session, {req.requester_id}) if db_session is not None else {}

    def iso(v: dt.datetime | None) -> str | None:
        return v.isoformat() if v else None

    def local(v: dt.datetime | None) -> str | None:
        return v.astimezone(tz).isoformat(timespec="minutes") if v else None

    out: dict[str, Any] = {
        "id": req.id,
        "title": req.title,
        "state": req.state,
        "department": req.department,
        "department_name": _dept_name(org, req.department),
        "secondary": list(req.secondary or []),
        "requester": names.get(req.requester_id, req.requester_id),
        "from_department": req.from_department,
        "expected_date": req.expected_date.isoformat() if req.expected_date else None,
        "created_at": iso(req.created_at),
        "created_at_local": local(req.created_at),
        "ack_due_at": iso(req.ack_due_at),
        "ack_due_at_local": local(req.ack_due_at),
        "acked_at": iso(req.acked_at),
        "done_at": iso(req.done_at),
        "allowed_actions": [a.value for a in allowed_actions(State(req.state))],
    }
    r = req.routing or {}
    out["routing"] = {
        "decision": r.get("decision"),
        "model_version": r.get("model_version"),
        "departments": r.get("departments", []),
        "error": r.get("error"),
    }
    if full:
        out.update({
            "text": req.text,
            "support": req.support,
            "attachments": list(req.attachments or []),
            "returned_by": list(req.returned_by or []),
        })
        out["routing"]["explanation"] = visible_explanation(r.get("explanation"), viewer)
        out["routing"]["secondary"] = r.get("secondary", [])
        if db_session is not None:
            out["transitions"] = [
                {"action": t.action, "from": t.from_state, "to": t.to_state, "by": t.actor_name,
                 "at": iso(t.at), "at_local": local(t.at), "department": t.department,
                 "note": t.note} for t in req.transitions]
            out["sla_events"] = [
                {"kind": e.kind, "department": e.department, "due_at": iso(e.due_at),
                 "detected_at": iso(e.detected_at)}
                for e in sla_events(db_session=db_session, request_id=req.id)]
    return out


def _dept_name(org: Org | None, dept: str | None) -> str | None:
    if org is None or dept is None or not org.has_department(dept):
        return None
    return org.department(dept).name
