"""The dashboard's figures on a large database: time to compute them per page view.

usage: python benchmarks/dashboard_speed.py [--requests 100000] [--database-url URL]

Fills a fresh database (SQLite in a temporary directory, or the PostgreSQL database given by
--database-url, which must be empty) with the demo org and --requests requests spread over a
year (70 % done, each with an expected date and a 24-hour acknowledgement), one SLA breach per
ten requests, an acknowledgement follow-up per request (one in a hundred rescheduled, one in a
hundred with a new date asked for) and 2,000 action items, then times
``dispatch.reporting.service.indicators`` (median of 5 after one warm-up).
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def fill(session_factory, org, n: int) -> None:  # noqa: ANN001 - benchmark glue
    from sqlalchemy import insert, select

    from dispatch.db import session_scope
    from dispatch.followups.models import FollowUp
    from dispatch.minutes.models import ActionItemRow, Meeting
    from dispatch.orgdir.service import import_org
    from dispatch.requests.models import Request, SlaEvent
    from dispatch.users import service as users

    rnd = random.Random(0)
    now = dt.datetime.now(dt.UTC)
    depts = [d.id for d in org.departments]
    with session_scope(session_factory) as s:
        import_org(db_session=s, org=org, source="benchmark")
        uid = users.create(db_session=s, name="bench_dashboard", role="requester").id
        rows = []
        for i in range(n):
            created = now - dt.timedelta(hours=rnd.uniform(0, 24 * 365))
            done = created + dt.timedelta(hours=rnd.uniform(1, 200))
            rows.append({
                "title": f"请求 {i}", "text": "需要协助处理一件跨部门的事情。" * 5,
                "requester_id": uid, "department": rnd.choice(depts), "assignment_no": 1,
                "state": "done" if rnd.random() < 0.7 and done < now else "routed",
                "created_at": created,
                "expected_date": (created + dt.timedelta(days=rnd.randint(1, 30))).date(),
                "routing": {"decision": "auto", "departments": [{"id": depts[0], "score": 0.9}]},
            })
            if rows[-1]["state"] == "done":
                rows[-1]["done_at"] = done
        for start in range(0, n, 5000):
            s.execute(insert(Request), rows[start:start + 5000])
        ids = list(s.scalars(select(Request.id)))
        s.execute(insert(SlaEvent), [
            {"request_id": i, "kind": "ack", "assignment_no": 1, "department": rnd.choice(depts),
             "due_at": now, "detected_at": now - dt.timedelta(days=rnd.uniform(0, 365)),
             "handoff": {}} for i in ids[::10]])
        followups = []
        for i in ids:
            at = now - dt.timedelta(days=rnd.uniform(0, 365))
            history = [{"at": at.isoformat(), "action": "tracked", "by": "system"}]
            if i % 100 == 0:
                history.append({"at": (at + dt.timedelta(hours=5)).isoformat(),
                                "action": "rescheduled", "by": "planner"})
            elif i % 100 == 50:
                history.append({"at": (at + dt.timedelta(hours=3)).isoformat(),
                                "action": "new_date_requested", "by": "owner"})
            followups.append({"kind": "request_ack", "ref_id": f"{i}.1", "title": f"请求 {i}",
                              "owners": [], "department": rnd.choice(depts),
                              "due_date": at.date(), "history": history})
        for start in range(0, len(followups), 5000):
            s.execute(insert(FollowUp), followups[start:start + 5000])
        m = Meeting(title="周会", filename="w.md", format="md", attendees=[], lines=[],
                    status="confirmed")
        s.add(m)
        s.flush()
        s.execute(insert(ActionItemRow), [
            {"meeting_id": m.id, "task": f"事项 {i}", "owners": [], "owner_names": [],
             "department": rnd.choice(depts), "status": rnd.choice(["open", "done"]),
             "due": (now - dt.timedelta(days=rnd.randint(-30, 60))).date()}
            for i in range(2000)])


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--requests", type=int, default=100_000)
    ap.add_argument("--database-url", default="")
    a = ap.parse_args()

    from dispatch.db import make_engine, make_session_factory, session_scope, upgrade
    from dispatch.demo import DEMO_ORG
    from dispatch.reporting.service import indicators
    from models.org import load_org

    with tempfile.TemporaryDirectory() as tmp:
        url = a.database_url or f"sqlite:///{tmp}/dashboard.db"
        engine = make_engine(url)
        upgrade(engine)
        factory = make_session_factory(engine)
        org = load_org(DEMO_ORG)
        t = time.perf_counter()
        fill(factory, org, a.requests)
        fill_s = time.perf_counter() - t
        times = []
        with session_scope(factory) as s:
            k = indicators(db_session=s, org=org)
            for _ in range(5):
                t = time.perf_counter()
                indicators(db_session=s, org=org)
                times.append(time.perf_counter() - t)
        engine.dispose()
    print(f"database {url.split('://')[0]}: {k['requests_total']:,} requests and follow-ups, "
          f"{k['delay_total']:,} delay events (filled in {fill_s:.1f} s)")
    print(f"dashboard figures: median {statistics.median(times) * 1000:.0f} ms, "
          f"max {max(times) * 1000:.0f} ms over 5 page views")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
