"""Weights of the routing components learnt across organisations, leave-one-organisation-out.

Why (issue #18, thirteenth round): within one org, cross-validation on its history chooses
how much the classifier trusts each block (history TF-IDF, embeddings, the org-file
matcher, the function lexicon, the prior). The history is unlike the org's new requests
(most trained misses hinge on words no history row has), so CV on it may over-trust the
history. The test requests of *other* orgs are labelled; a combination of the components
learnt on them is free of that bias. This script measures whether it helps an org it was
not learnt on.

Two stages:
- ``dump``: per org, train the cold and the trained model as the product does, and write,
  for each test request and department, the components' scores (the trained model's log
  probability without the unseen-term boost, the boost, the cold model's log probability,
  the org-file matcher's name and term scores, the sender cut, the function terms found,
  the nearest history request of the department, the sentence-model similarity to the
  department's history and to its org-file profile, the department's share of the history,
  rank features) to ``CACHE/ORG.pkl``; an org already cached is not retrained.
- ``loo``: fit a listwise model (multinomial logistic regression over the per-(request,
  department) features, one weight vector shared by every department and org, softmax over
  the org's departments) on every org but one, score the held-out org's top-1, per mode.

- ``nested``: the honest figure of the whole procedure: for each held-out org, the feature
  set and the L2 strength are chosen by the same leave-one-out on the *other* eleven orgs
  (best mean held-in accuracy), then fitted on them and scored on the held-out org.
- ``coldboost``: the one-parameter special case at cold start: the cold model's log
  probability plus b for each department one of whose function terms the request holds
  (b from a grid, chosen leave-one-organisation-out).
- ``coldproduct`` (branch coldb13): the same boost shaped as the product applies it
  (``RoutingModel._boosted``): the terms are ``functions.unseen_terms(org, [])`` (every
  function term at cold start, UNSEEN_MIN_CHARS and the English-acronym rule included), a
  department takes the largest boost among its terms found, a ``more`` word's boost
  possibly smaller than a term's; the pair chosen leave-one-organisation-out. Reads the
  org files and test texts of DIRS (the cached orgs' own directories).

usage: python benchmarks/combine_loo.py dump DIR... [--cache /tmp/meta13]
       python benchmarks/combine_loo.py loo [--cache /tmp/meta13] [--features NAME,...]
       python benchmarks/combine_loo.py nested | coldboost [--cache /tmp/meta13]
       python benchmarks/combine_loo.py holdout --cache /tmp/meta13 --others /tmp/blind-cache
       python benchmarks/combine_loo.py coldproduct DIR... [--cache /tmp/meta13]
"""

from __future__ import annotations

import argparse
import pickle
import sys
import time
from pathlib import Path

import numpy as np
from scipy.optimize import minimize

from dispatch.requests.evaluate import read_gold
from dispatch.requests.files import read_history, read_requests
from models.org import load_org
from nlp.routing.classifier import classification_metrics, embedding_texts, train
from nlp.routing.coldstart import org_examples
from nlp.routing.embed import Embedder
from nlp.routing.functions import found_terms, function_examples, more_words, unseen_terms
from nlp.routing.text import normalise

TRAINED = ["lp_raw", "boost", "lp_cold", "name", "term", "not_asked", "lex", "nn_sim",
           "knn3", "emb_hist", "emb_prof", "log_prior", "top_raw", "top_cold"]
# cold: the texts as the cold model reads them (its speller knows no history)
COLD = ["lp_cold", "c_name", "c_term", "not_asked", "lex", "c_emb_prof", "top_cold"]


def _unit(a: np.ndarray) -> np.ndarray:
    return a / np.maximum(np.linalg.norm(a, axis=-1, keepdims=True), 1e-9)


