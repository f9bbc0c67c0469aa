"""Re-ranking the trained model's top three with weights learnt across organisations.

Why (issue #18, sixteenth round): on a new org the right department is in the trained
model's top two for ~0.86 of requests but first for ~0.73. Which of the top three is right
may follow rules that hold across organisations — how far to trust the history's reading
when the history knows few of the request's words, how much an unseen function term should
count then, what the clause-level reading (``nlp.routing.parts``) and the org file alone
(the cold model) say. The thirteenth round's conditional logit over every department
(``meta13``) had linear features only; here the candidates are the top three and the
features include their interactions with the request's unknown-word share.

usage: python benchmarks/rerank_loo.py DUMP.json --dirs DIR... [--k 3] [--l2 0.1] [--sets A,B]
       [--views VIEWS.pkl]
       python benchmarks/rerank_loo.py --fit DUMP.json --fit-views VIEWS.pkl
       --score DUMP2.json --score-views VIEWS2.pkl --dirs DIR... [--sets neigh]

The second form is the check on unseen orgs: one feature set fixed beforehand, its weights
fitted once on every org of the first dump and applied unchanged to the orgs of the second;
it prints per scored org only figures (accuracy, requests gained / lost, first moved, of them
automatically routed), never a request.

DUMP.json: ``benchmarks/routing_orgs.py DIR… --mode both --dump`` (the rows of both modes
of the same orgs). Everything is learnt leave-one-organisation-out: the feature set and the
weights are chosen on the other orgs, then the held-out org is scored. Prints per org the
trained accuracy before → after and the requests gained / lost, and how many of the
automatically routed requests would change department.
"""

from __future__ import annotations

import argparse
import json
import pickle
import sys
from pathlib import Path

import numpy as np
from scipy.optimize import minimize

from models.org import load_org

TERM_BOOST, COLD_BOOST = 3.0, 1.0  # the product's UNSEEN_TERM_BOOST, UNSEEN_COLD_BOOST
FEATURES = ("lp", "hit", "lp_u", "hit_u", "cold", "cold_u", "part", "lead", "r2", "r3",
            # from benchmarks/english_profile.py dump --all (``--views``): the sentence
            # model's cosine to the department's history centroid / nearest history
            # request / best org-file phrase, the classifier's word-feature nearest history
            # request and how many of the three nearest went to it; and with (1 - known)
            "hist", "nn", "prof", "tf_nn", "knn3", "hist_u", "nn_u", "prof_u")
VIEW_SETS = {
    "neigh": ("lp", "hit", "knn3", "tf_nn", "nn", "hist"),
    "neigh+known": ("lp", "hit", "lp_u", "hit_u", "knn3", "tf_nn", "nn", "hist", "hist_u",
                    "nn_u"),
    "prof": ("lp", "hit", "prof", "prof_u"),
    "sentence": ("lp", "hit", "hist", "nn", "prof", "hist_u", "nn_u", "prof_u"),
    "views": ("lp", "hit", "lp_u", "hit_u", "hist", "nn", "prof", "tf_nn", "knn3", "hist_u",
              "nn_u", "prof_u"),
}
SETS = {
    "known": ("lp", "hit", "lp_u", "hit_u"),
    "known+rank": ("lp", "hit", "lp_u", "hit_u", "r2", "r3"),
    "parts": ("lp", "hit", "part", "lead"),
    "known+parts": ("lp", "hit", "lp_u", "hit_u", "part", "lead"),
    "cold": ("lp", "hit", "cold", "cold_u"),
    "all": FEATURES,
}


def _boosted(raw: list[float], hits: list[int], b: float) -> np.ndarray:
    p = np.array(raw, dtype=float) + 1e-9
    for h in hits:
        p[h] *= np.exp(b)
    return p / p.sum()


