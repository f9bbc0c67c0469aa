"""Choose constants of ``nlp.routing.parts`` leave-one-organisation-out over the collab sets.

Why: a clause threshold tuned on the sets it is scored on says nothing of a new
organisation. For each set held out, the setting with the best pooled set-F1 on the other
sets is chosen and scored on the held-out one; the figures printed for a set are therefore
those of a setting that never saw it.

usage: python benchmarks/collab_loo.py DIR... --cache DIR --grid NAME=v1,v2 [--grid ...]

Models come from ``benchmarks/collab_sets.py``'s cache (trained when missing). The model's
probabilities are computed once per distinct text, so the grid costs only the parts rules.
A setting is allowed for a fold only when, on the sets it is chosen on, no set's precision
falls more than ``--max-p-drop`` below its precision under the module's current values and
collab-dev's single-department requests stay whole (the first DIR is taken as collab-dev).
"""

from __future__ import annotations

import argparse
import ast
import itertools
import sys
from pathlib import Path

import numpy as np

from benchmarks.collab_sets import model_for, score_set
from nlp.routing import parts
from nlp.routing.classifier import RoutingModel
from nlp.routing.embed import Embedder


def memoise(model: RoutingModel) -> None:
    """Make ``model.probabilities`` compute each distinct text once."""
    seen: dict[str, np.ndarray] = {}
    compute = model.probabilities

    def probabilities(texts: list[str]) -> np.ndarray:
        todo = list(dict.fromkeys(t for t in texts if t not in seen))
        if todo:
            seen.update(zip(todo, compute(todo), strict=True))
        return np.array([seen[t] for t in texts])

    model.probabilities = probabilities  # type: ignore[method-assign]


def pooled_f1(rows: list[dict]) -> float:
    tp = sum(r["tp"] for r in rows)
    fp = sum(r["fp"] for r in rows)
    fn = sum(r["fn"] for r in rows)
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("dirs", nargs="+", type=Path)
    ap.add_argument("--cache", type=Path, required=True)
    ap.add_argument("--grid", action="append", default=[], metavar="NAME=v1,v2,…")
    ap.add_argument("--max-p-drop", type=float, default=0.02)
    a = ap.parse_args()
    emb = Embedder("default")
    models = {d: model_for(d, emb, a.cache) for d in a.dirs}
    for m in models.values():
        memoise(m)
    names, values = [], []
    for g in a.grid:
        name, _, vs = g.partition("=")
        names.append(name)
        values.append([ast.literal_eval(v) for v in vs.split(",")])
    base = {d: score_set(d, models[d], False) for d in a.dirs}
    dev = a.dirs[0]
    results: dict[tuple, dict[Path, dict]] = {}
    for combo in itertools.product(*values):
        for n, v in zip(names, combo, strict=True):
            setattr(parts, n, v)
        rows = {d: score_set(d, models[d], False) for d in a.dirs}
        results[combo] = rows

    def allowed(c: tuple, on: list[Path]) -> bool:
        # judged on the sets it is chosen on only: the held-out set's precision is not seen
        rows = results[c]
        return (all(rows[d]["P"] >= base[d]["P"] - a.max_p_drop for d in on)
                and (dev not in on or rows[dev]["singles"] == base[dev]["singles"]))

    def best(on: list[Path]) -> tuple:
        return max((c for c in results if allowed(c, on)),
                   key=lambda c: (round(pooled_f1([results[c][d] for d in on]), 4),
                                  -sum(abs(x) for x in c if isinstance(x, float))))

    held_rows = []
    for held in a.dirs:
        c = best([d for d in a.dirs if d != held])
        r = results[c][held]
        held_rows.append(r)
        b = base[held]
        print(f"{held.name:<14} chosen on the others: "
              f"{dict(zip(names, c, strict=True))}  P {b['P']:.3f}→{r['P']:.3f} "
              f"R {b['R']:.3f}→{r['R']:.3f} F1 {b['F1']:.3f}→{r['F1']:.3f} "
              f"exact {b['exact']:.3f}→{r['exact']:.3f} lead {b['lead']:.3f}→{r['lead']:.3f} "
              f"singles {b['singles']}→{r['singles']}")
    print(f"pooled held-out F1 {pooled_f1(list(base.values())):.3f} → {pooled_f1(held_rows):.3f}")
    c = best(list(a.dirs))
    print(f"chosen on all sets: {dict(zip(names, c, strict=True))}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
