"""The delivery worker: claim due outbox rows, respect each bot's rate limit, send, record.

Why our own tables and a sweeper loop rather than Huey: the durable state (every message,
each try, dead letters) must live in our tables anyway so the API can show and retry it;
a Huey queue would be a second copy of that state to keep consistent (a task enqueued but
its row rolled back, or the reverse), and it cannot see *all* pending messages of one bot
at once, which is what turning a burst into a digest needs. The claim is one statement
that both databases run atomically — ``SELECT … FOR UPDATE SKIP LOCKED`` then ``UPDATE``
on PostgreSQL, a single ``UPDATE … WHERE id IN (SELECT … LIMIT n)`` on SQLite (writers are
serialised there) — so several workers never take the same row, and a worker killed in
the middle leaves rows whose lease simply expires and are claimed again.

Delivery is at-least-once with a stable message id: a worker killed after the receiver
accepted a message but before it recorded that will send it again under the same
``webhook-id`` / ``Message-ID`` / ``Idempotency-Key``, so receivers can de-duplicate.
Each outcome is committed right after its send, which keeps that window to one message.

Rate limits (per bot, counted from ``notification_attempts`` so they hold across workers
and restarts): Feishu/Lark 5/s and 100/min, DingTalk and WeCom 20/min, Slack 1/s. When
more messages are due for a bot than it may take now, they are merged into digest
messages (at most ``notify_digest_max`` items each) instead of being dropped or delayed
one by one; members point to their digest (``digest_id``). Failed tries back off
exponentially (base × 2^(n−1), capped, ±20 % jitter) or as long as Retry-After / the
platform's throttle code asks; after ``notify_max_attempts`` failures, or at once for a
permanent error (bad signature, webhook gone), a message becomes a dead letter.
"""

from __future__ import annotations

import datetime as dt
import logging
import math
import random
import time
import uuid
from collections import defaultdict
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

import httpx
from sqlalchemy import and_, event, func, or_, select, update
from sqlalchemy.orm import Session, sessionmaker

from dispatch.db import session_scope, utcnow
from dispatch.messages import message
from dispatch.notifications import apps as app_channel
from dispatch.notifications import channels as ch
from dispatch.notifications.config import RATE_LIMITS, Channels, NotifySettings
from dispatch.notifications.models import DeliveryAttempt, Notification
from dispatch.notifications.service import channels_for, notify_settings
from dispatch.orgdir.service import current_org

log = logging.getLogger(__name__)


@dataclass
class PassStats:
    """What one delivery pass did."""

    claimed: int = 0
    sent: int = 0
    failed: int = 0
    throttled: int = 0
    dead: int = 0
    digests: int = 0
    digested: int = 0
    deferred: int = 0

    def add(self, other: PassStats) -> None:
        for k in self.__dataclass_fields__:
            setattr(self, k, getattr(self, k) + getattr(other, k))

    def as_dict(self) -> dict[str, int]:
        return {k: getattr(self, k) for k in self.__dataclass_fields__}


def _relax_sqlite_sync(engine: Any) -> None:
    """``PRAGMA synchronous=NORMAL`` on the worker's SQLite connections.

    In WAL mode this still survives a crash or SIGKILL of the process (only a power loss
    may undo the last commits); it saves an fsync per commit, and the worker commits once
    per message so that a kill re-sends at most the message in flight. The worst a power
    loss can do is re-send a few messages under their original ids.
    """
    if getattr(engine, "_dispatch_sync_normal", False):
        return

    @event.listens_for(engine, "connect")
    def _sync_normal(conn: Any, _record: Any) -> None:
        cur = conn.cursor()
        cur.execute("PRAGMA synchronous=NORMAL")
        cur.close()

    engine._dispatch_sync_normal = True
    engine.dispose()  # pooled connections were opened without it


