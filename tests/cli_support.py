"""`dispatch ARGS` run inside the test process, through the same entry point as the
installed command (``dispatch.cli.main``: its one-line errors and exit statuses).

A `python -m dispatch` process costs 3-4 s of CPU before it does anything (imports, the
migration check); a test of twenty commands spent more than a minute on start-ups. The
commands' contracts (one JSON document on stdout with --json, nothing on stdout and one
``error: …`` line on stderr with exit status 1) are checked here the same way. The process
boundary itself (`python -m dispatch`, settings from the environment of a new process, a
model loaded by a fresh process) stays with tests/cli/test_foundation_cli.py and
tests/requests/test_requests_cli.py, which still run real processes."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from contextlib import redirect_stderr, redirect_stdout


def run_cli(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    """Run the command with ``env`` as the whole environment, as a new process would see
    it (settings read afresh, a new database engine), and give back what a process would:
    exit status, stdout, stderr. The test process's environment and settings are restored
    afterwards."""
    import dispatch.cli.context as context
    from dispatch.cli import main
    from dispatch.settings import get_settings

    saved_env, saved_argv = dict(os.environ), sys.argv
    out, err = io.StringIO(), io.StringIO()
    code: int = 0
    os.environ.clear()
    os.environ.update(env)
    get_settings.cache_clear()
    context._factory = None
    sys.argv = ["dispatch", *args]
    try:
        with redirect_stdout(out), redirect_stderr(err):
            try:
                main()
            except SystemExit as e:
                if isinstance(e.code, int) or e.code is None:
                    code = e.code or 0
                else:  # sys.exit("message"): Python prints it and exits with 1
                    print(e.code, file=sys.stderr)
                    code = 1
    finally:
        if context._factory is not None:
            context._factory.kw["bind"].dispose()
        context._factory = None
        sys.argv = saved_argv
        os.environ.clear()
        os.environ.update(saved_env)
        get_settings.cache_clear()
    return subprocess.CompletedProcess(["dispatch", *args], code, out.getvalue(),
                                       err.getvalue())