def org_arrays(trained: dict, cold: dict | None, k: int, views: dict | None = None) -> dict:
    """Per request: the top-k candidates' feature rows, which candidates are right, and
    whether the product's first is right."""
    colds = {r["id"]: r for r in cold["rows"]} if cold else {}
    xs, ys, base, auto = [], [], [], []
    at = {rid: i for i, rid in enumerate(views["ids"])} if views else {}
    for r in trained["rows"]:
        v = at.get(r["id"])
        p = (np.exp(views["logp"][v]) if v is not None
             else _boosted(r["raw"], r["hits"], TERM_BOOST))
        order = np.argsort(-p, kind="stable")[:k]
        u = 1.0 - r["known"]
        c = colds.get(r["id"])
        pc = _boosted(c["raw"], c["hits"], COLD_BOOST) if c else np.full(len(p), 1 / len(p))
        rows = []
        for rank, d in enumerate(order):
            lp, hit, cl = np.log(p[d]), float(d in r["hits"]), np.log(pc[d] + 1e-9)
            f = {"lp": lp, "hit": hit, "lp_u": lp * u, "hit_u": hit * u, "cold": cl,
                 "cold_u": cl * u, "part": float(d in _idx(trained, r["parts"])),
                 "lead": float(bool(r["parts"]) and d == _idx(trained, r["parts"][:1])[0]),
                 "r2": float(rank == 1), "r3": float(rank == 2)}
            for name in ("hist", "nn", "prof", "tf_nn", "knn3"):
                f[name] = float(views["views"][name][v, d]) if v is not None else 0.0
            for name in ("hist", "nn", "prof"):
                f[name + "_u"] = f[name] * u
            rows.append([f[n] for n in FEATURES])
        xs.append(np.array(rows))
        ys.append(np.array([d in r["right"] for d in order]))
        base.append(r["ok"])
        auto.append(r["auto"])
    return {"x": xs, "y": ys, "base": np.array(base), "auto": np.array(auto), "n": len(xs)}


def _idx(dump: dict, names: list[str]) -> list[int]:
    depts = dump.get("_depts")
    return [depts.index(n) for n in names if n in depts] if depts else []


def fit(orgs: list[dict], cols: list[int], l2: float) -> np.ndarray:
    """Conditional logit over the candidates of requests whose right department is among
    them; each org weighs the same; L2 towards the product's ranking (lp weight 1)."""
    prior = np.array([1.0 if FEATURES[c] == "lp" else 0.0 for c in cols])
    data = []
    for o in orgs:
        keep = [i for i, y in enumerate(o["y"]) if y.any()]
        x = np.stack([o["x"][i][:, cols] for i in keep])  # (requests, k, features)
        y = np.stack([o["y"][i] for i in keep]).astype(float)
        data.append((x, y, 1.0 / max(1, len(keep))))

    def loss(w: np.ndarray) -> tuple[float, np.ndarray]:
        total, grad = 0.0, np.zeros_like(w)
        for x, y, weight in data:
            s = x @ w
            s -= s.max(axis=1, keepdims=True)
            p = np.exp(s)
            p /= p.sum(axis=1, keepdims=True)
            py = (p * y).sum(axis=1)
            total -= weight * np.log(py).sum()
            q = p * y / py[:, None]  # the right candidates' share of the probability
            grad -= weight * (np.einsum("nk,nkf->f", q, x) - np.einsum("nk,nkf->f", p, x))
        d = w - prior
        return total + l2 * d @ d, grad + 2 * l2 * d

    return minimize(loss, prior, jac=True, method="L-BFGS-B").x


def chosen(o: dict, cols: list[int], w: np.ndarray, gate: float = 0.0) -> np.ndarray:
    """Per request, the candidate (0 = the product's first) the re-ranking puts first; with
    ``gate``, only requests whose candidates' best ``tf_nn`` reaches it are re-ranked."""
    g = FEATURES.index("tf_nn")
    return np.array([int(np.argmax(x[:, cols] @ w)) if x[:, g].max() >= gate else 0
                     for x in o["x"]])


def correct(o: dict, cols: list[int], w: np.ndarray, gate: float = 0.0) -> np.ndarray:
    return np.array([bool(y[c]) for y, c in zip(o["y"], chosen(o, cols, w, gate),
                                                strict=True)])


def load(dump: Path, views_path: Path | None, order: dict, k: int) -> dict:
    """The orgs of one ``routing_orgs.py --dump`` (and its views dump) as feature arrays."""
    views = ({o["set"]: o for o in pickle.loads(views_path.read_bytes())}
             if views_path else {})
    runs = json.loads(dump.read_text())
    by = {(r["set"], r["mode"]): r for r in runs}
    names = [n for n in dict.fromkeys(r["set"] for r in runs) if n in order]
    orgs = {}
    for s in names:
        t = by[(s, "trained")]
        t["_depts"] = order[s]
        orgs[s] = org_arrays(t, by.get((s, "cold")), k, views.get(s))
        orgs[s]["set"] = s
        orgs[s]["recon"] = correct(orgs[s], [0], np.array([1.0]))
        if views_path and s not in views:
            print(f"{s}: no views dump — its view features are 0")
    return orgs


