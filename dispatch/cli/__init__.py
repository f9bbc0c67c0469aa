"""The ``dispatch`` command line. Each domain registers its commands from its own module."""

from __future__ import annotations

import logging
import sys

import typer

from dispatch.cli import common

app = typer.Typer(
    name="dispatch",
    help="Meeting minutes to action items, request routing and staff allocation.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)

# Each module exposes register(app); the order here is the order of `dispatch --help`.
_MODULES = ("org", "users", "serve", "minutes", "route", "requests", "plan", "worker")


def _register_all() -> None:
    import importlib

    for name in _MODULES:
        try:
            mod = importlib.import_module(f"dispatch.cli.{name}")
        except ModuleNotFoundError as e:
            if e.name == f"dispatch.cli.{name}":
                continue  # that domain is not built yet
            raise
        mod.register(app)


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


if __name__ == "__main__":
    main()
