"""Time to confirm minutes (POST /api/minutes/{id}/confirm) once the backlog has grown.

usage: python benchmarks/confirm_speed.py [--open-items 600] [--runs 5] [--database-url URL]

Fills a fresh database (SQLite in a temporary directory, or the empty PostgreSQL database
given by --database-url) with the demo org and --open-items open action items spread over
the demo staff (due in the next 2 to 20 workdays, 2 to 12 hours each), then --runs times
uploads a meeting with six new items for busy owners and times its confirm through the API
and then its capacity check (a job since issue 16: the confirm answers at once, the worker
solves the owners' load with the optimizer; here ``jobs.drain`` does it in this process).
Prints each run's seconds for both and the medians.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--open-items", type=int, default=600)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--database-url")
    args = ap.parse_args()

    from fastapi.testclient import TestClient
    from sqlalchemy.orm import sessionmaker

    from api.app import create_app
    from dispatch.db import make_engine, session_scope, upgrade
    from dispatch.demo import DEMO_ORG
    from dispatch.jobs import service as jobs
    from dispatch.minutes.models import ActionItemRow, Meeting
    from dispatch.orgdir.service import import_org
    from dispatch.settings import Settings
    from dispatch.users import service as users
    from models.org import load_org

    tmp = Path(tempfile.mkdtemp(prefix="confirm_speed_"))
    url = args.database_url or f"sqlite:///{tmp / 'bench.sqlite3'}"
    engine = make_engine(url)
    upgrade(engine)
    org = load_org(DEMO_ORG)
    rnd = random.Random(0)
    staff = [p.id for p in org.staff]
    today = org.today()
    with session_scope(sessionmaker(bind=engine)) as s:
        import_org(db_session=s, org=org, source="benchmark")
        user = users.create(db_session=s, name="bench_confirm", role="planner")
        token = users.issue_token(db_session=s, user=user)
        m = Meeting(title="历史会议", filename="old.md", format="md", attendees=[], lines=[],
                    status="confirmed")
        s.add(m)
        for i in range(args.open_items):
            owner = rnd.choice(staff)
            s.add(ActionItemRow(
                meeting=m, task=f"历史事项 {i}", owners=[owner],
                owner_names=[org.person(owner).name], status="open",
                due=org.work_calendar.add_workdays(today, rnd.randint(2, 20)),
                effort_hours=float(rnd.randint(2, 12))))
    settings = Settings(env="test", data_dir=tmp, database_url=url,
                        secret_key="benchmark-secret-key-0123456789")
    h = {"Authorization": f"Bearer {token}"}
    times, checks = [], []
    app = create_app(settings=settings, engine=engine)
    with TestClient(app, base_url="https://testserver") as c:
        for run in range(args.runs):
            text = f"周会 {run}\n时间：{today.isoformat()}\n无。\n".encode()
            meeting = c.post("/api/minutes", files={"file": ("m.txt", text)}, headers=h).json()
            due = org.work_calendar.add_workdays(today, 3).isoformat()
            for n in range(6):
                r = c.post(f"/api/minutes/{meeting['id']}/items",
                           json={"task": f"新事项 {run}-{n}", "owners": [rnd.choice(staff)],
                                 "due": due, "effort_hours": 8}, headers=h)
                assert r.status_code == 201, r.text
            t0 = time.perf_counter()
            r = c.post(f"/api/minutes/{meeting['id']}/confirm", headers=h)
            took = time.perf_counter() - t0
            assert r.status_code == 200, r.text
            times.append(took)
            t0 = time.perf_counter()
            jobs.drain(app.state.session_factory)
            checks.append(time.perf_counter() - t0)
            check = c.get(f"/api/minutes/{meeting['id']}", headers=h).json()["capacity_check"]
            print(f"run {run + 1}: confirm {took:.2f} s, check {checks[-1]:.2f} s, "
                  f"{len(check['warnings'] or [])} capacity warnings", flush=True)
    print(f"open items {args.open_items}: confirm median {statistics.median(times):.2f} s, "
          f"max {max(times):.2f} s; capacity check median {statistics.median(checks):.2f} s, "
          f"max {max(checks):.2f} s over {len(times)} confirms")


if __name__ == "__main__":
    main()
