"""English requests to a Chinese org, read by the sentence model against department profiles.

Why (issue #18, sixteenth round): about one request in ten of the read orgs is written in
English while their histories and org files are Chinese. The classifier reads such a
request through word glosses (``nlp.routing.bilingual``) and an embedding block whose weight
cross-validation chooses on a mostly Chinese history; the sentence model, which reads
English natively and every Chinese text through its CC-CEDICT English glosses, may place it
better by comparing it with each department's profile. This measures that offline,
leave-one-organisation-out, before anything is put in the product.

usage:
  python benchmarks/english_profile.py dump DIR... --out CACHE.pkl [--mode trained|cold]
  python benchmarks/english_profile.py loo CACHE.pkl

``dump`` trains each org's model as the product does (``classifier.train``) and keeps, for
its English test requests only (``is_english``), the product's boosted probabilities and,
per department, the sentence-model cosines: to the centroid of its history requests
(``hist``), the nearest of them (``nn``), the nearest English history request (``nn_en``),
and to its org-file phrases (``prof``: best phrase; ``profc``: centroid). ``loo`` chooses
one view and one weight w (score = log p + w · cosine) on eleven orgs and scores the
twelfth, and prints the per-org requests gained and lost among the English requests (the
other requests are untouched by construction).
"""

from __future__ import annotations

import argparse
import pickle
import re
import sys
from pathlib import Path

import numpy as np

from dispatch.requests.evaluate import read_gold
from dispatch.requests.files import read_history, read_requests
from models.org import load_org
from nlp.routing import bilingual
from nlp.routing.classifier import embedding_texts, train
from nlp.routing.embed import Embedder

_LATIN = re.compile(r"[A-Za-z]")
_HAN = re.compile(r"[\u4e00-\u9fff]")
VIEWS = ("hist", "nn", "nn_en", "prof", "profc", "knn3", "tf_nn")
WEIGHTS = (0.0, 1.0, 2.0, 3.0, 4.0, 6.0, 8.0, 10.0, 12.0, 15.0, 20.0, 30.0)


def is_english(text: str) -> bool:
    """Mostly Latin letters: more than three per Chinese character."""
    return len(_LATIN.findall(text)) > 3 * len(_HAN.findall(text))


def _centroid(m: np.ndarray) -> np.ndarray:
    c = m.mean(axis=0)
    n = np.linalg.norm(c)
    return c / n if n else c


def dump_org(d: Path, mode: str, emb: Embedder, everything: bool = False) -> dict:
    org = load_org(d / "org.yaml")
    reqs = read_requests(d / "test.jsonl")
    gold = read_gold(d / "test_gold.csv")
    hist = read_history(d / "history.csv", org) if mode == "trained" else []
    model = train(org, hist, embedder=emb)
    keep = list(reqs) if everything else [(rid, t) for rid, t in reqs if is_english(t)]
    ids, texts = [r for r, _ in keep], [t for _, t in keep]
    depts = model.departments
    out = {"set": d.name, "n_all": len(reqs), "ids": ids, "texts": texts, "depts": depts}
    if not texts:
        return out
    probs = model.probabilities(texts)
    preds = model.predict(texts, explain=False)
    q = emb.encode(embedding_texts(model.read_texts(texts), True))
    k = len(depts)
    views = {v: np.zeros((len(texts), k), dtype=np.float32) for v in VIEWS}
    if hist:
        htexts = model.read_texts([e.text for e in hist])
        h = emb.encode(embedding_texts(htexts, True))
        lab = np.array([e.department for e in hist])
        en = np.array([is_english(e.text) for e in hist])
        sims = q @ h.T
        # the classifier's own word/character neighbours (RoutingModel._nearest's reading)
        x, _ = model._matrix(texts)
        from sklearn.preprocessing import normalize
        tf = (normalize(x) @ model._history_t()).toarray()
        top3 = np.argsort(-tf, axis=1, kind="stable")[:, :3]
        for j, dep in enumerate(depts):
            rows = lab == dep
            if rows.any():
                views["hist"][:, j] = q @ _centroid(h[rows])
                views["nn"][:, j] = sims[:, rows].max(axis=1)
                views["tf_nn"][:, j] = tf[:, rows].max(axis=1)
                views["knn3"][:, j] = (lab[top3] == dep).sum(axis=1)
            if (rows & en).any():
                views["nn_en"][:, j] = sims[:, rows & en].max(axis=1)
    for j, dep in enumerate(depts):
        dept = next(x for x in org.departments if x.id == dep)
        phrases = [*dept.names, *dept.keywords, dept.description]
        for p in org.members(dep):
            phrases += [p.title or "", *p.skills]
        phrases = [bilingual.english(x) or x for x in phrases if x and x.strip()]
        pm = emb.encode(list(dict.fromkeys(phrases)))
        views["prof"][:, j] = (q @ pm.T).max(axis=1)
        views["profc"][:, j] = q @ _centroid(pm)
    out.update(
        logp=np.log(np.clip(probs, 1e-9, 1)),
        right=[[j for j, dep in enumerate(depts) if dep in gold[r]] for r in ids],
        auto=[p.decision == "auto" for p in preds],
        english=[is_english(t) for t in texts],
        views=views)
    return out


