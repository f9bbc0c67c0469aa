"""Which auto-route rule keeps its promise on an organisation it was not chosen on?

The model promises that what it routes without a person is at least 95 % right. The
threshold fitted on a history's out-of-fold scores keeps that promise on requests like
the history's, not on a new organisation's requests, which use words the history lacks
(routing-org: 22 % routed at 0.686 right). This script compares rule families, each with
one parameter shared by every organisation, leave-one-organisation-out: the parameter is
chosen on the other organisations' test sets (the one that routes most while every one of
them stays at or above the target), then the held-out organisation is scored with it.

Families (t = the threshold the model fitted on its own out-of-fold scores, p1 / p2 = the
first and second probability of a request):
- ``target``: the model's own rule, fitted at a stricter out-of-fold precision θ;
- ``floor``: p1 ≥ max(t, θ);
- ``margin``: p1 ≥ t and p1 − p2 ≥ θ;
- ``known``: p1 ≥ t and at least a share θ of the request's words were seen in training
  (history, org file, function terms): a request in words the model never met is new work;
- ``margin+known``: both (θ = (margin, share)); the shipped rule is of this family;
- ``margin@known0.6``: the margin alone, the share fixed at the shipped 0.6 (shipped until
  the third round of issue #18);
- ``neighbour``: margin and known share as ``margin+known``, and the most similar past
  request of the org (word/character cosine) went to the predicted department; the shipped
  rule is of this family since routing-pharma;
- ``neighbour+sim`` / ``neighbour+near3``: the neighbour rule, and the most similar past
  request at least this similar / at least n of the three most similar agreeing (dumps
  with ``sim`` and ``near3``, issue #18 ninth round);
- ``lexicon``: the neighbour rule, and the function lexicon agrees: the request holds no
  function term the history never held that belongs to other departments only (the
  shipped rule's family since the eleventh round; ``lexicon`` in the dump, else read from
  ``hits`` and ``raw``);
- ``lexicon@known0.3``: the same with the known share kept at the shipped 0.3.

usage: python benchmarks/auto_route_loo.py DUMP.json... [--target 0.95]
(DUMP.json from ``benchmarks/routing_orgs.py --dump``; trained runs are used.)
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

from nlp.routing.classifier import choose_threshold

GRIDS = {
    "target": [0.95, 0.96, 0.97, 0.98, 0.99, 0.995, 1.0],
    "floor": [round(x, 2) for x in np.arange(0.5, 1.0, 0.02)] + [0.99, 0.995],
    "margin": [round(x, 2) for x in np.arange(0.0, 1.0, 0.02)] + [0.99],
    "known": [round(x, 2) for x in np.arange(0.0, 1.01, 0.05)],
    # the shipped rule's family: (margin, known share), both required
    "margin+known": [(m, k) for m in (0.0, 0.5, 0.8, 0.9, 0.95, 0.98, 0.99)
                     for k in (0.0, 0.5, 0.6, 0.7, 0.8, 0.9)],
    # the margin alone, the known share kept at the shipped 0.6 (chosen before
    # routing-retail was seen, which then needed it: with 0, 45.6 % routed at 0.928)
    "margin@known0.6": [(m, 0.6) for m in (0.5, 0.7, 0.8, 0.85, 0.9, 0.93, 0.95, 0.97, 0.98,
                                           0.99)],
    "neighbour": [(m, k) for m in (0.5, 0.7, 0.8, 0.9, 0.95, 0.97, 0.99)
                  for k in (0.0, 0.3, 0.5, 0.6, 0.8)],
    # the neighbour rule, and the nearest past request at least this similar (cosine)
    "neighbour+sim": [(m, k, s) for m in (0.5, 0.7, 0.8, 0.9, 0.95, 0.97, 0.99)
                      for k in (0.0, 0.3) for s in (0.0, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7)],
    # the neighbour rule, and at least n of the three nearest past requests agree
    "neighbour+near3": [(m, k, n) for m in (0.5, 0.7, 0.8, 0.9, 0.95, 0.97, 0.99)
                        for k in (0.0, 0.3) for n in (1, 2, 3)],
    # the neighbour rule and the function lexicon agreeing (eleventh round)
    "lexicon": [(m, k) for m in (0.0, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.97, 0.99)
                for k in (0.0, 0.3, 0.5, 0.8)],
    "lexicon@known0.3": [(m, 0.3) for m in (0.0, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95,
                                            0.97, 0.99)],
}


def lexicon_agrees(row: dict) -> bool:
    """The dump's ``lexicon``, or for dumps before it: no unseen function term, or one of
    the classifier's first department among them (``RoutingModel.predict``)."""
    if "lexicon" in row:
        return bool(row["lexicon"])
    top = int(np.argmax(row["raw"]))
    return not row["hits"] or top in row["hits"]


