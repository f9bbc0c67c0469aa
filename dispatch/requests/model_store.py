"""The model directory format and a versioned store for hot-swap and rollback.

A model directory holds ``meta.json`` (format version, trained at, data and org
fingerprints, cross-validated metrics, threshold and coverage: readable without loading
anything) and ``model.pkl`` (the fitted model). Loading checks the format version and
that the model was trained for this org's departments.

:class:`ModelStore` keeps versions side by side (``versions/<id>/``) with a ``CURRENT``
pointer and a publish log, so the service can publish a new model, poll
``current_version()`` to pick it up without a restart, and ``rollback()``.
Models are pickles: load only directories you (or your service) wrote.

This is the service's file I/O for the pure ``nlp.routing`` library (which only builds
and uses :class:`RoutingModel` objects), so it lives in ``dispatch/``. The cache of
exported ONNX sentence models, :class:`OnnxFileCache`, is here for the same reason.
"""

from __future__ import annotations

import fcntl
import json
import logging
import os
import pickle
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from models.org import Org
from nlp.routing.classifier import FORMAT_VERSION, RoutingModel, fingerprint_org
from nlp.routing.embed import Embedder

log = logging.getLogger(__name__)

META = "meta.json"
PICKLE = "model.pkl"


class ModelDirError(ValueError):
    """A model directory that cannot be used here: missing, corrupt, wrong version or org."""


