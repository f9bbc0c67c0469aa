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

    PYTHONPATH=. python benchmarks/load_pg.py --users 50 --duration 300
    (needs TEST_DATABASE_URL or --pg, e.g. postgresql://postgres@127.0.0.1:55432/postgres)
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import random
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
import psycopg
import yaml

ROOT = Path(__file__).resolve().parent.parent
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


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def fresh_db(admin_url: str) -> str:
    name = f"dispatch_load_{os.getpid()}"
    with psycopg.connect(admin_url, autocommit=True) as c:
        c.execute(f'DROP DATABASE IF EXISTS "{name}"')
        c.execute(f'CREATE DATABASE "{name}"')
    return admin_url.rsplit("/", 1)[0] + "/" + name


class Stats:
    def __init__(self) -> None:
        self.lat: dict[str, list[float]] = collections.defaultdict(list)
        self.errors: collections.Counter[str] = collections.Counter()
        self.lock = threading.Lock()

    def add(self, key: str, seconds: float, status: int) -> None:
        with self.lock:
            self.lat[key].append(seconds)
            if status >= 500 or status == 0:
                self.errors[f"{key} {status}"] += 1


def pct(xs: list[float], p: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(p / 100 * (len(xs) - 1))))] if xs else 0.0


def user_loop(n: int, base: str, tokens: dict[str, str], stop: threading.Event,
              stats: Stats) -> None:
    rnd = random.Random(n)
    planner = n % 10 == 0
    h = {"Authorization": f"Bearer {tokens['planner' if planner else 'requester']}"}
    meetings: list[int] = []
    items: list[int] = []
    with httpx.Client(base_url=base, headers=h, timeout=120) as c:
        def call(key: str, method: str, url: str, **kw: object) -> httpx.Response | None:
            t0 = time.monotonic()
            try:
                r = c.request(method, url, **kw)
            except httpx.HTTPError:
                stats.add(key, time.monotonic() - t0, 0)
                return None
            stats.add(key, time.monotonic() - t0, r.status_code)
            return r

        while not stop.is_set():
            if planner:
                choice = rnd.choices(["backlog", "solve", "dashboard", "requests"],
                                     [4, 1, 3, 2])[0]
            else:
                choice = rnd.choices(["submit", "upload", "confirm", "edit", "list_requests",
                                      "my_items"], [3, 1, 1, 3, 2, 2])[0]
            if choice == "submit":
                call("POST /api/requests", "POST", "/api/requests",
                     json={"text": rnd.choice(TEXTS) + f" #{rnd.randint(1, 10**6)}"})
            elif choice == "upload":
                r = call("POST /api/minutes", "POST", "/api/minutes",
                         files={"file": (SAMPLE.name, SAMPLE.read_bytes())})
                if r is not None and r.status_code == 201:
                    meetings.append(r.json()["id"])
                    items += [i["id"] for i in r.json()["action_items"]]
            elif choice == "confirm" and meetings:
                call("POST /api/minutes/{id}/confirm", "POST",
                     f"/api/minutes/{meetings.pop(0)}/confirm")
            elif choice == "edit" and items:
                call("PATCH /api/minutes/items/{id}", "PATCH",
                     f"/api/minutes/items/{rnd.choice(items)}",
                     json={"priority": rnd.choice(["high", "normal", "low"])})
            elif choice == "list_requests" or choice == "requests":
                call("GET /api/requests", "GET", "/api/requests?limit=50")
            elif choice == "my_items":
                call("GET /api/minutes/items", "GET", "/api/minutes/items?status=open")
            elif choice == "dashboard":
                call("GET /api/notifications/summary", "GET", "/api/notifications/summary")
            elif choice == "backlog":
                call("GET /api/plans/backlog", "GET", "/api/plans/backlog")
            elif choice == "solve":
                call("POST /api/plans/proposals", "POST", "/api/plans/proposals",
                     json={"time_limit": 5})
            time.sleep(rnd.uniform(0.5, 1.5))  # think time


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pg", default=os.environ.get("TEST_DATABASE_URL", ""))
    ap.add_argument("--users", type=int, default=50)
    ap.add_argument("--duration", type=float, default=300)
    ap.add_argument("--refuse", type=float, default=0.10)
    args = ap.parse_args()
    if not args.pg:
        sys.exit("give --pg postgresql://… or TEST_DATABASE_URL")
    work = Path(tempfile.mkdtemp(prefix="dispatch-load-"))
    rec = Receiver(args.refuse)
    channels = work / "channels.yaml"
    channels.write_text(yaml.safe_dump({
        "default": [{"kind": "webhook", "url": f"http://127.0.0.1:{rec.port}/hook"}],
        "email": False}), encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith("DISPATCH_")}
    env.update(DATABASE_URL=fresh_db(args.pg), DISPATCH_DATA_DIR=str(work / "var"),
               DISPATCH_SECRET_KEY="load-test-secret-0123456789abcdef",
               DISPATCH_CHANNELS_FILE=str(channels), DISPATCH_NOTIFY_BACKOFF_BASE_S="1",
               DISPATCH_NOTIFY_BACKOFF_MAX_S="10", DISPATCH_NOTIFY_LEASE_S="20",
               PYTHONPATH=str(ROOT))
    py = [sys.executable, "-m", "dispatch"]
    demo = subprocess.run([*py, "demo", "--json"], env=env, capture_output=True, text=True,
                          check=True)
    tokens = {u["name"]: u["token"] for u in json.loads(demo.stdout)["users"]}
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    procs = {"server": subprocess.Popen([*py, "serve", "--port", str(port), "--workers", "2",
                                         "--no-access-log"], env=env,
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)}
    for w in ("worker1", "worker2"):
        procs[w] = subprocess.Popen([*py, "worker", "--interval", "0.5"], env=env,
                                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(300):
            try:
                if httpx.get(base + "/health", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.5)
        stats, stop = Stats(), threading.Event()
        users = [threading.Thread(target=user_loop, args=(n, base, tokens, stop, stats))
                 for n in range(args.users)]
        t0 = time.monotonic()
        for u in users:
            u.start()
        time.sleep(args.duration / 2)
        procs["worker1"].send_signal(signal.SIGKILL)
        time.sleep(args.duration / 2)
        stop.set()
        for u in users:
            u.join()
        elapsed = time.monotonic() - t0
        drained_at = _drain(env["DATABASE_URL"])
        report(stats, elapsed, args, rec, env["DATABASE_URL"], drained_at)
    finally:
        for p in procs.values():
            if p.poll() is None:
                p.terminate()
                p.wait(timeout=30)


def _drain(url: str, timeout_s: float = 180) -> float:
    """Seconds until nothing is pending or being sent (or the timeout)."""
    t0 = time.monotonic()
    with psycopg.connect(url, autocommit=True) as c:
        while time.monotonic() - t0 < timeout_s:
            (n,) = c.execute("select count(*) from notifications where status in "
                             "('pending','sending')").fetchone()
            if n == 0:
                break
            time.sleep(1)
    return time.monotonic() - t0


def report(stats: Stats, elapsed: float, args: argparse.Namespace, rec: Receiver, url: str,
           drained_s: float) -> None:
    total = sum(len(v) for v in stats.lat.values())
    print(f"{args.users} users, {elapsed:.0f} s, {total} requests, {total / elapsed:.1f} req/s;"
          f" one of two workers SIGKILLed at {args.duration / 2:.0f} s")
    print(f"{'endpoint':<34} {'n':>6} {'p50 ms':>8} {'p99 ms':>8} {'max ms':>8}")
    for key in sorted(stats.lat):
        xs = stats.lat[key]
        print(f"{key:<34} {len(xs):>6} {pct(xs, 50) * 1000:>8.0f} {pct(xs, 99) * 1000:>8.0f} "
              f"{max(xs) * 1000:>8.0f}")
    print(f"errors (5xx or no answer): {sum(stats.errors.values())} {dict(stats.errors)}")
    with psycopg.connect(url) as c:
        rows = c.execute("select message_id, status from notifications").fetchall()
    by_status = collections.Counter(s for _, s in rows)
    sent = {m for m, s in rows if s == "sent"}
    lost = [m for m, s in rows if s in ("pending", "sending")] + [
        m for m in sent if rec.accepted[m] == 0]
    dup = [m for m, n in rec.accepted.items() if n > 1]
    print(f"notifications: {dict(by_status)}; outbox drained {drained_s:.0f} s after the load;"
          f" receiver refused {rec.refused} posts")
    print(f"messages lost: {len(lost)}; duplicated by id: {len(dup)}")


if __name__ == "__main__":
    main()
