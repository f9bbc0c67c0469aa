"""Load on PostgreSQL: `dispatch serve --workers 2`, two `dispatch worker`, simulated users.

Issue 16 asks what the system does under many users at once on PostgreSQL, with a push
receiver that sometimes refuses and a delivery worker killed mid-run. This script builds
a fresh database, loads the demo, starts the server and two workers as real processes,
runs USERS simulated people (requesters submitting requests, uploading minutes,
confirming, editing and closing items; planners reading the backlog and re-solving; the
dashboard) for DURATION seconds, SIGKILLs one worker half-way, waits for the outbox to
drain and reports requests/s, p50/p99 per endpoint, errors, and messages lost (sent in
the outbox but never accepted by the receiver, or still undelivered) and duplicated
(accepted more than once under one message id).

Solves are jobs the workers do (issue 16): a planner's proposal or pin answers 202, and
the planner polls its job every POLL_S until the proposal is there; a confirm answers at
once and the confirmer polls the meeting until its capacity check is done. The polls are
requests like any other (in the per-endpoint table); the time from the POST to the
result is reported apart ("time to result"), with the jobs that failed.

    PYTHONPATH=. python benchmarks/load_pg.py --users 50 --duration 300
    (needs TEST_DATABASE_URL or --pg, e.g. postgresql://postgres@127.0.0.1:55432/postgres)
    PYTHONPATH=. python benchmarks/load_pg.py --sqlite --users 10 --duration 300
    A smoke run: --users 10 --duration 45.

Each simulated person is a user of their own (their own token, so the per-user rate
limits hold as in real use): every tenth a planner (backlog, proposals, re-solving with a
pin, the planner page, the dashboard, collaboration metrics, a collaboration's plan: ask,
poll its job, approve), three liaisons of design and logistics (their collaboration parts:
accept, start, report progress on the task; design, the lead, also asks for plans), the
rest requesters (submit requests, upload minutes, confirm them, edit items and mark them
done, start collaborations, list their requests and items). 409 (a lost race, e.g. two
liaisons on one part) and 429 (the rate limit) are answers, counted apart from errors.
"""

from __future__ import annotations

import argparse
import collections
import datetime as dt
import json
import os
import random
import re
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
import psycopg
import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # tests.hardening below, also without PYTHONPATH=.

from tests.hardening.hardening_support import free_port  # noqa: E402

SAMPLE = ROOT / "dispatch" / "demo" / "minutes_launch_review.md"
TEXTS = ["需要设计部帮忙做一套发布会海报和易拉宝，下周三前要初稿",
         "Please set up VPN access for three new contractors joining on Monday",
         "展台和样机需要从东莞仓库运到深圳会场，12月8日前到位",
         "新员工入职培训需要人力资源部安排讲师和会议室",
         "报销系统无法上传发票，需要信息技术部排查"]


class Receiver:
    """Loopback push receiver: refuses `refuse` of the posts (503), records accepted ids."""

    def __init__(self, refuse: float) -> None:
        self.accepted: collections.Counter[str] = collections.Counter()
        self.refused = 0
        self.lock = threading.Lock()
        rec, rnd = self, random.Random(7)

        class H(BaseHTTPRequestHandler):
            def log_message(self, *a: object) -> None:
                pass

            def do_POST(self) -> None:  # noqa: N802
                self.rfile.read(int(self.headers.get("content-length") or 0))
                mid = self.headers.get("webhook-id") or ""
                with rec.lock:
                    ok = rnd.random() >= refuse
                    if ok:
                        rec.accepted[mid] += 1
                    else:
                        rec.refused += 1
                self.send_response(204 if ok else 503)
                self.send_header("Content-Length", "0")
                self.end_headers()

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), H)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()


def fresh_db(admin_url: str) -> str:
    name = f"dispatch_load_{os.getpid()}"
    with psycopg.connect(admin_url, autocommit=True) as c:
        c.execute(f'DROP DATABASE IF EXISTS "{name}"')
        c.execute(f'CREATE DATABASE "{name}"')
    return admin_url.rsplit("/", 1)[0] + "/" + name


