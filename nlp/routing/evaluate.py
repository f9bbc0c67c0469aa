"""Scoring routing predictions against gold labels, the way the acceptance scorer counts.

Gold is ``id → (department, also)``; ``also`` is a second department also accepted as
correct. A prediction equal to ``also`` counts as a true positive for that department
and not as a miss for ``department``. Reading a data folder (``test_gold.csv``, training
and predicting for ``dispatch route eval``) is ``dispatch.requests.evaluate``.
"""

from __future__ import annotations

from collections.abc import Sequence

from models.routing import Prediction, RoutingMetrics
from nlp.routing.classifier import classification_metrics


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