def dump_org(data_dir: Path, emb: Embedder) -> dict:
    """Both models of one org and the per-(request, department) component scores."""
    org = load_org(data_dir / "org.yaml")
    requests = read_requests(data_dir / "test.jsonl")
    gold = read_gold(data_dir / "test_gold.csv")
    ids, texts = [r for r, _ in requests], [t for _, t in requests]
    history = read_history(data_dir / "history.csv", org)
    t0 = time.perf_counter()
    cold = train(org, [], embedder=emb)
    t1 = time.perf_counter()
    model = train(org, history, embedder=emb)
    t2 = time.perf_counter()
    depts = model.departments
    k, n = len(depts), len(texts)
    index = {d: j for j, d in enumerate(depts)}
    raw = model.probabilities(texts, unseen=False)
    boosted = model.probabilities(texts)
    p_cold = cold.probabilities(texts)
    boosts = model.unseen_boosts(texts)
    boost = np.zeros((n, k))
    for i, b in enumerate(boosts):
        for j, v in b.items():
            boost[i, j] = v
    read = model.read_texts(texts)
    match = model.matcher.transform(read)
    not_asked = np.zeros((n, k))
    for i, js in enumerate(model.matcher.not_asked(texts)):
        not_asked[i, js] = 1.0
    # every function term mapped onto a department, seen by the history or not
    terms = {normalise(t): index[d] for t, d in function_examples(org, more=True)}
    lex = np.zeros((n, k))
    for i, t in enumerate(texts):
        for w in found_terms(t, terms):
            lex[i, terms[w]] += 1.0
    # nearest history request per department (the word/character features)
    x, _ = model._matrix(texts)
    from sklearn.preprocessing import normalize
    sims = (normalize(x) @ model._history_t()).toarray()  # n × history
    labels = np.array([index[d] for d in model.history_labels])
    nn_sim = np.zeros((n, k))
    knn3 = np.zeros((n, k))
    top3 = np.argsort(-sims, axis=1)[:, :3]
    for j in range(k):
        cols = labels == j
        if cols.any():
            nn_sim[:, j] = sims[:, cols].max(1)
    for i in range(n):
        for h in top3[i]:
            if sims[i, h] > 0:
                knn3[i, labels[h]] += 1.0
    english = bool(model.info.get("embeds_english"))
    e_req = _unit(emb.encode(embedding_texts(read, english)))
    e_hist = _unit(emb.encode(embedding_texts(model.read_texts(model.history_texts),
                                              english)))
    cent = np.stack([_unit(e_hist[labels == j].mean(0)) if (labels == j).any()
                     else np.zeros(e_hist.shape[1]) for j in range(k)])
    emb_hist = e_req @ cent.T
    phrases = org_examples(org)
    e_ph = _unit(emb.encode(embedding_texts([t for t, _ in phrases], english)))
    ph_lab = np.array([index[d] for _, d in phrases])
    emb_prof = np.stack([(e_req @ e_ph[ph_lab == j].T).max(1) if (ph_lab == j).any()
                         else np.zeros(n) for j in range(k)], axis=1)
    counts = np.bincount(labels, minlength=k) + 1.0
    c_read = cold.read_texts(texts)
    c_match = cold.matcher.transform(c_read)
    c_req = _unit(emb.encode(embedding_texts(c_read, english)))
    c_emb_prof = np.stack([(c_req @ e_ph[ph_lab == j].T).max(1) if (ph_lab == j).any()
                           else np.zeros(n) for j in range(k)], axis=1)
    log_prior = np.tile(np.log(counts / counts.sum()), (n, 1))
    top_raw = (raw == raw.max(1, keepdims=True)).astype(float)
    top_cold = (p_cold == p_cold.max(1, keepdims=True)).astype(float)
    feats = {"lp_raw": np.log(np.clip(raw, 1e-9, None)), "boost": boost,
             "lp_cold": np.log(np.clip(p_cold, 1e-9, None)), "name": match[:, :k],
             "term": match[:, k:], "not_asked": not_asked, "lex": lex, "nn_sim": nn_sim,
             "knn3": knn3, "emb_hist": emb_hist, "emb_prof": emb_prof,
             "log_prior": log_prior, "top_raw": top_raw, "top_cold": top_cold,
             "c_name": c_match[:, :k], "c_term": c_match[:, k:], "c_emb_prof": c_emb_prof}
    right = [[index[d] for d in gold[r] if d in index] for r in ids]
    return {"set": data_dir.name, "ids": ids, "depts": depts, "right": right,
            "gold": [gold[r][0] for r in ids], "feats": feats,
            "boosted": boosted, "cold": p_cold,
            "train_s": (round(t1 - t0, 1), round(t2 - t1, 1)), "config": model.info["config"]}


