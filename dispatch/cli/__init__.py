"""The ``dispatch`` command line. Each domain registers its commands from its own module."""

from __future__ import annotations

import logging
import sys

import typer
from pydantic import ValidationError

from dispatch.cli import common

app = typer.Typer(
    name="dispatch",
    help="Meeting minutes to action items, request routing and staff allocation.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)

# Each module exposes register(app); the order here is the order of `dispatch --help`.
_MODULES = ("org", "users", "serve", "minutes", "route", "requests", "collab", "problems",
            "plan", "worker")


def _register_all() -> None:
    import importlib

    for name in _MODULES:
        importlib.import_module(f"dispatch.cli.{name}").register(app)


_register_all()


def main() -> None:
    """Entry point: user errors become one line on stderr and a non-zero exit."""
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s",
                        stream=sys.stderr)
    logging.getLogger("jieba").setLevel(logging.WARNING)  # it logs its dictionary load at DEBUG
    try:
        app()
    except common.CliError as e:
        typer.echo(f"error: {e}", err=True)
        sys.exit(1)
    except KeyboardInterrupt:
        sys.exit(130)
    except ValidationError as e:  # the settings (environment) are wrong
        problems = "; ".join(
            (".".join(str(x) for x in err.get("loc", ())) + ": " if err.get("loc") else "")
            + str(err.get("msg", "")).removeprefix("Value error, ") for err in e.errors())
        typer.echo(f"error: configuration: {problems}", err=True)
        sys.exit(1)
    except Exception as e:  # anything unforeseen: one line, the traceback only on request
        from dispatch.settings import debug_requested

        if debug_requested():
            raise
        first = (str(e).strip().splitlines() or [""])[0][:300]
        typer.echo(f"error: {type(e).__name__}: {first} (set DISPATCH_DEBUG=1 for details)",
                   err=True)
        sys.exit(1)


if __name__ == "__main__":
    main()
