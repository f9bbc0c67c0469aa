"""The routing model: status, predict (dry run), labelled examples, retrain, rollback."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends
from pydantic import BaseModel, Field

from api.deps import (
    BATCH_LIMIT,
    AdminDep,
    Limit,
    OrgDep,
    PlannerDep,
    RequesterDep,
    SessionDep,
    SettingsDep,
    current_user,
)
from dispatch.errors import InvalidInput, TooLarge
from dispatch.requests import routing, service
from dispatch.text_limits import within_limit

router = APIRouter(prefix="/api/routing", tags=["routing"], dependencies=[Depends(current_user)])

# A batch is a tool for integrations, not a way to occupy the model: 200 texts and 200,000
# characters in all (1,000 x 20,000 took ~4 minutes).
MAX_BATCH = 200
MAX_BATCH_CHARS = 200_000


def _check_text(text: str, limit: int, where: str) -> str:
    text = text.strip()
    if not text:
        raise InvalidInput(f"{where}: empty", key="rt_err_empty",
                           args={"field_key": "field_text" if where == "text" else where})
    return within_limit(text, limit, where, field_key="field_text" if where == "text" else None)


class PredictIn(BaseModel):
    text: str


class BatchItem(BaseModel):
    id: str
    text: str


class BatchIn(BaseModel):
    items: list[BatchItem] = Field(description=f"at most {MAX_BATCH} requests")
    explain: bool = False


class RetrainIn(BaseModel):
    history_csv: str | None = Field(None, description="a history CSV (columns text, "
                                    "department[, weight]) added to the stored examples first")


@router.get("/model")
def model_status(_: PlannerDep, session: SessionDep, org: OrgDep,
                 settings: SettingsDep) -> dict[str, Any]:
    """The model in use: version, when and on what it was trained, its CV figures, and
    ``error`` when it no longer fits the org (retrain then)."""
    return routing.status(settings=settings, db_session=session, org=org)


@router.post("/predict")
def predict(user: RequesterDep, org: OrgDep, settings: SettingsDep,
            body: PredictIn) -> dict[str, Any]:
    """Where the current model would send a text (nothing is stored)."""
    text = _check_text(body.text, settings.max_request_chars, "text")
    routed = routing.predict(settings=settings, org=org, text=text)
    record = routing.prediction_record(routed)
    record["explanation"] = service.visible_explanation(record["explanation"], user)
    return record


@router.post("/predict/batch", dependencies=[BATCH_LIMIT])
def predict_batch(user: RequesterDep, org: OrgDep, settings: SettingsDep,
                  body: BatchIn) -> list[dict[str, Any]]:
    """Many texts in one model call, in input order, shaped like `dispatch route predict`
    (ids, ranked departments with scores, decision); nothing is stored."""
    if len(body.items) > MAX_BATCH:
        raise TooLarge(f"items: {len(body.items)} requests; the limit is {MAX_BATCH}",
                       key="rt_err_batch", args={"n": len(body.items), "limit": MAX_BATCH})
    texts = [_check_text(it.text, settings.max_request_chars, f"items[{i}] ({it.id})")
             for i, it in enumerate(body.items)]
    if sum(map(len, texts)) > MAX_BATCH_CHARS:
        raise TooLarge(f"items: {sum(map(len, texts)):,} characters in all; the limit is "
                       f"{MAX_BATCH_CHARS:,}", key="rt_err_batch_chars",
                       args={"n": sum(map(len, texts)), "limit": MAX_BATCH_CHARS})
    if not texts:
        return []
    out = []
    for it, routed in zip(body.items, routing.predict_many(settings=settings, org=org,
                                                           texts=texts, explain=body.explain),
                          strict=True):
        p = routed.prediction
        row: dict[str, Any] = {"id": it.id, "departments": [d.model_dump() for d in
                                                            p.departments],
                               "decision": p.decision, "secondary": list(p.secondary),
                               "model_version": routed.version}
        if body.explain and p.explanation is not None:
            row["explanation"] = service.visible_explanation(p.explanation.model_dump(), user)
        out.append(row)
    return out


@router.get("/examples")
def examples(_: PlannerDep, session: SessionDep,
             limit: Limit = 500) -> list[dict[str, Any]]:
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
        raise TooLarge(f"history_csv: over the {settings.max_upload_mb:g} MB limit",
                       key="err_upload_size",
                       args={"file": "history_csv", "limit": f"{settings.max_upload_mb:g}"})
    return routing.retrain(db_session=session, settings=settings, org=org,
                           history_csv=csv_text, history_name="history_csv",
                           commit=session.commit)


@router.post("/rollback")
def rollback(_: AdminDep, settings: SettingsDep) -> dict[str, Any]:
    """Go back to the previously published model version."""
    return routing.rollback(settings=settings)
