"""Liveness and readiness, open without credentials (for load balancers and probes)."""

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

router = APIRouter(tags=["health"])


@router.get("/health")
def health(request: Request) -> JSONResponse:
    """200 when the process is up and the database answers, else 503."""
    ok = request.app.state.db_ok()
    return JSONResponse({"status": "ok" if ok else "degraded", "database": ok},
                        status_code=200 if ok else 503)