def fit_and_score(a: argparse.Namespace, order: dict) -> int:
    """Fit one fixed feature set on every org of ``--fit``; score each org of ``--score``."""
    (name,) = a.sets.split(",")
    cols = [FEATURES.index(f) for f in {**SETS, **VIEW_SETS}[name]]
    train_orgs = load(a.fit, a.fit_views, order, a.k)
    w = fit(list(train_orgs.values()), cols, a.l2)
    print(f"fitted on {len(train_orgs)} orgs ({', '.join(train_orgs)}), set {name}, "
          f"L2 {a.l2:g}, k {a.k}: w = "
          + " ".join(f"{FEATURES[c]}:{x:.6f}" for c, x in zip(cols, w, strict=True)))
    gained = lost = 0
    for s, o in load(a.score, a.score_views, order, a.k).items():
        if (o["recon"] != o["base"]).sum():
            print(f"{s}: reconstructed first differs from the product's on "
                  f"{(o['recon'] != o['base']).sum()} rows")
        base, new = o["recon"], correct(o, cols, w)
        moved = chosen(o, cols, w) > 0
        g, lo = int((new & ~base).sum()), int((base & ~new).sum())
        gained, lost = gained + g, lost + lo
        print(f"{s:<16} n {o['n']} trained {base.mean():.4f} -> {new.mean():.4f} "
              f"(+{g} -{lo}) first moved {int(moved.sum())}, of them auto "
              f"{int((o['auto'] & moved).sum())}", flush=True)
    print(f"pooled +{gained} -{lost}")
    return 0


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("dump", type=Path, nargs="?")
    ap.add_argument("--fit", type=Path, help="dump whose orgs the weights are fitted on")
    ap.add_argument("--fit-views", type=Path)
    ap.add_argument("--score", type=Path, help="dump whose orgs the fitted weights score")
    ap.add_argument("--score-views", type=Path)
    ap.add_argument("--k", type=int, default=3)
    ap.add_argument("--l2", type=float, default=0.1)
    ap.add_argument("--dirs", nargs="+", type=Path, required=True,
                    help="the dumped sets' directories (their org files give the order of "
                         "the departments)")
    ap.add_argument("--sets", default=",".join(SETS),
                    help="the candidate feature sets, comma-separated (of: "
                         + ", ".join(SETS) + ")")
    ap.add_argument("--gates", type=float, nargs="+", default=[0.0],
                    help="candidate gates, chosen with the set inside the training orgs: "
                         "re-rank only when a candidate's nearest history request by word "
                         "features (tf_nn) is at least this similar")
    ap.add_argument("--views", type=Path,
                    help="benchmarks/english_profile.py dump --all of the same orgs: the "
                         "product's exact probabilities and the neighbour / sentence views")
    a = ap.parse_args()
    order = {d.name: [x.id for x in load_org(d / "org.yaml").departments] for d in a.dirs}
    if a.fit:
        return fit_and_score(a, order)
    every = {**SETS, **VIEW_SETS}
    sets = {n: every[n] for n in a.sets.split(",")}
    orgs = load(a.dump, a.views, order, a.k)
    names = list(orgs)
    for s, o in orgs.items():  # the reconstruction is the product's first
        top_ok = correct(o, [0], np.array([1.0]))
        o["recon"] = top_ok
        if (top_ok != o["base"]).sum():
            print(f"{s}: reconstructed first differs from the product's on "
                  f"{(top_ok != o['base']).sum()} rows")
    gained = lost = 0
    means = [0.0, 0.0]
    for s, o in orgs.items():
        rest = [orgs[x] for x in names if x != s]
        # choose the feature set on the other orgs, leave-one-out among them
        scores = {}
        for sn, fs in sets.items():
            cols = [FEATURES.index(f) for f in fs]
            tot = dict.fromkeys(a.gates, 0.0)
            for inner in rest:
                w = fit([x for x in rest if x is not inner], cols, a.l2)
                for gate in a.gates:
                    tot[gate] += (correct(inner, cols, w, gate).mean() - inner["recon"].mean())
            for gate in a.gates:
                scores[(sn, gate)] = tot[gate]
        best, gate = max(scores, key=lambda sg: (scores[sg], -sg[1]))
        cols = [FEATURES.index(f) for f in sets[best]]
        w = fit(rest, cols, a.l2)
        new = correct(o, cols, w, gate)
        moved = chosen(o, cols, w, gate) > 0
        base = o["recon"]
        g, lo = int((new & ~base).sum()), int((base & ~new).sum())
        gained, lost = gained + g, lost + lo
        means[0] += base.mean() / len(names)
        means[1] += new.mean() / len(names)
        auto_changed = int((o["auto"] & moved).sum())
        print(f"{s:<16} {best:<12} gate {gate:g} {base.mean():.3f} -> {new.mean():.3f} "
              f"(+{g} -{lo}) "
              f"first moved {int(moved.sum())}, of them auto {auto_changed}  w="
              + " ".join(f"{FEATURES[c]}:{x:.2f}" for c, x in zip(cols, w, strict=True)),
              flush=True)
    print(f"mean {means[0]:.4f} -> {means[1]:.4f}; pooled +{gained} -{lost}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