def _correct(o: dict, view: str, w: float) -> np.ndarray:
    s = o["logp"] + w * o["views"][view]
    top = s.argmax(axis=1)
    return np.array([t in r for t, r in zip(top, o["right"], strict=True)])


def _english_only(o: dict) -> dict:
    """The English rows of a dump made with ``--all``."""
    if "english" not in o or all(o["english"]):
        return o
    keep = [i for i, e in enumerate(o["english"]) if e]
    return {**o, "ids": [o["ids"][i] for i in keep], "texts": [o["texts"][i] for i in keep],
            "logp": o["logp"][keep], "right": [o["right"][i] for i in keep],
            "auto": [o["auto"][i] for i in keep],
            "views": {v: m[keep] for v, m in o["views"].items()}}


def loo(orgs: list[dict]) -> None:
    orgs = [_english_only(o) for o in orgs]
    orgs = [o for o in orgs if o["texts"]]
    grid = [(v, w) for v in VIEWS for w in WEIGHTS]
    table = {o["set"]: {vw: _correct(o, *vw) for vw in grid} for o in orgs}
    print("all folds (pooled English requests right):")
    for v in VIEWS:
        print(f"  {v:<6}", " ".join(f"{w:g}:{sum(table[o['set']][(v, w)].sum() for o in orgs)}"
                                    for w in WEIGHTS))
    gained = lost = 0
    for o in orgs:
        rest = [x["set"] for x in orgs if x["set"] != o["set"]]
        best = max(grid, key=lambda vw: (sum(table[s][vw].sum() for s in rest), -vw[1]))
        base, new = table[o["set"]][("hist", 0.0)], table[o["set"]][best]
        g, lo = int((new & ~base).sum()), int((base & ~new).sum())
        gained, lost = gained + g, lost + lo
        auto_moved = sum(a and not (b == n) for a, b, n in
                         zip(o["auto"], base, new, strict=True))
        print(f"{o['set']:<16} english {len(o['texts']):>3}/{o['n_all']} chosen {best[0]} "
              f"{best[1]:g}: right {base.sum()} -> {new.sum()} (+{g} -{lo}); org accuracy "
              f"change {(new.sum() - base.sum()) / o['n_all']:+.4f}; auto rows changed "
              f"{auto_moved}")
    print(f"pooled +{gained} -{lost}")


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("stage", choices=["dump", "loo"])
    ap.add_argument("paths", nargs="+", type=Path)
    ap.add_argument("--out", type=Path)
    ap.add_argument("--mode", default="trained", choices=["trained", "cold"])
    ap.add_argument("--all", action="store_true",
                    help="keep every test request, not only the English ones (for "
                         "benchmarks/rerank_loo.py --views)")
    a = ap.parse_args()
    if a.stage == "dump":
        emb = Embedder("default")
        res = []
        for d in a.paths:
            res.append(dump_org(d, a.mode, emb, a.all))
            print(d.name, len(res[-1]["texts"]), flush=True)
            a.out.write_bytes(pickle.dumps(res))
        return 0
    loo(pickle.loads(a.paths[0].read_bytes()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