POLL_S = 1.0  # how often a waiting planner or confirmer asks again (the pages: 1 and 2 s)
RESULT_TIMEOUT_S = 180.0


class Stats:
    def __init__(self) -> None:
        self.lat: dict[str, list[float]] = collections.defaultdict(list)
        self.results: dict[str, list[float]] = collections.defaultdict(list)  # time to result
        self.job_failed: collections.Counter[str] = collections.Counter()
        self.errors: collections.Counter[str] = collections.Counter()
        self.refused: collections.Counter[str] = collections.Counter()
        self.slow: list[tuple[float, str, float]] = []  # (seconds into the run, key, latency)
        self.t0 = time.monotonic()
        self.lock = threading.Lock()

    def add(self, key: str, seconds: float, status: int) -> None:
        with self.lock:
            self.lat[key].append(seconds)
            if seconds > 1.0:
                self.slow.append((time.monotonic() - seconds - self.t0, key, seconds))
            if status >= 500 or status == 0:
                self.errors[f"{key} {status}"] += 1
            elif status in (409, 429):  # a lost race or the rate limit: an answer, not a fault
                self.refused[f"{key} {status}"] += 1


def pct(xs: list[float], p: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(p / 100 * (len(xs) - 1))))] if xs else 0.0


def summary_ms(xs: list[float]) -> dict[str, int]:
    """n, p50, p99 and max of latencies in seconds, as whole milliseconds."""
    return {"n": len(xs), "p50_ms": round(pct(xs, 50) * 1000),
            "p99_ms": round(pct(xs, 99) * 1000), "max_ms": round(max(xs) * 1000)}


def _print_rows(samples: dict[str, list[float]], indent: int) -> dict[str, dict]:
    """Print n / p50 / p99 / max per key (sorted) and return the summaries by key."""
    rows = {}
    for key in sorted(samples):
        xs = samples[key]
        rows[key] = r = summary_ms(xs)
        print(f"{' ' * indent}{key:<{42 - indent}} {len(xs):>6} {r['p50_ms']:>8} "
              f"{r['p99_ms']:>8} {r['max_ms']:>8}")
    return rows


# Staff of the demo org the simulated people are linked to: each of the three liaisons
# (design: 周杰, 徐丽; logistics: 王刚) answers collaboration parts; requesters take the
# other staff ids while they last (one user per staff member), then go without one.
LIAISONS = ("xuli", "wanggang", "zhoujie")
PASSWORD = "load-test-pass-1234"
TAKEN = {"wangfang", "zhangsan"}  # the demo's own planner and requester


def make_people(base: str, admin: str, n: int,
                token_of: Callable[[str], str]) -> list[dict[str, str]]:
    """``n`` simulated people as real users, each with its own token (so the per-user rate
    limits apply as they would): every tenth a planner, three liaisons, the rest requesters.
    A liaison the demo has a user for already (its collaboration's) acts through that user,
    with a token of its own from ``token_of(name)``."""
    from dispatch.demo import DEMO_ORG

    staff = [p["id"] for p in yaml.safe_load(DEMO_ORG.read_text(encoding="utf-8"))["staff"]
             if p["id"] not in TAKEN and p["id"] not in LIAISONS]
    liaisons = list(LIAISONS)
    out = []
    with httpx.Client(base_url=base, headers={"Authorization": f"Bearer {admin}"},
                      timeout=60) as c:
        # the demo's own users (its history's owners) hold some staff ids already
        linked = {u["staff_id"]: u["name"]
                  for u in c.get("/api/users").raise_for_status().json() if u.get("staff_id")}
        staff = [s for s in staff if s not in linked]
        for i in range(n):
            if i % 10 == 0:
                kind, sid = "planner", None
            elif i % 10 == 1 and liaisons:
                kind, sid = "liaison", liaisons.pop(0)
            else:
                kind, sid = "requester", staff.pop(0) if staff else None
            if sid in linked:
                out.append({"kind": kind, "token": token_of(linked[sid]), "staff": sid,
                             "name": linked[sid]})
                continue
            role = "planner" if kind == "planner" else "requester"
            r = c.post("/api/users", json={"name": f"load{i}", "role": role, "staff_id": sid,
                                           "password": PASSWORD})
            r.raise_for_status()
            out.append({"kind": kind, "token": r.json()["token"], "staff": sid or "",
                        "name": f"load{i}"})
    return out


