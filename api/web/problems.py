"""Problem log pages: a collaboration's 问题跟踪表 (raise, list), one problem (move it, mark
it a dispute, decide its level), and everyone's log. The pages call
``dispatch.problems.flows`` directly, so a page never allows more than the API would; a
refused step comes back as a message on the same page.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

from fastapi import Form, Request
from fastapi.responses import Response

from api.deps import SessionDep, SettingsDep
from api.web.core import (
    check_csrf,
    flash,
    lang_of,
    page_router,
    pop_flash,
    render,
    require,
    saved,
)
from dispatch.collab import flows as collab_flows
from dispatch.collab import service as collab
from dispatch.errors import DispatchError
from dispatch.orgdir import service as org_service
from dispatch.problems import flows, service
from dispatch.problems.service import ProblemIn
from models.org import Org

router = page_router()


def _org(session: Any) -> Org:
    return org_service.require_org(db_session=session)


@router.get("/problems")
def log(request: Request, session: SessionDep, department: str | None = None,
        state: str | None = None) -> Response:
    """Every problem the user may read (the daily digest links here for its department)."""
    user = require(request, session)
    org = _org(session)
    rows = service.list_problems(db_session=session, department=department,
                                 state=state or None, limit=500)
    items = [service.to_dict(p, org=org, db_session=session, full=False) for p in rows
             if flows.may_read(user, p, org, session)]
    return render(request, "problems/list.html", user=user, org=org, items=items, c=None,
                  flash=pop_flash(request), form={}, department=department)


@router.get("/collab/{collab_id}/problems")
def collab_log(collab_id: int, request: Request, session: SessionDep) -> Response:
    """The collaboration's problem log with the form to raise one."""
    user = require(request, session)
    org = _org(session)
    c = collab.get_or_404(db_session=session, collab_id=collab_id)
    collab_flows.check_read(user, c, org)
    return _collab_page(request, session, user, org, c, form={})


def _collab_page(request: Request, session: Any, user: Any, org: Org, c: Any,
                 form: dict[str, Any], status_code: int = 200) -> Response:
    rows = service.list_problems(db_session=session, collaboration_id=c.id, limit=500)
    items = [service.to_dict(p, org=org, db_session=session, full=False) for p in rows
             if flows.may_read(user, p, org, session)]
    data = {"id": c.id, "title": c.title, "parts": [p.department for p in c.parts],
            "tasks": [{"id": t.id, "title": t.title, "department": t.department}
                      for t in c.tasks if t.status == "open"]}
    return render(request, "problems/list.html", user=user, org=org, items=items, c=data,
                  flash=pop_flash(request), form=form, department=None,
                  status_code=status_code)


@router.post("/collab/{collab_id}/problems")
async def raise_problem(collab_id: int, request: Request, session: SessionDep,
                        settings: SettingsDep, description: Annotated[str, Form()] = "",
                        severity: Annotated[str, Form()] = "",
                        impact: Annotated[str, Form()] = "",
                        proposed_solution: Annotated[str, Form()] = "",
                        responsible_department: Annotated[str, Form()] = "",
                        responsible_person: Annotated[str, Form()] = "",
                        due_days: Annotated[str, Form()] = "",
                        blocks_task_id: Annotated[str, Form()] = "",
                        csrf_token: Annotated[str, Form()] = "") -> Response:
    """Store the problem, then show it; a refused form comes back filled in."""
    user = require(request, session)
    check_csrf(request, csrf_token)
    org = _org(session)
    c = collab.get_or_404(db_session=session, collab_id=collab_id)
    collab_flows.check_read(user, c, org)
    depts = [str(d) for d in (await request.form()).getlist("departments")]
    form = {"description": description, "severity": severity, "impact": impact,
            "proposed_solution": proposed_solution, "departments": depts,
            "responsible_department": responsible_department,
            "responsible_person": responsible_person, "due_days": due_days,
            "blocks_task_id": blocks_task_id}
    try:
        n = int(due_days) if due_days.strip() else None
        task = int(blocks_task_id) if blocks_task_id.strip() else None
    except ValueError:
        flash(request, "error", "due_days / blocks_task_id: whole numbers")
        return _collab_page(request, session, user, org, c, form, 422)
    try:
        with session.begin_nested():
            p = flows.raise_problem(db_session=session, settings=settings, org=org, user=user,
                                    data=ProblemIn(
                                        target_kind="collab", target_id=c.id,
                                        description=description, severity=severity,
                                        departments=depts, impact=impact,
                                        proposed_solution=proposed_solution,
                                        responsible_department=responsible_department or None,
                                        responsible_person=responsible_person or None,
                                        due_days=n, blocks_task_id=task))
    except DispatchError as e:
        flash(request, "error", e.said(lang_of(request, org)))
        return _collab_page(request, session, user, org, c, form, e.status)
    flash(request, "ok", "prob_saved")
    return saved(session, f"/problems/{p.id}")