@dataclass
class Worker:
    """Delivers the outbox of one database. Safe to run several at once."""

    session_factory: sessionmaker[Session]
    settings: NotifySettings = field(default_factory=notify_settings)
    worker_id: str = field(default_factory=lambda: f"w-{uuid.uuid4().hex[:8]}")
    client: httpx.Client | None = None
    threads: int = 4
    clock: Callable[[], dt.datetime] = utcnow

    def __post_init__(self) -> None:
        engine = self.session_factory.kw.get("bind")
        if (engine is not None and engine.dialect.name == "sqlite"
                and self.settings.notify_sqlite_sync_normal):
            _relax_sqlite_sync(engine)
        if self.client is None:
            self.client = httpx.Client(timeout=self.settings.notify_http_timeout_s,
                                       follow_redirects=False)

    def close(self) -> None:
        if self.client is not None:
            self.client.close()

    # ------------------------------------------------------------------ one pass

    def run_once(self, now: dt.datetime | None = None) -> PassStats:
        """Claim up to one batch of due rows and deliver them."""
        now = now or self.clock()
        token = uuid.uuid4().hex
        lease = dt.timedelta(seconds=self.settings.notify_lease_s)
        with session_scope(self.session_factory) as s:
            org = current_org(db_session=s)
        channels = channels_for(org)  # a broken channels file stops us before claiming
        ids = self._claim(now, token, lease)
        stats = PassStats(claimed=len(ids))
        if not ids:
            return stats
        with session_scope(self.session_factory) as s:
            rows = list(s.scalars(select(Notification).where(Notification.id.in_(ids))
                                  .order_by(Notification.id)))
            s.expunge_all()
        groups: dict[str, list[Notification]] = defaultdict(list)
        for r in rows:
            groups[r.destination].append(r)
        deadline = time.monotonic() + self.settings.notify_lease_s * 0.8
        work = list(groups.items())
        if self.threads > 1 and len(work) > 1:
            with ThreadPoolExecutor(max_workers=min(self.threads, len(work))) as pool:
                results = list(pool.map(
                    lambda dg: self._group(dg[0], dg[1], channels, now, token, deadline), work))
        else:
            results = [self._group(d, g, channels, now, token, deadline) for d, g in work]
        for r in results:
            stats.add(r)
        return stats

    def drain(self, now: dt.datetime | None = None, max_passes: int = 10_000) -> PassStats:
        """Passes until nothing is due at ``now`` (for --once, tests and cron)."""
        total = PassStats()
        for _ in range(max_passes):
            st = self.run_once(now)
            total.add(st)
            if st.claimed == 0:
                break
        return total

    # ------------------------------------------------------------------ claim

    def _due(self, now: dt.datetime) -> Any:
        return or_(and_(Notification.status == "pending", Notification.next_attempt_at <= now),
                   and_(Notification.status == "sending", Notification.lease_until < now))

    def _claim(self, now: dt.datetime, token: str, lease: dt.timedelta) -> list[int]:
        limit = self.settings.notify_batch
        with session_scope(self.session_factory) as s:
            pick = (select(Notification.id).where(self._due(now))
                    .order_by(Notification.next_attempt_at, Notification.id).limit(limit))
            values = {"status": "sending", "claim_token": token, "lease_until": now + lease}
            if s.get_bind().dialect.name == "postgresql":
                ids = list(s.scalars(pick.with_for_update(skip_locked=True)))
                if not ids:
                    return []
                s.execute(update(Notification).where(Notification.id.in_(ids))
                          .values(**values).execution_options(synchronize_session=False))
            else:  # one statement: SQLite serialises writers, so two workers cannot overlap
                s.execute(update(Notification).where(Notification.id.in_(pick.scalar_subquery()),
                                                     self._due(now))
                          .values(**values).execution_options(synchronize_session=False))
        with session_scope(self.session_factory) as s:
            return list(s.scalars(select(Notification.id)
                                  .where(Notification.claim_token == token)))

    # ------------------------------------------------------------------ per destination

    def _budget(self, dest: str, kind: str, now: dt.datetime) -> tuple[float, dt.datetime]:
        """How many sends ``dest`` may take now, and when the next one frees up."""
        per_s, per_m = RATE_LIMITS.get(kind, (None, None))
        if per_s is None and per_m is None:
            return math.inf, now
        allowed, wait_until = math.inf, now
        with session_scope(self.session_factory) as s:
            for limit, window in ((per_s, 1.0), (per_m, 60.0)):
                if limit is None:
                    continue
                since = now - dt.timedelta(seconds=window)
                times = list(s.scalars(
                    select(DeliveryAttempt.at).where(DeliveryAttempt.destination == dest,
                                                     DeliveryAttempt.at > since)
                    .order_by(DeliveryAttempt.at)))
                left = limit - len(times)
                allowed = min(allowed, left)
                if left <= 0:
                    free = times[-limit] + dt.timedelta(seconds=window) if times else now
                    wait_until = max(wait_until, free)
        return allowed, wait_until

    def _group(self, dest: str, rows: list[Notification], channels: Channels,
               now: dt.datetime, token: str, deadline: float) -> PassStats:
        stats = PassStats()
        try:
            kind = rows[0].kind
            allowed, wait_until = self._budget(dest, kind, now)
            if allowed <= 0:
                self._release(rows, token, max(wait_until, now + dt.timedelta(seconds=1)))
                stats.deferred += len(rows)
                return stats
            sends: list[Notification] = rows
            if len(rows) > allowed:
                sends, digested = self._make_digests(rows, token, now, int(allowed))
                stats.digests += sum(1 for r in sends if r.digest_of)
                stats.digested += digested
                if len(sends) > allowed:
                    self._release(sends[int(allowed):], token,
                                  max(wait_until, now + dt.timedelta(seconds=1)))
                    stats.deferred += len(sends) - int(allowed)
                    sends = sends[:int(allowed)]
            for i, row in enumerate(sends):
                if time.monotonic() > deadline:  # keep well inside the lease
                    self._release(sends[i:], token, now)
                    stats.deferred += len(sends) - i
                    break
                self._send_one(row, channels, now, token, stats)
        except Exception:  # one bad destination must not stop the others
            log.exception("delivery to %s failed", dest)
        return stats

    def _make_digests(self, rows: list[Notification], token: str, now: dt.datetime,
                      allowed: int) -> tuple[list[Notification], int]:
        """Merge fresh rows into digests; rows already tried or digests stay single."""
        single = [r for r in rows if r.attempts > 0 or r.digest_of]
        fresh = [r for r in rows if not (r.attempts > 0 or r.digest_of)]
        if len(fresh) < 2:
            return rows, 0
        size = max(2, self.settings.notify_digest_max)
        # as few digests as needed, each at most `size` items of one language
        chunks: list[list[Notification]] = []
        for lang in sorted({r.lang for r in fresh}):
            same = [r for r in fresh if r.lang == lang]
            n_chunks = max(1, math.ceil(len(same) / size))
            chunks += [same[i::n_chunks] for i in range(n_chunks)]
        out = list(single)
        with session_scope(self.session_factory) as s:
            for chunk in chunks:
                chunk.sort(key=lambda r: r.id)
                first = chunk[0]
                lang = first.lang
                n = len(chunk)
                subject = message("push_digest", lang, n=n, subject=first.subject)[:300]
                mentions: dict[str, dict[str, Any]] = {}
                recips: list[str] = []
                for r in chunk:
                    for m in r.mentions:
                        mentions.setdefault(m.get("staff", ""), m)
                    recips += [x for x in r.recipients if x not in recips]
                items = [{"message_id": r.message_id, "event": r.event, "subject": r.subject,
                          "body": r.body, "link": r.link} for r in chunk]
                digest = Notification(
                    message_id="msg_" + uuid.uuid4().hex, event="digest",
                    destination=first.destination, kind=first.kind, recipients=recips,
                    mentions=list(mentions.values()), subject=subject, body="",
                    payload={"items": items}, link=None, lang=lang, status="sending",
                    claim_token=token, lease_until=first.lease_until, next_attempt_at=now,
                    digest_of=[r.id for r in chunk])
                s.add(digest)
                s.flush()
                s.execute(update(Notification).where(Notification.id.in_(digest.digest_of),
                                                     Notification.claim_token == token)
                          .values(status="digested", digest_id=digest.id, claim_token=None,
                                  lease_until=None)
                          .execution_options(synchronize_session=False))
                s.flush()
                s.expunge(digest)
                out.append(digest)
        return out, len(fresh)

    def _release(self, rows: list[Notification], token: str, when: dt.datetime) -> None:
        with session_scope(self.session_factory) as s:
            s.execute(update(Notification).where(Notification.id.in_([r.id for r in rows]),
                                                 Notification.claim_token == token)
                      .values(status="pending", claim_token=None, lease_until=None,
                              next_attempt_at=when)
                      .execution_options(synchronize_session=False))

    def _message(self, row: Notification) -> ch.Message:
        return ch.Message(message_id=row.message_id, event=row.event, subject=row.subject,
                          body=row.body, link=row.link, lang=row.lang, mentions=row.mentions,
                          recipients=row.recipients,
                          payload={} if row.digest_of else row.payload,
                          items=list(row.payload.get("items", [])) if row.digest_of else [])

    def _send_one(self, row: Notification, channels: Channels, now: dt.datetime, token: str,
                  stats: PassStats) -> None:
        try:
            out = self._attempt(row, channels)
        except Exception as e:  # noqa: BLE001 - one message must not stop the others
            # A message that cannot even be tried (a bug, a broken row) is recorded on that
            # row and dead-lettered; the rest of the batch goes on (issue 16, defect 2).
            log.exception("notification %s could not be sent", row.id)
            bots = [*channels.default, *(b for bs in channels.departments.values() for b in bs)]
            secrets = [x for b in bots for x in (b.url, b.secret)]
            out = ch.Outcome(False, error=ch._scrub(f"{type(e).__name__}: {e}", secrets),
                             permanent=True)
        self._record(row, out, now, token, stats)

    def _attempt(self, row: Notification, channels: Channels) -> ch.Outcome:
        """Build and send one row; channel code turns delivery problems into Outcomes."""
        msg = self._message(row)
        if row.kind in app_channel.KINDS:
            platform = app_channel.KINDS[row.kind]
            app = app_channel.apps_or_none(self.settings.channels_file).app(platform)
            to = row.address or row.destination.split(":", 2)[-1]  # digests keep no address
            if app is None or not app.can_send():
                return ch.Outcome(False, error=f"the {platform} app cannot send (apps.{platform}"
                                  " in the channels file)", permanent=True)
            return app_channel.send(msg, platform, app, to, self.client)  # type: ignore[arg-type]
        if row.kind == "email":
            if channels.smtp is None:
                out = ch.Outcome(False, error="no SMTP server configured (smtp: in the "
                                              "channels file)", permanent=True)
            else:
                out = ch.send_email(msg, channels.smtp, row.address or "",
                                    timeout=self.settings.notify_http_timeout_s)
        else:
            bot = channels.bot(row.destination)
            if bot is None and row.destination.startswith("unrouted:"):
                dept = row.destination.split(":", 1)[1]
                bots = channels.bots_for(None if dept == "-" else dept)
                bot = bots[0] if bots else None
            if bot is None:
                out = ch.Outcome(False, error=f"destination {row.destination} is not configured"
                                 " (channels file / org contacts)", permanent=True)
            else:
                # sign with the time of sending, not of the pass (receivers check skew)
                out = ch.deliver(msg, bot, self.client, self.clock())  # type: ignore[arg-type]
        return out

    def _backoff(self, attempts: int) -> float:
        s = self.settings
        base = min(s.notify_backoff_max_s, s.notify_backoff_base_s * 2 ** max(0, attempts - 1))
        return base * random.uniform(0.8, 1.2)

    def _record(self, row: Notification, out: ch.Outcome, now: dt.datetime, token: str,
                stats: PassStats) -> None:
        with session_scope(self.session_factory) as s:
            s.add(DeliveryAttempt(notification_id=row.id, destination=row.destination, at=now,
                                  ok=out.ok, status_code=out.status, error=out.error,
                                  worker=self.worker_id))
            cur = s.get(Notification, row.id)
            if cur is None:
                return
            if cur.claim_token != token and cur.status != "sending":
                # our lease ran out and someone else settled it; the attempt is on record
                return
            cur.last_attempt_at, cur.last_status = now, out.status
            cur.claim_token, cur.lease_until = None, None
            if out.ok:
                cur.status, cur.sent_at = "sent", now
                stats.sent += 1
                return
            cur.last_error = out.error
            if out.throttled:
                cur.throttled += 1
                cur.status = "pending"
                cur.next_attempt_at = now + dt.timedelta(seconds=max(out.retry_after or 1.0, 1.0))
                stats.throttled += 1
                return
            cur.attempts += 1
            stats.failed += 1
            if out.permanent or cur.attempts >= self.settings.notify_max_attempts:
                cur.status = "dead"
                stats.dead += 1
                log.warning("notification %s is a dead letter: %s", cur.id, out.error)
                return
            wait = max(self._backoff(cur.attempts), out.retry_after or 0.0)
            cur.status, cur.next_attempt_at = "pending", now + dt.timedelta(seconds=wait)