def save_model(model: RoutingModel, out: str | Path) -> Path:
    """Write ``model`` to directory ``out`` atomically (an existing model there is replaced)."""
    out = Path(out)
    if out.exists() and (not out.is_dir() or (any(out.iterdir()) and not (out / META).exists())):
        raise ModelDirError(
            f"{out}: exists and is not a routing model directory; refusing to overwrite it"
        )
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))
    os.chmod(tmp, 0o755)  # mkdtemp makes it private; the service may run as another user
    try:
        with open(tmp / PICKLE, "wb") as f:
            pickle.dump(model, f, protocol=pickle.HIGHEST_PROTOCOL)
        (tmp / META).write_text(
            json.dumps(model.info, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
        )
        if out.exists():
            old = out.with_name(f".{out.name}.old")
            shutil.rmtree(old, ignore_errors=True)
            os.replace(out, old)
            os.replace(tmp, out)
            shutil.rmtree(old, ignore_errors=True)
        else:
            os.replace(tmp, out)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return out


def read_meta(model_dir: str | Path) -> dict:
    """The model's metadata (cheap: no unpickling); ModelDirError when absent or broken."""
    d = Path(model_dir)
    if not d.is_dir():
        raise ModelDirError(f"{d}: no such model directory")
    try:
        meta = json.loads((d / META).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ModelDirError(f"{d}: not a routing model directory (no {META})") from None
    except (OSError, ValueError) as e:
        raise ModelDirError(f"{d}: unreadable {META}: {e}") from None
    if not isinstance(meta, dict):
        raise ModelDirError(f"{d}: {META} is not an object")
    return meta


def check_compatible(meta: dict, org: Org | None, where: str) -> None:
    """ModelDirError unless the model's format version and org match."""
    version = meta.get("format_version")
    if version != FORMAT_VERSION:
        raise ModelDirError(
            f"{where}: model format version {version!r}, this program reads "
            f"version {FORMAT_VERSION}; retrain with `dispatch route train`"
        )
    if org is None:
        return
    if meta.get("org_name") != org.name:
        raise ModelDirError(
            f"{where}: model was trained for org {meta.get('org_name')!r}, "
            f"not {org.name!r}; retrain with this org"
        )
    want, have = list(meta.get("departments") or []), [d.id for d in org.departments]
    if want != have:
        gone = sorted(set(want) - set(have))
        new = sorted(set(have) - set(want))
        detail = "; ".join(
            x
            for x in (
                f"missing now: {', '.join(gone)}" if gone else "",
                f"new: {', '.join(new)}" if new else "",
            )
            if x
        )
        raise ModelDirError(
            f"{where}: the org's departments changed since training "
            f"({detail or 'different order'}); retrain with this org"
        )


def load_model(
    model_dir: str | Path, org: Org | None = None, *, embedder: Embedder | str | None = None
) -> RoutingModel:
    """Load a model directory, checking format version and (when given) the org.

    ``embedder`` overrides the embedding model recorded in the directory (it must be the
    same model: vectors from another one mean nothing to the classifier)."""
    d = Path(model_dir)
    meta = read_meta(d)
    check_compatible(meta, org, str(d))
    try:
        with open(d / PICKLE, "rb") as f:
            model = pickle.load(f)
    except FileNotFoundError:
        raise ModelDirError(f"{d}: {PICKLE} is missing") from None
    except Exception as e:  # noqa: BLE001 - any unpickling failure is a corrupt directory
        raise ModelDirError(f"{d}: cannot read {PICKLE}: {e}") from None
    if not isinstance(model, RoutingModel):
        raise ModelDirError(f"{d}: {PICKLE} does not hold a routing model")
    if org is not None and meta.get("org_fingerprint") != fingerprint_org(org):
        # Same departments, different descriptions or keywords: still usable, but the
        # org's new words only take effect after retraining.
        model.info = {**model.info, "org_changed_since_training": True}
    if embedder is not None:
        model.embedder = embedder if isinstance(embedder, Embedder) else Embedder(embedder)
    return model


class ModelStore:
    """Versions of the routing model under one root, with a CURRENT pointer.

    Layout: ``root/versions/<version>/`` (model directories), ``root/CURRENT`` (the id
    in use) and ``root/PUBLISHED`` (one id per line, in publish order, for rollback).
    Pointer updates are atomic renames, so a reader never sees half a change."""

    def __init__(self, root: str | Path) -> None:
        self.root = Path(root)
        self.versions = self.root / "versions"

    def _write(self, name: str, text: str) -> None:
        self.root.mkdir(parents=True, exist_ok=True)
        tmp = self.root / f".{name}.tmp"
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, self.root / name)

    @contextmanager
    def writer(self, *, wait: bool = True) -> Iterator[bool]:
        """Exclusive among the processes that build models for this store (an OS file lock,
        released when the holder dies): yields True when held, False when ``wait`` is off
        and another process holds it. Whoever holds it re-reads the store before deciding
        what to publish, so two servers or workers never build the same model twice."""
        self.root.mkdir(parents=True, exist_ok=True)
        with open(self.root / ".writer.lock", "a+b") as f:
            try:
                fcntl.flock(f, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
            except BlockingIOError:
                yield False
                return
            try:
                yield True
            finally:
                fcntl.flock(f, fcntl.LOCK_UN)

    def list_versions(self) -> list[str]:
        """Stored version ids, oldest first."""
        if not self.versions.is_dir():
            return []
        return sorted(p.name for p in self.versions.iterdir() if (p / META).exists())

    def current_version(self) -> str | None:
        """The id in use, or None before the first publish (cheap: poll it to hot-swap)."""
        try:
            v = (self.root / "CURRENT").read_text(encoding="utf-8").strip()
        except FileNotFoundError:
            return None
        return v or None

    def _published(self) -> list[str]:
        try:
            text = (self.root / "PUBLISHED").read_text(encoding="utf-8")
        except FileNotFoundError:
            return []
        return [x for x in text.split() if x]

    def add(self, model: RoutingModel) -> str:
        """Store a model as a new version without making it current; returns its id."""
        stamp = str(model.info.get("trained_at", "")).replace(":", "").replace("-", "")
        base = f"{stamp[:15] or 'model'}-{model.info.get('data_fingerprint', 'x')[:8]}"
        version, i = base, 1
        while (self.versions / version).exists():
            i += 1
            version = f"{base}-{i}"
        save_model(model, self.versions / version)
        return version

    def publish(self, version_or_model: str | RoutingModel) -> str:
        """Make a stored version (or a new model, stored first) the current one."""
        version = (
            version_or_model if isinstance(version_or_model, str) else self.add(version_or_model)
        )
        read_meta(self.versions / version)  # refuses an unknown or broken version
        log = self._published()
        self._write("PUBLISHED", "\n".join([*log, version]) + "\n")
        self._write("CURRENT", version + "\n")
        return version

    def rollback(self) -> str:
        """Go back to the version published before the current one; returns its id."""
        log = self._published()
        cur = self.current_version()
        while log and log[-1] == cur:
            log.pop()
        if not log:
            raise ModelDirError(f"{self.root}: no earlier published version to roll back to")
        prev = log[-1]
        self._write("PUBLISHED", "\n".join(log) + "\n")
        self._write("CURRENT", prev + "\n")
        return prev

    def load_current(
        self, org: Org | None = None, *, embedder: Embedder | str | None = None
    ) -> tuple[str, RoutingModel]:
        """(version, model) of the current version; ModelDirError when none is published."""
        v = self.current_version()
        if v is None:
            raise ModelDirError(f"{self.root}: no model published yet")
        return v, load_model(self.versions / v, org, embedder=embedder)


class OnnxFileCache:
    """Exported ONNX sentence models on disk, one ``<key>/model.onnx`` per model and
    exporter (the layout earlier versions wrote, so their exports are still used).

    The embedder asks for and hands over bytes (see ``nlp.routing.embed.OnnxCache``); the
    files are written here, atomically, so another process never reads half a file. A
    cache that cannot be written (read-only disk, a file in the way) is only a slower
    start: the export is kept for this process and the failure logged."""

    def __init__(self, root: str | Path) -> None:
        self.root = Path(root)

    def _path(self, key: str) -> Path:
        return self.root / key / "model.onnx"

    def load(self, key: str) -> bytes | None:
        """The stored export for ``key``, or None when there is none (or it is unreadable)."""
        try:
            return self._path(key).read_bytes()
        except OSError:
            return None

    def save(self, key: str, data: bytes) -> None:
        """Write the export for ``key`` atomically; never raises for a storage failure."""
        target = self._path(key)
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(suffix=".onnx.part", dir=target.parent)
        except OSError as e:
            log.warning("ONNX cache %s is not writable (%s); the export is kept for this "
                        "process only", self.root, e)
            return
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(data)
            os.replace(tmp, target)
        except OSError as e:
            log.warning("cannot write ONNX cache file %s (%s)", target, e)
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)
