"""Allocation proposals for planners: propose, revise (pin/move/exclude/deadline), compare,
approve or reject; the backlog of work; approved work items."""

from __future__ import annotations

import datetime as dt
from typing import Any

from fastapi import APIRouter, Depends, Response
from pydantic import BaseModel, Field

from api.deps import (
    SOLVE_LIMIT,
    Id,
    OrgDep,
    PlannerDep,
    RequesterDep,
    SessionDep,
    SettingsDep,
    current_user,
    org_lang,
)
from dispatch.jobs import service as jobs
from dispatch.messages import org_language
from dispatch.plans import service
from models.org import Org
from models.plan import EffortHours

router = APIRouter(prefix="/api/plans", tags=["plans"], dependencies=[Depends(current_user)])


class ProposeBody(BaseModel):
    start: dt.date | None = None
    horizon_days: int = Field(10, ge=1, le=90)
    time_limit: float = Field(10.0, gt=0, le=300)


class Action(BaseModel):
    type: str
    task: str | None = None
    staff: str | None = None
    due: dt.date | None = None
    time_limit: float = Field(10.0, gt=0, le=300)


class TaskBody(BaseModel):
    title: str
    department: str | None = None
    skills: list[str] = []
    effort_hours: EffortHours
    due: dt.date | None = None
    priority: int = Field(3, ge=1, le=5)
    assignee: str | None = None
    borrowable: bool = False


class Decision(BaseModel):
    note: str | None = None


@router.get("/backlog")
def backlog(_: PlannerDep, session: SessionDep, org: OrgDep) -> dict[str, Any]:
    """Open work to staff. A read: the backlog follows confirmed items and accepted requests
    as they change (``service.keep_backlog_in_step``), not when someone looks."""
    tasks = service.open_tasks(db_session=session)
    return {"tasks": [
        {"id": service.task_key(t), "title": t.title, "source": t.source_kind,
         "source_id": t.source_id, "department": t.department, "skills": t.skills,
         "effort_hours": t.effort_hours, "due": t.due, "priority": t.priority,
         "assignee": t.assignee, "borrowable": t.borrowable} for t in tasks]}


@router.post("/backlog/sync")
def sync_backlog(_: PlannerDep, session: SessionDep, org: OrgDep) -> dict[str, int]:
    """Re-check every source of the backlog (after an org import, or rows written outside
    the service): how many tasks were added and closed."""
    return service.sync_backlog(db_session=session, org=org)


@router.post("/backlog", status_code=201)
def add_task(body: TaskBody, _: PlannerDep, session: SessionDep, org: OrgDep) -> dict[str, Any]:
    task = service.add_task(db_session=session, org=org, fields=body.model_dump())
    return {"id": service.task_key(task), "title": task.title}


@router.get("/proposals")
def list_proposals(_: PlannerDep, session: SessionDep) -> list[dict[str, Any]]:
    return [{"id": p.id, "version": p.version, "status": p.status, "parent_id": p.parent_id,
             "created_at": p.created_at, "on_time_rate": p.summary["on_time_rate"],
             "assigned": p.summary["assigned"], "unassigned": p.summary["unassigned"]}
            for p in service.proposal_summaries(db_session=session, size=50)[0]]


def _accepted(job: Any, response: Response, org: Org) -> dict[str, Any]:
    poll = f"/api/plans/jobs/{job.id}"
    response.headers["Location"] = poll
    return {**jobs.job_read(job, org_language(org)), "poll": poll}


@router.post("/proposals", status_code=202, dependencies=[SOLVE_LIMIT])
def propose(body: ProposeBody, user: PlannerDep, session: SessionDep, org: OrgDep,
            settings: SettingsDep, response: Response) -> dict[str, Any]:
    """Solve the open backlog into a new draft proposal: 202 with a job to poll
    (``GET /api/plans/jobs/{id}``); the worker solves it, and the done job carries the
    proposal."""
    start = body.start or org.today()
    job = service.request_proposal(db_session=session, org=org, start=start,
                                   horizon_days=body.horizon_days, actor=user,
                                   time_limit=body.time_limit, inline=settings.jobs_inline)
    return _accepted(job, response, org)


