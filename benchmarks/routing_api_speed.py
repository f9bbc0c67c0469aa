"""Request routing through the API: single-request latency and throughput.

usage: nice -n 10 python benchmarks/routing_api_speed.py [--n 300] [--concurrency 8]
           [--total 600] [--batch 1000] [--workers N] [--database-url URL] [--json]

Starts `dispatch serve` on 127.0.0.1 (--workers, default 1; a fresh SQLite database, or
with --database-url a fresh database on that PostgreSQL server, dropped afterwards) with
the demo org and a routing model trained on the demo history, then measures with httpx:

- predict: POST /api/routing/predict, one request at a time (p50/p95/p99 latency);
- submit: POST /api/requests, one at a time (routing + storing + transitions + outbox +
  follow-up, i.e. the whole intake);
- concurrent: --total predict calls from --concurrency client threads (requests/s), and
  a quarter as many submits the same way (write contention shows up as errors);
- batch: --batch texts through POST /api/routing/predict/batch, at most the API's
  limit (api.routers.routing.MAX_BATCH, 200) per call (texts/s).

Every text is unique (the embedder caches vectors per text, so repeating texts would
flatter the figures). Goal (issue 4): p99 <= 50 ms single request, >= 200 requests/s.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from api.routers.routing import MAX_BATCH as BATCH_LIMIT  # noqa: E402
from tests.hardening.hardening_support import free_port  # noqa: E402

PHRASES = [
    "电脑开机很慢，麻烦看一下", "需要一版活动海报和易拉宝", "样机要在周五前运到展会现场",
    "出差报销单被退回，发票抬头不对", "下个月想招两名运营", "经销商想要新品的返点政策",
    "新品发布会需要整体策划和媒体邀约", "VPN connection drops every hour, please check",
    "Please arrange a truck for the booth materials", "客户投诉售后响应慢，需要回访",
    "官网产品页价格显示错误", "年会需要邀请函和背景板设计", "请财务部开具增值税专用发票",
    "新同事入职需要培训安排", "仓库盘点数量和系统对不上", "渠道投放的预算需要重新评估",
]


def texts(n: int, tag: str) -> list[str]:
    """n unique, realistic-looking requests."""
    return [f"{PHRASES[i % len(PHRASES)]}（{tag}{i}号）" for i in range(n)]


def pct(values: list[float], p: float) -> float:
    s = sorted(values)
    k = min(len(s) - 1, max(0, round(p / 100 * (len(s) - 1))))
    return s[k]


def prepare(tmp: Path, db_url: str) -> dict:
    """Database with the demo org and users; a published model; returns tokens and timings."""
    from dispatch.db import make_engine, make_session_factory, session_scope, upgrade
    from dispatch.demo import DEMO_ORG
    from dispatch.orgdir.service import import_org
    from dispatch.requests.files import read_history
    from dispatch.requests.model_store import ModelStore
    from dispatch.requests.routing import shared_embedder
    from dispatch.users import service as users
    from models.org import load_org
    from nlp.routing import train

    engine = make_engine(db_url)
    upgrade(engine)
    org = load_org(DEMO_ORG)
    with session_scope(make_session_factory(engine)) as s:
        import_org(db_session=s, org=org, source="benchmark")
        req = users.create(db_session=s, name="bench_requester", role="requester",
                           staff_id="zhangsan")
        adm = users.create(db_session=s, name="bench_admin", role="admin")
        tokens = {"requester": users.issue_token(db_session=s, user=req),
                  "admin": users.issue_token(db_session=s, user=adm)}
    engine.dispose()

    history = read_history(ROOT / "dispatch" / "demo" / "requests_history.csv", org)
    t = time.perf_counter()
    model = train(org, history, embedder=shared_embedder("default"))
    train_s = time.perf_counter() - t
    store = ModelStore(tmp / "store")
    version = store.publish(model)
    t = time.perf_counter()
    _, loaded = store.load_current(org)
    loaded.embedder = shared_embedder(loaded.embedder_spec)
    loaded.predict(["warm up"])  # lazy parts (jieba dictionary, embedder) count as loading
    load_s = time.perf_counter() - t
    # the model alone, in this process: what the API adds is the rest
    inproc = []
    for x in texts(100, "m"):
        t = time.perf_counter()
        loaded.predict([x], explain=True, top_k=7)
        inproc.append((time.perf_counter() - t) * 1000)
    return {"tokens": tokens, "version": version, "train_s": train_s, "load_s": load_s,
            "model_only_ms": _summary(inproc),
            "config": dict(model.info.get("config") or {}),
            "cv_accuracy": (model.info.get("cv") or {}).get("accuracy")}


def serve(tmp: Path, db_url: str, port: int, workers: int = 1) -> subprocess.Popen:
    env = {**os.environ, "DATABASE_URL": db_url, "DISPATCH_DATA_DIR": str(tmp),
           "DISPATCH_ROUTING_MODEL_DIR": str(tmp / "store"), "DISPATCH_ENV": "test",
           "DISPATCH_SECRET_KEY": "benchmark-secret-key-0123456789"}
    cmd = [sys.executable, "-m", "dispatch", "serve", "--host", "127.0.0.1", "--port",
           str(port), "--workers", str(workers), "--no-access-log"]
    return subprocess.Popen(cmd, cwd=ROOT, env=env)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=300, help="sequential requests per measurement")
    ap.add_argument("--concurrency", type=int, default=8)
    ap.add_argument("--total", type=int, default=600, help="requests in the concurrent run")
    ap.add_argument("--batch", type=int, default=1000)
    ap.add_argument("--workers", type=int, default=1, help="uvicorn worker processes")
    ap.add_argument("--database-url", default="")
    ap.add_argument("--json", action="store_true")
    a = ap.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="routing_api_speed_"))
    db_url = a.database_url or f"sqlite:///{tmp / 'bench.sqlite3'}"
    pg_admin = None
    if a.database_url:
        db_url, pg_admin = fresh_database(a.database_url)
    try:
        return run(a, tmp, db_url)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
        if pg_admin is not None:
            pg_admin()


def fresh_database(url: str) -> tuple[str, Callable[[], None]]:
    """A new empty PostgreSQL database on the server of ``url`` and a function dropping it."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    from dispatch.settings import Settings

    base = make_url(Settings(database_url=url).db_url)
    name = f"routing_api_speed_{os.getpid()}"
    admin = create_engine(base.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as c:
        c.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        c.execute(text(f'CREATE DATABASE "{name}"'))

    def drop() -> None:
        with admin.connect() as c:
            c.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()

    return base.set(database=name).render_as_string(hide_password=False), drop


def run(a: argparse.Namespace, tmp: Path, db_url: str) -> int:
    import httpx

    prep = prepare(tmp, db_url)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = serve(tmp, db_url, port, a.workers)
    out: dict = {"database": db_url.split("://")[0], "model_version": prep["version"],
                 "model_config": prep["config"], "train_s": round(prep["train_s"], 2),
                 "model_load_s": round(prep["load_s"], 2),
                 "model_only_ms": prep["model_only_ms"]}
    try:
        hdr = {"Authorization": f"Bearer {prep['tokens']['requester']}"}
        with httpx.Client(base_url=base, headers=hdr, timeout=60) as c:
            t = time.perf_counter()
            while True:
                try:
                    if c.get("/health").status_code == 200:
                        break
                except httpx.TransportError:
                    pass
                if time.perf_counter() - t > 120:
                    raise SystemExit("server did not start in 120 s")
                time.sleep(0.2)
            out["server_start_s"] = round(time.perf_counter() - t, 2)
            t = time.perf_counter()
            r = c.post("/api/routing/predict", json={"text": "第一次调用：加载模型"})
            r.raise_for_status()
            out["first_predict_s"] = round(time.perf_counter() - t, 2)
            for x in texts(20, "warm"):
                c.post("/api/routing/predict", json={"text": x}).raise_for_status()

            lat = []
            for _ in range(a.n):
                t = time.perf_counter()
                c.get("/api/me").raise_for_status()
                lat.append((time.perf_counter() - t) * 1000)
            out["baseline_ms"] = _summary(lat)

            lat = []
            for x in texts(a.n, "p"):
                t = time.perf_counter()
                c.post("/api/routing/predict", json={"text": x}).raise_for_status()
                lat.append((time.perf_counter() - t) * 1000)
            out["predict_ms"] = _summary(lat)

            lat = []
            for x in texts(max(10, a.n // 3), "s"):
                t = time.perf_counter()
                r = c.post("/api/requests", json={"text": x})
                if r.status_code != 201:
                    raise SystemExit(f"submit failed: {r.status_code} {r.text[:300]}")
                lat.append((time.perf_counter() - t) * 1000)
            out["submit_ms"] = _summary(lat)

            items = [{"id": str(i), "text": x} for i, x in enumerate(texts(a.batch, "b"))]
            dt_b = waited = 0.0
            for k in range(0, len(items), BATCH_LIMIT):  # the API takes BATCH_LIMIT per call
                while True:
                    t = time.perf_counter()
                    r = c.post("/api/routing/predict/batch",
                               json={"items": items[k:k + BATCH_LIMIT]})
                    if r.status_code != 429:  # the per-user limit on batches: wait, uncounted
                        break
                    pause = float(r.headers.get("Retry-After", "1"))
                    waited += pause
                    time.sleep(pause)
                r.raise_for_status()
                dt_b += time.perf_counter() - t
            out["batch"] = {"texts": a.batch, "seconds": round(dt_b, 3),
                            "texts_per_s": round(a.batch / dt_b, 1),
                            "rate_limit_wait_s": round(waited, 1)}

        out["concurrent"] = concurrent(base, hdr, "/api/routing/predict",
                                       texts(a.total, "c"), a.concurrency, 200)
        out["concurrent_submit"] = concurrent(base, hdr, "/api/requests",
                                              texts(max(a.concurrency, a.total // 4), "cs"),
                                              a.concurrency, 201)
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()

    if a.json:
        print(json.dumps(out, ensure_ascii=False))
    else:
        p, s, c_ = out["predict_ms"], out["submit_ms"], out["concurrent"]
        print(f"model {out['model_version']} config {out['model_config']} "
              f"(train {out['train_s']} s, load {out['model_load_s']} s, database "
              f"{out['database']})")
        m, bl = out["model_only_ms"], out["baseline_ms"]
        print(f"model alone (in process, 1 text with explanation): p50 {m['p50']} ms  "
              f"p99 {m['p99']} ms;  API baseline GET /api/me: p50 {bl['p50']} ms  "
              f"p99 {bl['p99']} ms")
        print(f"predict, single request: p50 {p['p50']} ms  p95 {p['p95']} ms  p99 {p['p99']} ms"
              f"  (n={p['n']}; goal p99 <= 50 ms)")
        print(f"submit (route + store), single request: p50 {s['p50']} ms  p95 {s['p95']} ms  "
              f"p99 {s['p99']} ms  (n={s['n']})")
        print(f"concurrent predict: {c_['requests_per_s']} requests/s with {c_['clients']} "
              f"clients, p99 {c_['latency_ms']['p99']} ms, {c_['errors']} errors "
              "(goal >= 200 requests/s)")
        cs = out["concurrent_submit"]
        print(f"concurrent submit: {cs['requests_per_s']} requests/s with {cs['clients']} "
              f"clients, p99 {cs['latency_ms']['p99']} ms, {cs['errors']} errors")
        print(f"batch predict: {out['batch']['texts_per_s']} texts/s "
              f"({out['batch']['texts']} texts in {out['batch']['seconds']} s; "
              "goal >= 200/s)")
        print(f"server start {out['server_start_s']} s, first predict (model load) "
              f"{out['first_predict_s']} s")
    return 0


def concurrent(base: str, hdr: dict, path: str, work: list[str], clients: int,
               ok: int) -> dict:
    """``work`` POSTed from ``clients`` threads; requests/s, latency, errors."""
    import httpx

    lock = threading.Lock()
    lat: list[float] = []
    errors: list[str] = []

    def client(chunk: list[str]) -> None:
        with httpx.Client(base_url=base, headers=hdr, timeout=120) as cc:
            for x in chunk:
                t0 = time.perf_counter()
                r = cc.post(path, json={"text": x})
                ms = (time.perf_counter() - t0) * 1000
                with lock:
                    (lat.append(ms) if r.status_code == ok else errors.append(str(r.status_code)))

    threads = [threading.Thread(target=client, args=(work[i::clients],))
               for i in range(clients)]
    t = time.perf_counter()
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    wall = time.perf_counter() - t
    return {"clients": clients, "requests": len(work), "errors": len(errors),
            "seconds": round(wall, 2), "requests_per_s": round(len(lat) / wall, 1),
            "latency_ms": _summary(lat) if lat else {}}


def _summary(ms: list[float]) -> dict:
    return {"n": len(ms), "p50": round(pct(ms, 50), 1), "p95": round(pct(ms, 95), 1),
            "p99": round(pct(ms, 99), 1), "mean": round(statistics.fmean(ms), 1)}


if __name__ == "__main__":
    raise SystemExit(main())