def load_all(cache: Path) -> list[dict]:
    return [pickle.loads(p.read_bytes()) for p in sorted(cache.glob("*.pkl"))]


def _tensor(d: dict, names: list[str]) -> np.ndarray:
    return np.stack([d["feats"][f] for f in names], axis=-1)  # n × K × F


def fit(orgs: list[tuple[np.ndarray, list[list[int]]]], l2: float,
        w0: np.ndarray | None = None) -> np.ndarray:
    """Weights maximising the log-likelihood of the right departments (a request with two
    right ones: the sum of their probabilities), softmax over each org's departments; each
    org weighs the same whatever its size. The L2 penalty pulls towards ``w0`` (the
    product's own combination: the classifier's log probability plus the boost), so with
    little evidence the fit stays the product."""
    f = orgs[0][0].shape[-1]
    w0 = np.zeros(f) if w0 is None else w0
    masks = []
    for x, right in orgs:
        m = np.zeros(x.shape[:2], dtype=bool)
        for i, r in enumerate(right):
            m[i, r] = True
        masks.append(m)

    def loss(w: np.ndarray) -> tuple[float, np.ndarray]:
        total, grad = 0.0, np.zeros(f)
        for (x, _), m in zip(orgs, masks, strict=True):
            s = x @ w
            s -= s.max(1, keepdims=True)
            p = np.exp(s)
            p /= p.sum(1, keepdims=True)
            pr = np.where(m, p, 0.0)
            ok = pr.sum(1)
            keep = ok > 0
            total -= np.log(np.clip(ok[keep], 1e-12, None)).mean()
            q = pr[keep] / ok[keep, None]  # posterior over the right ones
            grad -= np.einsum("nk,nkf->f", q - p[keep], x[keep]) / keep.sum()
        total += l2 * ((w - w0) @ (w - w0))
        grad += 2 * l2 * (w - w0)
        return total, grad

    return minimize(loss, w0.copy(), jac=True, method="L-BFGS-B").x


def base_weights(names: list[str], mode: str) -> np.ndarray:
    """The product's combination in these features: log probability (+ the boost)."""
    own = {"lp_raw", "boost"} if mode == "trained" else {"lp_cold"}
    return np.array([1.0 if f in own else 0.0 for f in names])


def _acc_f1(pred: np.ndarray, d: dict) -> tuple[float, float]:
    depts = d["depts"]
    gold = [depts[p] if p in r else d["gold"][i]
            for i, (p, r) in enumerate(zip(pred, d["right"], strict=True))]
    m = classification_metrics(gold, [depts[p] for p in pred], sorted(set(d["gold"])))
    return m.accuracy, m.macro_f1


