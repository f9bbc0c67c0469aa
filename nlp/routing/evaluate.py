"""Evaluation on a held-out set, cold and trained, the way the acceptance scorer counts.

A data directory has ``org.yaml``, ``history.csv``, ``test.jsonl`` and ``test_gold.csv``
(``id,department[,also]``; ``also`` is a second department also accepted as correct).
A prediction equal to ``also`` counts as a true positive for that department and not as
a miss for ``department``.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Sequence
from pathlib import Path

from pydantic import BaseModel

from models.org import load_org
from models.routing import Prediction, RoutingMetrics
from nlp.routing.classifier import classification_metrics, train
from nlp.routing.embed import DEFAULT_EMBEDDER, Embedder
from nlp.routing.history import HistoryError, read_history, read_requests


class EvalRun(BaseModel):
    """One mode's figures on the test set, and what training chose."""

    mode: str
    metrics: RoutingMetrics
    threshold: float
    cv: dict | None = None
    config: dict


def read_gold(path: str | Path) -> dict[str, tuple[str, str | None]]:
    """id → (department, also) from a test_gold.csv."""
    try:
        with open(path, encoding="utf-8-sig", newline="") as f:
            rows = list(csv.DictReader(f))
    except FileNotFoundError:
        raise HistoryError(str(path), "(file)", "no such file") from None
    if not rows or "id" not in rows[0] or "department" not in rows[0]:
        raise HistoryError(str(path), "header", "need columns id and department")
    return {r["id"]: (r["department"], (r.get("also") or "").strip() or None) for r in rows}


def score(
    ids: Sequence[str], preds: Sequence[Prediction], gold: dict[str, tuple[str, str | None]]
) -> RoutingMetrics:
    """Metrics of predictions against gold, counting ``also`` as correct; macro-F1 is over
    the departments that occur in the gold labels (as the acceptance scorer does)."""
    by_id = dict(zip(ids, preds, strict=True))
    g_eff, p_all, auto = [], [], []
    for rid, (dept, also) in gold.items():
        p = by_id.get(rid)
        top = p.department if p and p.departments else "(none)"
        ok = top in (dept, also)
        g_eff.append(top if ok else dept)
        p_all.append(top)
        auto.append(bool(p and p.decision == "auto"))
    return classification_metrics(g_eff, p_all, sorted({d for d, _ in gold.values()}), auto)


def evaluate_dir(
    data_dir: str | Path,
    *,
    modes: Sequence[str] = ("cold", "trained"),
    embedder: Embedder | str | None = DEFAULT_EMBEDDER,
    progress: Callable[[str], None] | None = None,
) -> list[EvalRun]:
    """Train (cold and/or with history.csv) and score on test.jsonl / test_gold.csv."""
    d = Path(data_dir)
    org = load_org(d / "org.yaml")
    requests = read_requests(d / "test.jsonl")
    gold = read_gold(d / "test_gold.csv")
    ids, texts = [r for r, _ in requests], [t for _, t in requests]
    emb = embedder if isinstance(embedder, Embedder) else Embedder(embedder)
    runs = []
    for mode in modes:
        examples = read_history(d / "history.csv", org) if mode == "trained" else []
        model = train(org, examples, embedder=emb, progress=progress)
        preds = model.predict(texts, explain=False)
        runs.append(
            EvalRun(
                mode=mode,
                metrics=score(ids, preds, gold),
                threshold=model.threshold,
                cv=model.info.get("cv"),
                config=model.info["config"],
            )
        )
    return runs
