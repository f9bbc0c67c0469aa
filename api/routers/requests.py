"""Cross-department requests: submit, list, read, triage, acknowledge, return, re-route, SLA."""

from __future__ import annotations

import datetime as dt
from typing import Any

from fastapi import APIRouter, Depends
from pydantic import BaseModel, Field

from api.deps import (
    AdminDep,
    Id,
    Limit,
    Offset,
    OrgDep,
    PlannerDep,
    RequesterDep,
    SessionDep,
    SettingsDep,
    current_user,
)
from dispatch.requests import flows, scheduled, service
from dispatch.requests.service import RequestIn

router = APIRouter(prefix="/api/requests", tags=["requests"],
                   dependencies=[Depends(current_user)])


class RequestCreate(BaseModel):
    """A new request (跨部门协作需求单)."""

    text: str = Field(description="what is needed (required)")
    title: str = ""
    from_department: str | None = Field(None, description="requester's department: id, name or "
                                        "alias; default: the requester's own department")
    expected_date: dt.date | None = Field(None, description="expected completion date")
    support: str = Field("", description="support needed from the receiving department")
    attachments: list[str] = Field(default_factory=list, description="attachment file names")


class Seen(BaseModel):
    """What the caller was shown: 409 when the request has moved since (a colleague acted
    first). Omitted: not checked."""

    seen_state: str | None = Field(None, max_length=20, description=(
        "the request's state as the caller was shown it"))
    seen_department: str | None = Field(None, max_length=100, description=(
        "its receiving department as shown (empty: none)"))


class Decision(Seen):
    department: str
    secondary: list[str] | None = None
    note: str = ""


class ReturnIn(Seen):
    reason: str = Field(description="why it is returned (退单理由); required")
    department: str | None = Field(None, description="where it belongs, when the returning "
                                   "department knows (else the model's next best)")


class RerouteIn(Seen):
    department: str | None = Field(None, description="target; omitted: the next best")
    note: str = ""


class NoteIn(Seen):
    note: str = ""


@router.post("", status_code=201)
def submit(user: RequesterDep, session: SessionDep, org: OrgDep, settings: SettingsDep,
           body: RequestCreate) -> dict[str, Any]:
    """Submit a request; it is routed at once (to a department, or to the triage queue)."""
    data = RequestIn(text=body.text, title=body.title, from_department=body.from_department,
                     expected_date=body.expected_date, support=body.support,
                     attachments=body.attachments)
    req = flows.submit(db_session=session, settings=settings, org=org, user=user, data=data)
    return service.to_dict(req, org=org, db_session=session, viewer=user)


@router.get("")
def list_requests(user: RequesterDep, session: SessionDep, org: OrgDep,
                  state: str | None = None, department: str | None = None,
                  mine: bool = False, limit: Limit = 100,
                  offset: Offset = 0) -> list[dict[str, Any]]:
    """Requests, newest first; a requester only ever sees their own."""
    rows = service.visible_requests(db_session=session, user=user, org=org, state=state,
                                    department=department, mine=mine, limit=limit,
                                    offset=offset)
    return service.to_dicts(rows, org=org, db_session=session, full=False)


@router.get("/triage")
def triage_queue(_: PlannerDep, session: SessionDep, org: OrgDep,
                 limit: Limit = 100) -> list[dict[str, Any]]:
    """Requests waiting for a coordinator, oldest first, with the model's top suggestions."""
    return flows.triage_queue(db_session=session, org=org, limit=limit)


@router.get("/sla-events")
def sla_events(_: PlannerDep, session: SessionDep, org: OrgDep,
               limit: Limit = 200) -> list[dict[str, Any]]:
    """Recorded SLA breaches, newest first."""
    return [scheduled.event_dict(e, org) for e in service.sla_events(db_session=session,
                                                                     limit=limit)]


@router.post("/sla-sweep")
def sla_sweep(_: AdminDep, session: SessionDep, org: OrgDep) -> dict[str, Any]:
    """Run the SLA sweep now (it also runs on the scheduler); returns the new breaches."""
    new = scheduled.sweep_sla(db_session=session, org=org)
    return {"new": [scheduled.event_dict(e, org) for e in new]}


@router.get("/{request_id}")
def read(user: RequesterDep, session: SessionDep, org: OrgDep, request_id: Id) -> dict[str, Any]:
    """One request with its routing, explanation, transitions and SLA events."""
    req = service.get_or_404(db_session=session, request_id=request_id)
    flows.check_read(user, req)
    return service.to_dict(req, org=org, db_session=session, viewer=user)


@router.post("/{request_id}/decide")
def decide(user: PlannerDep, session: SessionDep, org: OrgDep, request_id: Id,
           body: Decision) -> dict[str, Any]:
    """Triage decision by a coordinator (becomes a labelled example)."""
    req = service.get_or_404(db_session=session, request_id=request_id)
    flows.decide(db_session=session, org=org, user=user, req=req, department=body.department,
                 secondary=body.secondary, note=body.note, seen_state=body.seen_state,
                 seen_department=body.seen_department)
    return service.to_dict(req, org=org, db_session=session, viewer=user)


@router.post("/{request_id}/return")
def return_request(user: PlannerDep, session: SessionDep, org: OrgDep, settings: SettingsDep,
                   request_id: Id, body: ReturnIn) -> dict[str, Any]:
    """退单: the receiving department returns it with a reason; it is re-routed at once."""
    req = service.get_or_404(db_session=session, request_id=request_id)
    flows.return_request(db_session=session, settings=settings, org=org, user=user, req=req,
                         reason=body.reason, department=body.department,
                         seen_state=body.seen_state, seen_department=body.seen_department)
    return service.to_dict(req, org=org, db_session=session, viewer=user)


@router.post("/{request_id}/reroute")
def reroute(user: PlannerDep, session: SessionDep, org: OrgDep, request_id: Id,
            body: RerouteIn) -> dict[str, Any]:
    """A coordinator re-routes (named department: a labelled example; else the next best)."""
    req = service.get_or_404(db_session=session, request_id=request_id)
    flows.reroute(db_session=session, org=org, user=user, req=req, department=body.department,
                  note=body.note, seen_state=body.seen_state,
                  seen_department=body.seen_department)
    return service.to_dict(req, org=org, db_session=session, viewer=user)


def _simple(action: str):  # noqa: ANN202 - builds one endpoint per simple action
    fn = flows.ACTIONS[action]

    def endpoint(user: PlannerDep, session: SessionDep, org: OrgDep, request_id: Id,
                 body: NoteIn | None = None) -> dict[str, Any]:
        req = service.get_or_404(db_session=session, request_id=request_id)
        body = body or NoteIn()
        fn(db_session=session, org=org, user=user, req=req, note=body.note,
           seen_state=body.seen_state, seen_department=body.seen_department)
        return service.to_dict(req, org=org, db_session=session, viewer=user)

    endpoint.__name__ = f"{action}_request"
    endpoint.__doc__ = {"accept": "The receiving department acknowledges (stops the ack clock).",
                        "start": "Work on it has started.",
                        "finish": "It is done."}[action]
    return endpoint


for _action in ("accept", "start", "finish"):
    router.add_api_route(f"/{{request_id}}/{_action}", _simple(_action), methods=["POST"])
