"""Re-ranking a trained model's first three departments by what the org's history says.

Why (issue #18, sixteenth round, docs/routing.md): on a new org the right department is
the trained model's first for ~0.73 of requests but among its first three for ~0.9. The
classifier's probability carries the history through one linear reading; whether the
request's *nearest* past requests, by the classifier's own word features and by the
sentence model, went to the second or third candidate says something the probability
does not. A conditional logit over the three candidates, one weight per feature shared by
every org and department, was learnt across twelve organisations
(``benchmarks/rerank_loo.py``) and is applied here with those weights fixed.

Features of a candidate department ``d`` of one request (the ``neigh`` set):

- ``lp``: log of its probability as the prediction ranks (with the unseen-term boost);
- ``hit``: an unseen function term of the request points to it (1 or 0);
- ``knn3``: how many of the request's three nearest history requests (cosine over the
  word and character features; ties by history order) went to it;
- ``tf_nn``: that cosine to its nearest history request;
- ``nn``: the sentence model's cosine to its nearest history request;
- ``hist``: the sentence model's cosine to the (normalised) centroid of its history
  requests. Each view is 0 for a department without history requests.

Pure: arrays in, orders out.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

# Fitted once on all twelve read orgs' dumps (routing-dev, tipdm2020, routing-{org, retail,
# pharma, saas, build, bank, univ, port, hotel, insure}; the dumps are not committed, the
# commands below make them again, ~40 min on two cores) with L2 0.1 towards (lp 1, others
# 0), k 3, each org weighing the same:
#   python benchmarks/rerank_loo.py --fit BEFORE.json --fit-views VIEWS.pkl --score ... \
#       --sets neigh --dirs <the twelve>
# (the dumps: benchmarks/routing_orgs.py DIRS --mode both --dump BEFORE.json and
# benchmarks/english_profile.py dump DIRS --all --out VIEWS.pkl). Re-learn them the same way
# when the classifier, its boost or the sentence model changes.
WEIGHTS: dict[str, float] = {"lp": 0.566102, "hit": 0.377886, "knn3": 0.412823,
                             "tf_nn": 0.184902, "nn": 0.381094, "hist": 0.286329}
K = 3
# Whether trained models re-rank at all (False gives the classifier's order: to measure).
RERANK = True


def centroids(embeddings: np.ndarray, labels: Sequence[int], n_departments: int) -> np.ndarray:
    """Per department, the L2-normalised mean of its history requests' sentence vectors
    (a zero row for a department without history requests)."""
    lab = np.asarray(labels, dtype=np.int64)
    out = np.zeros((n_departments, embeddings.shape[1]), dtype=np.float32)
    for d in range(n_departments):
        rows = lab == d
        if rows.any():
            c = embeddings[rows].mean(axis=0)
            n = float(np.linalg.norm(c))
            out[d] = c / n if n else c
    return out


@dataclass(frozen=True)
class WordViews:
    """What the re-ranker reads of the requests' word/character cosines to the history:
    per request, the departments of its three nearest history requests (-1 where the
    history holds fewer; ties by history order) and, per department, its nearest one's
    cosine (0 for a department without history requests). Filled block by block from the
    cosines the auto rule's nearest request is read from, so they are computed once."""

    near3: np.ndarray  # requests × 3, department indices
    best: np.ndarray  # requests × departments

    @classmethod
    def empty(cls, n_requests: int, n_departments: int) -> WordViews:
        return cls(np.full((n_requests, 3), -1, dtype=np.int64),
                   np.zeros((n_requests, n_departments)))

    def fill(self, rows: slice, block: np.ndarray, labels: np.ndarray) -> None:
        """Read ``block`` (the requests ``rows`` × history requests, cosines);
        ``labels``: the history requests' department indices."""
        nearest = np.argsort(-block, axis=1, kind="stable")[:, :3]
        self.near3[rows, : nearest.shape[1]] = labels[nearest]
        for d in range(self.best.shape[1]):
            mine = labels == d
            if mine.any():
                self.best[rows, d] = block[:, mine].max(axis=1)


def rank(
    probs: np.ndarray,
    hits: Sequence[Sequence[int]],
    words: WordViews,
    sentence: np.ndarray,
    history: np.ndarray,
    labels: Sequence[int],
    centres: np.ndarray,
) -> list[tuple[np.ndarray, np.ndarray]]:
    """Per request, the department order and the scores a person is shown with it.

    Where the re-ranking moves a department among the first ``K``, the probability the
    classifier gives those ``K`` together is shared among them by the re-ranker's own
    (conditional logit) probabilities, so the first shown is the surest shown — a person
    offered B before A reads B's score as the higher; elsewhere the scores are ``probs``.

    ``probs``: requests × departments, as the prediction ranks; ``hits``: per request, the
    departments its unseen function terms point to; ``words``: the word/character
    cosines' views (:class:`WordViews`); ``sentence``: the requests'
    sentence vectors (normalised) and ``history`` the history requests'; ``labels``: the
    history requests' department indices; ``centres``: :func:`centroids`."""
    lab = np.asarray(labels, dtype=np.int64)
    sims = sentence @ history.T if len(lab) else np.zeros((len(probs), 0))
    w = np.array([WEIGHTS[f] for f in ("lp", "hit", "knn3", "tf_nn", "nn", "hist")])
    out = []
    for i, p in enumerate(probs):
        order = np.argsort(-p, kind="stable")
        rows = []
        for d in order[:K]:
            mine = lab == d
            has = bool(mine.any())
            rows.append([
                float(np.log(np.clip(p[d], 1e-9, 1))),
                float(d in hits[i]),
                float((words.near3[i] == d).sum()),
                float(words.best[i, d]),
                float(sims[i, mine].max()) if has else 0.0,
                float(sentence[i] @ centres[d]) if has else 0.0,
            ])
        z = np.array(rows) @ w
        moved = np.argsort(-z, kind="stable")
        first = order[:K][moved]
        shown = p.astype(float).copy()
        if (moved != np.arange(len(moved))).any():
            e = np.exp(z - z.max())
            shown[order[:K]] = p[order[:K]].sum() * e / e.sum()
        out.append((np.concatenate([first, order[K:]]), shown))
    return out
