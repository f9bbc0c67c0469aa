"""Routing files named by a path: a history CSV and a REQUESTS.jsonl (ARCHITECTURE.md §2.2).

Reading the user's disk is a side effect, so it lives here; the text goes to the pure
parsers in ``nlp.routing.history``. Errors are the parsers' :class:`HistoryError`, naming
the file as the caller gave it; nothing is half-read.
"""

from __future__ import annotations

from pathlib import Path

from models.org import Org
from models.routing import LabelledExample
from nlp.routing.history import HistoryError, parse_history, parse_requests


def read_text(path: str | Path) -> str:
    """The file's text (UTF-8 with or without BOM, else GB18030, as spreadsheets save it);
    HistoryError naming the file when it is missing, unreadable or neither encoding."""
    name = str(path)
    try:
        raw = Path(path).read_bytes()
    except FileNotFoundError:
        raise HistoryError(name, "(file)", "no such file") from None
    except OSError as e:
        raise HistoryError(name, "(file)", f"cannot read: {e.strerror or e}") from None
    for enc in ("utf-8-sig", "gb18030"):
        try:
            return raw.decode(enc)
        except UnicodeDecodeError:
            continue
    raise HistoryError(name, "(file)", "not UTF-8 or GB18030 text")


def read_history(path: str | Path, org: Org) -> list[LabelledExample]:
    """Labelled examples from a history CSV; HistoryError on the first bad row."""
    return parse_history(read_text(path), org, str(path))


def read_requests(path: str | Path) -> list[tuple[str, str]]:
    """(id, text) pairs from a REQUESTS.jsonl file; HistoryError naming the bad line."""
    return parse_requests(read_text(path), str(path))
