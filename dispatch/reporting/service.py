"""The dashboard's figures: request cycle time, SLA compliance, overdue action items by
department, the action items' on-time rate, delay events, and activity per day.

Figures are read from the domains' own tables (requests, SLA events, action items, follow-up
history); days are counted in the organisation's timezone. The web page turns them into
SVG plots (``api/web/dashboard.py``); ``benchmarks/dashboard_speed.py`` times this function.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable
from typing import Any

from sqlalchemy import Text, cast, func, or_, select
from sqlalchemy.orm import Session

from dispatch.followups.models import FollowUp
from dispatch.minutes.models import ActionItemRow, ItemEvent, Meeting
from dispatch.requests.models import Request as RequestRow
from dispatch.requests.models import SlaEvent
from models.org import Org

WINDOW_DAYS = 30
DELAYS_LISTED = 15


def _as_utc(v: dt.datetime) -> dt.datetime:
    """SQLite hands back naive datetimes; they are stored as UTC."""
    return v if v.tzinfo else v.replace(tzinfo=dt.UTC)


def indicators(*, db_session: Session, org: Org, days: int = WINDOW_DAYS,
               now: dt.datetime | None = None) -> dict[str, Any]:
    """The dashboard's figures as plain data (the web layer draws them); ``now`` is a
    parameter so tests can pin the clock.

    Counts and sums are left to the database, and only the columns a figure needs are read
    (never whole rows with their texts and JSON): with 100,000 requests and their follow-ups,
    loading every row took 8.2 s per page view (benchmarks/dashboard_speed.py)."""
    now = now or dt.datetime.now(dt.UTC)
    today = now.astimezone(org.tz).date()
    since = now - dt.timedelta(days=days)

    def name(d: str) -> str:
        return org.department(d).name if org.has_department(d) else d

    def by_value(rows: Iterable[tuple[str, float]]) -> list[tuple[str, float]]:
        return sorted(rows, key=lambda kv: (-kv[1], kv[0]))

    cycles = _cycle_hours(db_session, since)
    all_cycles = [h for v in cycles.values() for h in v]
    overdue = _overdue_items(db_session, today)
    delays, delay_total, delay_stamps = _delays(db_session, since)
    day_list = [today - dt.timedelta(days=i) for i in range(days - 1, -1, -1)]
    return {
        "today": today,
        "requests_total": db_session.scalar(
            select(func.count()).select_from(RequestRow)) or 0,
        "cycle_hours": round(sum(all_cycles) / len(all_cycles), 1) if all_cycles else None,
        "cycle_n": len(all_cycles),
        # (department name, hours), longest first
        "cycle_by_dept": by_value((name(d), round(sum(v) / len(v), 1))
                                  for d, v in cycles.items()),
        **_sla(db_session, org, today),
        "overdue_total": sum(overdue.values()),
        # (department name, open items past due), most first
        "overdue_by_dept": by_value((name(d), n) for d, n in overdue.items()),
        **_item_on_time(db_session, org, since, overdue, name),
        "delay_events": delays,
        "delay_total": delay_total,
        "days": day_list,
        "series": _activity(db_session, org, since, day_list, delay_stamps),
    }


def _cycle_hours(db_session: Session, since: dt.datetime) -> dict[str, list[float]]:
    """Cycle time, submitted → done, of the requests finished in the window, by department."""
    cycles: dict[str, list[float]] = defaultdict(list)
    for dept, created, done in db_session.execute(
            select(RequestRow.department, RequestRow.created_at, RequestRow.done_at)
            .where(RequestRow.done_at >= since)):
        cycles[dept or "-"].append((_as_utc(done) - _as_utc(created)).total_seconds() / 3600)
    return cycles


def _sla(db_session: Session, org: Org, today: dt.date) -> dict[str, Any]:
    """Acknowledged in time (every hand-over starts a clock) and done by the expected date
    (over requests that are done or whose expected date passed; the day a request was done
    is a day in the org's timezone, so that test is Python's)."""
    scalar = db_session.scalar
    handovers = scalar(select(func.coalesce(func.sum(RequestRow.assignment_no), 0))) or 0
    ack_breaches = scalar(select(func.count()).where(SlaEvent.kind == "ack")) or 0
    late_open = scalar(select(func.count()).where(
        RequestRow.expected_date.is_not(None), RequestRow.done_at.is_(None),
        RequestRow.expected_date < today)) or 0
    finished = db_session.execute(select(RequestRow.expected_date, RequestRow.done_at).where(
        RequestRow.expected_date.is_not(None), RequestRow.done_at.is_not(None))).all()
    n_due = late_open + len(finished)
    on_time = sum(1 for expected, done in finished
                  if _as_utc(done).astimezone(org.tz).date() <= expected)
    return {"handovers": handovers, "ack_breaches": ack_breaches,
            "sla_ack_rate": (1 - ack_breaches / handovers) if handovers else None,
            "due_requests": n_due, "sla_resolve_rate": on_time / n_due if n_due else None}


def _overdue_items(db_session: Session, today: dt.date) -> Counter[str]:
    """Open action items due before today, by department."""
    return Counter({d or "-": n for d, n in db_session.execute(
        select(ActionItemRow.department, func.count()).where(
            ActionItemRow.status == "open", ActionItemRow.due < today)
        .group_by(ActionItemRow.department))})


def _item_on_time(db_session: Session, org: Org, since: dt.datetime, overdue: Counter[str],
                  name: Any) -> dict[str, Any]:
    """Action items done by their due date, over the items that have a verdict: done in the
    window (on time when the org-time day of the last "done" is on or before the due date in
    force, an approved new date included) or open past their due date (late, however long
    ago it passed: they are overdue in the window too). Items not due yet, without a due
    date, cancelled, or done before the window have none. By department as well."""
    last_done: dict[int, tuple[dt.datetime, str | None, dt.date]] = {}
    for item_id, at, changes, dept, due in db_session.execute(
            select(ItemEvent.item_id, ItemEvent.at, ItemEvent.changes, ActionItemRow.department,
                   ActionItemRow.due)
            .join(ActionItemRow, ActionItemRow.id == ItemEvent.item_id)
            .where(ItemEvent.action == "status", ItemEvent.at >= since,
                   ActionItemRow.status == "done", ActionItemRow.due.is_not(None))):
        if (changes or {}).get("status", [None, None])[1] != "done":
            continue
        at = _as_utc(at)
        if item_id not in last_done or at > last_done[item_id][0]:
            last_done[item_id] = (at, dept, due)
    on_time: Counter[str] = Counter()
    due_n: Counter[str] = Counter(overdue)
    for at, dept, due in last_done.values():
        d = dept or "-"
        due_n[d] += 1
        on_time[d] += at.astimezone(org.tz).date() <= due
    n, ok = sum(due_n.values()), sum(on_time.values())
    rows = sorted(((name(d), on_time[d], k) for d, k in due_n.items()),
                  key=lambda r: (r[1] / r[2], -r[2], r[0]))
    return {"items_due": n, "items_on_time": ok,
            "item_on_time_rate": ok / n if n else None,
            # (department name, done on time, counted), lowest rate first
            "item_on_time_by_dept": rows}


def _delays(db_session: Session, since: dt.datetime
            ) -> tuple[list[dict[str, Any]], int, list[dt.datetime]]:
    """(newest delay events, how many in all, their times in the window): SLA breaches of
    requests, and follow-ups that were rescheduled or whose owner asked for a new date."""
    n_sla = db_session.scalar(select(func.count()).select_from(SlaEvent)) or 0
    recent = db_session.execute(
        select(SlaEvent.detected_at, SlaEvent.kind, SlaEvent.request_id, SlaEvent.department,
               SlaEvent.due_at)
        .order_by(SlaEvent.detected_at.desc(), SlaEvent.id.desc()).limit(DELAYS_LISTED))
    delays = [{"at": _as_utc(at), "kind": f"sla_{kind}", "request": rid, "title": None,
               "department": dept, "due": _as_utc(due)}
              for at, kind, rid, dept, due in recent]
    fu_delays = _followup_delays(db_session)
    delays = sorted(delays + fu_delays, key=lambda d: d["at"], reverse=True)[:DELAYS_LISTED]
    stamps = list(db_session.scalars(select(SlaEvent.detected_at).where(
        SlaEvent.detected_at >= since))) + [d["at"] for d in fu_delays]
    return delays, n_sla + len(fu_delays), stamps


def _activity(db_session: Session, org: Org, since: dt.datetime, day_list: list[dt.date],
              delay_stamps: list[dt.datetime]) -> dict[str, list[float]]:
    """Per day in org time: requests submitted, meetings uploaded, items done, delays."""
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
    done_events = [at for at, changes in db_session.execute(
        select(ItemEvent.at, ItemEvent.changes).where(
            ItemEvent.action == "status", ItemEvent.at >= since))
        if (changes or {}).get("status", [None, None])[1] == "done"]
    return {
        "requests": per_day(list(db_session.scalars(select(RequestRow.created_at).where(
            RequestRow.created_at >= since)))),
        "meetings": per_day(meetings),
        "items_done": per_day(done_events),
        "delays": per_day(delay_stamps),
    }


DELAY_ACTIONS = ("rescheduled", "new_date_requested")


def _followup_delays(db_session: Session) -> list[dict[str, Any]]:
    """Reschedules and new-date requests from the follow-up history (each is a history
    entry with its time).

    Every request hand-over has a follow-up, so there are as many as requests; the database
    keeps only those whose history text names a delay (JSON as text: the same test on SQLite
    and PostgreSQL), and Python reads the entries of those few."""
    history = cast(FollowUp.history, Text)
    query = select(FollowUp.title, FollowUp.department, FollowUp.due_date, FollowUp.history).where(
        or_(*(history.like(f'%"{a}"%') for a in DELAY_ACTIONS)))
    out = []
    for title, department, due_date, entries in db_session.execute(query):
        for h in entries or []:
            if h.get("action") not in DELAY_ACTIONS:
                continue
            try:
                at = _as_utc(dt.datetime.fromisoformat(str(h.get("at"))))
            except ValueError:
                continue
            out.append({"at": at, "kind": str(h["action"]), "request": None, "title": title,
                        "department": department, "due": due_date})
    return out
