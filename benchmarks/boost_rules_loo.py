"""Rules for the unseen-term boost, each with one parameter chosen leave-one-organisation-out.

Why: 17 of the 49 trained misses of kind (c) on five new orgs (docs/routing.md, #18 eighth
round) were an unseen lexicon term boosting the wrong department over what the history's
words said. A rule that weighs that boost better must hold on an org it was not chosen on,
so each family's parameter is chosen on the other orgs' test requests and scored on the
held-out one. The boost only re-ranks, so every candidate is scored from one trained run:
the rows of ``routing_orgs.py --mode trained --dump`` (probabilities without the boost, the
departments of the unseen terms each request holds, the right departments).

usage: python benchmarks/boost_rules_loo.py DUMP.json... [--sets a,b,c]
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable

import numpy as np

Rule = Callable[[np.ndarray, list[int]], np.ndarray]
Gate = Callable[[np.ndarray, int, np.ndarray], bool]


def boost(b: float, gate: Gate | None = None) -> Rule:
    """Multiply each hit department's probability by exp(b) when ``gate`` lets it."""
    def rule(p: np.ndarray, hits: list[int]) -> np.ndarray:
        q = p.copy()
        order = np.argsort(-p, kind="stable")
        for h in hits:
            if gate is None or gate(p, h, order):
                q[h] *= np.exp(b)
        return q
    return rule


def top_k(k: int) -> Gate:
    return lambda p, h, o: h in o[:k]


def ratio(t: float) -> Gate:
    return lambda p, h, o: p[h] >= t * p[o[0]]


def unsure(t: float) -> Gate:
    return lambda p, h, o: p[o[0]] < t


def split(t: float) -> Rule:
    return lambda p, hits: boost(3.0 / max(1, len(hits)) ** t)(p, hits)


# family → (parameter → rule, the parameter the product ships)
FAMILIES: dict[str, tuple[dict[float, Rule], float]] = {
    "boost b": ({b: boost(b) for b in (0, 0.5, 1, 1.5, 2, 3, 4, 5, 8)}, 3),
    "boost 3 if the hit is in the raw top k": (
        {k: boost(3.0, top_k(k)) for k in (1, 2, 3, 4, 5, 99)}, 99),
    "boost 3 if p(hit) >= t * p1": (
        {t: boost(3.0, ratio(t)) for t in (0, 0.001, 0.01, 0.03, 0.1, 0.2, 0.3)}, 0),
    "boost 3 if p1 < t": (
        {t: boost(3.0, unsure(t)) for t in (0.3, 0.5, 0.7, 0.8, 0.9, 0.95, 0.99, 1.01)}, 1.01),
    "boost 3 / n_hits^t": ({t: split(t) for t in (0, 0.5, 1, 2)}, 0),
}


def correct(run: dict, rule: Rule) -> np.ndarray:
    out = []
    for row in run["rows"]:
        q = rule(np.array(row["raw"], dtype=float), row["hits"])
        out.append(int(np.argmax(q)) in row["right"])
    return np.array(out)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("dumps", nargs="+")
    ap.add_argument("--sets")
    a = ap.parse_args()
    runs = {}
    for path in a.dumps:
        with open(path, encoding="utf-8") as f:
            for r in json.load(f):
                if r["mode"] == "trained" and r["rows"] and "raw" in r["rows"][0]:
                    runs[r["set"]] = r
    if a.sets:
        runs = {k: v for k, v in runs.items() if k in a.sets.split(",")}
    for name, (family, shipped) in FAMILIES.items():
        keys = list(family)
        table = {s: np.array([correct(r, family[k]) for k in keys]) for s, r in runs.items()}
        cur = keys.index(shipped)
        print(f"\n== {name} (shipped: {shipped}; parameters {keys})")
        n = before = after = 0
        for held, t in table.items():
            others = [k for k in table if k != held]
            if not others:
                break
            pooled = (sum(table[k].sum(1) for k in others)
                      / sum(table[k].shape[1] for k in others))
            best = int(np.argmax(pooled))  # ties: the first listed
            n, before, after = n + t.shape[1], before + t[cur].sum(), after + t[best].sum()
            print(f"  held out {held:<16} chosen {keys[best]}: "
                  f"{t[cur].mean():.3f} -> {t[best].mean():.3f}  (all: "
                  + " ".join(f"{x:.3f}" for x in t.mean(1)) + ")")
        if n:
            print(f"  pooled held-out {before / n:.3f} -> {after / n:.3f} ({n} requests)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