def collab_body(rnd: random.Random) -> dict[str, object]:
    day = dt.date.today()
    return {"title": f"发布会 #{rnd.randint(1, 10**6)}",
            "background": "新品发布会需要主视觉和样机运输",
            "goal": "发布会按时举行", "expected_outcome": "海报到位，样机送达会场",
            "urgency": "normal", "requester_department": "mkt",
            "parts": [{"department": "design", "text": "设计部出主视觉海报", "role": "lead"},
                      {"department": "logistics", "text": "物流部派4人把样机搬到会场"}],
            "milestones": [{"name": "海报定稿", "date": (day + dt.timedelta(days=7)).isoformat()}],
            "due": (day + dt.timedelta(days=14)).isoformat()}


LIAISON_DEPT = {"xuli": "design", "zhoujie": "design", "wanggang": "logistics"}


def user_loop(n: int, base: str, person: dict[str, str], stop: threading.Event,
              stats: Stats) -> None:
    rnd = random.Random(n)
    kind = person["kind"]
    h = {"Authorization": f"Bearer {person['token']}"}
    meetings: list[tuple[int, list[int]]] = []
    items: list[int] = []
    proposals: list[dict[str, object]] = []
    with httpx.Client(base_url=base, headers=h, timeout=120) as c:
        if kind == "planner":  # the pages take a signed-in session, not a token
            page = c.get("/login").text
            csrf = re.search(r'name="csrf_token" value="([^"]+)"', page)
            c.post("/login", data={"username": person["name"], "password": PASSWORD,
                                   "csrf_token": csrf.group(1) if csrf else ""})

        def call(key: str, method: str, url: str, **kw: object) -> httpx.Response | None:
            t0 = time.monotonic()
            try:
                r = c.request(method, url, **kw)
            except httpx.HTTPError:
                stats.add(key, time.monotonic() - t0, 0)
                return None
            stats.add(key, time.monotonic() - t0, r.status_code)
            return r

        def ok(r: httpx.Response | None) -> bool:
            return r is not None and r.status_code < 300

        def wait_result(key: str, t0: float, poll_key: str, url: str,
                        state: Callable[[dict], dict | None]) -> dict | None:
            """Poll ``url`` until ``state(body)`` says done or failed; record the time from
            the POST (``t0``) to the result under ``key``."""
            while time.monotonic() - t0 < RESULT_TIMEOUT_S and not stop.is_set():
                time.sleep(POLL_S)
                r = call(poll_key, "GET", url)
                st = state(r.json()) if ok(r) else None
                if st is None or st.get("status") in ("pending", "running"):
                    continue
                with stats.lock:
                    if st.get("status") == "done":
                        stats.results[key].append(time.monotonic() - t0)
                    else:
                        stats.job_failed[f"{key} {st.get('status')}: {st.get('error')}"] += 1
                return st if st.get("status") == "done" else None
            if not stop.is_set():
                with stats.lock:
                    stats.job_failed[f"{key} timeout"] += 1
            return None

        def solve(key: str, url: str, body: dict) -> None:
            t0 = time.monotonic()
            r = call(key, "POST", url, json=body)
            if ok(r):
                job = wait_result(key, t0, "GET /api/plans/jobs/{id}", r.json()["poll"],
                                  lambda b: b)
                if job is not None and job.get("proposal"):
                    proposals.append(job["proposal"])

        stop.wait(rnd.uniform(0, 1.5))  # people do not all click in the same instant
        while not stop.is_set():
            if kind == "planner":
                choice = rnd.choices(["backlog", "solve", "revise", "dashboard", "planner_page",
                                      "requests", "collab_metrics", "collab_plan"],
                                     [4, 1, 1, 2, 1, 2, 1, 1])[0]
            elif kind == "liaison":
                choice = rnd.choices(["collab_work", "list_collabs", "my_items", "collab_plan"],
                                     [4, 1, 1, 1])[0]
            else:
                choice = rnd.choices(["submit", "upload", "confirm", "edit", "done",
                                      "list_requests", "my_items", "collab_start"],
                                     [3, 1, 1, 2, 1, 2, 2, 1])[0]
            if choice == "submit":
                call("POST /api/requests", "POST", "/api/requests",
                     json={"text": rnd.choice(TEXTS) + f" #{rnd.randint(1, 10**6)}",
                           "from_department": "mkt"})
            elif choice == "upload":
                r = call("POST /api/minutes", "POST", "/api/minutes",
                         files={"file": (SAMPLE.name, SAMPLE.read_bytes())})
                if ok(r):
                    meetings.append((r.json()["id"],
                                     [i["id"] for i in r.json()["action_items"]]))
            elif choice == "confirm" and meetings:
                mid, mine = meetings.pop(0)
                t0 = time.monotonic()
                r = call("POST /api/minutes/{id}/confirm", "POST", f"/api/minutes/{mid}/confirm")
                if ok(r):
                    items += mine
                    if r.json().get("capacity") is None:  # the check runs in the worker
                        wait_result("POST /api/minutes/{id}/confirm", t0,
                                    "GET /api/minutes/{id}/capacity", r.json()["poll"],
                                    lambda b: b)
            elif choice == "edit" and items:
                call("PATCH /api/minutes/items/{id}", "PATCH",
                     f"/api/minutes/items/{rnd.choice(items)}",
                     json={"priority": rnd.choice(["high", "normal", "low"])})
            elif choice == "done" and items:
                call("POST /api/minutes/items/{id}/status", "POST",
                     f"/api/minutes/items/{items.pop(rnd.randrange(len(items)))}/status",
                     json={"status": "done"})
            elif choice in ("list_requests", "requests"):
                call("GET /api/requests", "GET", "/api/requests?limit=50")
            elif choice == "my_items":
                call("GET /api/minutes/items", "GET", "/api/minutes/items?status=open")
            elif choice == "collab_start":
                call("POST /api/collab", "POST", "/api/collab", json=collab_body(rnd))
            elif choice == "list_collabs":
                call("GET /api/collab", "GET", "/api/collab?state=open&limit=20")
            elif choice == "collab_work":
                _collab_work(call, ok, rnd, LIAISON_DEPT[person["staff"]])
            elif choice == "collab_plan" and (kind == "planner"
                                              or LIAISON_DEPT[person["staff"]] == "design"):
                _collab_plan(call, ok, rnd, wait_result, approve=kind == "planner")
            elif choice == "dashboard":
                call("GET /dashboard", "GET", "/dashboard")
            elif choice == "collab_metrics":
                call("GET /api/collab/metrics", "GET", "/api/collab/metrics")
            elif choice == "planner_page":
                call("GET /planner", "GET", "/planner")
            elif choice == "backlog":
                call("GET /api/plans/backlog", "GET", "/api/plans/backlog")
            elif choice == "solve":
                solve("POST /api/plans/proposals", "/api/plans/proposals", {"time_limit": 5})
            elif choice == "revise" and proposals:
                p = proposals[-1]
                done = p["plan"]["assignments"]  # type: ignore[index]
                if done:
                    a = rnd.choice(done)
                    solve("POST /api/plans/proposals/{id}/actions",
                          f"/api/plans/proposals/{p['id']}/actions",
                          {"type": "pin", "task": a["task"], "staff": a["staff"],
                           "time_limit": 5})
            time.sleep(rnd.uniform(0.5, 1.5))  # think time


