"""A model's refusal of a document — an org file, a plan request — as the refusal people
read: the English message as the model says it, and the catalogue key and values of the
same sentence, so a Chinese organisation reads 「请求正文：staff[0] (bob)：没有编号为「zz」的
部门」 (``error.localized_message``, the pages) while the API's ``error.message`` stays.

``models`` knows no language but English: its errors (:class:`models.org.OrgError`,
:class:`models.plan.PlanInputError`) carry a catalogue ``key`` and ``params`` for the
problems they name themselves, or pydantic's error values (``params["pydantic"]``), said
here with the pages' sentences for a form field (``val_*``)."""

from __future__ import annotations

import re
from typing import Any

from dispatch.errors import DispatchError, InvalidInput
from models.org import DocumentError

_LINE = re.compile(r"line (\d+)(?: \(id (.+)\))?")


def where_said(entry: str) -> str | dict[str, Any]:
    """Where in a file, as a refusal says it: its own words for the file, its top level and
    a line (「第 3 行」); an entry's path (``staff[2] (bob)``) as written, being the file's
    keys."""
    if entry == "(top level)":
        return {"key": "org_where_top"}
    if entry == "(file)":
        return {"key": "org_where_file"}
    if entry == "header":  # a CSV's first line
        return {"key": "rt_where_header"}
    if m := _LINE.fullmatch(entry):
        if m.group(2):  # a history row with its id
            return {"key": "org_where_line_id", "args": {"line": int(m.group(1)),
                                                         "id": m.group(2)}}
        return {"key": "org_where_line", "args": {"line": int(m.group(1))}}
    return entry


def problem_said(e: DocumentError) -> str | dict[str, Any]:
    """What is wrong, as a ``*_said`` part: the model's key, else pydantic's error as the
    sentence of a form field, else the model's English (a problem it names in no other
    way)."""
    from dispatch.messages import validation_refusal

    params = {k: v for k, v in e.params.items() if k not in ("at", "pydantic")}
    if e.key:
        return {"key": e.key, "args": params, "text": e.problem}
    pydantic = e.params.get("pydantic")
    if pydantic:
        key, args = validation_refusal(pydantic["type"], pydantic["field"], pydantic["value"],
                                       pydantic["ctx"])
        return {"key": key, "args": args, "text": e.problem}
    return e.problem


def org_refusal(e: DocumentError, *, body: bool = False) -> InvalidInput:
    """An org file's problem as a 422: 「{file}：{where}：{problem}」. ``body``: the file is
    the request's body (the API, 「请求正文」), not a path."""
    return _file_refusal(e, "entry", {"key": "org_file_body"} if body else e.file,
                         e.params.get("at") or e.entry)


def history_refusal(e: DocumentError) -> InvalidInput:
    """A routing history file's problem (a retrain's ``history_csv``, ``dispatch route
    import-history``) as a 422: 「history_csv：第 2 行：部门「财务处」不在组织中」."""
    return _file_refusal(e, "row", e.file, e.entry)


def _file_refusal(e: DocumentError, where_key: str, file_said: str | dict[str, Any],
                  where: str) -> InvalidInput:
    """The one sentence of a file's problem; the API's ``details`` name the place as the
    file's kind does (an org file's ``entry``, a history's ``row``)."""
    return InvalidInput(str(e), details={where_key: e.entry, "problem": e.problem},
                        key="org_err", args={"file_said": file_said,
                                             "where_said": where_said(where),
                                             "problem_said": problem_said(e)})


def plan_refusal(e: DocumentError) -> DispatchError:
    """A plan request no plan can be made of, as a 422: 「无法排班：…」. A problem of the
    organisation or the request as a whole (``<org>``, ``<request>``) is said without
    where; one of a task, with the task's entry."""
    args: dict[str, Any] = {"problem_said": problem_said(e)}
    if e.file.startswith("<"):
        return InvalidInput(str(e), key="plan_err_input", args=args)
    args["where_said"] = where_said(e.params.get("at") or e.entry)
    return InvalidInput(str(e), key="plan_err_input_at", args=args)
