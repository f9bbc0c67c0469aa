"""Collaboration projects (跨部门协作): start, parts, tasks, RACI, plan, board, closing."""

from __future__ import annotations

import datetime as dt
from typing import Any

from fastapi import APIRouter, Depends, Response
from pydantic import BaseModel, Field

from api.deps import (
    SOLVE_LIMIT,
    Id,
    Limit,
    OrgDep,
    PlannerDep,
    RequesterDep,
    SessionDep,
    SettingsDep,
    current_user,
)
from dispatch.collab import flows, service
from dispatch.collab.service import CollabIn, MilestoneIn, PartIn
from dispatch.errors import NotFound
from dispatch.jobs import service as jobs
from dispatch.messages import org_language

router = APIRouter(prefix="/api/collab", tags=["collab"], dependencies=[Depends(current_user)])


class PartBody(BaseModel):
    department: str = Field(description="department id, name or alias")
    text: str = Field("", description="the span of the request that asks this department")
    role: str | None = Field(None, description="lead | support (default: the first is lead)")


class MilestoneBody(BaseModel):
    name: str
    date: dt.date


class CollabCreate(BaseModel):
    """《跨部门协作需求登记表》."""

    title: str
    background: str = ""
    goal: str = ""
    expected_outcome: str = ""
    urgency: str = Field("normal", description="normal (24 working hours to answer) | urgent (2)")
    parts: list[PartBody] = Field(default_factory=list)
    milestones: list[MilestoneBody] = Field(default_factory=list)
    due: dt.date | None = None
    requester_department: str | None = None


class PartAction(BaseModel):
    note: str = Field("", description="a note; for return: the reason (required)")
    reason: str | None = None
    department: str | None = Field(None, description="return / reassign: where it belongs")
    seen_state: str | None = Field(None, max_length=20, description=(
        "the part's state as the caller was shown it: 409 if it has moved since (a colleague "
        "acted first)"))


class TaskBody(BaseModel):
    model_config = {"extra": "forbid"}

    title: str | None = None
    effort_hours: float | None = None
    skills: list[str] | None = None
    milestone: str | None = None
    due: dt.date | None = None
    done_hours: float | None = Field(None, ge=0, le=10_000, allow_inf_nan=False)
    status: str | None = None
    raci: dict[str, list[dict[str, Any]]] | None = None


class TaskEdit(TaskBody):
    """The fields to change, and ``seen``: those the editor was shown (a field the edit
    changes that someone changed meanwhile is refused with 409, not overwritten)."""
    seen: TaskBody | None = None


class SuggestBody(BaseModel):
    text: str


class MinutesBody(BaseModel):
    text: str = Field(description="the kick-off meeting's minutes (UTF-8 text or Markdown)")
    filename: str = Field("kickoff.md", description="its name; the extension picks the reader")


class PlanBody(BaseModel):
    time_limit: float = Field(10.0, gt=0, le=120)


class NoteBody(BaseModel):
    note: str = ""


class ReopenBody(BaseModel):
    reason: str
    departments: list[str] | None = None


class RatingBody(BaseModel):
    department: str
    score: Any = Field(description="1–5")
    comment: str = ""


class RetroBody(BaseModel):
    went_well: str = ""
    to_change: str = ""


def _out(c: Any, org: Any, session: Any) -> dict[str, Any]:
    return service.to_dict(c, org=org, db_session=session, today=flows._today(org))


def _load(session: Any, user: Any, org: Any, collab_id: Id) -> Any:
    c = service.get_or_404(db_session=session, collab_id=collab_id)
    flows.check_read(user, c, org)
    return c


@router.post("", status_code=201)
def start(user: RequesterDep, session: SessionDep, org: OrgDep, settings: SettingsDep,
          body: CollabCreate) -> dict[str, Any]:
    """Start a collaboration: every part goes to its department with its own clock."""
    data = CollabIn(title=body.title, background=body.background, goal=body.goal,
                    expected_outcome=body.expected_outcome, urgency=body.urgency,
                    parts=[PartIn(p.department, p.text, p.role) for p in body.parts],
                    milestones=[MilestoneIn(m.name, m.date) for m in body.milestones],
                    due=body.due, requester_department=body.requester_department)
    c = flows.start(db_session=session, settings=settings, org=org, user=user, data=data)
    return _out(c, org, session)