def loo(data: list[dict], names: list[str], mode: str, l2: float, *, show: bool = True
        ) -> dict:
    xs = [(_tensor(d, names), d["right"]) for d in data]
    w0 = base_weights(names, mode)
    out = {}
    for h, d in enumerate(data):
        w = fit([xs[i] for i in range(len(data)) if i != h], l2, w0)
        pred = (xs[h][0] @ w).argmax(1)
        base = (d["boosted"] if mode == "trained" else d["cold"]).argmax(1)
        out[d["set"]] = (_acc_f1(base, d), _acc_f1(pred, d), w)
    if show:
        print(f"{mode} l2={l2} features {','.join(names)}")
        for s, ((a0, f0), (a1, f1), _) in out.items():
            print(f"  {s:<16} acc {a0:.3f} -> {a1:.3f} ({a1 - a0:+.3f})  "
                  f"f1 {f0:.3f} -> {f1:.3f}")
        d_acc = [v[1][0] - v[0][0] for v in out.values()]
        print(f"  mean {np.mean([v[0][0] for v in out.values()]):.3f} -> "
              f"{np.mean([v[1][0] for v in out.values()]):.3f} ({np.mean(d_acc):+.4f}), "
              f"worst {min(d_acc):+.3f}")
    return out


CANDIDATES = {
    "trained": [["lp_raw", "boost"], ["lp_raw", "boost", "knn3"],
                ["lp_raw", "boost", "knn3", "nn_sim"], ["lp_raw", "boost", "knn3", "name", "term"],
                ["lp_raw", "boost", "knn3", "emb_hist"],
                ["lp_raw", "boost", "knn3", "name", "term", "emb_hist"],
                ["lp_raw", "boost", "knn3", "name", "term", "nn_sim", "emb_hist", "emb_prof"],
                TRAINED],
    "cold": [["lp_cold"], ["lp_cold", "lex"], ["lp_cold", "c_emb_prof"],
             ["lp_cold", "lex", "c_emb_prof"], ["lp_cold", "lex", "c_emb_prof", "c_term"], COLD]}
L2S = (0.03, 0.1, 0.3)


def _top1(x: np.ndarray, w: np.ndarray, right: list[list[int]]) -> float:
    return float(np.mean([p in r for p, r in zip((x @ w).argmax(1), right, strict=True)]))


def nested(data: list[dict], mode: str) -> None:
    """Feature set and L2 chosen leave-one-out inside the eleven training orgs."""
    tens = {tuple(c): [_tensor(d, c) for d in data] for c in CANDIDATES[mode]}
    gains = []
    for h, d in enumerate(data):
        inner = [i for i in range(len(data)) if i != h]
        best, score = None, -1.0
        for c in CANDIDATES[mode]:
            for l2 in L2S:
                w0 = base_weights(c, mode)
                acc = [_top1(tens[tuple(c)][g], fit([(tens[tuple(c)][i], data[i]["right"])
                                                     for i in inner if i != g], l2, w0),
                             data[g]["right"]) for g in inner]
                if np.mean(acc) > score:
                    best, score = (c, l2), float(np.mean(acc))
        c, l2 = best
        w = fit([(tens[tuple(c)][i], data[i]["right"]) for i in inner], l2,
                base_weights(c, mode))
        base = (d["boosted"] if mode == "trained" else d["cold"]).argmax(1)
        (a0, f0), (a1, f1) = _acc_f1(base, d), _acc_f1((tens[tuple(c)][h] @ w).argmax(1), d)
        gains.append((a1 - a0, f1 - f0))
        print(f"{mode} {d['set']:<16} chose {','.join(c)} l2 {l2}: acc {a0:.3f} -> {a1:.3f} "
              f"({a1 - a0:+.3f}) f1 {f0:.3f} -> {f1:.3f}", flush=True)
    g = np.array(gains)
    print(f"{mode} nested: mean acc {g[:, 0].mean():+.4f} f1 {g[:, 1].mean():+.4f} "
          f"worst {g[:, 0].min():+.3f}")


