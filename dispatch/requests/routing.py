"""The service's side of the router: which model is current, predicting, retraining, rollback.

The classifier is the pure library ``nlp.routing``; its versioned store is
``dispatch.requests.model_store``; this module
only decides *which* model the running service uses. Each prediction reads the store's
``CURRENT`` pointer (one small file read) and reloads when it changed, so a model
published by ``dispatch requests model retrain`` in another process, by the API, by the
learning sweep (:func:`learn`), or a rollback, takes effect on the next request without a
restart. Predicting never builds a model: :func:`ensure_model` does, when an org is
imported or the server starts (ARCHITECTURE.md, "Predict never trains").
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from dispatch.errors import Conflict, InvalidInput
from dispatch.input_refusals import history_refusal
from dispatch.requests.model_store import (
    ModelDirError,
    ModelStore,
    OnnxFileCache,
    check_compatible,
    read_meta,
)
from dispatch.requests.models import Request, RoutingExample
from dispatch.settings import EmbeddingSettings, Settings, get_settings
from models.org import Org
from models.routing import LabelledExample, Part, Prediction
from nlp.routing import Embedder, RoutingInputError, RoutingModel, check_text, train
from nlp.routing.history import HistoryError, parse_history
from nlp.routing.online import OUTCOME_WINDOW, Outcome, outcome_from_record, refit
from nlp.routing.parts import split_parts_many

log = logging.getLogger(__name__)

# How many ranked departments a stored prediction keeps (re-routing walks down this list).
KEEP_RANKED = 10
# The embedder caches a vector per text; in a long-running service that is every request
# ever seen. Past this many the cache is dropped (under the router's lock).
EMBED_CACHE_MAX = 5000

_embedders: dict[str, Embedder] = {}
_embedders_lock = threading.Lock()
# torch's intra-op threads for the sentence model when it runs in PyTorch (ONNX Runtime
# has its own setting, see nlp.routing.embed): settings.embedding.torch_threads
# (DISPATCH_TORCH_THREADS). A service runs requests side by side: one thread each is
# faster than all cores for one request, and far faster on a busy machine (measured on
# 2 shared cores: 40 ms per encode with 1 thread, 400 ms with 2).


def _limit_torch_threads(n: int) -> None:
    if n > 0:
        import torch

        torch.set_num_threads(n)


def _offline_models() -> None:
    """Models are local files only: the Hugging Face libraries must never reach the
    network (an on-premises install may have none, and a silent download is a leak).
    Set here, where the service makes its embedders, so the library itself stays free
    of environment changes."""
    os.environ["HF_HUB_OFFLINE"] = "1"
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")


def make_embedder(spec: str | None, embedding: EmbeddingSettings) -> Embedder:
    """An Embedder configured by the settings (backend, ONNX threads, the ONNX file cache)."""
    _offline_models()
    return Embedder(spec or "default", backend=embedding.backend, threads=embedding.threads,
                    onnx_cache=OnnxFileCache(embedding.onnx_cache))


def shared_embedder(spec: str | None, embedding: EmbeddingSettings | None = None) -> Embedder:
    """One Embedder per model spec per process: the model is loaded once. Backend, threads
    and the ONNX cache come from ``embedding`` (default: the process's settings)."""
    key = spec or "default"
    with _embedders_lock:
        if key not in _embedders:
            cfg = embedding or get_settings().embedding
            _limit_torch_threads(cfg.torch_threads)
            _embedders[key] = make_embedder(key, cfg)
        return _embedders[key]


NO_MODEL = ("no routing model is published in {store}: import the organisation "
            "(`dispatch org import ORG.yaml`, which builds one from the org file) or train "
            "one (`dispatch requests model retrain`)")


class NoModel(Conflict):
    """No routing model published yet: 409, the request is fine, the server is not ready.

    Predicting only reads the store; the model is built explicitly (org import, demo,
    server start-up, retrain). A submitted request then waits in triage with this reason."""


@dataclass(frozen=True)
class Routed:
    """A prediction and the model version that made it."""

    version: str
    prediction: Prediction


@dataclass
class _Slot:
    """One waiting single prediction."""

    org: Org
    text: str
    result: Routed | None = None
    error: Exception | None = None
    done: bool = False


def _org_key(org: Org) -> tuple[str, str]:
    return (org.name, ",".join(d.id for d in org.departments))


class Router:
    """The current model of one store, reloaded when the store's CURRENT pointer moves."""

    def __init__(self, root: Path, embedding: EmbeddingSettings | None = None) -> None:
        self.store = ModelStore(root)
        self.embedding = embedding
        self.embedding_model = (embedding.model if embedding else "") or "default"
        self._version: str | None = None
        self._model: RoutingModel | None = None
        self._org_key: tuple[str, str] | None = None
        self._lock = threading.RLock()
        # Called once after the first prediction of each version loaded from now on (that
        # prediction builds what the version loads lazily, e.g. a jieba tokenizer for a
        # changed org vocabulary); the server sets it to freeze the heap again
        # (api.server.freeze_heap), so full collections keep walking none of the models.
        self.after_load: Callable[[], object] | None = None
        self._unused: RoutingModel | None = None  # loaded, not yet predicted with
        # micro-batching of single predictions (see predict)
        self._cv = threading.Condition()
        self._pending: list[_Slot] = []
        self._busy = False

    def model(self, org: Org) -> tuple[str, RoutingModel]:
        """(version, model) in use now; NoModel when none is published (predicting never
        trains: the model is built when the org is imported, see :func:`ensure_model`)."""
        v = self.store.current_version()
        key = _org_key(org)
        if v is not None and v == self._version and key == self._org_key and self._model:
            return v, self._model
        with self._lock:
            v = self.store.current_version()
            if v is None:
                raise NoModel(NO_MODEL.format(store=self.store.root))
            if v != self._version or key != self._org_key or self._model is None:
                _, model = self.store.load_current(org)
                model.embedder = shared_embedder(model.embedder_spec, self.embedding)
                self._version, self._model, self._org_key = v, model, key
                self._unused = model
                log.info("routing model %s loaded from %s", v, self.store.root)
            return v, self._model

    def predict(self, org: Org, text: str) -> Routed:
        """Ranked departments, decision, secondary departments and explanation for ``text``.

        Requests that arrive while a prediction runs wait and then go through the model
        together, in one call: the sentence model encodes a batch for little more than
        the cost of one text, so throughput under load rises without adding any delay
        when requests come one at a time."""
        check_text(text)  # a bad text must never fail the batch it would join
        slot = _Slot(org, text)
        with self._cv:
            self._pending.append(slot)
            while not slot.done:
                if self._busy:
                    self._cv.wait()
                    continue
                self._busy = True
                key = _org_key(org)
                batch = [x for x in self._pending if _org_key(x.org) == key]
                self._pending = [x for x in self._pending if _org_key(x.org) != key]
                self._cv.release()
                try:
                    self._run(org, batch)
                finally:
                    self._cv.acquire()
                    self._busy = False
                    self._cv.notify_all()
        if slot.error is not None:
            raise slot.error
        assert slot.result is not None
        return slot.result

    def _run(self, org: Org, batch: list[_Slot]) -> None:
        try:
            for slot, res in zip(batch, self.predict_many(org, [x.text for x in batch]),
                                 strict=True):
                slot.result = res
        except Exception:  # noqa: BLE001 - isolate the failure: each text alone
            for slot in batch:
                try:
                    slot.result = self.predict_many(org, [slot.text])[0]
                except Exception as e:  # noqa: BLE001 - handed to that request's caller
                    slot.error = e
        for slot in batch:
            slot.done = True

    def predict_many(self, org: Org, texts: list[str], *, explain: bool = True) -> list[Routed]:
        """One model call for many texts (the batch API and imports)."""
        version, model = self.model(org)
        with self._lock:  # the embedder's cache is not safe to clear under a concurrent encode
            preds = model.predict(texts, explain=explain,
                                  top_k=min(KEEP_RANKED, len(model.departments)))
            emb = model.embedder
            if emb is not None and len(getattr(emb, "_cache", ())) > EMBED_CACHE_MAX:
                emb.clear_cache()
            first = self._unused is model
            if first:
                self._unused = None
        if first and self.after_load is not None:
            self.after_load()
        return [Routed(version, p) for p in preds]

    def parts_many(self, org: Org, texts: list[str]) -> list[list[Part]]:
        """The parts of each text (``nlp.routing.parts``) with the current model."""
        _, model = self.model(org)
        with self._lock:
            return split_parts_many(texts, org, model)


_routers: dict[tuple[str, str], Router] = {}
_routers_lock = threading.Lock()


def router_for(settings: Settings) -> Router:
    """The process-wide Router of the store named by ``settings.routing_models``."""
    key = (str(Path(settings.routing_models).resolve()), settings.embedding.model)
    with _routers_lock:
        if key not in _routers:
            _routers[key] = Router(Path(key[0]), settings.embedding)
        return _routers[key]


def predict(*, settings: Settings, org: Org, text: str) -> Routed:
    """Route one text with the current model (RoutingInputError for an unusable text,
    ModelDirError when the stored model does not fit this org)."""
    return router_for(settings).predict(org, text)


# A batch goes through the model a chunk at a time, releasing the model lock in between, so
# single predictions (every submitted request) wait for one chunk, never for the batch: a
# 1,000-text batch held the lock for minutes and another user's submit waited 23 s.
CHUNK_TEXTS = 16
CHUNK_CHARS = 16_000


def _chunks(texts: list[str]) -> list[list[str]]:
    out: list[list[str]] = [[]]
    size = 0
    for t in texts:
        if out[-1] and (len(out[-1]) >= CHUNK_TEXTS or size + len(t) > CHUNK_CHARS):
            out.append([])
            size = 0
        out[-1].append(t)
        size += len(t)
    return out if out[0] else []


def predict_many(*, settings: Settings, org: Org, texts: list[str],
                 explain: bool = True) -> list[Routed]:
    """Route many texts, a chunk per model call (RoutingInputError names the first bad one).

    Between chunks the model lock is free and this thread yields, so other users'
    predictions interleave with a long batch instead of queueing behind all of it.
    """
    for t in texts:
        check_text(t)  # a bad text fails the batch before any work is done
    router = router_for(settings)
    out: list[Routed] = []
    for chunk in _chunks(texts):
        out += router.predict_many(org, chunk, explain=explain)
        time.sleep(0.001)  # let a thread waiting for the lock take it
    return out


def suggest_parts(*, settings: Settings, org: Org, text: str) -> list[Part]:
    """The departments a request asks for work, lead first, each with the words that ask
    it (CONTRACTS.md §2.2 ``parts``): what the collaboration form proposes as its parts.
    A request that needs one department gives one part. InvalidInput for an unusable text."""
    try:
        check_text(text)
        return router_for(settings).parts_many(org, [text])[0]
    except RoutingInputError as e:
        raise InvalidInput(str(e)) from None


def prediction_record(routed: Routed) -> dict[str, Any]:
    """What a request keeps of its prediction (JSON)."""
    p = routed.prediction
    return {
        "model_version": routed.version,
        "decision": p.decision,
        "departments": [d.model_dump() for d in p.departments],
        "secondary": list(p.secondary),
        "explanation": p.explanation.model_dump() if p.explanation else None,
        # what the auto rule read: a refit chooses the org's own rule on these outcomes
        "evidence": p.evidence.model_dump() if p.evidence else None,
    }


# ------------------------------------------------------------------------ model lifecycle


def status(*, settings: Settings, db_session: Session | None = None,
           org: Org | None = None) -> dict[str, Any]:
    """The store's current version and its metadata, the versions kept, the example count;
    ``error`` says why the current model cannot be used (e.g. the org's departments changed
    since it was trained: requests then wait in triage until a retrain)."""
    store = ModelStore(settings.routing_models)
    cur = store.current_version()
    out: dict[str, Any] = {"store": str(store.root), "current": cur,
                           "versions": store.list_versions(), "model": None, "error": None}
    if cur is not None:
        try:
            meta = read_meta(store.versions / cur)
            out["model"] = _meta_summary(meta)
            if org is not None:
                check_compatible(meta, org, f"model {cur}")
        except ModelDirError as e:
            out["error"] = str(e)
    if db_session is not None:
        out["examples"] = _example_counts(db_session)
    return out


def _meta_summary(meta: dict[str, Any]) -> dict[str, Any]:
    cv = meta.get("cv") or {}
    return {
        "trained_at": meta.get("trained_at"),
        "mode": meta.get("mode"),
        "n_examples": meta.get("n_examples"),
        "data_fingerprint": meta.get("data_fingerprint"),
        "threshold": meta.get("threshold"),
        "target_precision": meta.get("target_precision"),
        "embedder": meta.get("embedder"),
        "config": meta.get("config"),
        "threshold_basis": meta.get("threshold_basis"),
        "examples_upto": meta.get(EXAMPLES_UPTO),
        "cv": {k: cv.get(k) for k in ("folds", "on", "accuracy", "macro_f1", "auto_coverage",
                                      "auto_accuracy")} if cv else None,
    }


def _example_counts(db_session: Session) -> dict[str, int]:
    counts: dict[str, int] = {}
    for src in db_session.scalars(select(RoutingExample.source)):
        counts[src] = counts.get(src, 0) + 1
    return counts


def import_history(*, db_session: Session, org: Org, csv_text: str,
                   name: str = "history") -> int:
    """Store a history CSV's rows as labelled examples (source ``import``), all or nothing.

    Rows already stored (same text and department) are skipped, so importing the same
    file twice adds nothing. Returns how many rows were added."""
    return len(_import_rows(db_session=db_session, org=org, csv_text=csv_text, name=name))


def _import_rows(*, db_session: Session, org: Org, csv_text: str,
                 name: str) -> list[RoutingExample]:
    """The rows :func:`import_history` added (flushed, so they have ids)."""
    try:
        rows = parse_history(csv_text, org, name)
    except HistoryError as e:
        raise history_refusal(e) from None
    have = {(t, d) for t, d in db_session.execute(
        select(RoutingExample.text, RoutingExample.department))}
    added = []
    for r in rows:
        if (r.text, r.department) in have:
            continue
        have.add((r.text, r.department))
        added.append(RoutingExample(text=r.text, department=r.department, source="import",
                                    weight=r.weight))
    db_session.add_all(added)
    db_session.flush()
    return added


def examples_for_training(*, db_session: Session, org: Org) -> tuple[list[LabelledExample],
                                                                      int]:
    """Every stored example whose department still exists; and how many were skipped."""
    out, skipped = [], 0
    for ex in db_session.scalars(select(RoutingExample).order_by(RoutingExample.id)):
        if not org.has_department(ex.department) or not ex.text.strip():
            skipped += 1
            continue
        out.append(LabelledExample(text=ex.text, department=ex.department,
                                   weight=min(max(ex.weight, 0.01), 100.0)))
    return out, skipped


def retrain(*, db_session: Session, settings: Settings, org: Org,
            history_csv: str | None = None, history_name: str = "history",
            publish: bool = True, commit: Callable[[], None] | None = None) -> dict[str, Any]:
    """Train a new model version from the database's labelled examples (after importing
    ``history_csv`` into them, if given) and publish it to the store.

    The running service switches to it on its next prediction. Nothing is published when
    training fails; a bad history file is refused before anything is stored. ``commit``
    (the caller's) runs after the import and before training, so no write lock is held
    for the seconds training takes (on SQLite that would stall every other writer). When
    training or publishing then fails, the imported rows are deleted again: a failed
    retrain leaves the examples as they were."""
    added: list[int] = []
    if history_csv is not None:
        added = [r.id for r in _import_rows(db_session=db_session, org=org,
                                            csv_text=history_csv, name=history_name)]
    if commit is not None:
        commit()
    try:
        upto = _newest_example(db_session)
        examples, skipped = examples_for_training(db_session=db_session, org=org)
        model = train(org, examples, embedder=shared_embedder(settings.embedding.model,
                                                              settings.embedding),
                      target_precision=settings.routing.target_precision)
        model.info[EXAMPLES_UPTO] = upto
        store = ModelStore(settings.routing_models)
        previous = store.current_version()
        version = store.publish(model) if publish else store.add(model)
    except Exception as e:
        if added:
            db_session.rollback()  # a failed query leaves the session unusable
            db_session.execute(delete(RoutingExample).where(RoutingExample.id.in_(added)))
            if commit is not None:
                commit()
        if isinstance(e, RoutingInputError):
            raise InvalidInput(f"cannot train: {e}", key="rt_err_train",
                               args={"problem_said": str(e)}) from None
        raise
    return {"version": version, "previous": previous, "published": publish,
            "examples": len(examples), "skipped_examples": skipped,
            "model": _meta_summary(model.info)}


def rollback(*, settings: Settings) -> dict[str, Any]:
    """Make the previously published version current again (Conflict when there is none)."""
    store = ModelStore(settings.routing_models)
    before = store.current_version()
    try:
        version = store.rollback()
    except ModelDirError as e:
        raise Conflict(str(e), key="rt_err_rollback") from None
    return {"version": version, "previous": before,
            "model": _meta_summary(read_meta(store.versions / version))}


# ------------------------------------------------------------- explicit builds and learning

# The newest labelled example (RoutingExample.id) a published model has seen; the learning
# sweep refits when the table has a newer one.
EXAMPLES_UPTO = "examples_upto"


def _newest_example(db_session: Session) -> int:
    return int(db_session.scalar(select(func.max(RoutingExample.id))) or 0)


def ensure_model(*, settings: Settings, org: Org) -> dict[str, Any] | None:
    """Publish a cold-start model built from the org file unless the store already has a
    model for this org's departments; None when nothing had to be built.

    The one place a model appears without anyone asking for a training: org import (CLI,
    API, demo) and server start-up call it, so predicting only ever reads the store. The
    stored labelled examples are not used here (that would make an import take a full
    training); the learning sweep refits on them next, from this model."""
    store = ModelStore(settings.routing_models)
    with store.writer():
        cur = store.current_version()
        if cur is not None:
            try:
                check_compatible(read_meta(store.versions / cur), org, f"model {cur}")
                return None
            except ModelDirError as e:
                log.info("routing model %s does not fit the org (%s): building a cold one",
                         cur, e)
        model = train(org, [], embedder=shared_embedder(settings.embedding.model,
                                                        settings.embedding),
                      target_precision=settings.routing.target_precision)
        model.info[EXAMPLES_UPTO] = 0
        version = store.publish(model)
    log.info("routing: published cold-start model %s for %s", version, org.name)
    return {"version": version, "previous": cur, "mode": "cold"}


def outcomes(*, db_session: Session, limit: int = OUTCOME_WINDOW) -> list[Outcome]:
    """What the model said about the latest settled requests (oldest first): its top
    department's score at submission and whether a person's word (the request's labelled
    example) agreed. The evidence a refit chooses its auto-route threshold on."""
    rows = db_session.execute(
        select(RoutingExample.department, Request.routing)
        .join(Request, Request.id == RoutingExample.request_id)
        .order_by(RoutingExample.id.desc()).limit(limit))
    out = [o for dept, record in rows
           if (o := outcome_from_record(record, dept)) is not None]
    return out[::-1]


def learn(*, db_session: Session, settings: Settings, org: Org) -> dict[str, Any]:
    """Refit the current model on every labelled example when some are newer than it, and
    publish the result as a new version (as a retrain does). Seconds, not minutes: the
    last full training's hyper-parameters, no cross-validation (``nlp.routing.online``).

    Safe to call from several processes at once: one holds the store's writer lock and
    the others return at once (``reason``); whoever holds it re-reads what the current
    model has seen, so each batch of decisions gives one version."""
    store = ModelStore(settings.routing_models)

    def nothing_new() -> dict[str, Any] | None:
        cur = store.current_version()
        if cur is None:
            return {"learned": False, "reason": "no model published"}
        try:
            seen = int(read_meta(store.versions / cur).get(EXAMPLES_UPTO) or 0)
        except ModelDirError as e:
            return {"learned": False, "reason": str(e), "version": cur}
        if _newest_example(db_session) <= seen:
            return {"learned": False, "reason": "no new examples", "version": cur}
        return None

    quiet = nothing_new()  # the sweep's usual answer, without touching the lock
    if quiet is not None:
        return quiet
    with store.writer(wait=False) as held:
        if not held:
            return {"learned": False, "reason": "another process is building a model"}
        quiet = nothing_new()  # again under the lock: the holder before may have done it
        if quiet is not None:
            return quiet
        cur = store.current_version()
        newest = _newest_example(db_session)
        try:
            _, base = store.load_current(org)
        except ModelDirError as e:
            return {"learned": False, "reason": str(e), "version": cur}
        examples, skipped = examples_for_training(db_session=db_session, org=org)
        if not examples:
            return {"learned": False, "reason": "no usable examples", "version": cur}
        evidence = outcomes(db_session=db_session)
        model = refit(org, examples, base, outcomes=evidence,
                      embedder=shared_embedder(base.embedder_spec, settings.embedding),
                      target_precision=settings.routing.target_precision)
        model.info[EXAMPLES_UPTO] = newest
        version = store.publish(model)
    log.info("routing: refitted %s on %d examples (%d outcomes): %s", cur, len(examples),
             len(evidence), version)
    return {"learned": True, "version": version, "previous": cur, "examples": len(examples),
            "skipped_examples": skipped, "outcomes": len(evidence),
            "threshold": model.threshold, "threshold_basis": model.info["threshold_basis"]}