def warm_up(base: str, people: list[dict[str, str]], n: int, limit_s: float = 120) -> Stats:
    """Rounds of ``n`` parallel submits and uploads before the clock starts, until a round
    answers within a second (each server process has loaded the routing model and the
    minutes pipeline; which process answers is the kernel's choice, so one sequential call
    may never reach the other). Reported apart: a restart's cost, not the steady state."""
    warm = Stats()
    who = [p for p in people if p["kind"] == "requester"][:n] or people[:1]
    t_end = time.monotonic() + limit_s

    def one(i: int) -> float:
        with httpx.Client(base_url=base, timeout=300, headers={
                "Authorization": f"Bearer {who[i % len(who)]['token']}"}) as c:
            worst = 0.0
            for key, kw in (("POST /api/requests", {"json": {"text": TEXTS[i % len(TEXTS)],
                                                               "from_department": "mkt"}}),
                            ("POST /api/minutes", {"files": {"file": (SAMPLE.name,
                                                                      SAMPLE.read_bytes())}})):
                t0 = time.monotonic()
                r = c.post(key.split()[1], **kw)
                warm.add(key, time.monotonic() - t0, r.status_code)
                worst = max(worst, time.monotonic() - t0)
            return worst

    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(n) as pool:
        while time.monotonic() < t_end:
            if max(pool.map(one, range(n))) < 1.0:
                break
    return warm


