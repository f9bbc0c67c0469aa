"""Meeting files named by a path (``dispatch minutes extract FILE``, gold folders, benchmarks).

Reading the user's disk is a side effect, so it lives here; the bytes go to the pure
``nlp.readers.read_bytes``, which an upload calls directly (``dispatch.minutes.flows``).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from models.minutes import MeetingDocument
from nlp.readers import (
    DEFAULT_MAX_BYTES,
    FileTooLargeError,
    MinutesInputError,
    read_bytes,
    too_large_message,
)


def read_file(
    path: str | Path,
    max_bytes: int = DEFAULT_MAX_BYTES,
    today: dt.date | None = None,
    tz: dt.tzinfo | None = None,
) -> MeetingDocument:
    """Read a meeting file from disk (size checked before the whole file is loaded)."""
    p = Path(path)
    try:
        size = p.stat().st_size
    except FileNotFoundError:
        raise MinutesInputError(f"{p}: no such file") from None
    if size > max_bytes:
        raise FileTooLargeError(too_large_message(p.name, size, max_bytes))
    try:
        data = p.read_bytes()
    except OSError as e:
        raise MinutesInputError(f"{p}: cannot read: {e.strerror or e}") from None
    return read_bytes(data, p.name, max_bytes=max_bytes, today=today, tz=tz)
