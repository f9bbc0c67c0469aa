"""Choose the unseen-term boost leave-one-organisation-out, and score each org held out.

Why: ``classifier.UNSEEN_TERM_BOOST`` must hold on an organisation the model has not seen,
so it is chosen on the other orgs' test sets and scored on the held-out one (a weight
chosen on one org's test file says nothing about the next). One trained model per org
gives every candidate at once: the boost only rescales the probabilities of the
departments whose unseen function terms a request holds.

usage: python benchmarks/unseen_terms_loo.py DIR... [--boosts 0,1,2,3,5] [--cache DIR]

Prints, per org, trained accuracy for every boost, then for each org held out the boost
the others choose (best pooled accuracy over their requests; ties go to the smaller
boost) and the held-out accuracy before → after, and the pooled held-out figures.
``--cache`` keeps each org's probabilities (without the boost) and term hits, so a
second run with other boosts trains nothing.
"""

from __future__ import annotations

import argparse
import pickle
import sys
import time
from pathlib import Path

import numpy as np

from dispatch.requests.evaluate import read_gold
from dispatch.requests.files import read_history, read_requests
from models.org import load_org
from nlp.routing.classifier import train
from nlp.routing.embed import Embedder


def measure(d: Path, emb: Embedder) -> dict:
    """Train on ``d``'s history; its test requests' probabilities without the boost, the
    departments of the unseen terms each holds, and which departments are right."""
    org = load_org(d / "org.yaml")
    requests = read_requests(d / "test.jsonl")
    gold = read_gold(d / "test_gold.csv")
    texts = [t for _, t in requests]
    t0 = time.perf_counter()
    model = train(org, read_history(d / "history.csv", org), embedder=emb)
    train_s = time.perf_counter() - t0
    model.unseen_boost = 0.0
    probs = model.probabilities(texts)
    hits = model.unseen_departments(texts)
    right = np.array([[dep in gold[rid] for dep in model.departments] for rid, _ in requests])
    return {"set": d.name, "probs": probs, "hits": hits, "right": right,
            "n_terms": len(model.unseen_terms or {}), "train_s": round(train_s, 1)}


def correct(r: dict, boost: float) -> np.ndarray:
    """Per request, whether the top department is right with ``boost``."""
    p = r["probs"].copy()
    for i, depts in enumerate(r["hits"]):
        if depts:
            p[i, depts] *= np.exp(boost)
    top = p.argmax(1)
    return r["right"][np.arange(len(top)), top]


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("dirs", nargs="+", type=Path)
    ap.add_argument("--boosts", default="0,0.5,1,1.5,2,3,4,5,8")
    ap.add_argument("--cache", type=Path)
    a = ap.parse_args()
    boosts = [float(x) for x in a.boosts.split(",")]
    if 0.0 not in boosts:
        boosts.insert(0, 0.0)
    emb = None
    runs = []
    for d in a.dirs:
        cached = a.cache / f"{d.name}.pkl" if a.cache else None
        if cached and cached.exists():
            r = pickle.loads(cached.read_bytes())
        else:
            emb = emb or Embedder("default")
            r = measure(d, emb)
            if cached:
                cached.parent.mkdir(parents=True, exist_ok=True)
                cached.write_bytes(pickle.dumps(r))
        runs.append(r)
        ok = [correct(r, b).mean() for b in boosts]
        share = np.mean([bool(h) for h in r["hits"]])
        print(f"{r['set']:<15} {r['n_terms']:>5} unseen terms, {share:.0%} of requests hold one, "
              f"train {r['train_s']}s; boost " + " ".join(f"{b:g}:{x:.3f}" for b, x in
                                                       zip(boosts, ok, strict=True)), flush=True)
    table = {r["set"]: np.array([correct(r, b) for b in boosts]) for r in runs}
    before = after = n = 0
    for held in table:
        others = [k for k in table if k != held]
        if not others:
            break
        pooled = sum(table[k].sum(1) for k in others) / sum(table[k].shape[1] for k in others)
        best = int(np.argmax(pooled))
        b0, b1 = table[held][0], table[held][best]
        before, after, n = before + b0.sum(), after + b1.sum(), n + len(b0)
        print(f"held out {held:<15} boost {boosts[best]:g} (chosen on the other "
              f"{len(others)}): {b0.mean():.3f} -> {b1.mean():.3f}")
    if n:
        print(f"pooled held-out accuracy {before / n:.3f} -> {after / n:.3f} ({n} requests)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
