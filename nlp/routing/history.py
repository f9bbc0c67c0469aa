"""Parsing a history CSV of past requests into labelled examples, all-or-nothing.

Columns: ``text`` and ``department`` (an id, a name or an alias of the org), optional
``weight``; any other column (an id, a date) is allowed and ignored. A bad row is named
by its line in the file and its ``id`` when there is one, and nothing is returned.

Text in, examples out: reading and decoding the files a caller names is
``dispatch.requests.files`` (``read_history`` / ``read_requests``).
"""

from __future__ import annotations

import csv
import io
from typing import Any

from models.org import DocumentError, Org
from models.routing import LabelledExample
from nlp.routing.classifier import MAX_TEXT_CHARS

REQUIRED = ("text", "department")


class HistoryError(DocumentError):
    """A history file that cannot be used (catalogue keys ``rt_p_*``); its entry is a row."""

    def __init__(self, file: str, row: str, problem: str, key: str | None = None,
                 **params: Any) -> None:  # noqa: ANN401 - catalogue values
        super().__init__(file, row, problem, key, **params)
        self.row = row


def parse_history(text: str, org: Org, name: str = "<history>") -> list[LabelledExample]:
    """Labelled examples from CSV text; HistoryError on the first bad row."""
    if not text.strip():
        raise HistoryError(name, "(file)", "the file is empty", "org_p_empty")
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff"), newline=""))
    header = [(h or "").strip().lower() for h in (reader.fieldnames or [])]
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise HistoryError(
            name,
            "header",
            f"missing column(s) {', '.join(missing)}; "
            f"found {', '.join(h for h in header if h) or 'none'} "
            "(need text and department)",
            "rt_p_header", missing=", ".join(missing),
        )
    reader.fieldnames = header
    out: list[LabelledExample] = []
    for row in reader:
        line = reader.line_num  # last physical line of the record: quoted newlines count
        rid = (row.get("id") or "").strip()
        where = f"line {line}" + (f" (id {rid})" if rid else "")
        if None in row:
            raise HistoryError(name, where, "more fields than the header has columns",
                               "rt_p_fields")
        txt = (row.get("text") or "").strip()
        dep = (row.get("department") or "").strip()
        if not txt:
            raise HistoryError(name, where, "empty text", "rt_p_no_text")
        if len(txt) > MAX_TEXT_CHARS:
            raise HistoryError(
                name, where, f"text is {len(txt):,} characters; the limit is {MAX_TEXT_CHARS:,}",
                "rt_p_long", n=len(txt), limit=MAX_TEXT_CHARS)
        if not dep:
            raise HistoryError(name, where, "empty department", "rt_p_no_dept")
        d = org.department(dep) if org.has_department(dep) else org.find_department(dep)
        if d is None:
            raise HistoryError(
                name,
                where,
                f"department {dep!r} is not in the org (use a department id, name or alias)",
                "rt_p_dept_unknown", value=dep,
            )
        weight = 1.0
        if (row.get("weight") or "").strip():
            try:
                weight = float(row["weight"])
            except ValueError:
                raise HistoryError(
                    name, where, f"weight {row['weight']!r} is not a number",
                    "rt_p_weight", value=row["weight"]) from None
            if not 0 < weight <= 100:
                raise HistoryError(name, where, f"weight {weight} must be in (0, 100]",
                                   "rt_p_weight_range", value=weight)
        out.append(LabelledExample(text=txt, department=d.id, weight=weight))
    if not out:
        raise HistoryError(name, "(file)", "no rows under the header", "rt_p_no_rows")
    return out


def parse_requests(text: str, name: str = "<requests>") -> list[tuple[str, str]]:
    """(id, text) pairs from REQUESTS.jsonl text (one ``{"id", "text"}`` per line).

    All-or-nothing: a line that is not a JSON object with a usable ``text`` raises
    HistoryError naming the line. Blank lines are skipped; a missing id becomes the line
    number."""
    import json

    from nlp.routing.classifier import RoutingInputError, check_text

    out: list[tuple[str, str]] = []
    seen: set[str] = set()
    for n, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        where = f"line {n}"
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as e:
            raise HistoryError(name, where, f"not valid JSON ({e.msg})") from None
        if not isinstance(obj, dict):
            raise HistoryError(name, where, 'expected an object like {"id": "r1", "text": "…"}')
        rid = obj.get("id")
        rid = str(n) if rid is None or rid == "" else str(rid)
        if rid in seen:
            raise HistoryError(name, where, f"duplicate id {rid!r}")
        seen.add(rid)
        try:
            text = check_text(obj.get("text"), "text")
        except RoutingInputError as e:
            raise HistoryError(name, f"{where} (id {rid})", str(e)) from None
        out.append((rid, text))
    if not out:
        raise HistoryError(name, "(file)", "no requests in the file")
    return out