def pending_count(session_factory: sessionmaker[Session]) -> int:
    with session_scope(session_factory) as s:
        return int(s.scalar(select(func.count()).select_from(Notification).where(
            Notification.status.in_(("pending", "sending")))) or 0)


def serve(worker: Worker, *, once: bool = False, interval_s: float = 1.0,
          stop: Callable[[], bool] = lambda: False,
          on_pass: Callable[[dict[str, Any]], None] | None = None,
          sweep_clock: Callable[[], dt.datetime] | None = None) -> PassStats:
    """The worker loop: run due sweeps, then deliver until nothing is due; repeat.

    With ``once`` it runs every sweep, drains what is due and returns (tests, cron).
    ``sweep_clock`` is the time the sweeps see (default: the worker's clock); delivery
    always runs on the real clock.
    """
    from dispatch import scheduled
    from dispatch.registry import register_all

    register_all()
    last_run: dict[str, dt.datetime] = {}
    total = PassStats()
    while True:
        now = (sweep_clock or worker.clock)()
        swept = scheduled.run_due(worker.session_factory, now, last_run, force=once)
        st = worker.drain()
        total.add(st)
        if on_pass is not None and (st.claimed or any(swept.values())):
            on_pass({"sweeps": swept, **st.as_dict()})
        if once or stop():
            return total
        deadline = time.monotonic() + interval_s
        while time.monotonic() < deadline and not stop():
            time.sleep(min(0.1, interval_s))
