"""Per-request cost of the interactive endpoints, in process, on a database a load run left.

Why: under load every request's CPU queues behind every other's on 2 cores, so the p99 of
``benchmarks/load_pg.py`` is mostly the sum of per-request costs. This calls each endpoint
``--runs`` times, one at a time, through the app (TestClient, no network) and prints the
median and max milliseconds and the SQL statements per call; ``--profile KEY`` adds the
top functions of a cProfile of that endpoint (cumulative time).

    PYTHONPATH=. python benchmarks/profile_endpoints.py \\
        --db postgresql://postgres@127.0.0.1:55432/dispatch_load_NNN \\
        --data-dir /tmp/dispatch-load-XXXX/var [--profile "GET /planner"]

The database is the one ``load_pg.py`` made (``dispatch_load_<pid>``; its users ``load0``
(planner) and ``load2`` (requester), password ``load-test-pass-1234``); the data directory
holds its routing model. Endpoints that write (submit, upload, confirm, start) write there.
Another database (e.g. the demo's: ``--planner planner --requester requester --password
demo1234``) works the same; ``--only KEY`` (repeatable) times just those endpoints.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import io
import os
import pstats
import statistics
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
PASSWORD = "load-test-pass-1234"
SAMPLE = ROOT / "dispatch" / "demo" / "minutes_launch_review.md"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--db", required=True)
    ap.add_argument("--data-dir", required=True)
    ap.add_argument("--runs", type=int, default=10)
    ap.add_argument("--profile", action="append", default=[],
                    help="endpoint key to profile (repeatable)")
    ap.add_argument("--top", type=int, default=25)
    ap.add_argument("--sort", default="cumulative", help="pstats order: cumulative, tottime")
    ap.add_argument("--sql", action="append", default=[],
                    help="endpoint key whose SQL statements to print (one call)")
    ap.add_argument("--freeze", action="store_true",
                    help="gc.freeze() after the first calls, as the server's warm-up does")
    ap.add_argument("--gc", action="store_true", help="print garbage collections over 10 ms")
    ap.add_argument("--planner", default="load0", help="a planner user of the database")
    ap.add_argument("--requester", default="load2", help="a requester user of the database")
    ap.add_argument("--password", default=PASSWORD, help="both users' password")
    ap.add_argument("--only", action="append", default=[],
                    help="time only this endpoint key (repeatable)")
    args = ap.parse_args()
    os.environ.update(DATABASE_URL=args.db, DISPATCH_DATA_DIR=args.data_dir,
                      DISPATCH_SECRET_KEY="load-test-secret-0123456789abcdef",
                      DISPATCH_COOKIE_SECURE="false")
    import re

    from sqlalchemy import event, select

    from api.app import create_app
    from dispatch.db import session_scope
    from dispatch.minutes.models import ActionItemRow
    from dispatch.plans.models import Proposal
    from dispatch.users import service as users
    from dispatch.users.models import User

    app = create_app()
    if args.gc:
        import gc

        started: list[float] = [0.0]

        def _gc(phase: str, info: dict[str, int]) -> None:
            if phase == "start":
                started[0] = time.perf_counter()
            elif (ms := (time.perf_counter() - started[0]) * 1000) > 10:
                print(f"  gc generation {info['generation']}: {ms:.0f} ms")

        gc.callbacks.append(_gc)
    queries = [0]
    statements: list[str] = []

    @event.listens_for(app.state.engine, "before_cursor_execute")
    def _count(_conn: Any, _cur: Any, statement: str, *_a: Any) -> None:
        queries[0] += 1
        statements.append(" ".join(statement.split())[:160])

    with session_scope(app.state.session_factory) as s:
        planner = s.scalar(select(User).where(User.name == args.planner))
        requester = s.scalar(select(User).where(User.name == args.requester))
        tokens = {"planner": users.issue_token(db_session=s, user=planner),
                  "requester": users.issue_token(db_session=s, user=requester)}
        item = s.scalar(select(ActionItemRow.id).where(ActionItemRow.status == "open")
                        .order_by(ActionItemRow.id.desc()).limit(1))
        proposal = s.scalar(select(Proposal.id).order_by(Proposal.version.desc()).limit(1))

    # The app runs in this thread (an event loop here, sync handlers called inline instead
    # of in anyio's thread pool), so that cProfile sees the handlers' own work.
    import anyio.to_thread
    import httpx

    async def inline(func: Any, *a: Any, **_kw: Any) -> Any:
        return func(*a)

    anyio.to_thread.run_sync = inline
    loop = asyncio.new_event_loop()
    aclient = httpx.AsyncClient(transport=httpx.ASGITransport(app=app),
                                base_url="http://testserver")

    class Client:
        def __getattr__(self, method: str) -> Any:
            return lambda *a, **kw: loop.run_until_complete(getattr(aclient, method)(*a, **kw))

    client = Client()
    page = client.get("/login").text
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page)
    client.post("/login", data={"username": args.planner, "password": args.password,
                                "csrf_token": csrf.group(1) if csrf else ""})
    hp = {"Authorization": f"Bearer {tokens['planner']}"}
    hr = {"Authorization": f"Bearer {tokens['requester']}"}
    import random

    from benchmarks.load_pg import TEXTS, collab_body  # noqa: E402 - after the path is set

    rnd = random.Random(1)
    calls: dict[str, Any] = {
        "GET /planner": lambda: client.get("/planner"),
        "GET /planner/{id}": lambda: client.get(f"/planner/{proposal}"),
        "GET /api/plans/proposals": lambda: client.get("/api/plans/proposals", headers=hp),
        "GET /dashboard": lambda: client.get("/dashboard"),
        "GET /api/requests": lambda: client.get("/api/requests?limit=50", headers=hr),
        "GET /api/requests (planner)": lambda: client.get("/api/requests?limit=50",
                                                          headers=hp),
        "GET /api/collab": lambda: client.get("/api/collab?state=open&limit=20", headers=hr),
        "GET /api/plans/backlog": lambda: client.get("/api/plans/backlog", headers=hp),
        "GET /api/minutes/items": lambda: client.get("/api/minutes/items?status=open",
                                                     headers=hr),
        "GET /api/collab/metrics": lambda: client.get("/api/collab/metrics", headers=hp),
        "PATCH /api/minutes/items/{id}": lambda: client.patch(
            f"/api/minutes/items/{item}", headers=hp,
            json={"priority": rnd.choice(["high", "normal", "low"])}),
        "POST /api/requests": lambda: client.post(
            "/api/requests", headers=hr,
            json={"text": rnd.choice(TEXTS) + f" #{rnd.randint(1, 10**6)}",
                  "from_department": "mkt"}),
        "POST /api/minutes": lambda: client.post(
            "/api/minutes", headers=hr, files={"file": (SAMPLE.name, SAMPLE.read_bytes())}),
        "POST /api/collab": lambda: client.post("/api/collab", headers=hr,
                                                json=collab_body(rnd)),
        "POST /api/plans/proposals": lambda: client.post(
            "/api/plans/proposals", headers=hp, json={"time_limit": 1}),
    }
    if args.only:
        calls = {k: calls[k] for k in args.only}
    for key in ("GET /planner", "POST /api/requests", "POST /api/minutes"):
        if key in calls:  # the first call of each loads what the process caches
            calls[key]()
    if args.freeze:  # what `dispatch serve` does once its warm-up has loaded the models
        import gc

        from api.server import freeze_heap

        freeze_heap()
        print(f"gc.freeze: {gc.get_freeze_count()} objects")
    print(f"{'endpoint':<34}{'median ms':>10}{'max ms':>9}{'queries':>9}")
    for key, fn in calls.items():
        times, counts = [], []
        for _ in range(args.runs):
            queries[0] = 0
            t0 = time.perf_counter()
            r = fn()
            times.append((time.perf_counter() - t0) * 1000)
            counts.append(queries[0])
            if r.status_code >= 400:
                print(f"  {key}: {r.status_code} {r.text[:200]}", file=sys.stderr)
        print(f"{key:<34}{statistics.median(times):>10.1f}{max(times):>9.1f}"
              f"{statistics.median(counts):>9.0f}")
    for key in args.sql:
        statements.clear()
        calls[key]()
        print(f"\n=== {key}: {len(statements)} statements ===")
        for st in statements:
            print("  " + st)
    for key in args.profile:
        prof = cProfile.Profile()
        prof.enable()
        for _ in range(args.runs):
            calls[key]()
        prof.disable()
        out = io.StringIO()
        pstats.Stats(prof, stream=out).sort_stats(args.sort).print_stats(args.top)
        print(f"\n=== {key} ({args.runs} calls) ===\n{out.getvalue()}")


if __name__ == "__main__":
    main()
