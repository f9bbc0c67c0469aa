"""The routing model: status, predict (dry run), labelled examples, retrain, rollback."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Query
from pydantic import BaseModel, Field

from api.deps import (
    AdminDep,
    OrgDep,
    PlannerDep,
    RequesterDep,
    SessionDep,
    SettingsDep,
    current_user,
)
from dispatch.errors import InvalidInput, TooLarge
from dispatch.requests import routing, service

router = APIRouter(prefix="/api/routing", tags=["routing"], dependencies=[Depends(current_user)])


class PredictIn(BaseModel):
    text: str


class RetrainIn(BaseModel):
    history_csv: str | None = Field(None, description="a history CSV (columns text, "
                                    "department[, weight]) added to the stored examples first")


@router.get("/model")
def model_status(_: PlannerDep, session: SessionDep, settings: SettingsDep) -> dict[str, Any]:
    """The model in use: version, when and on what it was trained, its CV figures."""
    return routing.status(settings=settings, db_session=session)


@router.post("/predict")
def predict(_: RequesterDep, org: OrgDep, settings: SettingsDep,
            body: PredictIn) -> dict[str, Any]:
    """Where the current model would send a text (nothing is stored)."""
    text = body.text.strip()
    if not text:
        raise InvalidInput("text: empty")
    if len(text) > settings.max_request_chars:
        raise TooLarge(f"text: {len(text):,} characters; the limit is "
                       f"{settings.max_request_chars:,}")
    routed = routing.predict(settings=settings, org=org, text=text)
    return routing.prediction_record(routed)


@router.get("/examples")
def examples(_: PlannerDep, session: SessionDep,
             limit: int = Query(500, ge=1, le=10000)) -> list[dict[str, Any]]:
    """Labelled examples: triage decisions, corrections and imported history."""
    return [{"id": e.id, "request_id": e.request_id, "text": e.text, "department": e.department,
             "source": e.source, "weight": e.weight, "created_at": e.created_at.isoformat()}
            for e in service.list_examples(db_session=session, limit=limit)]


@router.post("/retrain")
def retrain(_: AdminDep, session: SessionDep, org: OrgDep, settings: SettingsDep,
            body: RetrainIn | None = None) -> dict[str, Any]:
    """Train a new version from the stored examples (+ an optional history CSV) and publish
    it; the service uses it from the next request on."""
    csv_text = body.history_csv if body else None
    if csv_text is not None and len(csv_text.encode("utf-8")) > settings.max_upload_bytes:
        raise TooLarge(f"history_csv: over the {settings.max_upload_mb:g} MB limit")
    return routing.retrain(db_session=session, settings=settings, org=org,
                           history_csv=csv_text, history_name="history_csv")


@router.post("/rollback")
def rollback(_: AdminDep, settings: SettingsDep) -> dict[str, Any]:
    """Go back to the previously published model version."""
    return routing.rollback(settings=settings)
