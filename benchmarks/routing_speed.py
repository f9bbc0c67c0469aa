#!/usr/bin/env python3
"""Routing speed: model load time, single-request latency p50/p99, batch throughput.

usage: python benchmarks/routing_speed.py [DATA_DIR] [--model DIR] [--requests N]
                                          [--batch-size B] [--no-explain] [--json]

DATA_DIR has org.yaml and history.csv (default: shared/data/routing-dev); without
--model a model is trained from them into a temporary directory first. Request texts
come from DATA_DIR/test.jsonl when present (only timed, never trained on), else from the
history. Goals (issue 4): p99 ≤ 50 ms, ≥ 200 requests/s on 2 cores.

Measurements go through a *target* with ``predict_one`` / ``predict_batch``; this file
has the library target (what the service calls in-process). An API target (``--url``,
POSTing to the service) plugs in beside it once the service has a routing endpoint.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from dispatch.requests.files import read_history, read_requests  # noqa: E402
from dispatch.requests.model_store import load_model, save_model  # noqa: E402
from models.org import load_org  # noqa: E402
from nlp.routing import train  # noqa: E402


class LibraryTarget:
    """Calls the classifier in-process, as the service does."""

    name = "library"

    def __init__(self, model_dir: Path, org_path: Path, explain: bool) -> None:
        self.org = load_org(org_path)
        t = time.perf_counter()
        self.model = load_model(model_dir, self.org)
        self.unpickle_s = time.perf_counter() - t
        # Loading the embedding model is part of being ready to serve.
        self.model.predict(["预热"], explain=explain)
        self.load_s = time.perf_counter() - t
        self.explain = explain

    def predict_one(self, text: str) -> None:
        self.model.predict([text], explain=self.explain)

    def predict_batch(self, texts: list[str]) -> None:
        self.model.predict(texts, explain=self.explain)


def percentile(xs: list[float], q: float) -> float:
    s = sorted(xs)
    return s[min(len(s) - 1, max(0, round(q / 100 * (len(s) - 1))))]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("data_dir", nargs="?", default=str(ROOT.parent / "shared" / "data" /
                                                       "routing-dev"))
    ap.add_argument("--model", help="model directory (default: train one first)")
    ap.add_argument("--requests", type=int, default=300, help="single requests to time")
    ap.add_argument("--batch-size", type=int, default=64)
    ap.add_argument("--no-explain", action="store_true", help="skip explanations")
    ap.add_argument("--json", action="store_true")
    a = ap.parse_args()

    d = Path(a.data_dir)
    org_path = d / "org.yaml"
    org = load_org(org_path)
    tmp = None
    model_dir = Path(a.model) if a.model else None
    train_s = None
    if model_dir is None:
        tmp = tempfile.TemporaryDirectory()
        model_dir = Path(tmp.name) / "model"
        t = time.perf_counter()
        save_model(train(org, read_history(d / "history.csv", org)), model_dir)
        train_s = time.perf_counter() - t
    texts = [t for _, t in read_requests(d / "test.jsonl")] if (d / "test.jsonl").exists() \
        else [e.text for e in read_history(d / "history.csv", org)]

    target = LibraryTarget(model_dir, org_path, explain=not a.no_explain)
    lat = []
    for i in range(a.requests):
        text = texts[i % len(texts)]
        t = time.perf_counter()
        target.predict_one(text)
        lat.append((time.perf_counter() - t) * 1000)

    batch_texts = (texts * (1 + 2000 // len(texts)))[:2000]
    t = time.perf_counter()
    for i in range(0, len(batch_texts), a.batch_size):
        target.predict_batch(batch_texts[i:i + a.batch_size])
    batch_s = time.perf_counter() - t

    result = {
        "target": target.name,
        "data": str(d),
        "explain": not a.no_explain,
        "uses_embeddings": target.model.uses_embeddings,
        "train_s": None if train_s is None else round(train_s, 2),
        "load_s": round(target.load_s, 3),
        "unpickle_s": round(target.unpickle_s, 3),
        "single_requests": len(lat),
        "latency_ms_p50": round(statistics.median(lat), 2),
        "latency_ms_p99": round(percentile(lat, 99), 2),
        "batch_size": a.batch_size,
        "batch_requests": len(batch_texts),
        "throughput_rps": round(len(batch_texts) / batch_s, 1),
    }
    if a.json:
        print(json.dumps(result))
    else:
        for k, v in result.items():
            print(f"{k:18} {v}")
    if tmp is not None:
        tmp.cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(main())
