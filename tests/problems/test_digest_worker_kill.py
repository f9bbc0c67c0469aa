"""`dispatch worker` as a real process running Friday 9 October 2026 15:00 (``--now``): the
day's digests and 周进展 are written and delivered; the worker is killed with SIGKILL while
it delivers them and started again: every digest is written once and reaches its bot once
(at most the message in flight at the kill arrives twice, under its original id)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest
import yaml
from sqlalchemy import select

from dispatch.db import make_engine, make_session_factory, session_scope, upgrade
from dispatch.notifications.models import Notification
from dispatch.problems.models import ProblemDigest
from tests.notifications.notify_support import Receiver, channels_doc, demo_org_with_contacts
from tests.problems.test_digests import seed

NOW = "2026-10-09T15:00:00+08:00"


def _env(db_url: str, channels: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DISPATCH_")}
    env.update({"DATABASE_URL": db_url, "DISPATCH_CHANNELS_FILE": str(channels),
                "DISPATCH_PUBLIC_BASE_URL": "https://dispatch.example",
                "DISPATCH_NOTIFY_LEASE_S": "2", "DISPATCH_NOTIFY_BATCH": "5"})
    return env


@pytest.mark.slow
def test_worker_killed_mid_digest_sends_each_once(tmp_path: Path) -> None:
    receiver = Receiver().start()
    try:
        db_url = f"sqlite:///{tmp_path / 'worker.sqlite3'}"
        channels = tmp_path / "channels.yaml"
        channels.write_text(yaml.safe_dump(channels_doc(receiver)), encoding="utf-8")
        engine = make_engine(db_url)
        upgrade(engine)
        factory = make_session_factory(engine)
        seed(factory, demo_org_with_contacts(), tmp_path)
        with session_scope(factory) as s:  # the start-up messages are not the subject here
            for n in s.scalars(select(Notification)):
                n.status = "sent"
        receiver.delay_s = 0.3  # slow, so the worker is still delivering at the kill
        env = _env(db_url, channels)
        cmd = [sys.executable, "-m", "dispatch", "worker"]
        # one destination at a time: one message in flight at the kill
        # --nice 0: a niced worker starves beside busy processes (see test_worker_kill)
        proc = subprocess.Popen([*cmd, "--interval", "0.2", "--threads", "1", "--nice", "0",
                                 "--now", NOW],
                                env=env,
                                cwd=tmp_path, stdout=subprocess.DEVNULL,
                                stderr=subprocess.PIPE)
        try:
            deadline = time.monotonic() + 60
            while len(receiver.hits) < 3 and time.monotonic() < deadline:
                time.sleep(0.02)
            assert len(receiver.hits) >= 3, proc.stderr.read1().decode() if proc.stderr \
                else ""
        finally:
            proc.send_signal(signal.SIGKILL)
            proc.wait(10)
        with session_scope(factory) as s:
            rows = list(s.scalars(select(Notification).where(
                Notification.event.like("problems.%_digest"))))
            assert rows and any(r.status != "sent" for r in rows)  # killed mid-delivery
        time.sleep(2.2)  # the dead worker's lease runs out
        for _ in range(2):  # started again, and once more: nothing new is written
            done = subprocess.run([*cmd, "--once", "--json", "--now", NOW], env=env,
                                  cwd=tmp_path, capture_output=True, text=True, timeout=120)
            assert done.returncode == 0, done.stderr
        with session_scope(factory) as s:
            keys = list(s.scalars(select(ProblemDigest.key)))
            rows = list(s.scalars(select(Notification).where(
                Notification.event.like("problems.%_digest"))))
        assert len(keys) == len(set(keys)) == 14  # 7 daily digests + 7 周进展
        per_dest = Counter((r.dedupe.split("|")[0], r.destination) for r in rows)
        assert {k for k, _ in per_dest} == set(keys)
        assert max(per_dest.values()) == 1
        assert Counter(r.status for r in rows).keys() <= {"sent", "digested"}
        sent_ids = {r.message_id for r in rows if r.status == "sent"}
        seen = Counter(h.message_id for h in receiver.hits)
        assert sent_ids <= set(seen)  # nothing lost
        assert sum(n - 1 for n in seen.values()) <= 1  # at most the one in flight, same id
        engine.dispose()
    finally:
        receiver.stop()
