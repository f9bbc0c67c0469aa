"""Request pages: the 需求单 form and its routing result, a department's inbox, triage.

The pages call the requests workflows (``dispatch.requests.flows``) directly; who may do
what is decided there, so a page never allows more than the API would.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated

from fastapi import Form, Request
from fastapi.responses import Response

from api.deps import Id, SessionDep, SettingsDep
from api.web.core import (
    check_csrf,
    flash,
    lang_of,
    page_router,
    pop_flash,
    render,
    require,
    safe_next,
    saved,
)
from dispatch.errors import DispatchError, InvalidInput
from dispatch.orgdir import service as org_service
from dispatch.requests import flows, service
from dispatch.requests.service import RequestIn
from models.requests import State, allowed_actions

router = page_router()

INBOX_STATES = (State.routed.value, State.accepted.value, State.in_progress.value)


def attachment_names(text: str) -> list[str]:
    """File names typed one per line (or separated by ; ；)."""
    return [n.strip() for n in re.split(r"[\r\n;；]+", text or "") if n.strip()]


@router.get("/requests/new")
def new_request(request: Request, session: SessionDep) -> Response:
    user = require(request, session)
    org = org_service.require_org(db_session=session)
    return render(request, "requests/new.html", user=user, org=org, form={},
                  today=org.today())


@router.post("/requests/new")
def submit(request: Request, session: SessionDep, settings: SettingsDep,
           text: Annotated[str, Form()] = "", title: Annotated[str, Form()] = "",
           expected_date: Annotated[str, Form()] = "", support: Annotated[str, Form()] = "",
           attachments: Annotated[str, Form()] = "",
           csrf_token: Annotated[str, Form()] = "") -> Response:
    """Store and route the request, then show where it went and why.

    A refused form comes back filled in with the reason, so nothing typed is lost."""
    user = require(request, session)
    check_csrf(request, csrf_token)
    org = org_service.require_org(db_session=session)
    form = {"text": text, "title": title, "expected_date": expected_date, "support": support,
            "attachments": attachments}
    try:
        try:
            when = dt.date.fromisoformat(expected_date) if expected_date.strip() else None
        except ValueError:
            raise InvalidInput(f"expected_date: {expected_date!r} is not a date",
                               key="err_not_a_date", args={"value": expected_date}) from None
        data = RequestIn(text=text, title=title, expected_date=when, support=support,
                         attachments=attachment_names(attachments))
        req = flows.submit(db_session=session, settings=settings, org=org, user=user, data=data)
    except DispatchError as e:
        return render(request, "requests/new.html", status_code=e.status, user=user, org=org,
                      form=form, error=e.said(lang_of(request, org)), today=org.today())
    return saved(session, f"/requests/{req.id}")


@router.get("/requests")
def my_requests(request: Request, session: SessionDep, state: str | None = None) -> Response:
    """Your requests; planners see everyone's."""
    user = require(request, session)
    org = org_service.require_org(db_session=session)
    state = service.check_state(state)
    rows = service.visible_requests(db_session=session, user=user, org=org, state=state,
                                    limit=200)
    return render(request, "requests/list.html", user=user, org=org, rows=rows, state=state,
                  states=[s.value for s in State if s is not State.submitted])


@router.get("/requests/{request_id}")
def show(request_id: Id, request: Request, session: SessionDep) -> Response:
    user = require(request, session)
    org = org_service.require_org(db_session=session)
    req = service.get_or_404(db_session=session, request_id=request_id)
    flows.check_read(user, req)
    data = service.to_dict(req, org=org, db_session=session, viewer=user)
    return render(request, "requests/show.html", user=user, org=org, req=req, data=data,
                  flash=pop_flash(request), can_act=user.has_role("planner"),
                  receiving=flows.acts_for(user, org, req.department))


@router.post("/requests/{request_id}/act")
def act(request_id: Id, request: Request, session: SessionDep, settings: SettingsDep,
        action: Annotated[str, Form()], department: Annotated[str, Form()] = "",
        note: Annotated[str, Form()] = "", next: Annotated[str, Form()] = "",
        seen_state: Annotated[str | None, Form(max_length=20)] = None,
        seen_department: Annotated[str | None, Form(max_length=100)] = None,
        csrf_token: Annotated[str, Form()] = "") -> Response:
    """One person's action: accept, start, finish, return (退单, reason), reroute, decide.

    The forms send the state and department they showed: a colleague who acted first
    makes this a 409 (shown as a message), not a second decision."""
    user = require(request, session)
    check_csrf(request, csrf_token)
    org = org_service.require_org(db_session=session)
    req = service.get_or_404(db_session=session, request_id=request_id)
    back = safe_next(next, f"/requests/{request_id}")
    dept = department.strip() or None
    seen = {"seen_state": seen_state, "seen_department": seen_department}
    try:
        if action in flows.ACTIONS:
            flows.ACTIONS[action](db_session=session, org=org, user=user, req=req, note=note,
                                  **seen)
        elif action == "return":
            flows.return_request(db_session=session, settings=settings, org=org, user=user,
                                 req=req, reason=note, department=dept, **seen)
        elif action == "reroute":
            flows.reroute(db_session=session, org=org, user=user, req=req, department=dept,
                          note=note, **seen)
        elif action == "decide":
            flows.decide(db_session=session, org=org, user=user, req=req,
                         department=dept or "", note=note, **seen)
        else:
            raise InvalidInput(f"action: unknown action {action!r}")
    except DispatchError as e:
        if e.status == 403:
            raise
        session.rollback()  # nothing half-stored: the redirect below commits
        flash(request, "error", e.said(lang_of(request, org)))
        return saved(session, back)
    flash(request, "ok", f"done_{action}")
    return saved(session, back)


@router.get("/inbox")
def inbox(request: Request, session: SessionDep, dept: str | None = None) -> Response:
    """A department's requests waiting to be accepted, accepted, or in progress."""
    user = require(request, session, "planner")
    org = org_service.require_org(db_session=session)
    mine = (org.person(user.staff_id).department
            if user.staff_id and org.has_person(user.staff_id) else None)
    if dept and not org.has_department(dept):
        raise InvalidInput(f"dept: unknown department {dept!r}", key="err_dept_unknown",
                           args={"value": dept})
    dept = dept or mine or (org.departments[0].id if org.departments else None)
    rows = []
    if dept:
        rows = [r for r in service.list_requests(db_session=session, department=dept, limit=500)
                if r.state in INBOX_STATES]
        rows.sort(key=lambda r: (INBOX_STATES.index(r.state), r.id))
    return render(request, "requests/inbox.html", user=user, org=org, dept=dept, rows=rows,
                  flash=pop_flash(request), now=dt.datetime.now(dt.UTC),
                  receiving=flows.acts_for(user, org, dept),
                  allowed={r.id: [a.value for a in allowed_actions(State(r.state))]
                           for r in rows})


@router.get("/triage")
def triage(request: Request, session: SessionDep) -> Response:
    """Requests the model was not sure about, with its top suggestions one click away."""
    user = require(request, session, "planner")
    org = org_service.require_org(db_session=session)
    queue = flows.triage_queue(db_session=session, org=org)
    return render(request, "requests/triage.html", user=user, org=org, queue=queue,
                  flash=pop_flash(request))
