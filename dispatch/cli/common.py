"""What every CLI command shares: one JSON document on stdout, one-line errors, exit codes."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from typing import Any, NoReturn

import typer

JsonOpt = typer.Option(False, "--json", help="Print exactly one JSON document on stdout.")


class CliError(Exception):
    """An error the user can act on: printed as one line, exit status 1, no traceback."""


def fail(message: str, code: int = 1) -> NoReturn:
    """Print ``error: message`` on stderr and exit non-zero."""
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(code)


def emit(result: Any, as_json: bool, human: Callable[[Any], str] | None = None) -> None:
    """Print ``result`` as one JSON document, or as text for a person."""
    if as_json:
        sys.stdout.write(json.dumps(result, ensure_ascii=False, default=_default) + "\n")
    else:
        typer.echo(human(result) if human else json.dumps(result, ensure_ascii=False, indent=2,
                                                          default=_default))


def info(message: str) -> None:
    """Progress and logs go to stderr, so stdout stays parseable."""
    typer.echo(message, err=True)


def _default(o: Any) -> Any:
    if hasattr(o, "isoformat"):
        return o.isoformat()
    if hasattr(o, "model_dump"):
        return o.model_dump(mode="json")
    if isinstance(o, set | frozenset):
        return sorted(o)
    raise TypeError(f"not JSON serialisable: {type(o).__name__}")
