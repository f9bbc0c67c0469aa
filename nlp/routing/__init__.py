"""Request → department routing: train from the org file and history, predict, explain.

Pure library: org + examples in, a :class:`RoutingModel` out; texts in, predictions out.

- ``train(org, examples, *, embedder="default", target_precision=0.95) -> RoutingModel``
  (no examples = cold start from the org file's names, aliases, descriptions, keywords)
- ``RoutingModel.predict(texts) -> list[Prediction]`` (ranked departments with calibrated
  scores, auto/triage decision, secondary departments, explanation)
- ``split_parts(text, org, model) -> list[Part]``: the departments a request asks for
  work, lead first, each with the span of text that asks it
- ``parse_history(csv_text, org)`` / ``parse_requests(jsonl_text)``: all-or-nothing
  parsers (the files a user names are read by ``dispatch.requests.files``)

Saving, loading and publishing model directories is file I/O, so it lives in the service:
``dispatch.requests.model_store`` (``save_model`` / ``load_model`` / ``ModelStore``).
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
from nlp.routing.history import HistoryError, parse_history, parse_requests
from nlp.routing.parts import split_parts, split_parts_many

__all__ = [
    "DEFAULT_EMBEDDER",
    "DEFAULT_TARGET_PRECISION",
    "FORMAT_VERSION",
    "MAX_TEXT_CHARS",
    "Embedder",
    "EmbedderError",
    "HistoryError",
    "RoutingInputError",
    "RoutingModel",
    "check_text",
    "classification_metrics",
    "parse_history",
    "parse_requests",
    "split_parts",
    "split_parts_many",
    "train",
]
