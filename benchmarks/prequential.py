"""Prequential routing benchmark: predict each request, then learn its department.

    python benchmarks/prequential.py DATA_DIR... [--start cold|trained|both] [--every N]
        [--limit N] [--json] [--dump PATH]

DATA_DIR holds ``org.yaml``, ``history.csv``, ``test.jsonl`` and ``test_gold.csv`` (the
layout of routing-dev). Requests are streamed in file order; each is first predicted by
the model in use, then its gold department is learned, as a coordinator's triage
decision or a department's correction would teach the service: the example goes into
the labelled set (weight 2 when an automatic route was wrong, as a correction counts in
``dispatch.requests.flows``), the outcome (confidence, right or wrong) into the threshold's
evidence, and every ``--every`` labels the model is refitted by ``nlp.routing.online.refit``
(the last full training's hyper-parameters, no cross-validation), the same function the
service's learning sweep calls. ``--every`` stands for the sweep's debounce: under load
several decisions arrive between two refits.

Two starts:
- ``cold``: the model built from the org file alone; the stream is the history rows (in
  file order) followed by the test requests, so a new organisation's first 300+ requests;
- ``trained``: a full training on the history; the stream is the test requests.

Reported per start: accuracy, automatically routed share and the accuracy of that share,
over the first 50 / 100 / 200 requests and over the rolling windows of 50; plus the goal's
figure, the window after the first 100 labels (requests 101-200). A prediction is right
when its top department is the gold department or the gold ``also`` (as score_routing.py).
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.routing_orgs import _nearest_k  # noqa: E402
from dispatch.requests.files import read_history, read_requests  # noqa: E402
from models.org import load_org  # noqa: E402
from models.routing import LabelledExample  # noqa: E402
from nlp.routing import Embedder, train  # noqa: E402
from nlp.routing.online import CORRECTION_WEIGHT, Outcome, outcome_of, refit  # noqa: E402

FIRST = (50, 100, 200)


def _raw_first(model, ev, p) -> str:
    """The department the auto rule reads as first (without the unseen-term boost): the
    shown first one when the boost moved nothing (``agree``), else unknown here."""
    return p.departments[0].id if ev is None or ev.agree else ""

WINDOW = 50


def _gold(path: Path) -> dict[str, tuple[str, str | None]]:
    with open(path, encoding="utf-8-sig", newline="") as f:
        return {r["id"]: (r["department"], (r.get("also") or "").strip() or None)
                for r in csv.DictReader(f)}


def _summary(rows: list[dict]) -> dict:
    n = len(rows)
    auto = [r for r in rows if r["auto"]]
    return {"n": n,
            "accuracy": round(sum(r["right"] for r in rows) / n, 4) if n else None,
            "auto_share": round(len(auto) / n, 4) if n else None,
            "auto_accuracy": round(sum(r["right"] for r in auto) / len(auto), 4)
            if auto else None}


def stream(data: Path, start: str, every: int, embedder: Embedder,
           log=lambda _m: None, limit: int | None = None, dump: bool = False) -> dict:
    """Run one start over one data set; returns the figures and (``dump``) the per-request
    trace: what the auto rule read of each request (``AutoEvidence``), the rule in force
    when it was predicted, right or wrong. No text is kept, so a trace of an unread set
    can be replayed without reading it (``prequential_replay.py``)."""
    org = load_org(data / "org.yaml")
    history = read_history(data / "history.csv", org)
    gold = _gold(data / "test_gold.csv")
    tests = [(t, *gold[i]) for i, t in read_requests(data / "test.jsonl") if i in gold]
    t0 = time.perf_counter()
    if start == "cold":
        model = train(org, [], embedder=embedder)
        items = [(e.text, e.department, None) for e in history] + tests
        learned: list[LabelledExample] = []
    else:
        model = train(org, history, embedder=embedder)
        items = tests
        learned = list(history)
    items = items[:limit] if limit else items
    first_train_s = time.perf_counter() - t0
    outcomes: list[Outcome] = []
    trace: list[dict] = []
    refits, refit_s = 0, 0.0
    for b in range(0, len(items), every):
        batch = items[b:b + every]
        preds = model.predict([t for t, _, _ in batch], explain=False, top_k=1)
        near = _nearest_k(model, [t for t, _, _ in batch], 3) if dump else None
        for j, ((text, dept, also), p) in enumerate(zip(batch, preds, strict=True)):
            top, conf = p.departments[0].id, p.departments[0].score
            right = top in (dept, also)
            auto = p.decision == "auto"
            row = {"right": right, "auto": auto, "confidence": conf}
            if dump:
                ev = p.evidence
                row.update({"i": len(trace), "correct": top == dept,
                            "threshold": model.threshold, "margin": model.auto_margin,
                            "min_known": model.auto_min_known,
                            "use_neighbour": model.auto_neighbour,
                            "use_lexicon": model.auto_lexicon,
                            "evidence": ev.model_dump() if ev else None,
                            # the nearest past request's cosine, and how many of the three
                            # nearest went to the raw first department (routing_orgs --dump)
                            "sim": round(near[0][j], 4),
                            "near3": sum(d == _raw_first(model, ev, p) for d in near[1][j])})
            trace.append(row)
            outcomes.append(outcome_of(p, dept))
            learned.append(LabelledExample(text=text, department=dept,
                                           weight=CORRECTION_WEIGHT if auto and not right
                                           else 1.0))
        if b + every < len(items):
            t1 = time.perf_counter()
            model = refit(org, learned, model, outcomes=outcomes, embedder=embedder)
            refit_s += time.perf_counter() - t1
            refits += 1
            log(f"{data.name} {start}: {len(trace)}/{len(items)} "
                f"acc so far {_summary(trace)['accuracy']} threshold {model.threshold:.3f}")
    out = {"set": str(data), "start": start, "every": every, "stream": len(trace),
           "first_training_s": round(first_train_s, 1), "refits": refits,
           "refit_s_mean": round(refit_s / refits, 2) if refits else None,
           "overall": _summary(trace)}
    out["first"] = {str(k): _summary(trace[:k]) for k in FIRST if k <= len(trace)}
    out["rolling"] = {f"{i + 1}-{i + WINDOW}": _summary(trace[i:i + WINDOW])
                      for i in range(0, len(trace) - WINDOW + 1, WINDOW)}
    out["after_100"] = _summary(trace[100:200]) if len(trace) > 100 else None
    out["last_50"] = _summary(trace[-WINDOW:])
    if dump:
        out["trace"] = trace
    return out


def _line(r: dict) -> str:
    def f(s: dict | None) -> str:
        if not s:
            return "-"
        aa = "-" if s["auto_accuracy"] is None else f"{s['auto_accuracy']:.3f}"
        return f"acc {s['accuracy']:.3f} auto {s['auto_share']:.2f} (right {aa})"
    lines = [f"{r['set']} [{r['start']}, refit every {r['every']}] {r['stream']} requests, "
             f"first training {r['first_training_s']} s, {r['refits']} refits of "
             f"{r['refit_s_mean']} s"]
    lines += [f"  first {k:>3}: {f(s)}" for k, s in r["first"].items()]
    lines += [f"  {k:>9}: {f(s)}" for k, s in r["rolling"].items()]
    lines.append(f"  101-200  : {f(r['after_100'])}   (the goal: acc >= 0.85, auto >= 0.50)")
    lines.append(f"  overall  : {f(r['overall'])}")
    return "\n".join(lines)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("data_dirs", nargs="+", type=Path)
    ap.add_argument("--start", choices=("cold", "trained", "both"), default="both")
    ap.add_argument("--every", type=int, default=10, help="labels between two refits")
    ap.add_argument("--limit", type=int, default=None,
                    help="stop after this many requests (the goal's window ends at 200)")
    ap.add_argument("--embedder", default="default")
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--dump", type=Path, default=None,
                    help="write the figures and per-request traces (no text) as JSON here")
    ap.add_argument("--quiet", action="store_true")
    a = ap.parse_args()
    if a.every < 1:
        ap.error("--every must be at least 1")
    emb = Embedder(a.embedder)
    log = (lambda _m: None) if a.quiet else (lambda m: print(m, file=sys.stderr, flush=True))
    starts = ("cold", "trained") if a.start == "both" else (a.start,)
    results = []
    for d in a.data_dirs:
        for s in starts:
            r = stream(d, s, a.every, emb, log, a.limit, dump=a.dump is not None)
            results.append(r)
            if a.dump:
                a.dump.write_text(json.dumps(results, ensure_ascii=False))
            if not a.json:
                print(_line(r), flush=True)
    if a.json:
        print(json.dumps([{k: v for k, v in r.items() if k != "trace"} for r in results],
                         ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
