"""Parts (CONTRACTS.md §2.2) on several collab sets in one process, as ``score_collab.py`` scores.

Why: ``score_collab.py`` trains and loads a model per set through the CLI; choosing a rule
of ``nlp.routing.parts`` leave-one-organisation-out needs every set's figures side by side,
many times. Models may be kept in ``--cache`` (trained once; the parts rules do not change
them), so a new parts rule is scored on all sets in seconds.

usage: python benchmarks/collab_sets.py DIR... [--cache DIR] [--misses] [--set NAME=VALUE]

Prints per set: set precision/recall/F1 (micro), exact sets, lead accuracy and
single-department requests kept whole, counted as ``score_collab.py`` counts. ``--misses``
prints each request whose set is wrong with its clauses and the model's top department
and probability for each (whole text and clause alone), to sort the misses by cause.
"""

from __future__ import annotations

import argparse
import ast
import csv
import pickle
import sys
from pathlib import Path

import numpy as np

from dispatch.requests.files import read_history, read_requests
from models.org import load_org
from nlp.routing import parts
from nlp.routing.classifier import RoutingModel, train
from nlp.routing.embed import Embedder


def read_collab_gold(path: Path) -> dict[str, tuple[set[str], set[str]]]:
    """id → (equally good leads, every department needed)."""
    with open(path, encoding="utf-8") as f:
        return {r["id"]: (set(r["lead"].split("|")), set(r["departments"].split(";")))
                for r in csv.DictReader(f)}


def model_for(data_dir: Path, emb: Embedder, cache: Path | None) -> RoutingModel:
    """The trained model of a set, from ``cache`` when it was trained before."""
    org = load_org(data_dir / "org.yaml")
    file = cache / f"{data_dir.name}.pkl" if cache else None
    if file is not None and file.exists():
        with open(file, "rb") as f:
            model = pickle.load(f)
        model.embedder = emb
        return model
    model = train(org, read_history(data_dir / "history.csv", org), embedder=emb)
    if file is not None:
        file.parent.mkdir(parents=True, exist_ok=True)
        with open(file, "wb") as f:
            pickle.dump(model, f)
        model.embedder = emb
    return model


def score_set(data_dir: Path, model: RoutingModel, misses: bool) -> dict:
    """score_collab.py's figures for one set, and the wrong requests when asked."""
    org = load_org(data_dir / "org.yaml")
    requests = read_requests(data_dir / "test.jsonl")
    gold = read_collab_gold(data_dir / "test_gold.csv")
    texts = dict(requests)
    got_parts = dict(zip(texts, parts.split_parts_many(list(texts.values()), org, model),
                         strict=True))
    tp = fp = fn = exact = lead_ok = singles = singles_ok = 0
    wrong = []
    for rid, (leads, depts) in gold.items():
        ps = got_parts.get(rid, [])
        order = [p.department for p in ps]
        got = set(order)
        tp += len(got & depts)
        fp += len(got - depts)
        fn += len(depts - got)
        exact += got == depts
        lead_ok += bool(order) and order[0] in leads
        if len(depts) == 1:
            singles += 1
            singles_ok += got == depts
        if got != depts:
            wrong.append((rid, order, depts))
    n = len(gold)
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    out = {"set": data_dir.name, "n": n, "P": p, "R": r,
           "F1": 2 * p * r / (p + r) if p + r else 0.0, "exact": exact / n,
           "lead": lead_ok / n, "singles": f"{singles_ok}/{singles}", "tp": tp, "fp": fp,
           "fn": fn}
    if misses:
        for rid, order, depts in wrong:
            print(f"--- {data_dir.name} {rid}: got {order} want {sorted(depts)}")
            print(f"    missed {sorted(depts - set(order))} extra {sorted(set(order) - depts)}")
            _show(texts[rid], model)
    return out


def _show(text: str, model: RoutingModel) -> None:
    """The request, then each clause with the model's top two on the clause alone, as
    ``nlp.routing.parts`` reads them (without the unseen-term boost)."""
    clauses = parts._clauses(text)
    spans = [text] + [text[c.start:c.end] for c in clauses]
    probs = model.probabilities(spans, unseen=False)
    for i, (s, p) in enumerate(zip(spans, probs, strict=True)):
        top = np.argsort(-p)[:2]
        tops = " ".join(f"{model.departments[k]} {p[k]:.2f}" for k in top)
        print(f"    {'WHOLE' if i == 0 else '  cl'} [{tops}] {s}")


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("dirs", nargs="+", type=Path)
    ap.add_argument("--cache", type=Path, help="keep trained models here (one per set)")
    ap.add_argument("--misses", action="store_true")
    ap.add_argument("--set", action="append", default=[], metavar="NAME=VALUE",
                    help="override a constant of nlp.routing.parts (a Python literal)")
    a = ap.parse_args()
    for item in a.set:
        name, _, value = item.partition("=")
        setattr(parts, name, ast.literal_eval(value))
    emb = Embedder("default")
    for d in a.dirs:
        r = score_set(d, model_for(d, emb, a.cache), a.misses)
        print(f"{r['set']:<14} n {r['n']:>3} set_P {r['P']:.3f} set_R {r['R']:.3f} "
              f"set_F1 {r['F1']:.3f} exact {r['exact']:.3f} lead {r['lead']:.3f} "
              f"singles_kept {r['singles']} (fn {r['fn']}, fp {r['fp']})", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
