"""The demo org's cold-start routing model, built once per test process and copied where a
test needs it (an in-process store, a `dispatch serve` or CLI data folder, a live server).

Building it is the product's own step (``routing.ensure_model``, which `dispatch org import`,
the import API and `dispatch serve` run): 7-15 s of CPU with its cross-validation. Every
test that only needs "the org was imported, so its model exists" gets a copy of this one
store instead of building it again; the tests about that step itself
(tests/requests/test_learning.py, tests/cli/test_foundation_cli.py) still build theirs."""

from __future__ import annotations

import shutil
import tempfile
import threading
from pathlib import Path

_LOCK = threading.Lock()
_STORE: list[Path] = []


def demo_cold_store() -> Path:
    """The store holding the demo org's cold-start model (built on first use, then kept for
    the process; read-only: copy it with :func:`copy_demo_model`)."""
    with _LOCK:
        if not _STORE:
            from dispatch.demo import DEMO_ORG
            from dispatch.requests.routing import ensure_model
            from dispatch.settings import Settings
            from models.org import load_org

            s = Settings(env="test", data_dir=Path(tempfile.mkdtemp(prefix="demo_model_")),
                         secret_key="test-secret-key-0123456789")
            ensure_model(settings=s, org=load_org(DEMO_ORG))
            _STORE.append(Path(s.routing_models))
        return _STORE[0]


def copy_demo_model(dest: Path) -> Path:
    """Put the demo org's cold-start model into the store at ``dest``, as an import of the
    demo org leaves it; returns ``dest``."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    shutil.copytree(demo_cold_store(), dest, dirs_exist_ok=True)
    return dest


def ensure_demo_model(settings, org) -> None:
    """The import's own step (``routing.ensure_model``) for ``settings``' store, which is
    first given a copy of the demo org's cold-start model: the step finds it and keeps it
    (``org`` must be the demo org or share its departments)."""
    from dispatch.requests.routing import ensure_model

    copy_demo_model(settings.routing_models)
    ensure_model(settings=settings, org=org)