def holdout(data: list[dict], others: list[dict], mode: str) -> None:
    """The procedure as a product would ship it, checked on orgs it never saw: the feature
    set and L2 chosen leave-one-out on the cached orgs, the weights fitted on all of them,
    then applied to ``others`` (orgs written blind, scored once; figures only)."""
    tens = {tuple(c): [_tensor(d, c) for d in data] for c in CANDIDATES[mode]}
    best, score = None, -1.0
    for c in CANDIDATES[mode]:
        for l2 in L2S:
            w0 = base_weights(c, mode)
            acc = [_top1(tens[tuple(c)][h], fit([(tens[tuple(c)][i], data[i]["right"])
                                                 for i in range(len(data)) if i != h], l2, w0),
                         data[h]["right"]) for h in range(len(data))]
            if np.mean(acc) > score:
                best, score = (c, l2), float(np.mean(acc))
    c, l2 = best
    w = fit([(tens[tuple(c)][i], data[i]["right"]) for i in range(len(data))], l2,
            base_weights(c, mode))
    print(f"{mode} chose {','.join(c)} l2 {l2} (LOO mean {score:.3f}); weights "
          f"{np.round(w, 2).tolist()}")
    for d in others:
        base = (d["boosted"] if mode == "trained" else d["cold"]).argmax(1)
        (a0, f0), (a1, f1) = _acc_f1(base, d), _acc_f1((_tensor(d, list(c)) @ w).argmax(1), d)
        print(f"{mode} {d['set']:<18} acc {a0:.3f} -> {a1:.3f} ({a1 - a0:+.3f}) "
              f"f1 {f0:.3f} -> {f1:.3f}", flush=True)


def coldboost(data: list[dict]) -> None:
    """Cold log probability + b per department whose function term the request holds."""
    grid = [0, 0.25, 0.5, 0.75, 1, 1.5, 2, 2.5, 3, 4]
    for kind in ("count", "indicator"):
        acc = np.zeros((len(data), len(grid)))
        for i, d in enumerate(data):
            lex = d["feats"]["lex"] if kind == "count" else (d["feats"]["lex"] > 0) * 1.0
            for g, b in enumerate(grid):
                acc[i, g] = _top1(np.stack([d["feats"]["lp_cold"], lex], -1),
                                  np.array([1.0, b]), d["right"])
        print(kind, "mean accuracy per b:", dict(zip(grid, np.round(acc.mean(0), 4), strict=True)))
        gains = []
        for h, d in enumerate(data):
            g = int(np.argmax(acc[[i for i in range(len(data)) if i != h]].mean(0)))
            gains.append(acc[h, g] - acc[h, 0])
            print(f"  {d['set']:<16} b={grid[g]}: {acc[h, 0]:.3f} -> {acc[h, g]:.3f} "
                  f"({gains[-1]:+.3f})")
        print(f"  LOO mean {np.mean(gains):+.4f} worst {min(gains):+.3f}")


