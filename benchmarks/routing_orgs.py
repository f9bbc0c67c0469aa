"""Routing on several organisations at once, cold and trained, in one process.

Why: ``score_routing.py`` runs the CLI per set and mode (a process and a model load each);
choosing anything that must hold on an organisation the model has not seen (the auto-route
rule, the function lexicon) needs the per-request figures of every organisation side by
side, so that each choice can be made leave-one-organisation-out.

usage: python benchmarks/routing_orgs.py DIR... [--mode cold|trained|both] [--dump OUT.json]

Prints accuracy, macro-F1 and the auto-routed share with its accuracy per set and mode
(counted as ``score_routing.py`` counts: a prediction equal to ``department`` or ``also`` is
right). ``--dump`` writes, per set and mode, each test request's top probability, margin
to the second, known-word share, whether its most similar past request went to the same
department, the model's threshold and whether the top department is right, for
``benchmarks/auto_route_loo.py``.
"""

from __future__ import annotations

import argparse
import ast
import json
import sys
import time
from pathlib import Path

import numpy as np

from dispatch.requests.evaluate import read_gold
from dispatch.requests.files import read_history, read_requests
from models.org import load_org
from nlp.routing import classifier, functions
from nlp.routing.classifier import train
from nlp.routing.embed import Embedder
from nlp.routing.evaluate import score
from nlp.routing.parts import split_parts_many
from nlp.routing.text import normalise


def known_share(model: classifier.RoutingModel, texts: list[str]) -> list[float]:
    """Per text, the share of its words the model's word block knows (seen in training)."""
    vocab = model.features.word.vocabulary_
    analyzer = model.features.word.analyzer
    out = []
    for t in texts:
        words = analyzer.words(normalise(model.features.prepare(t)))
        out.append(round(sum(w in vocab for w in words) / len(words), 4) if words else 0.0)
    return out


def _nearest_k(model: classifier.RoutingModel, texts: list[str], k: int,
               ) -> tuple[list[float], list[list[str]]]:
    """Per text, the cosine of its most similar past request and the departments of its
    ``k`` most similar (the features ``RoutingModel.nearest_departments`` reads)."""
    if not model.history_texts:
        return [0.0] * len(texts), [[] for _ in texts]
    from sklearn.preprocessing import normalize
    x, _ = model._matrix(texts)
    block = (normalize(x) @ model._history_t()).toarray()
    top = np.argsort(-block, axis=1, kind="stable")[:, :k]
    return ([float(block[i, top[i, 0]]) for i in range(len(texts))],
            [[model.history_labels[j] for j in top[i] if block[i, j] > 0]
             for i in range(len(texts))])


def run(data_dir: Path, mode: str, emb: Embedder) -> dict:
    """Train on ``data_dir`` in ``mode`` and score its test set; per-request rows included."""
    org = load_org(data_dir / "org.yaml")
    requests = read_requests(data_dir / "test.jsonl")
    gold = read_gold(data_dir / "test_gold.csv")
    ids, texts = [r for r, _ in requests], [t for _, t in requests]
    examples = read_history(data_dir / "history.csv", org) if mode == "trained" else []
    oof: dict = {}
    choose = classifier.choose_threshold

    def recording(confidence: np.ndarray, correct: np.ndarray, target: float) -> tuple:
        # the out-of-fold confidences the threshold is chosen on, for auto_route_loo.py
        oof.update(conf=[round(float(c), 5) for c in confidence],
                   ok=[bool(c) for c in correct])
        return choose(confidence, correct, target)

    classifier.choose_threshold = recording
    try:
        t0 = time.perf_counter()
        model = train(org, examples, embedder=emb)
        train_s = time.perf_counter() - t0
    finally:
        classifier.choose_threshold = choose
    # The auto rule reads the classifier's probabilities without the unseen-term boost and
    # routes only when their first department is also the boosted one, which is routed
    # (``RoutingModel.predict``); the rows record the same, so auto_route_loo.py judges the
    # rule the product runs.
    probs = model.probabilities(texts)
    raw = model.probabilities(texts, unseen=False)
    preds = model.predict(texts, explain=False)
    m = score(ids, preds, gold)
    rows = []
    known = known_share(model, texts)
    nearest = model.nearest_departments(texts)
    sim, near3 = _nearest_k(model, texts, 3)
    hits = model.unseen_departments(texts)
    parts = split_parts_many(texts, org, model)
    for rid, p, r, k, near, s, n3, hit, pred, pa in zip(ids, probs, raw, known, nearest, sim,
                                                        near3, hits, preds, parts, strict=True):
        order = np.argsort(-p, kind="stable")
        ro = np.argsort(-r, kind="stable")
        dept, also = gold[rid]
        rows.append({"id": rid, "p1": float(r[ro[0]]), "p2": float(r[ro[1]]),
                     "agree": bool(ro[0] == order[0]),
                     "known": k, "neighbour": near == model.departments[ro[0]],
                     # the function lexicon agrees (AutoEvidence.lexicon, AUTO_LEXICON)
                     "lexicon": bool(pred.evidence.lexicon) if pred.evidence else True,
                     # the nearest past request's cosine, and how many of the three
                     # nearest went to the first department
                     "sim": round(s, 4),
                     "near3": sum(d == model.departments[ro[0]] for d in n3),
                     "top": model.departments[order[0]],
                     # for post-hoc rules on the ranking (the unseen-term boost): the
                     # probabilities without the boost, the departments of the unseen
                     # terms the request holds, and the right departments' indices
                     "raw": [round(float(x), 6) for x in r], "hits": hit,
                     "right": [j for j, d in enumerate(model.departments) if d in (dept, also)],
                     # the departments the request asks for work (nlp.routing.parts), lead
                     # first: a request asking several is not one department's
                     "parts": [x.department for x in pa],
                     "auto": pred.decision == "auto",
                     "ok": model.departments[order[0]] in (dept, also)})
    return {"set": data_dir.name, "mode": mode, "n": m.n, "accuracy": m.accuracy,
            "macro_f1": m.macro_f1, "auto_share": m.auto_coverage,
            "auto_accuracy": m.auto_accuracy, "threshold": model.threshold,
            "train_s": round(train_s, 1), "config": model.info["config"],
            "boost": model.unseen_boost,
            "cv": {k: v for k, v in (model.info.get("cv") or {}).items()
                   if k in ("accuracy", "macro_f1", "auto_coverage", "auto_accuracy")},
            "rows": rows, "oof": oof}


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("dirs", nargs="+", type=Path)
    ap.add_argument("--mode", default="both", choices=["cold", "trained", "both"])
    ap.add_argument("--dump", type=Path)
    ap.add_argument("--set", action="append", default=[], metavar="NAME=VALUE",
                    help="override a constant of nlp.routing.classifier or .functions "
                         "(a Python literal), to measure a candidate")
    a = ap.parse_args()
    for item in a.set:
        name, _, value = item.partition("=")
        module = next(m for m in (classifier, functions) if hasattr(m, name))
        setattr(module, name, ast.literal_eval(value))
    emb = Embedder("default")
    modes = ["cold", "trained"] if a.mode == "both" else [a.mode]
    out = []
    for d in a.dirs:
        for mode in modes:
            r = run(d, mode, emb)
            out.append(r)
            print(f"{r['set']:<12} {mode:<8} acc {r['accuracy']:.3f} f1 {r['macro_f1']:.3f} "
                  f"auto {r['auto_share']:.2f} at {r['auto_accuracy']:.3f} "
                  f"(threshold {r['threshold']:.3f}) train {r['train_s']}s", flush=True)
    if a.dump:
        a.dump.write_text(json.dumps(out, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