def _open_collab(call, ok, rnd: random.Random) -> dict | None:  # noqa: ANN001
    """One of the five newest open collaborations, read in full (None when there is none
    or a call failed)."""
    r = call("GET /api/collab", "GET", "/api/collab?state=open&limit=20")
    if not ok(r) or not r.json():
        return None
    c = rnd.choice(r.json()[:5])
    r = call("GET /api/collab/{id}", "GET", f"/api/collab/{c['id']}")
    return r.json() if ok(r) else None


def _collab_plan(call, ok, rnd: random.Random, wait_result,  # noqa: ANN001
                 approve: bool) -> None:
    """资源调配方案 of a collaboration: a planner (or a liaison of the lead department,
    design) opens one of the newest open collaborations whose accepted parts have open
    tasks and no approved plan, asks for its plan (202, a job the workers solve), polls the
    job until the draft is there and, a planner, approves it (each person is sent their
    work)."""
    c = _open_collab(call, ok, rnd)
    if c is None:
        return
    if not any(t["state"] == "open" for t in c.get("tasks", [])) or (
            c.get("plan") and c["plan"].get("approved_at")):
        return
    key = "POST /api/collab/{id}/plan"
    t0 = time.monotonic()
    r = call(key, "POST", f"/api/collab/{c['id']}/plan", json={"time_limit": 5})
    if not ok(r):
        return
    job = wait_result(key, t0, "GET /api/collab/{id}/plan/jobs/{id}", r.json()["poll"],
                      lambda b: b)
    if job is not None and approve:
        call("POST /api/collab/{id}/approve", "POST", f"/api/collab/{c['id']}/approve")


