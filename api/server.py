"""Running the app under uvicorn, one process or several.

Why not ``uvicorn.run``: with more than one worker uvicorn binds the listening socket
itself with protocol number 0; accepted connections inherit it, asyncio then does not set
TCP_NODELAY on them, and every keep-alive request after the first waits for the client's
delayed ACK (uvicorn issue #3149, not fixed in 0.54; measured here with 2 workers: GET
/api/me p50 48 ms instead of 5 ms). :class:`TcpConfig` re-wraps the same file descriptor
as IPPROTO_TCP, which is all asyncio looks at.
"""

from __future__ import annotations

import gc
import logging
import socket
import threading
from typing import Any

import uvicorn
from uvicorn.supervisors import Multiprocess

APP = "api.server:serving_app"
WARM_UP_TEXT = "需要设计部帮忙做一套发布会海报 the printer on floor 3 is broken"
log = logging.getLogger(__name__)


def serving_app() -> Any:
    """The app as ``dispatch serve`` runs it in each server process: ``create_app`` and, in a
    background thread, the routing model and the minutes pipeline loaded before anyone asks.

    Each process loads them on first use otherwise, and that first request pays: under load
    (benchmarks/load_pg.py, 2 processes) one submit per process took 6.5-11 s and an upload
    0.7-13 s while the sentence model and jieba loaded. The thread does not hold up the
    start (/health answers at once); a request that comes first waits for the same lock."""
    from api.app import create_app

    app = create_app()
    threading.Thread(target=_warm_up, args=(app,), name="warm-up", daemon=True).start()
    if app.state.settings.serve_jobs:
        from dispatch.jobs.runner import JobRunner

        # `dispatch serve --jobs` (the demo): no worker runs, so a low-priority thread of
        # this process does the solves that requests record
        app.state.job_runner = JobRunner(app.state.session_factory).start()
    return app


def _warm_up(app: Any) -> None:
    from dispatch.db import session_scope
    from dispatch.orgdir.service import current_org
    from dispatch.requests.routing import router_for
    from nlp.minutes.extract import load_pipeline

    try:
        with session_scope(app.state.session_factory) as s:
            org = current_org(db_session=s)
        if org is None:
            return
        load_pipeline(org)
        router = router_for(app.state.settings)
        if router.store.current_version() is not None:  # never trains: that stays explicit
            router.model(org)
            # one prediction loads what the first one would (the sentence model's and the
            # tokenizer's lazy parts: 210,000 objects), so that the freeze below has them
            router.predict(org, WARM_UP_TEXT)
    except Exception:  # a warm-up that fails leaves the first request to load as before
        log.warning("warm-up failed", exc_info=True)
    finally:
        freeze_heap()
        # and so again after each version published later (the learn sweep, a retrain)
        router_for(app.state.settings).after_load = freeze_heap


def freeze_heap() -> None:
    """Move every object alive now (the models just loaded: ~900,000 objects) out of the
    garbage collector's reach.

    Why: a full (generation 2) collection walks every tracked object, and with the models
    loaded one took 400 ms on an idle core (measured on a load run's database,
    ``benchmarks/profile_endpoints.py``), holding the GIL: every request of that process
    stopped meanwhile, longer on busy cores: a p99 of seconds. Frozen objects are never
    walked again (``gc.freeze``); the models live as long as the process, and a model
    replaced later is still freed by reference counting, only a cycle in it stays. Run
    again after the first prediction of each version loaded later (``Router.after_load``):
    the full collection first then walks only what is not frozen yet (2-3 ms). It does
    not count what is frozen: ``gc.get_freeze_count`` walks the whole frozen list, 180-280
    ms at 527,000 objects."""
    gc.collect()
    gc.freeze()


class TcpConfig(uvicorn.Config):
    """uvicorn's Config whose pre-bound TCP listening socket says it is TCP."""

    def bind_socket(self) -> socket.socket:
        sock = super().bind_socket()
        if sock.family in (socket.AF_INET, socket.AF_INET6) and sock.proto == 0:
            sock = socket.socket(sock.family, sock.type, socket.IPPROTO_TCP,
                                 fileno=sock.detach())
            sock.set_inheritable(True)
        return sock


def run(*, host: str, port: int, workers: int = 1, access_log: bool = True) -> None:
    """Serve the app until interrupted; ``workers`` > 1 forks that many processes."""
    config = TcpConfig(APP, factory=True, host=host, port=port, workers=workers,
                       log_level="info", access_log=access_log)
    if workers > 1:
        Multiprocess(config, sockets=[config.bind_socket()]).run()
    else:
        uvicorn.Server(config).run()
