"""Learning between full trainings: a cheap refit from every decided request.

A full training (``classifier.train``) cross-validates a grid of configurations: seconds
to minutes, too slow to run after every triage decision. Between two of them the service
refits instead:

- the **hyper-parameters** of the last full training are kept (no cross-validation):
  the same feature weights and regularisation, one fit on every labelled example. After a
  cold start the org file's phrases count as much as a labelled request
  (:data:`LEARN_FROM_COLD`): the cold configuration gives them no weight once real
  examples exist, which would throw away what the org file says while there are only a
  handful of decisions;
- the **temperature** of the last full training is kept, so scores stay on one scale;
- the **auto-route threshold** is chosen on *outcomes*: what the model said about
  requests before a person settled where they belong (a triage decision, a correction, an
  accepted route). These are honest held-out predictions on this organisation's own
  requests, the same evidence cross-validation approximates, and they are the only
  evidence a cold start has (its threshold lets nothing through). Below
  :data:`MIN_OUTCOMES` the last full training's threshold stays.

Pure: org, examples, the previous model and outcomes in; a new :class:`RoutingModel` out.
Storing and publishing it is the service's (``dispatch.requests.routing.learn``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np

from models.org import Org
from models.routing import LabelledExample
from nlp.routing.classifier import (
    COLD_CONFIG,
    NEVER,
    RoutingModel,
    TrainConfig,
    choose_threshold,
    train,
)
from nlp.routing.embed import Embedder

# After a cold start: the cold configuration, with the org file's phrases weighted as one
# labelled request each (COLD_CONFIG gives them 0 once there are labelled examples).
LEARN_FROM_COLD = replace(COLD_CONFIG, prior_weight=1.0)
# Fewer outcomes than this say too little about a threshold (with 20, one wrong answer
# more or less moves the precision of the auto share by five points).
MIN_OUTCOMES = 30
# The threshold reads the most recent outcomes only: older ones were predicted by models
# that knew less, and would keep the threshold where those models needed it.
OUTCOME_WINDOW = 300


@dataclass(frozen=True)
class Outcome:
    """What the model said about a request before its department was settled: its top
    department's probability, and whether that department was the settled one."""

    confidence: float
    correct: bool


def refit_config(base: RoutingModel) -> TrainConfig:
    """The hyper-parameters a refit of ``base`` uses."""
    if base.info.get("mode") == "cold" or base.info.get("learned_from") == "cold":
        return LEARN_FROM_COLD
    return base.config


def outcome_threshold(outcomes: Sequence[Outcome], target_precision: float,
                      ) -> tuple[float, float, float, int] | None:
    """(threshold, auto share, its precision, n) chosen on the latest outcomes, or None
    when there are too few to choose on."""
    recent = list(outcomes)[-OUTCOME_WINDOW:]
    if len(recent) < MIN_OUTCOMES:
        return None
    conf = np.array([o.confidence for o in recent], dtype=float)
    ok = np.array([o.correct for o in recent], dtype=bool)
    threshold, coverage, precision = choose_threshold(conf, ok, target_precision)
    return threshold, coverage, precision, len(recent)


def refit(org: Org, examples: Sequence[LabelledExample], base: RoutingModel, *,
          outcomes: Sequence[Outcome] = (), embedder: Embedder | None = None,
          target_precision: float | None = None) -> RoutingModel:
    """A new model fitted on ``examples`` with ``base``'s hyper-parameters and temperature
    (no cross-validation), its threshold chosen on ``outcomes`` (see the module doc).

    ``base`` is the model in use; its ``info`` is carried on (when and how the last full
    training ran). RoutingInputError as :func:`classifier.train` for bad examples."""
    target = target_precision or float(base.info.get("target_precision") or 0.95)
    emb = embedder or base.embedder or base.embedder_spec or "default"
    cfg = refit_config(base)
    model = train(org, examples, embedder=emb, target_precision=target, config=cfg)
    model.temperature = base.temperature
    chosen = outcome_threshold(outcomes, target)
    full = base.info.get("full_training") or _full_training(base.info)
    if chosen is not None:
        threshold, coverage, precision, n = chosen
        basis = {"on": "outcomes", "n": n, "auto_coverage": round(coverage, 4),
                 "auto_accuracy": round(precision, 4)}
    else:
        # too few outcomes: the last full training's threshold (cold: nothing is automatic)
        threshold = float(full.get("threshold", NEVER))
        basis = {"on": "last full training", "n": len(outcomes)}
    model.threshold = threshold
    model.info = {
        **model.info,
        "mode": "refit",
        "learned_from": "cold" if cfg == LEARN_FROM_COLD else "trained",
        "temperature": model.temperature,
        "threshold": threshold,
        "threshold_basis": basis,
        "full_training": full,
        "cv": base.info.get("cv"),
    }
    return model


def _full_training(info: dict) -> dict:
    """What a refit keeps of the full training it descends from."""
    return {k: info.get(k) for k in ("trained_at", "mode", "n_examples", "data_fingerprint",
                                     "threshold", "temperature", "config")}