@router.get("/problems/{problem_id}")
def show(problem_id: int, request: Request, session: SessionDep) -> Response:
    user = require(request, session)
    org = _org(session)
    p = service.get_or_404(db_session=session, problem_id=problem_id)
    flows.check_read(user, p, org, session)
    return _show(request, session, user, org, p, flash=pop_flash(request))


def _show(request: Request, session: Any, user: Any, org: Org, p: Any,
          flash: dict[str, Any] | None = None, kept: dict[str, str] | None = None,
          status_code: int = 200) -> Response:
    """The problem's page; ``kept``: what a refused step's form held, shown again."""
    data = service.to_dict(p, org=org, db_session=session)
    deciders = flows.level_people(p, org, session) if p.dispute_level else []
    can_decide = flows.may_decide(user, p, org, session)
    title = None
    if p.collaboration_id is not None:
        c = collab.get_or_404(db_session=session, collab_id=p.collaboration_id)
        title = c.title
    return render(request, "problems/show.html", status_code=status_code, user=user, org=org,
                  p=data, deciders=deciders, can_decide=can_decide, target_title=title,
                  flash=flash, kept=kept or {})


def _step(request: Request, session: Any, problem_id: int, csrf_token: str,
          do: Callable[[Any, Org, Any], Any], kept: dict[str, str]) -> Response:
    """Run one step on the problem. A refusal comes back at once on the problem's page with
    the reason and what its form held (a redirect emptied a decision typed while someone
    else decided first); one who may not read the problem gets the bare refusal."""
    user = require(request, session)
    check_csrf(request, csrf_token)
    org = _org(session)
    p = service.get_or_404(db_session=session, problem_id=problem_id)
    try:
        with session.begin_nested():
            do(user, org, p)
    except DispatchError as e:
        session.expire(p)  # as stored: nothing of the refused step
        if e.status == 403 and not flows.may_read(user, p, org, session):
            flash(request, "error", e.said(lang_of(request, org)))
            return saved(session, f"/problems/{problem_id}")
        return _show(request, session, user, org, p, kept=kept, status_code=e.status,
                     flash={"kind": "error", "message": e.said(lang_of(request, org))})
    flash(request, "ok", "prob_saved")
    return saved(session, f"/problems/{problem_id}")


@router.post("/problems/{problem_id}/act")
def act(problem_id: int, request: Request, session: SessionDep,
        action: Annotated[str, Form()], note: Annotated[str, Form()] = "",
        csrf_token: Annotated[str, Form()] = "") -> Response:
    """start / resolve / close / reopen, or dispute (the problem's departments)."""

    def do(user: Any, org: Org, p: Any) -> Any:
        if action == "dispute":
            return flows.dispute(db_session=session, org=org, user=user, p=p, note=note)
        return flows.act(db_session=session, org=org, user=user, p=p, action=action,
                         note=note)

    return _step(request, session, problem_id, csrf_token, do,
                 kept={"action": action, "note": note})


@router.post("/problems/{problem_id}/decide")
def decide(problem_id: int, request: Request, session: SessionDep,
           outcome: Annotated[str, Form()], decision: Annotated[str, Form()] = "",
           csrf_token: Annotated[str, Form()] = "") -> Response:
    """The current level's decision."""
    return _step(request, session, problem_id, csrf_token,
                 lambda user, org, p: flows.decide(db_session=session, org=org, user=user,
                                                   p=p, outcome=outcome, text=decision),
                 kept={"action": "decide", "outcome": outcome, "decision": decision})
