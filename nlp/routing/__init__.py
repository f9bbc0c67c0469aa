"""Request → department routing: train from the org file and history, predict, explain.

Pure library: org + examples in, a :class:`RoutingModel` out; texts in, predictions out.
The model directory format and a versioned store (publish / rollback / load_current)
live in :mod:`nlp.routing.store`.
"""

from nlp.routing.classifier import (
    DEFAULT_TARGET_PRECISION,
    FORMAT_VERSION,
    MAX_TEXT_CHARS,
    RoutingInputError,
    RoutingModel,
    check_text,
    classification_metrics,
    train,
)
from nlp.routing.embed import DEFAULT_EMBEDDER, Embedder, EmbedderError

__all__ = [
    "DEFAULT_EMBEDDER",
    "DEFAULT_TARGET_PRECISION",
    "FORMAT_VERSION",
    "MAX_TEXT_CHARS",
    "Embedder",
    "EmbedderError",
    "RoutingInputError",
    "RoutingModel",
    "check_text",
    "classification_metrics",
    "train",
]
