"""Evaluation on a held-out data folder, cold and trained (``dispatch route eval``).

A data directory has ``org.yaml``, ``history.csv``, ``test.jsonl`` and ``test_gold.csv``
(``id,department[,also]``; ``also`` is a second department also accepted as correct).
Reading the folder is here; counting is the pure ``nlp.routing.evaluate.score``, the
way the acceptance scorer counts.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Sequence
from pathlib import Path

from pydantic import BaseModel

from dispatch.requests.files import read_history, read_requests
from models.org import load_org
from models.routing import RoutingMetrics
from nlp.routing.classifier import train
from nlp.routing.embed import DEFAULT_EMBEDDER, Embedder
from nlp.routing.evaluate import score
from nlp.routing.history import HistoryError


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