@router.get("/jobs/{job_id}")
def job(job_id: Id, user: PlannerDep, session: SessionDep) -> dict[str, Any]:
    """A solve's status: pending, running, failed (with its error) or done, with the new
    proposal and, for a planner action, what moved against its parent; ``no_worker`` when
    it waits for a worker that is not running."""
    j = jobs.get(db_session=session, job_id=job_id, user=user,
                 kind=service.SOLVE_JOB)
    # a failed one's error in the org's language too (read only then: the poll of a job
    # answers as before an org import, and every poll of a running solve stays one read)
    lang = org_lang(session) if j.error is not None else None
    out = {**jobs.job_read(j, lang), "no_worker": jobs.no_worker(db_session=session, job=j)}
    if j.status == "done" and j.result:
        p = service.get(db_session=session, proposal_id=j.result["proposal_id"])
        out["proposal"] = service.proposal_read(p)
        parent = j.params.get("parent_id")
        if parent is not None:
            out["compared"] = service.compare(
                service.get(db_session=session, proposal_id=parent), p)
    return out


@router.get("/proposals/{proposal_id}")
def read(proposal_id: Id, _: PlannerDep, session: SessionDep) -> dict[str, Any]:
    return service.proposal_read(service.get(db_session=session, proposal_id=proposal_id),
                                 with_request=True)


@router.post("/proposals/{proposal_id}/actions", status_code=202, dependencies=[SOLVE_LIMIT])
def act(proposal_id: Id, body: Action, user: PlannerDep, session: SessionDep, org: OrgDep,
        settings: SettingsDep, response: Response) -> dict[str, Any]:
    """pin / move (task → staff), unpin, exclude / include (staff), deadline (task, due):
    checked now (422 at once), re-solved by the worker into a new draft version: 202 with
    a job to poll, whose done state carries the proposal and what moved against its
    parent."""
    parent = service.get(db_session=session, proposal_id=proposal_id)
    job = service.request_revision(db_session=session, org=org, proposal=parent, actor=user,
                                   action=body.model_dump(mode="json", exclude={"time_limit"},
                                                          exclude_none=True),
                                   time_limit=body.time_limit, inline=settings.jobs_inline)
    return _accepted(job, response, org)


@router.get("/proposals/{a}/compare/{b}")
def compare(a: Id, b: Id, _: PlannerDep, session: SessionDep) -> dict[str, Any]:
    return service.compare(service.get(db_session=session, proposal_id=a),
                           service.get(db_session=session, proposal_id=b))


@router.post("/proposals/{proposal_id}/approve")
def approve(proposal_id: Id, user: PlannerDep, session: SessionDep) -> dict[str, Any]:
    p = service.get(db_session=session, proposal_id=proposal_id)
    items = service.approve(db_session=session, proposal=p, actor=user)
    return {**service.proposal_read(p), "work_items": len(items)}


@router.post("/proposals/{proposal_id}/reject")
def reject(proposal_id: Id, body: Decision, user: PlannerDep,
           session: SessionDep) -> dict[str, Any]:
    p = service.get(db_session=session, proposal_id=proposal_id)
    service.reject(db_session=session, proposal=p, actor=user, note=body.note)
    return service.proposal_read(p)


@router.get("/work-items")
def work_items(user: RequesterDep, session: SessionDep, staff: str | None = None
               ) -> list[dict[str, Any]]:
    """Approved work; staff=me for the caller's own. Planners list anyone's; others only
    their own."""
    staff = service.work_items_staff(user, staff)
    return [{"id": w.id, "task": f"W{w.task_id}", "staff": w.staff_id, "hours": w.hours,
             "finish": w.finish, "proposal_id": w.proposal_id}
            for w in service.work_items(db_session=session, staff_id=staff)]
