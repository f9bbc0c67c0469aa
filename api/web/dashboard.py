"""The dashboard: request cycle time, SLA compliance, overdue action items by department,
delay events, and activity over time, as SVG plots.

Figures are read from the domains' own tables (requests, SLA events, action items); days
are counted in the organisation's timezone.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from typing import Any

from fastapi import Request
from fastapi.responses import Response
from sqlalchemy import select
from sqlalchemy.orm import Session

from api.deps import SessionDep
from api.web import charts
from api.web.core import page_router, render, require
from dispatch.errors import InvalidInput
from dispatch.followups.models import FollowUp
from dispatch.minutes.models import ActionItemRow, ItemEvent, Meeting
from dispatch.orgdir import service as org_service
from dispatch.requests.models import Request as RequestRow
from dispatch.requests.models import SlaEvent
from models.org import Org

router = page_router()

WINDOW_DAYS = 30


def _as_utc(v: dt.datetime) -> dt.datetime:
    """SQLite hands back naive datetimes; they are stored as UTC."""
    return v if v.tzinfo else v.replace(tzinfo=dt.UTC)


def indicators(*, db_session: Session, org: Org, days: int = WINDOW_DAYS,
               now: dt.datetime | None = None) -> dict[str, Any]:
    """The dashboard's figures; ``now`` is a parameter so tests can pin the clock."""
    now = now or dt.datetime.now(dt.UTC)
    today = now.astimezone(org.tz).date()
    since = now - dt.timedelta(days=days)
    reqs = list(db_session.scalars(select(RequestRow)))

    # cycle time: submitted → done, over requests finished in the window
    cycles: dict[str, list[float]] = defaultdict(list)
    for r in reqs:
        if r.done_at is not None and _as_utc(r.done_at) >= since:
            hours = (_as_utc(r.done_at) - _as_utc(r.created_at)).total_seconds() / 3600
            cycles[r.department or "-"].append(hours)
    all_cycles = [h for v in cycles.values() for h in v]

    # SLA: every hand-over to a department starts an acknowledgement clock
    events = list(db_session.scalars(select(SlaEvent).order_by(SlaEvent.id.desc())))
    handovers = sum(r.assignment_no or 0 for r in reqs)
    ack_breaches = sum(e.kind == "ack" for e in events)
    # done by the expected date: over requests that are done or whose expected date passed
    due_reqs = [r for r in reqs if r.expected_date is not None
                and (r.done_at is not None or r.expected_date < today)]
    on_time = sum(1 for r in due_reqs if r.done_at is not None
                  and _as_utc(r.done_at).astimezone(org.tz).date() <= r.expected_date)

    # overdue action items (open, due before today) by department
    items = list(db_session.scalars(select(ActionItemRow).where(
        ActionItemRow.status == "open", ActionItemRow.due < today)))
    overdue = Counter(i.department or "-" for i in items)

    # delay events: SLA breaches of requests, and follow-ups that were rescheduled or
    # whose owner asked for a new date
    delays = [{"at": _as_utc(e.detected_at), "kind": f"sla_{e.kind}", "request": e.request_id,
               "title": None, "department": e.department, "due": _as_utc(e.due_at)}
              for e in events]
    delays += _followup_delays(db_session)
    delays.sort(key=lambda d: d["at"], reverse=True)

    # activity per day in org time
    day_list = [today - dt.timedelta(days=i) for i in range(days - 1, -1, -1)]
    index = {d: i for i, d in enumerate(day_list)}

    def per_day(stamps: list[dt.datetime]) -> list[float]:
        out = [0.0] * len(day_list)
        for s in stamps:
            d = _as_utc(s).astimezone(org.tz).date()
            if d in index:
                out[index[d]] += 1
        return out

    meetings = list(db_session.scalars(select(Meeting.uploaded_at).where(
        Meeting.uploaded_at >= since)))
    done_events = [e.at for e in db_session.scalars(select(ItemEvent).where(
        ItemEvent.action == "status", ItemEvent.at >= since))
        if (e.changes or {}).get("status", [None, None])[1] == "done"]
    series = {
        "requests": per_day([r.created_at for r in reqs]),
        "meetings": per_day(meetings),
        "items_done": per_day(done_events),
        "delays": per_day([d["at"] for d in delays]),
    }

    def name(d: str) -> str:
        return org.department(d).name if org.has_department(d) else d

    return {
        "today": today,
        "requests_total": len(reqs),
        "cycle_hours": round(sum(all_cycles) / len(all_cycles), 1) if all_cycles else None,
        "cycle_n": len(all_cycles),
        "cycle_by_dept": charts.hbar(sorted(
            ((name(d), round(sum(v) / len(v), 1)) for d, v in cycles.items()),
            key=lambda kv: -kv[1]), unit="h", cls="cycle"),
        "handovers": handovers,
        "ack_breaches": ack_breaches,
        "sla_ack_rate": (1 - ack_breaches / handovers) if handovers else None,
        "due_requests": len(due_reqs),
        "sla_resolve_rate": on_time / len(due_reqs) if due_reqs else None,
        "overdue_total": sum(overdue.values()),
        "overdue_chart": charts.hbar(sorted(((name(d), n) for d, n in overdue.items()),
                                            key=lambda kv: -kv[1]), cls="overdue"),
        "delay_events": delays[:15],
        "delay_total": len(delays),
        "activity": charts.timeseries(day_list, series),
        "series": list(series),
    }


def _followup_delays(db_session: Session) -> list[dict[str, Any]]:
    """Reschedules and new-date requests from the follow-up history (each is a history
    entry with its time)."""
    out = []
    for fu in db_session.scalars(select(FollowUp)):
        for h in fu.history or []:
            if h.get("action") not in ("rescheduled", "new_date_requested"):
                continue
            try:
                at = _as_utc(dt.datetime.fromisoformat(str(h.get("at"))))
            except ValueError:
                continue
            out.append({"at": at, "kind": str(h["action"]), "request": None, "title": fu.title,
                        "department": fu.department, "due": fu.due_date})
    return out


@router.get("/dashboard")
def dashboard(request: Request, session: SessionDep) -> Response:
    user = require(request, session, "planner")
    org = org_service.current_org(db_session=session)
    if org is None:
        raise InvalidInput("no organisation imported yet: run 'dispatch org import ORG.yaml'")
    return render(request, "dashboard.html", user=user, org=org,
                  k=indicators(db_session=session, org=org))