@router.post("/suggest")
def suggest(_: RequesterDep, org: OrgDep, settings: SettingsDep,
            body: SuggestBody) -> dict[str, Any]:
    """The departments the text asks for work (suggested parts for the form; editable)."""
    return {"parts": flows.suggest_parts(settings=settings, org=org, text=body.text)}


@router.get("")
def list_collabs(user: RequesterDep, session: SessionDep, org: OrgDep,
                 state: str | None = None, mine: bool = False,
                 limit: Limit = 100) -> list[dict[str, Any]]:
    """Newest first: a planner sees all; others their own and their department's."""
    rows = flows.visible(db_session=session, org=org, user=user, state=state, mine=mine,
                         limit=limit)
    return service.to_dicts(rows, org=org, db_session=session, today=flows._today(org))


@router.get("/triage")
def triage(_: PlannerDep, session: SessionDep) -> list[dict[str, Any]]:
    """Returned parts waiting for a coordinator to reassign them."""
    return [{"collaboration_id": p.collaboration_id, "part_id": p.id, "text": p.text,
             "returned_by": p.returned_by, "reason": p.return_reason}
            for p in flows.triage(db_session=session)]


@router.get("/metrics")
def metrics(_: PlannerDep, session: SessionDep, org: OrgDep) -> dict[str, Any]:
    """联合项目完成率 (on time), satisfaction, SLA compliance and return rate by department."""
    return service.metrics(db_session=session, org=org)


@router.get("/{collab_id}")
def read(user: RequesterDep, session: SessionDep, org: OrgDep,
         collab_id: Id) -> dict[str, Any]:
    """The board: parts, tasks (status, risk), RACI, plan, events, closing."""
    return _out(_load(session, user, org, collab_id), org, session)


@router.get("/{collab_id}/raci")
def raci(user: RequesterDep, session: SessionDep, org: OrgDep,
         collab_id: Id) -> dict[str, Any]:
    """The RACI matrix: tasks × departments."""
    return service.raci_matrix(_load(session, user, org, collab_id), org)


@router.post("/{collab_id}/parts/{part_id}/tasks", status_code=201)
def add_task(user: RequesterDep, session: SessionDep, org: OrgDep, collab_id: Id,
             part_id: Id, body: TaskBody) -> dict[str, Any]:
    """A task of a part (effort, skills, milestone or due; RACI defaults from the roles)."""
    c = _load(session, user, org, collab_id)
    part = service.part_or_404(c, part_id)
    flows.add_task(db_session=session, org=org, user=user, c=c, part=part,
                   fields=body.model_dump(exclude_none=True))
    return _out(c, org, session)


@router.post("/{collab_id}/parts/{part_id}/{action}")
def act(user: RequesterDep, session: SessionDep, org: OrgDep, collab_id: Id, part_id: Id,
        action: str, body: PartAction | None = None) -> dict[str, Any]:
    """accept / return (退单, reason) / start / finish a part; reassign a returned one."""
    c = _load(session, user, org, collab_id)
    part = service.part_or_404(c, part_id)
    body = body or PartAction()
    flows.act(db_session=session, org=org, user=user, c=c, part=part, action=action,
              note=body.reason if body.reason is not None else body.note,
              department=body.department, seen=body.seen_state)
    return _out(c, org, session)


@router.patch("/{collab_id}/tasks/{task_id}")
def update_task(user: RequesterDep, session: SessionDep, org: OrgDep, collab_id: Id,
                task_id: Id, body: TaskEdit) -> dict[str, Any]:
    """Edit a task: effort, skills, milestone/due, progress (done_hours), status, RACI."""
    c = _load(session, user, org, collab_id)
    flows.update_task(db_session=session, org=org, user=user, c=c, task_id=task_id,
                      fields=body.model_dump(exclude_unset=True, exclude={"seen"}),
                      seen=body.seen.model_dump(exclude_unset=True) if body.seen else None)
    return _out(c, org, session)


