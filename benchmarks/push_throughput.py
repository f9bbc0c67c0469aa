"""Push throughput: messages/s through the delivery worker to a local receiver, and the
retries it takes when the receiver fails some requests.

usage: python benchmarks/push_throughput.py [--messages 2000] [--destinations 4]
           [--fail-rate 0.2] [--threads 4] [--database-url URL] [--burst 200] [--json]

With a PostgreSQL --database-url, each scenario runs in a new database created on that
server (and dropped afterwards); the named database itself is never touched.

Scenarios (each on a fresh database, SQLite in a temp dir unless --database-url):
1. clean: N messages spread over D Standard-Webhooks endpoints (no platform rate limit),
   receiver always answers 204 → messages/s = N / wall time of the worker draining them.
2. failures: the same with the receiver answering 503 to a fraction of requests (a
   message's first tries fail with that probability) → retries, dead letters, messages/s.
3. burst: B messages to ONE Feishu bot (5/s, 100/min) → how many HTTP posts the digests
   needed instead of B.
Enqueueing time is reported apart (it is the callers' cost, in their transactions).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import tempfile
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import yaml  # noqa: E402
from sqlalchemy import func, select  # noqa: E402

from dispatch.db import make_engine, make_session_factory, session_scope, upgrade  # noqa: E402
from dispatch.notifications import service  # noqa: E402
from dispatch.notifications.config import NotifySettings  # noqa: E402
from dispatch.notifications.models import DeliveryAttempt, Notification  # noqa: E402
from dispatch.notifications.worker import Worker  # noqa: E402
from dispatch.orgdir.service import import_org  # noqa: E402


class Receiver:
    def __init__(self, fail_rate: float, seed: int = 7) -> None:
        self.fail_rate, self.rng = fail_rate, random.Random(seed)
        self.posts = 0
        self.ids: Counter[str] = Counter()
        self.lock = threading.Lock()
        rec = self

        class H(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *a: Any) -> None:
                pass

            def do_POST(self) -> None:  # noqa: N802
                self.rfile.read(int(self.headers.get("content-length") or 0))
                mid = self.headers.get("webhook-id") or self.headers.get("idempotency-key", "")
                with rec.lock:
                    rec.posts += 1
                    fail = rec.rng.random() < rec.fail_rate
                    if not fail:
                        rec.ids[mid] += 1
                kind = self.path.strip("/").split("/")[0]
                status, body = (503, b"busy") if fail else (
                    (200, b'{"code":0,"msg":"success"}') if kind == "feishu" else (204, b""))
                self.send_response(status)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), H)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def _admin(base: str) -> Any:
    from sqlalchemy import create_engine
    from sqlalchemy.engine import make_url

    from dispatch.settings import Settings

    url = make_url(Settings(database_url=base).db_url)
    return url, create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")


def _fresh_pg(base: str, name: str) -> str:
    from sqlalchemy import text

    url, admin = _admin(base)
    with admin.connect() as c:
        c.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        c.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return url.set(database=name).render_as_string(hide_password=False)


def _drop_pg(base: str, name: str) -> None:
    from sqlalchemy import text

    _, admin = _admin(base)
    with admin.connect() as c:
        c.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def _org_doc() -> dict[str, Any]:
    from dispatch.demo import DEMO_ORG

    return yaml.safe_load(Path(DEMO_ORG).read_text(encoding="utf-8"))


def run(scenario: str, n: int, dests: int, fail_rate: float, threads: int, db_url: str | None,
        workdir: Path) -> dict[str, Any]:
    from models.org import parse_org

    rec = Receiver(fail_rate)
    org = parse_org(_org_doc(), "demo")
    depts = [d.id for d in org.departments][:max(1, dests)]
    base = f"http://127.0.0.1:{rec.port}"
    if scenario == "burst":
        channels = {"departments": {depts[0]: [{"kind": "feishu", "url": f"{base}/feishu/h",
                                                "secret": "s"}]}}
    else:
        channels = {"departments": {d: [{"kind": "webhook", "url": f"{base}/webhook/{d}",
                                         "secret": "whsec_" + "a" * 32}] for d in depts}}
    cpath = workdir / f"channels-{scenario}.yaml"
    cpath.write_text(yaml.safe_dump(channels), encoding="utf-8")
    settings = NotifySettings(channels_file=cpath, notify_backoff_base_s=0.05,
                              notify_backoff_max_s=0.5, notify_max_attempts=8,
                              notify_batch=200)
    service.use_settings(settings)
    url = (_fresh_pg(db_url, f"dispatch_bench_{os.getpid()}_{scenario}") if db_url
           else f"sqlite:///{workdir / f'push-{scenario}.sqlite3'}")
    engine = make_engine(url)
    upgrade(engine)
    factory = make_session_factory(engine)
    with session_scope(factory) as s:
        import_org(db_session=s, org=org, source="benchmark")
    t0 = time.perf_counter()
    with session_scope(factory) as s:
        for i in range(n):
            d = depts[0] if scenario == "burst" else depts[i % len(depts)]
            service.notify_department(db_session=s, department=d, event="bench",
                                      subject=f"消息 {i}", body="throughput", link=f"/x/{i}",
                                      dedupe_key=f"bench-{scenario}-{i}")
    t_enqueue = time.perf_counter() - t0
    worker = Worker(factory, settings=settings, threads=threads)
    t1 = time.perf_counter()
    deadline = t1 + 600
    while time.perf_counter() < deadline:
        st = worker.drain()
        with session_scope(factory) as s:
            left = s.scalar(select(func.count()).select_from(Notification).where(
                Notification.status.in_(("pending", "sending"))))
        if not left:
            break
        if not st.claimed:
            time.sleep(0.02)
    wall = time.perf_counter() - t1
    worker.close()
    with session_scope(factory) as s:
        states = dict(s.execute(select(Notification.status, func.count())
                                .group_by(Notification.status)).all())
        tries = s.scalar(select(func.count()).select_from(DeliveryAttempt)) or 0
        failed = s.scalar(select(func.count()).select_from(DeliveryAttempt)
                          .where(DeliveryAttempt.ok.is_(False))) or 0
    rec.close()
    engine.dispose()
    if db_url:
        _drop_pg(db_url, f"dispatch_bench_{os.getpid()}_{scenario}")
    service.use_settings(None)
    delivered = sum(1 for c in rec.ids.values() if c)
    out = {"scenario": scenario, "messages": n, "destinations": 1 if scenario == "burst"
           else len(depts), "fail_rate": fail_rate, "threads": threads,
           "database": url.split(":")[0].split("+")[0], "enqueue_s": round(t_enqueue, 3),
           "deliver_s": round(wall, 3), "messages_per_s": round(n / wall, 1) if wall else None,
           "http_posts": rec.posts, "attempts": tries, "retries": failed,
           "duplicates_at_receiver": sum(c - 1 for c in rec.ids.values() if c > 1),
           "states": states, "distinct_ids_received": delivered}
    if scenario == "burst":
        out["digest_posts"] = states.get("sent", 0)
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--messages", type=int, default=2000)
    ap.add_argument("--destinations", type=int, default=4)
    ap.add_argument("--fail-rate", type=float, default=0.2)
    ap.add_argument("--threads", type=int, default=4)
    ap.add_argument("--burst", type=int, default=200)
    ap.add_argument("--database-url", default=None)
    ap.add_argument("--json", action="store_true")
    a = ap.parse_args()
    import logging

    logging.disable(logging.WARNING)
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        w = Path(tmp)
        results.append(run("clean", a.messages, a.destinations, 0.0, a.threads,
                           a.database_url, w))
        results.append(run("failures", a.messages, a.destinations, a.fail_rate, a.threads,
                           a.database_url, w))
        results.append(run("burst", a.burst, 1, 0.0, a.threads, a.database_url, w))
    if a.json:
        print(json.dumps(results, ensure_ascii=False))
    else:
        for r in results:
            extra = f", {r['digest_posts']} digest posts" if "digest_posts" in r else ""
            print(f"{r['scenario']:<9} {r['messages']} msgs → {r['destinations']} dest, "
                  f"{r['database']}: {r['messages_per_s']} msg/s (deliver {r['deliver_s']} s, "
                  f"enqueue {r['enqueue_s']} s), {r['http_posts']} posts, {r['retries']} "
                  f"retries, states {r['states']}, dup at receiver "
                  f"{r['duplicates_at_receiver']}{extra}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
