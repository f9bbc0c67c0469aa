"""Importing the minutes package must not break another thread's ``import torch``.

``nlp.minutes`` imports spaCy with torch hidden (it saves two seconds on the command
line). It used to hide torch by putting ``None`` in ``sys.modules`` for the whole process:
in ``dispatch serve`` the warm-up thread imported the package while a request thread
imported torch for the routing model, and the first prediction after a start answered 500
(found by ``benchmarks/routing_api_speed.py``). A fresh interpreter, because the package
is imported once per process."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

SCRIPT = textwrap.dedent("""
    import importlib.abc, sys, threading

    seen = []

    class WatchSpacy(importlib.abc.MetaPathFinder):
        # what another thread would get from `import torch` while the package imports spaCy
        def find_spec(self, name, path, target=None):
            if name == "spacy" and not seen:
                seen.append("hidden" if "torch" in sys.modules and sys.modules["torch"] is None
                            else "importable")
            return None

    sys.meta_path.insert(0, WatchSpacy())
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)  # a request thread, alive meanwhile
    other.start()
    try:
        import nlp.minutes  # noqa: F401
    finally:
        stop.set()
    print(seen[0] if seen else "spacy already imported")
""")


def test_import_beside_a_thread_importing_torch() -> None:
    out = subprocess.run([sys.executable, "-c", SCRIPT], cwd=ROOT, capture_output=True,
                         text=True, timeout=240, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.strip() == "importable", out.stdout + out.stderr[-2000:]
