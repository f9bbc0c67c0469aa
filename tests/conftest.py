"""Fixtures every test package shares."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _shared_dir() -> Path | None:
    """The team's shared/ folder: beside the clone in CI, or named by DISPATCH_SHARED_DIR."""
    import os

    for cand in (os.environ.get("DISPATCH_SHARED_DIR"), ROOT.parent / "shared", ROOT / "shared"):
        if cand and (Path(cand) / "data").is_dir():
            return Path(cand)
    return None


SHARED = _shared_dir()


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """The shared/ folder with the dev sets; tests that need it skip without it."""
    if SHARED is None:
        pytest.skip("shared/ data folder not found (set DISPATCH_SHARED_DIR)")
    return SHARED
