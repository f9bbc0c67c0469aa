"""The dashboard page: the reporting service's figures drawn as SVG plots."""

from __future__ import annotations

from typing import Any

from fastapi import Request
from fastapi.responses import Response

from api.deps import SessionDep
from api.web import charts
from api.web.core import page_router, render, require
from dispatch.orgdir import service as org_service
from dispatch.reporting import service as reporting

router = page_router()


def _drawn(k: dict[str, Any]) -> dict[str, Any]:
    """The figures with their charts laid out for the template."""
    return {**k,
            "cycle_by_dept": charts.hbar(k["cycle_by_dept"], unit="h", cls="cycle"),
            "overdue_chart": charts.hbar(k["overdue_by_dept"], cls="overdue"),
            "activity": charts.timeseries(k["days"], k["series"]),
            "series": list(k["series"])}


@router.get("/dashboard")
def dashboard(request: Request, session: SessionDep) -> Response:
    user = require(request, session, "planner")
    org = org_service.require_org(db_session=session)
    from dispatch.collab.service import metrics as collab_metrics
    from dispatch.problems.service import metrics as problem_metrics

    return render(request, "dashboard.html", user=user, org=org,
                  k=_drawn(reporting.indicators(db_session=session, org=org)),
                  collab=collab_metrics(db_session=session, org=org),
                  problems=problem_metrics(db_session=session, org=org))