def _collab_work(call, ok, rnd: random.Random, dept: str) -> None:  # noqa: ANN001
    """A liaison's round: open the newest open collaboration of their department and take
    its part one step (accept, start) or report progress on its task."""
    c = _open_collab(call, ok, rnd)
    if c is None:
        return
    part = next((p for p in c["parts"] if p["department"] == dept), None)
    if part is None:
        return
    url = f"/api/collab/{c['id']}/parts/{part['id']}"
    if part["state"] == "pending":
        call("POST /api/collab/{id}/parts/{id}/accept", "POST", f"{url}/accept",
             json={"seen_state": "pending"})
    elif part["state"] == "accepted":
        call("POST /api/collab/{id}/parts/{id}/start", "POST", f"{url}/start",
             json={"seen_state": "accepted"})
    else:
        tasks = [t for t in c.get("tasks", []) if t.get("part_id") == part["id"]]
        if tasks:
            t = rnd.choice(tasks)
            call("PATCH /api/collab/{id}/tasks/{id}", "PATCH",
                 f"/api/collab/{c['id']}/tasks/{t['id']}",
                 json={"done_hours": round(rnd.uniform(0.5, 4), 1)})


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pg", default=os.environ.get("TEST_DATABASE_URL", ""),
                    help="PostgreSQL server URL (a fresh database is made on it)")
    ap.add_argument("--sqlite", action="store_true",
                    help="the embedded SQLite database instead (the issue asks 10 users)")
    ap.add_argument("--users", type=int, default=50)
    ap.add_argument("--duration", type=float, default=300, help="seconds of load")
    ap.add_argument("--refuse", type=float, default=0.10, help="share of posts refused")
    ap.add_argument("--server-workers", type=int, default=None,
                    help="dispatch serve --workers (default 2 on PostgreSQL, 1 on SQLite)")
    ap.add_argument("--worker-nice", type=int, default=10,
                    help="dispatch worker --nice (0: the workers compete with the server)")
    ap.add_argument("--json", action="store_true", help="also print the report as JSON")
    args = ap.parse_args()
    if not args.sqlite and not args.pg:
        sys.exit("give --pg postgresql://… (or TEST_DATABASE_URL), or --sqlite")
    work = Path(tempfile.mkdtemp(prefix="dispatch-load-"))
    rec = Receiver(args.refuse)
    channels = work / "channels.yaml"
    channels.write_text(yaml.safe_dump({
        "default": [{"kind": "webhook", "url": f"http://127.0.0.1:{rec.port}/hook"}],
        "email": False}), encoding="utf-8")
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("DISPATCH_") and k != "DATABASE_URL"}
    db_url = "" if args.sqlite else fresh_db(args.pg)
    env.update(DISPATCH_DATA_DIR=str(work / "var"),
               DISPATCH_SECRET_KEY="load-test-secret-0123456789abcdef",
               DISPATCH_CHANNELS_FILE=str(channels), DISPATCH_NOTIFY_BACKOFF_BASE_S="1",
               DISPATCH_NOTIFY_BACKOFF_MAX_S="10", DISPATCH_NOTIFY_LEASE_S="20",
               DISPATCH_COOKIE_SECURE="false",  # plain http on loopback
               PYTHONPATH=str(ROOT))
    if db_url:
        env["DATABASE_URL"] = db_url
    py = [sys.executable, "-m", "dispatch"]
    demo = subprocess.run([*py, "demo", "--json"], env=env, capture_output=True, text=True,
                          check=True)
    tokens = {u["name"]: u["token"] for u in json.loads(demo.stdout)["users"]}
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server_workers = args.server_workers or (1 if args.sqlite else 2)
    logs = work / "logs"
    logs.mkdir()
    procs = {"server": subprocess.Popen(
        [*py, "serve", "--port", str(port), "--workers", str(server_workers),
         "--no-access-log"], env=env, stdout=subprocess.DEVNULL,
        stderr=(logs / "server.log").open("w"))}
    for w in ("worker1", "worker2"):
        procs[w] = subprocess.Popen([*py, "worker", "--interval", "0.5",
                                     "--nice", str(args.worker_nice)], env=env,
                                    stdout=subprocess.DEVNULL,
                                    stderr=(logs / f"{w}.log").open("w"))
    try:
        for _ in range(300):
            try:
                if httpx.get(base + "/health", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            time.sleep(0.5)
        def token_of(name: str) -> str:
            return subprocess.run([*py, "users", "token", name], env=env, capture_output=True,
                                  text=True, check=True).stdout.strip()

        people = make_people(base, tokens["admin"], args.users, token_of)
        warm = warm_up(base, people, 2 * server_workers)
        stats, stop = Stats(), threading.Event()
        users = [threading.Thread(target=user_loop, args=(n, base, people[n], stop, stats))
                 for n in range(args.users)]
        t0 = stats.t0 = time.monotonic()
        for u in users:
            u.start()
        time.sleep(args.duration / 2)
        procs["worker1"].send_signal(signal.SIGKILL)
        time.sleep(args.duration / 2)
        stop.set()
        for u in users:
            u.join()
        elapsed = time.monotonic() - t0
        drained_at = _drain(env, work)
        print("warm-up, before the clock (the first calls of each server process wait for "
              "its routing model and minutes pipeline): " + ", ".join(
                  f"{k} n={len(v)} max {max(v) * 1000:.0f} ms" for k, v in warm.lat.items()))
        report(stats, elapsed, args, rec, env, work, drained_at, server_workers)
        print(f"logs: {logs}", file=sys.stderr)
    finally:
        for p in procs.values():
            if p.poll() is None:
                p.terminate()
                p.wait(timeout=30)


def _rows(env: dict[str, str], work: Path, sql: str) -> list[tuple]:
    """Rows of ``sql`` from the run's database (PostgreSQL or the data directory's SQLite)."""
    if env.get("DATABASE_URL"):
        with psycopg.connect(env["DATABASE_URL"], autocommit=True) as c:
            return c.execute(sql).fetchall()
    import sqlite3

    path = next((work / "var").glob("*.sqlite3"))
    with sqlite3.connect(path, timeout=30) as c:
        return c.execute(sql).fetchall()


def _drain(env: dict[str, str], work: Path, timeout_s: float = 180) -> float:
    """Seconds until nothing is pending or being sent (or the timeout)."""
    t0 = time.monotonic()
    while time.monotonic() - t0 < timeout_s:
        [(n,)] = _rows(env, work, "select count(*) from notifications where status in "
                                  "('pending','sending')")
        if n == 0:
            break
        time.sleep(1)
    return time.monotonic() - t0


def report(stats: Stats, elapsed: float, args: argparse.Namespace, rec: Receiver,
           env: dict[str, str], work: Path, drained_s: float, server_workers: int) -> None:
    total = sum(len(v) for v in stats.lat.values())
    db = "SQLite" if args.sqlite else "PostgreSQL"
    print(f"{db}, serve --workers {server_workers}, 2 dispatch workers (nice "
          f"{args.worker_nice}); {args.users} users, "
          f"{elapsed:.0f} s, {total} requests, {total / elapsed:.1f} req/s; one worker "
          f"SIGKILLed at {args.duration / 2:.0f} s")
    print(f"{'endpoint':<42} {'n':>6} {'p50 ms':>8} {'p99 ms':>8} {'max ms':>8}")
    rows = _print_rows(stats.lat, indent=0)
    print(f"errors (5xx or no answer): {sum(stats.errors.values())} {dict(stats.errors)}")
    print(f"refused (409 lost race / 429 rate limit): {dict(stats.refused)}")
    print(f"time to result (POST → the worker's result seen by polling every {POLL_S} s):")
    results = _print_rows(stats.results, indent=2)
    print(f"jobs failed or not done in {RESULT_TIMEOUT_S:.0f} s: {dict(stats.job_failed)}")
    slow = sorted(stats.slow, key=lambda x: -x[2])
    print(f"calls over 1 s: {len(slow)}; the slowest (started at s: endpoint latency): "
          + ", ".join(f"{at:.0f}: {key} {lat:.1f}" for at, key, lat in slow[:25]))
    notes = _rows(env, work, "select message_id, status from notifications")
    by_status = collections.Counter(s for _, s in notes)
    sent = {m for m, s in notes if s == "sent"}
    lost = [m for m, s in notes if s in ("pending", "sending")] + [
        m for m in sent if rec.accepted[m] == 0]
    dup = [m for m, n in rec.accepted.items() if n > 1]
    print(f"notifications: {dict(by_status)}; outbox drained {drained_s:.0f} s after the load;"
          f" receiver accepted {sum(rec.accepted.values())}, refused {rec.refused} posts")
    print(f"messages lost: {len(lost)}; duplicated by id: {len(dup)}")
    if args.json:
        print(json.dumps({"db": db, "users": args.users, "seconds": round(elapsed),
                          "requests": total, "rps": round(total / elapsed, 1),
                          "endpoints": rows, "time_to_result": results,
                          "jobs_failed": dict(stats.job_failed), "errors": dict(stats.errors),
                          "refused": dict(stats.refused), "notifications": dict(by_status),
                          "lost": len(lost), "duplicated": len(dup)}, ensure_ascii=False))


if __name__ == "__main__":
    main()
