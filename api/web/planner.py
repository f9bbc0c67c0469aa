"""The planner board: a proposal as load charts and a Gantt, with pin / move / exclude /
re-solve / compare / approve.

Every planner action calls ``dispatch.plans.service`` and lands on the new draft version,
which shows what moved against its parent.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any

from fastapi import Form, Query, Request
from fastapi.responses import RedirectResponse, Response

from api.deps import MAX_ID, Id, IdQuery, SessionDep
from api.web import charts
from api.web.core import check_csrf, flash, lang_of, page_router, pop_flash, render, require, saved
from dispatch.errors import DispatchError, InvalidInput
from dispatch.jobs import service as jobs
from dispatch.orgdir import service as org_service
from dispatch.plans import service
from dispatch.plans.models import Proposal
from models.org import Org

router = page_router()

# Time the solver gets from a page: a planner waits for the answer.
PAGE_TIME_LIMIT_S = 5.0


def _inline(request: Request) -> bool:
    return bool(request.app.state.settings.jobs_inline)


Page = Annotated[int, Query(ge=1, le=MAX_ID, description="page number, from 1")]


def _pages(total: int, size: int) -> int:
    return max(1, -(-total // size))


@router.get("/planner")
def index(request: Request, session: SessionDep, page: Page = 1,
          proposals_page: Page = 1) -> Response:
    """A page of the proposals (newest first, with their summaries), a page of the open
    backlog, and the form to propose: what one call costs does not grow with the backlog
    or the plans (a proposal's plan is read when it is opened)."""
    user = require(request, session, "planner")
    org = org_service.require_org(db_session=session)
    tasks, n_tasks = service.backlog_page(db_session=session, page=page)
    proposals, n_proposals = service.proposal_summaries(db_session=session,
                                                        page=proposals_page)
    return render(request, "planner/index.html", user=user, org=org, tasks=tasks,
                  n_tasks=n_tasks, page=page, pages=_pages(n_tasks, service.BACKLOG_PAGE),
                  proposals=proposals, n_proposals=n_proposals, proposals_page=proposals_page,
                  proposals_pages=_pages(n_proposals, service.PROPOSALS_PAGE),
                  today=org.today(), flash=pop_flash(request), key=service.task_key)


@router.post("/planner/propose")
def propose(request: Request, session: SessionDep, start: Annotated[str, Form()] = "",
            horizon_days: Annotated[int, Form()] = 10,
            csrf_token: Annotated[str, Form()] = "") -> Response:
    user = require(request, session, "planner")
    check_csrf(request, csrf_token)
    org = org_service.require_org(db_session=session)
    try:
        day = dt.date.fromisoformat(start) if start else org.today()
    except ValueError:
        raise InvalidInput(f"start: {start!r} is not a date (YYYY-MM-DD)",
                           key="err_not_a_date", args={"value": start}) from None
    if not 1 <= horizon_days <= 90:
        raise InvalidInput("horizon_days: between 1 and 90", key="plan_err_horizon")
    job = service.request_proposal(db_session=session, org=org, start=day,
                                   horizon_days=horizon_days, actor=user,
                                   time_limit=PAGE_TIME_LIMIT_S, inline=_inline(request))
    return saved(session, f"/planner/jobs/{job.id}")


# How often the "solving…" page reloads itself until the worker has stored the proposal.
POLL_S = 1


@router.get("/planner/jobs/{job_id}")
def solving(job_id: Id, request: Request, session: SessionDep) -> Response:
    """A solve the worker has not finished shows "solving…" and reloads itself; a done one
    goes to its proposal (compared with the one it came from), a failed one shows why, and
    one nobody is doing (no worker running) says so and stops reloading."""
    user = require(request, session, "planner")
    job = jobs.get(db_session=session, job_id=job_id, user=user,
                 kind=service.SOLVE_JOB)
    if job.status == "done" and job.result:
        url = f"/planner/{job.result['proposal_id']}"
        if job.result.get("compare_with"):
            url += f"?compare_with={job.result['compare_with']}"
        return RedirectResponse(url, status_code=303)
    org = org_service.require_org(db_session=session)
    back = job.params.get("compare_with") or job.params.get("parent_id")
    return render(request, "planner/solving.html", user=user, org=org, job=job,
                  error=jobs.error_said(job, lang_of(request, org)), back=back, poll_s=POLL_S,
                  no_worker=jobs.no_worker(db_session=session, job=job))


WEEKDAYS = {"zh": "一二三四五六日", "en": "MTWTFSS"}


@router.post("/planner/tasks")
def add_task(request: Request, session: SessionDep, title: Annotated[str, Form()] = "",
             department: Annotated[str, Form()] = "", effort_hours: Annotated[str, Form()] = "",
             due: Annotated[str, Form()] = "", priority: Annotated[int, Form()] = 3,
             assignee: Annotated[str, Form()] = "", skills: Annotated[str, Form()] = "",
             borrowable: Annotated[str, Form()] = "",
             csrf_token: Annotated[str, Form()] = "") -> Response:
    """A task the planner enters by hand (work that came from neither minutes nor requests)."""
    require(request, session, "planner")
    check_csrf(request, csrf_token)
    org = org_service.require_org(db_session=session)
    try:
        try:
            effort = float(effort_hours)
        except ValueError:
            raise InvalidInput(f"effort_hours: {effort_hours!r} is not a number",
                               key="err_effort", args={"value": effort_hours}) from None
        try:
            when = dt.date.fromisoformat(due) if due.strip() else None
        except ValueError:
            raise InvalidInput(f"due: {due!r} is not a date (YYYY-MM-DD)",
                               key="err_not_a_date", args={"value": due}) from None
        task = service.add_task(db_session=session, org=org, fields={
            "title": title, "department": department or None, "effort_hours": effort,
            "due": when, "priority": min(max(priority, 1), 5), "assignee": assignee or None,
            "skills": [x.strip() for x in re.split(r"[,，、]", skills) if x.strip()],
            "borrowable": bool(borrowable)})
        flash(request, "ok", "task_added", n=service.task_key(task))
        page = service.backlog_page_of(db_session=session, task=task)
    except DispatchError as e:
        flash(request, "error", e.said(lang_of(request, org)))
        page = 1
    return saved(session, f"/planner?page={page}#backlog" if page > 1 else "/planner#backlog")


def board_context(org: Org, p: Proposal, parent: Proposal | None,
                  lang: str = "zh") -> dict[str, Any]:
    """Everything the board draws for proposal ``p``."""
    plan = p.plan
    tasks = {t["id"]: t for t in p.request.get("tasks", [])}
    titles = {k: t.get("title") or k for k, t in tasks.items()}
    days = charts.plan_days(p.start, p.horizon_days, plan)
    assigned = {a["task"]: a for a in plan.get("assignments", [])}
    late = {x["task"]: x for x in plan.get("late", [])}
    rows = []
    for tid, task in tasks.items():
        a = assigned.get(tid)
        rows.append({"id": tid, "title": titles[tid], "task": task, "a": a,
                     "pinned": bool(task.get("assignee")), "late": late.get(tid),
                     "hours": round(sum(a["hours"].values()), 1) if a else 0})
    rows.sort(key=lambda r: (r["a"] is None, r["a"]["staff"] if r["a"] else "", r["id"]))
    return {
        "plan": plan, "tasks": tasks, "titles": titles, "days": days, "rows": rows,
        "loads": charts.load_charts(org, days, plan, titles),
        "gantt": charts.gantt(org, days, plan, tasks, weekdays=WEEKDAYS.get(lang, WEEKDAYS["zh"])),
        "excluded": list(p.request.get("excluded", [])),
        "compared": service.compare(parent, p) if parent is not None else None,
        "penalties": sorted((plan.get("penalties") or {}).items(), key=lambda kv: -kv[1]),
    }


@router.get("/planner/{proposal_id}")
def board(proposal_id: Id, request: Request, session: SessionDep,
          compare_with: IdQuery = None) -> Response:
    user = require(request, session, "planner")
    org = org_service.require_org(db_session=session)
    p = service.get(db_session=session, proposal_id=proposal_id)
    other = None
    if compare_with is not None:
        other = service.get(db_session=session, proposal_id=compare_with)
    elif p.parent_id is not None:
        other = service.get(db_session=session, proposal_id=p.parent_id)
    return render(request, "planner/board.html", user=user, org=org, p=p, other=other,
                  versions=service.proposal_summaries(db_session=session, size=50)[0],
                  flash=pop_flash(request), **board_context(org, p, other, lang_of(request, org)))


@router.post("/planner/{proposal_id}/action")
def action(proposal_id: Id, request: Request, session: SessionDep,
           type: Annotated[str, Form()], task: Annotated[str, Form()] = "",
           staff: Annotated[str, Form()] = "", due: Annotated[str, Form()] = "",
           csrf_token: Annotated[str, Form()] = "") -> Response:
    """pin / unpin / move / exclude / include / deadline: a new draft version, re-solved."""
    user = require(request, session, "planner")
    check_csrf(request, csrf_token)
    org = org_service.require_org(db_session=session)
    parent = service.get(db_session=session, proposal_id=proposal_id)
    act: dict[str, Any] = {"type": type}
    if task:
        act["task"] = task
    if staff:
        act["staff"] = staff
    if type == "deadline":
        act["due"] = due or None
    try:
        job = service.request_revision(db_session=session, org=org, proposal=parent,
                                       action=act, actor=user, time_limit=PAGE_TIME_LIMIT_S,
                                       inline=_inline(request))
    except DispatchError as e:
        if e.status == 403:
            raise
        flash(request, "error", e.said(lang_of(request, org)))
        return saved(session, f"/planner/{proposal_id}")
    return saved(session, f"/planner/jobs/{job.id}")


@router.post("/planner/{proposal_id}/resolve")
def resolve(proposal_id: Id, request: Request, session: SessionDep,
            csrf_token: Annotated[str, Form()] = "") -> Response:
    """Re-solve with today's backlog over the same window (a fresh proposal)."""
    user = require(request, session, "planner")
    check_csrf(request, csrf_token)
    org = org_service.require_org(db_session=session)
    old = service.get(db_session=session, proposal_id=proposal_id)
    job = service.request_proposal(db_session=session, org=org, start=old.start,
                                   horizon_days=old.horizon_days, actor=user,
                                   time_limit=PAGE_TIME_LIMIT_S, compare_with=old.id,
                                   inline=_inline(request))
    return saved(session, f"/planner/jobs/{job.id}")


@router.post("/planner/{proposal_id}/approve")
def approve(proposal_id: Id, request: Request, session: SessionDep,
            csrf_token: Annotated[str, Form()] = "") -> Response:
    user = require(request, session, "planner")
    check_csrf(request, csrf_token)
    p = service.get(db_session=session, proposal_id=proposal_id)
    items = service.approve(db_session=session, proposal=p, actor=user)
    flash(request, "ok", "approved_n", n=len(items))
    return saved(session, f"/planner/{proposal_id}")


@router.post("/planner/{proposal_id}/reject")
def reject(proposal_id: Id, request: Request, session: SessionDep,
           note: Annotated[str, Form()] = "", csrf_token: Annotated[str, Form()] = "") -> Response:
    user = require(request, session, "planner")
    check_csrf(request, csrf_token)
    p = service.get(db_session=session, proposal_id=proposal_id)
    service.reject(db_session=session, proposal=p, actor=user, note=note.strip() or None)
    flash(request, "ok", "rejected")
    return saved(session, f"/planner/{proposal_id}")