@router.post("/{collab_id}/minutes")
def add_minutes(user: RequesterDep, session: SessionDep, org: OrgDep, collab_id: Id,
                body: MinutesBody) -> dict[str, Any]:
    """A kick-off meeting's action items become tasks, with the roles each line gives."""
    c = _load(session, user, org, collab_id)
    out = flows.add_minutes(db_session=session, org=org, user=user, c=c,
                            data=body.text.encode("utf-8"), filename=body.filename)
    return {**out, "collaboration": _out(c, org, session)}


@router.post("/{collab_id}/plan", status_code=202, dependencies=[SOLVE_LIMIT])
def plan(user: RequesterDep, session: SessionDep, org: OrgDep, settings: SettingsDep,
         collab_id: Id, response: Response, body: PlanBody | None = None) -> dict[str, Any]:
    """资源调配方案: the allocation engine names people for every open task. Checked now
    (403/422 at once), solved by the worker: 202 with a job to poll
    (``GET /api/collab/{id}/plan/jobs/{job_id}``), whose done state carries the
    collaboration with its draft plan."""
    c = _load(session, user, org, collab_id)
    job = flows.request_plan(db_session=session, org=org, user=user, c=c,
                             time_limit=(body or PlanBody()).time_limit,
                             inline=settings.jobs_inline)
    poll = f"/api/collab/{c.id}/plan/jobs/{job.id}"
    response.headers["Location"] = poll
    return {**jobs.job_read(job, org_language(org)), "poll": poll}


@router.get("/{collab_id}/plan/jobs/{job_id}")
def plan_job(user: RequesterDep, session: SessionDep, org: OrgDep, collab_id: Id,
             job_id: Id) -> dict[str, Any]:
    """A plan solve's status: pending, running, failed (with its error) or done, with the
    collaboration and its draft plan; ``no_worker`` when nothing is doing the jobs."""
    c = _load(session, user, org, collab_id)
    j = jobs.get(db_session=session, job_id=job_id, kind=flows.PLAN_JOB)
    if j.subject != f"collab:{c.id}":
        raise NotFound(f"no plan job {job_id} of collaboration {c.id}")
    out = {**jobs.job_read(j, org_language(org)),
           "no_worker": jobs.no_worker(db_session=session, job=j)}
    if j.status == "done":
        out["collaboration"] = _out(c, org, session)
    return out


@router.post("/{collab_id}/approve")
def approve(user: RequesterDep, session: SessionDep, org: OrgDep,
            collab_id: Id) -> dict[str, Any]:
    """Approve the plan (planner or a concerned head); each person is sent their work."""
    c = _load(session, user, org, collab_id)
    flows.approve(db_session=session, org=org, user=user, c=c)
    return _out(c, org, session)


@router.post("/{collab_id}/accept")
def accept_result(user: RequesterDep, session: SessionDep, org: OrgDep, collab_id: Id,
                  body: NoteBody | None = None) -> dict[str, Any]:
    """验收: the requester accepts the delivered result."""
    c = _load(session, user, org, collab_id)
    flows.accept_result(db_session=session, org=org, user=user, c=c,
                        note=(body or NoteBody()).note)
    return _out(c, org, session)


@router.post("/{collab_id}/reopen")
def reopen(user: RequesterDep, session: SessionDep, org: OrgDep, collab_id: Id,
           body: ReopenBody) -> dict[str, Any]:
    """Not accepted: the named departments (default: the lead) go back to work."""
    c = _load(session, user, org, collab_id)
    flows.reopen(db_session=session, org=org, user=user, c=c, reason=body.reason,
                 departments=body.departments)
    return _out(c, org, session)


@router.post("/{collab_id}/ratings")
def rate(user: RequesterDep, session: SessionDep, org: OrgDep, collab_id: Id,
         body: RatingBody) -> dict[str, Any]:
    """Rate one department's handling: 1–5 and a comment."""
    c = _load(session, user, org, collab_id)
    flows.rate(db_session=session, org=org, user=user, c=c, department=body.department,
               score=body.score, comment=body.comment)
    return _out(c, org, session)


@router.put("/{collab_id}/retro")
def retro(user: RequesterDep, session: SessionDep, org: OrgDep, collab_id: Id,
          body: RetroBody) -> dict[str, Any]:
    """复盘: what went well, what to change."""
    c = _load(session, user, org, collab_id)
    flows.retro(db_session=session, org=org, user=user, c=c, went_well=body.went_well,
                to_change=body.to_change)
    return _out(c, org, session)