def product_boosts(data_dir: Path, depts: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """Per (request, department) of ``data_dir``'s test set: 1 where the request holds one
    of the department's function terms (``terms``) as the product's unseen-term machinery
    finds them with no history, and the same for its ``more`` words (a department holding
    both is marked in both; ``RoutingModel.unseen_boosts`` takes the larger boost)."""
    org = load_org(data_dir / "org.yaml")
    texts = [t for _, t in read_requests(data_dir / "test.jsonl")]
    index = {d: j for j, d in enumerate(depts)}
    terms = {w: index[d] for w, d in unseen_terms(org, [], more=True).items()}
    weak = more_words(terms)
    term_hit = np.zeros((len(texts), len(depts)))
    more_hit = np.zeros((len(texts), len(depts)))
    for i, t in enumerate(texts):
        for w in found_terms(t, terms):
            (more_hit if w in weak else term_hit)[i, terms[w]] = 1.0
    return term_hit, more_hit


def coldproduct(data: list[dict], dirs: list[Path]) -> None:
    """Cold log probability + the product-shaped boost (b_term, b_more), chosen LOO."""
    by_name = {d.name: d for d in dirs}
    hits = [product_boosts(by_name[d["set"]], d["depts"]) for d in data]
    grid_t = [0, 0.5, 1, 1.5, 2, 2.5, 3, 4]
    grid_m = [0, 0.5, 1, 1.5, 2, 2.5, 3, 4]
    pairs = {"two": [(bt, bm) for bt in grid_t for bm in grid_m],
             "one": [(b, b) for b in grid_t],
             "ratio": [(b, b * 2.5 / 3) for b in grid_t]}  # as trained models: 3 / 2.5

    def score(d: dict, h: tuple[np.ndarray, np.ndarray], bt: float, bm: float
              ) -> tuple[np.ndarray, float]:
        boost = np.maximum(h[0] * bt, h[1] * bm)
        pred = (d["feats"]["lp_cold"] + boost).argmax(1)
        return pred, float(np.mean([p in r for p, r in zip(pred, d["right"], strict=True)]))

    for kind, grid in pairs.items():
        acc = np.array([[score(d, h, bt, bm)[1] for bt, bm in grid]
                        for d, h in zip(data, hits, strict=True)])
        best = np.argsort(-acc.mean(0))[:5]
        print(kind, "best pooled (b_term, b_more): mean accuracy",
              ", ".join(f"{grid[g]} {acc[:, g].mean():.4f}" for g in best))
        gains, moved = [], []
        for h, d in enumerate(data):
            g = int(np.argmax(acc[[i for i in range(len(data)) if i != h]].mean(0)))
            base = d["cold"].argmax(1)
            pred, _ = score(d, hits[h], *grid[g])
            a0, f0 = _acc_f1(base, d)
            a1, f1 = _acc_f1(pred, d)
            ok0 = np.array([p in r for p, r in zip(base, d["right"], strict=True)])
            ok1 = np.array([p in r for p, r in zip(pred, d["right"], strict=True)])
            won, lost = int((ok1 & ~ok0).sum()), int((ok0 & ~ok1).sum())
            gains.append(a1 - a0)
            moved.append((won, lost))
            print(f"  {d['set']:<16} b={tuple(round(x, 3) for x in grid[g])}: acc {a0:.3f} -> "
                  f"{a1:.3f} ({a1 - a0:+.3f}, +{won} -{lost}) f1 {f0:.3f} -> {f1:.3f}")
        print(f"  LOO mean {np.mean(gains):+.4f} worst {min(gains):+.3f}, "
              f"+{sum(w for w, _ in moved)} -{sum(x for _, x in moved)}", flush=True)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("stage", choices=["dump", "loo", "nested", "coldboost", "holdout",
                                      "coldproduct"])
    ap.add_argument("dirs", nargs="*", type=Path)
    ap.add_argument("--cache", type=Path, default=Path("/tmp/meta13"))
    ap.add_argument("--others", type=Path,
                    help="holdout: a cache of orgs to score with the weights fitted on --cache")
    ap.add_argument("--mode", default="both", choices=["cold", "trained", "both"])
    ap.add_argument("--features", help="comma-separated (default: all of the mode)")
    ap.add_argument("--l2", type=float, default=0.01)
    a = ap.parse_args()
    a.cache.mkdir(parents=True, exist_ok=True)
    if a.stage == "dump":
        emb = Embedder("default")
        for d in a.dirs:
            path = a.cache / f"{d.name}.pkl"
            if path.exists():
                continue
            r = dump_org(d, emb)
            path.write_bytes(pickle.dumps(r))
            print(f"{d.name}: trained in {r['train_s']} s", flush=True)
        return 0
    data = load_all(a.cache)
    if a.stage == "coldboost":
        coldboost(data)
        return 0
    if a.stage == "coldproduct":
        coldproduct(data, a.dirs)
        return 0
    modes = ["cold", "trained"] if a.mode == "both" else [a.mode]
    for mode in modes:
        names = a.features.split(",") if a.features else (TRAINED if mode == "trained"
                                                          else COLD)
        if a.stage == "nested":
            nested(data, mode)
        elif a.stage == "holdout":
            holdout(data, load_all(a.others), mode)
        else:
            loo(data, names, mode, a.l2)
    return 0


if __name__ == "__main__":
    sys.exit(main())
