"""A thread that does jobs, at a lower CPU priority than the thread that starts it.

``dispatch worker`` runs one beside its delivery loop; ``dispatch serve --jobs`` (what
``dispatch demo --serve`` uses, where no worker runs) runs one inside the server process,
so a demo user still sees proposals appear."""

from __future__ import annotations

import logging
import os
import threading

from sqlalchemy.orm import Session, sessionmaker

from dispatch.jobs import service

log = logging.getLogger(__name__)

NICE = 10


def lower_priority(increment: int = NICE) -> None:
    """Lower the calling thread's CPU priority (Linux: a nice value is per thread), so the
    web server's threads win the cores while a solve runs."""
    try:
        tid = threading.get_native_id()
        os.setpriority(os.PRIO_PROCESS, tid, min(19, os.getpriority(os.PRIO_PROCESS, tid)
                                                 + increment))
    except (AttributeError, OSError):  # not Linux, or not allowed: run at normal priority
        log.info("could not lower the job thread's priority")


class JobRunner:
    def __init__(self, session_factory: sessionmaker[Session], interval_s: float = 0.5,
                 nice: int = NICE) -> None:
        self.session_factory, self.interval_s, self.nice = session_factory, interval_s, nice
        self.stopping = threading.Event()
        self.done = 0
        self.thread: threading.Thread | None = None

    def _loop(self) -> None:
        if self.nice:
            lower_priority(self.nice)
        while not self.stopping.is_set():
            try:
                n = service.drain(self.session_factory, max_jobs=20)
                self.done += n
            except Exception:  # noqa: BLE001 - e.g. the database restarting: try again
                log.exception("job runner pass failed")
                n = 0
            if not n:
                self.stopping.wait(self.interval_s)

    def start(self) -> JobRunner:
        self.thread = threading.Thread(target=self._loop, name="jobs", daemon=True)
        self.thread.start()
        return self

    def stop(self, timeout: float = 30.0) -> None:
        self.stopping.set()
        if self.thread is not None:
            self.thread.join(timeout)
