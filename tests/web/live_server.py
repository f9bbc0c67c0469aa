"""One live server for the Chromium tests: a fresh SQLite database with the org imported,
uvicorn in a thread on a socket bound to a free 127.0.0.1 port. Each browser test module
seeds its own users and data through ``seed`` and gets the base URL; the start/stop dance
lives here once."""

from __future__ import annotations

import shutil
import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = "/usr/bin/chromium"


def bound_socket() -> socket.socket:
    """A socket bound to a free 127.0.0.1 port, handed to uvicorn as it is: asking for a
    free port and binding it later leaves a moment in which another process (the other
    pytest-xdist worker starting its own server) can take that port."""
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(("127.0.0.1", 0))
    return s


def require_chromium() -> None:
    """Skip (with the reason) where Debian's chromium is missing."""
    if not Path(CHROMIUM).exists() or shutil.which(CHROMIUM) is None:
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium)")


@contextmanager
def live_server(root: Path, org: Any, seed: Callable[[Any, Any, Any], None],
                after: Callable[[Any, Any], None] | None = None) -> Iterator[str]:
    """A running server on ``org`` after ``seed(session, settings, org)`` ran and was
    committed (then ``after(settings, org)``, e.g. the cold-start routing model); yields its
    base URL and stops it afterwards."""
    import uvicorn

    from api.app import create_app
    from dispatch.db import make_engine, make_session_factory, upgrade
    from dispatch.orgdir.service import import_org
    from dispatch.settings import Settings

    settings = Settings(env="test", data_dir=root, secret_key="browser-test-secret-0123456789",
                        cookie_secure=False)
    engine = make_engine(settings.db_url)
    upgrade(engine)
    with make_session_factory(engine)() as s:
        import_org(db_session=s, org=org, source="test")
        seed(s, settings, org)
        s.commit()
    if after is not None:
        after(settings, org)
    from dispatch.jobs.runner import JobRunner

    sock = bound_socket()
    port = sock.getsockname()[1]
    app = create_app(settings=settings, engine=engine)
    # the server records solves as jobs; a job thread does them, as `dispatch serve --jobs`
    # (the demo) or a `dispatch worker` would
    runner = JobRunner(app.state.session_factory, interval_s=0.2).start()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port,
                                           log_level="warning"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline:
            raise RuntimeError("the test server did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()
        runner.stop()
        engine.dispose()


def click_and_wait(page: Any, selector: str) -> None:
    """Click a control that submits a form and wait for the page it leads to."""
    with page.expect_navigation():
        page.click(selector)
