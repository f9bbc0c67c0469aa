"""`dispatch demo` loads months of past requests: the dashboard has figures on a first run,
and loading twice changes nothing."""

from __future__ import annotations


def test_history_fills_the_dashboard_once(demo_cli) -> None:
    from sqlalchemy import func, select

    from dispatch.cli.context import db_session
    from dispatch.demo import history
    from dispatch.orgdir.service import current_org
    from dispatch.reporting.service import indicators
    from dispatch.requests.models import Request

    out = demo_cli
    assert "past requests over 90 days" in out["samples"]["history"], out["samples"]
    assert "3 closed collaborations rated, 2 problems raised and resolved" in \
        out["samples"]["history"], out["samples"]
    with db_session() as s:
        org = current_org(db_session=s)
        n = s.scalar(select(func.count()).select_from(Request))
        oldest = s.scalar(select(func.min(Request.created_at)))
        figures = indicators(db_session=s, org=org)
        from dispatch.collab import service as collab
        from dispatch.problems import service as problems

        cm = collab.metrics(db_session=s, org=org)
        pm = problems.metrics(db_session=s, org=org)
    assert n >= 100
    assert (figures["today"] - oldest.astimezone(org.tz).date()).days >= 80
    assert figures["cycle_n"] >= 15 and figures["cycle_hours"] > 0
    assert len(figures["cycle_by_dept"]) >= 4
    assert cm["counted"] >= 3 and sum(d["ratings"] for d in cm["departments"]) == 8
    assert pm["resolved"]["medium"] == 2 and pm["mttr_hours"]["medium"] == 48.0
    assert history.load_sample() == "the request history exists already"
    with db_session() as s:
        assert s.scalar(select(func.count()).select_from(Request)) == n