def auto_mask(run: dict, family: str, theta: float | tuple) -> np.ndarray:
    """Which test requests of one run the rule routes automatically."""
    p1 = np.array([r["p1"] for r in run["rows"]])
    p2 = np.array([r["p2"] for r in run["rows"]])
    t = run["threshold"]
    # the product routes only when the classifier's own first department is the one
    # routed (the unseen-term boost did not move it); dumps before that field lack it
    agree = np.array([r.get("agree", True) for r in run["rows"]])
    return agree & _rule(run, family, theta, p1, p2, t)


def _rule(run: dict, family: str, theta: float | tuple, p1: np.ndarray, p2: np.ndarray,
          t: float) -> np.ndarray:
    if family == "target":
        oof = run["oof"]
        t, _, _ = choose_threshold(np.array(oof["conf"]), np.array(oof["ok"]), theta)
        return p1 >= t
    if family == "floor":
        return p1 >= max(t, theta)
    if family == "known":
        known = np.array([r["known"] for r in run["rows"]])
        return (p1 >= t) & (known >= theta)
    if family in ("margin+known", "margin@known0.6") or family.startswith(("neighbour",
                                                                          "lexicon")):
        known = np.array([r["known"] for r in run["rows"]])
        margin, share = theta[:2]
        mask = (p1 >= t) & (p1 - p2 >= margin) & (known >= share)
        if family.startswith(("neighbour", "lexicon")):
            mask &= np.array([r["neighbour"] for r in run["rows"]])
        if family.startswith("lexicon"):
            mask &= np.array([lexicon_agrees(r) for r in run["rows"]])
        if family == "neighbour+sim":
            mask &= np.array([r["sim"] for r in run["rows"]]) >= theta[2]
        if family == "neighbour+near3":
            mask &= np.array([r["near3"] for r in run["rows"]]) >= theta[2]
        return mask
    return (p1 >= t) & (p1 - p2 >= theta)


def outcome(run: dict, family: str, theta: float | tuple) -> tuple[float, float, int]:
    """(share routed, accuracy of that share, number routed) on one run's test set."""
    mask = auto_mask(run, family, theta)
    ok = np.array([r["ok"] for r in run["rows"]])
    n = int(mask.sum())
    return n / len(mask), (float(ok[mask].mean()) if n else 1.0), n


def choose(runs: list[dict], family: str, target: float) -> float | tuple:
    """The parameter that routes most of ``runs`` while each stays at or above target."""
    best, best_share = GRIDS[family][-1], -1.0
    for theta in GRIDS[family]:
        res = [outcome(r, family, theta) for r in runs]
        if all(acc >= target for _, acc, _ in res):
            share = float(np.mean([s for s, _, _ in res]))
            if share > best_share + 1e-9:
                best, best_share = theta, share
    return best


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("dumps", nargs="+", type=Path)
    ap.add_argument("--target", type=float, default=0.95)
    a = ap.parse_args()
    runs = [r for p in a.dumps for r in json.loads(p.read_text()) if r["mode"] == "trained"]
    print(f"{'family':<8} {'held out':<14} {'θ':>6}  routed  right   (as fitted: routed right)")
    for family in GRIDS:
        if family == "target" and not all(r.get("oof") for r in runs):
            continue  # dumps written without the out-of-fold confidences
        if "known" in family and not all("known" in r["rows"][0] for r in runs):
            continue
        if family.startswith(("neighbour", "lexicon")) and not all("neighbour" in r["rows"][0]
                                                      for r in runs):
            continue
        extra = {"neighbour+sim": "sim", "neighbour+near3": "near3"}.get(family)
        if extra and not all(extra in r["rows"][0] for r in runs):
            continue  # dumps written before these fields
        for i, held in enumerate(runs):
            others = runs[:i] + runs[i + 1:]
            theta = choose(others, family, a.target)
            share, acc, n = outcome(held, family, theta)
            print(f"{family:<8} {held['set']:<14} {str(theta):>6}  {share:6.1%} {acc:6.3f} ({n})"
                  f"   ({held['auto_share']:.1%} {held['auto_accuracy']:.3f})")
        theta = choose(runs, family, a.target)
        fitted = ", ".join(f"{r['set']} {s:.1%} at {acc:.3f}" for r in runs
                           for s, acc, _ in [outcome(r, family, theta)])
        print(f"{family:<8} {'(all sets)':<14} {str(theta):>6}  {fitted}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
