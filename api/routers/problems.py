"""The problem log (问题跟踪表): raise, list, move, dispute, decide; blocked tasks; figures."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query
from pydantic import BaseModel, Field

from api.deps import (
    MAX_ID,
    Id,
    IdQuery,
    Limit,
    OrgDep,
    PlannerDep,
    RequesterDep,
    SessionDep,
    SettingsDep,
    current_user,
)
from dispatch.problems import flows, service
from dispatch.problems.service import ProblemIn

router = APIRouter(prefix="/api/problems", tags=["problems"],
                   dependencies=[Depends(current_user)])


class TargetBody(BaseModel):
    kind: str = Field(description="collab | request | action_item")
    id: int = Field(ge=1, le=MAX_ID)


class ProblemCreate(BaseModel):
    """A row of 《跨部门协作问题跟踪表》."""

    model_config = {"extra": "forbid"}

    target: TargetBody
    description: str
    severity: str = Field(description="高/中/低 or high/medium/low")
    departments: list[str] = Field(default_factory=list, description="涉及部门")
    impact: str = ""
    proposed_solution: str = ""
    responsible_department: str | None = None
    responsible_person: str | None = Field(None, description="staff id (default: the "
                                           "responsible department's liaison)")
    due: dt.date | None = None
    due_days: int | None = Field(None, ge=0, le=250,
                                 description="working days (default by severity)")
    blocks_task_id: int | None = Field(None, ge=1, le=MAX_ID,
                                       description="the collaboration task it blocks")


class NoteBody(BaseModel):
    note: str = ""


class DisputeBody(BaseModel):
    departments: list[str] | None = Field(None, description="the parties (default: the "
                                          "problem's departments)")
    note: str = ""


class DecideBody(BaseModel):
    outcome: str = Field(description="resolve | escalate")
    decision: str = Field(description="what was decided (处理意见)")


def _out(p: Any, org: Any, session: Any) -> dict[str, Any]:
    return service.to_dict(p, org=org, db_session=session)


def _load(session: Any, user: Any, org: Any, problem_id: Id) -> Any:
    p = service.get_or_404(db_session=session, problem_id=problem_id)
    flows.check_read(user, p, org, session)
    return p


@router.post("", status_code=201)
def raise_problem(user: RequesterDep, session: SessionDep, org: OrgDep, settings: SettingsDep,
                  body: ProblemCreate) -> dict[str, Any]:
    """Raise a problem on a collaboration, a request or an action item."""
    data = ProblemIn(target_kind=body.target.kind, target_id=body.target.id,
                     description=body.description, severity=body.severity,
                     departments=body.departments, impact=body.impact,
                     proposed_solution=body.proposed_solution,
                     responsible_department=body.responsible_department,
                     responsible_person=body.responsible_person, due=body.due,
                     due_days=body.due_days, blocks_task_id=body.blocks_task_id)
    p = flows.raise_problem(db_session=session, settings=settings, org=org, user=user,
                            data=data)
    return _out(p, org, session)


@router.get("")
def list_problems(user: RequesterDep, session: SessionDep, org: OrgDep,
                  collaboration_id: IdQuery = None, target_kind: str | None = None,
                  target_id: IdQuery = None,
                  state: str | None = Query(None, description="live | open | in_progress | "
                                            "resolved | closed"),
                  department: str | None = None, disputes: bool = False,
                  limit: Limit = 200) -> list[dict[str, Any]]:
    """The log, newest first, as far as you may read it."""
    rows = service.list_problems(db_session=session, collaboration_id=collaboration_id,
                                 target_kind=target_kind, target_id=target_id, state=state,
                                 department=department, disputes=disputes, limit=limit)
    return [service.to_dict(p, org=org, db_session=session, full=False) for p in rows
            if flows.may_read(user, p, org, session)]


@router.get("/metrics")
def metrics(_: PlannerDep, session: SessionDep, org: OrgDep) -> dict[str, Any]:
    """Dispute rate, mean time to resolve by severity, problems open by department."""
    return service.metrics(db_session=session, org=org)


@router.get("/blocked-tasks")
def blocked_tasks(user: RequesterDep, session: SessionDep, org: OrgDep,
                  collaboration_id: Annotated[int, Query(ge=1, le=MAX_ID)]) -> dict[str, Any]:
    """The collaboration's tasks that live problems block (at risk on the board)."""
    from dispatch.collab import flows as collab_flows
    from dispatch.collab import service as collab

    c = collab.get_or_404(db_session=session, collab_id=collaboration_id)
    collab_flows.check_read(user, c, org)
    found = service.blocked_tasks(db_session=session, collaboration_id=c.id)
    return {"collaboration_id": c.id, "tasks": {str(k): v for k, v in found.items()}}


@router.get("/{problem_id}")
def read(user: RequesterDep, session: SessionDep, org: OrgDep,
         problem_id: Id) -> dict[str, Any]:
    """One problem with its history and its dispute's decisions."""
    return _out(_load(session, user, org, problem_id), org, session)


@router.post("/{problem_id}/dispute")
def dispute(user: RequesterDep, session: SessionDep, org: OrgDep, problem_id: Id,
            body: DisputeBody | None = None) -> dict[str, Any]:
    """Mark as a dispute between departments: level 1 (协作接口人) starts, with its deadline."""
    p = _load(session, user, org, problem_id)
    body = body or DisputeBody()
    flows.dispute(db_session=session, org=org, user=user, p=p, parties=body.departments,
                  note=body.note)
    return _out(p, org, session)


@router.post("/{problem_id}/decide")
def decide(user: RequesterDep, session: SessionDep, org: OrgDep, problem_id: Id,
           body: DecideBody) -> dict[str, Any]:
    """The current level's decision: resolve, or escalate to the next level."""
    p = service.get_or_404(db_session=session, problem_id=problem_id)
    flows.decide(db_session=session, org=org, user=user, p=p, outcome=body.outcome,
                 text=body.decision)
    return _out(p, org, session)


@router.post("/{problem_id}/{action}")
def act(user: RequesterDep, session: SessionDep, org: OrgDep, problem_id: Id, action: str,
        body: NoteBody | None = None) -> dict[str, Any]:
    """start / resolve (note: how) / close (note: why) / reopen."""
    p = _load(session, user, org, problem_id)
    flows.act(db_session=session, org=org, user=user, p=p, action=action,
              note=(body or NoteBody()).note)
    return _out(p, org, session)
