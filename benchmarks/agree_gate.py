"""Does an independent view's agreement keep the auto rule's promise on a new organisation?

Why: the trained model's threshold is chosen on its own history's out-of-fold scores; on an
org whose requests are harder than its history (routing-power: history CV 0.905, requests
0.731) the sure answers are wrong 15 % of the time, and no gate read from the same history
(known share, nearest requests, similarity) separates them (docs/routing.md, thirteenth
round). A view that does not come from the history — the cold-start model (org file and
function knowledge), or the sentence model's nearest org-file phrase — may disagree exactly
where the history's reading of a word is this org's own convention.

usage: python benchmarks/agree_gate.py dump DIR... --out OUT.json
       python benchmarks/agree_gate.py table OUT.json... [--quiet NAME,...]

``dump`` trains each org's trained and cold model as the product trains them and records,
per test request, only decisions and flags (no text): the trained model's first department,
whether it was routed automatically and whether it is right, the cold model's first (as cold
routing ranks, with the unseen-term boost, and without it), the trained first's rank in the
cold model, and the sentence model's nearest department by org-file phrase (``prof``) and by
history centroid (``hist``). ``table`` prints per org the automatic share and its accuracy
with each gate (orgs named in ``--quiet`` print figures only; there is nothing else to print).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np

from dispatch.requests.evaluate import read_gold
from dispatch.requests.files import read_history, read_requests
from models.org import load_org
from nlp.routing.classifier import embedding_texts, train
from nlp.routing.coldstart import org_examples
from nlp.routing.embed import Embedder


def _unit(a: np.ndarray) -> np.ndarray:
    return a / np.clip(np.linalg.norm(a, axis=1, keepdims=True), 1e-9, None)


def dump_org(data_dir: Path, emb: Embedder) -> dict:
    org = load_org(data_dir / "org.yaml")
    requests = read_requests(data_dir / "test.jsonl")
    gold = read_gold(data_dir / "test_gold.csv")
    ids, texts = [r for r, _ in requests], [t for _, t in requests]
    history = read_history(data_dir / "history.csv", org)
    t0 = time.perf_counter()
    model = train(org, history, embedder=emb)
    t1 = time.perf_counter()
    cold = train(org, [], embedder=emb)
    t2 = time.perf_counter()
    depts = model.departments
    assert cold.departments == depts
    index = {d: j for j, d in enumerate(depts)}
    preds = model.predict(texts, explain=False)
    cold_p = cold.probabilities(texts)
    cold_raw = cold.probabilities(texts, unseen=False)
    english = bool(model.info.get("embeds_english"))
    e_req = _unit(emb.encode(embedding_texts(cold.read_texts(texts), english)))
    phrases = org_examples(org)
    e_ph = _unit(emb.encode(embedding_texts([t for t, _ in phrases], english)))
    ph_lab = np.array([index[d] for _, d in phrases])
    prof = np.stack([(e_req @ e_ph[ph_lab == j].T).max(1) if (ph_lab == j).any()
                     else np.full(len(texts), -1.0) for j in range(len(depts))], axis=1)
    e_hist = _unit(emb.encode(embedding_texts(model.read_texts(model.history_texts), english)))
    labels = np.array([index[d] for d in model.history_labels])
    cent = np.stack([_unit(e_hist[labels == j].mean(0, keepdims=True))[0]
                     if (labels == j).any() else np.zeros(e_hist.shape[1])
                     for j in range(len(depts))])
    hist = e_req @ cent.T
    rows = []
    for i, (rid, pred) in enumerate(zip(ids, preds, strict=True)):
        top = index[pred.department]
        right = [index[d] for d in gold[rid] if d in index]
        order = np.argsort(-cold_p[i], kind="stable")
        rows.append({
            "auto": pred.decision == "auto", "ok": top in right, "top": top,
            "cold": int(order[0]), "cold_raw": int(np.argmax(cold_raw[i])),
            "cold_rank": int(np.where(order == top)[0][0]) + 1,
            "cold_p": round(float(cold_p[i, top]), 5),
            "cold_ok": int(order[0]) in right,
            "prof": int(np.argmax(prof[i])),
            "prof_rank": int((prof[i] > prof[i, top]).sum()) + 1,
            "hist": int(np.argmax(hist[i])),
            "p1": round(float(pred.evidence.first), 5) if pred.evidence else None})
    return {"set": data_dir.name, "n": len(rows), "threshold": model.threshold,
            "train_s": round(t1 - t0, 1), "cold_s": round(t2 - t1, 1), "rows": rows}


GATES = {
    "none": lambda r: True,
    "cold first agrees": lambda r: r["cold"] == r["top"],
    "cold (no boost) agrees": lambda r: r["cold_raw"] == r["top"],
    "cold top 2": lambda r: r["cold_rank"] <= 2,
    "cold p >= 0.2": lambda r: r["cold_p"] >= 0.2,
    "phrase view agrees": lambda r: r["prof"] == r["top"],
    "phrase view top 2": lambda r: r["prof_rank"] <= 2,
    "cold or phrase agrees": lambda r: r["cold"] == r["top"] or r["prof"] == r["top"],
    "cold and phrase agree": lambda r: r["cold"] == r["top"] and r["prof"] == r["top"],
    "history centroid agrees": lambda r: r["hist"] == r["top"],
}


def table(dumps: list[dict]) -> None:
    names = list(GATES)
    print("| gate | " + " | ".join(d["set"].replace("routing-", "") for d in dumps) + " |")
    print("|---|" + "---|" * len(dumps))
    for g in names:
        cells = []
        for d in dumps:
            routed = [r for r in d["rows"] if r["auto"] and GATES[g](r)]
            wrong = sum(not r["ok"] for r in routed)
            acc = (len(routed) - wrong) / len(routed) if routed else float("nan")
            cells.append(f"{len(routed)}/{wrong} ({len(routed) / d['n']:.0%}, {acc:.3f})")
        print(f"| {g} | " + " | ".join(cells) + " |")
    print()
    for d in dumps:
        rows = d["rows"]
        print(f"{d['set']}: n {d['n']} trained acc "
              f"{np.mean([r['ok'] for r in rows]):.3f} cold acc "
              f"{np.mean([r['cold_ok'] for r in rows]):.3f} threshold {d['threshold']:.3f} "
              f"train {d['train_s']}s cold {d['cold_s']}s")


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("stage", choices=["dump", "table"])
    ap.add_argument("paths", nargs="+", type=Path)
    ap.add_argument("--out", type=Path)
    a = ap.parse_args()
    if a.stage == "dump":
        emb = Embedder("default")
        out = []
        for d in a.paths:
            out.append(dump_org(d, emb))
            print(d.name, out[-1]["train_s"], out[-1]["cold_s"], flush=True)
            a.out.write_text(json.dumps(out))
        return 0
    dumps = [x for p in a.paths for x in json.loads(p.read_text())]
    table(dumps)
    return 0


if __name__ == "__main__":
    sys.exit(main())
