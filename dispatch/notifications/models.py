"""Tables of the notifications outbox.

``Notification`` is one message to one destination (a group bot, an email address, a
webhook). It is written in the caller's transaction by :func:`dispatch.notifications.
service.enqueue` and is the durable state of the delivery: the worker claims it, records
each try in ``DeliveryAttempt`` and moves it to ``sent`` or ``dead``. No secret is ever
stored here: a row names its destination by key, and the worker looks the URL and
secret up in the channels configuration when it sends.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from dispatch.db import Base, utcnow

# pending: waiting (maybe after a failed try); sending: claimed by a worker (lease);
# sent: the receiver accepted it; dead: gave up (last_error says why), retry on request;
# digested: merged into a digest row (digest_id) because the bot's rate limit was reached.
STATUSES = ("pending", "sending", "sent", "dead", "digested")


class Notification(Base):
    __tablename__ = "notifications"

    id: Mapped[int] = mapped_column(primary_key=True)
    # stable across retries: receivers de-duplicate on it (webhook-id, Message-ID, …)
    message_id: Mapped[str] = mapped_column(String(40), unique=True)
    event: Mapped[str] = mapped_column(String(80))
    destination: Mapped[str] = mapped_column(String(160), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    address: Mapped[str | None] = mapped_column(String(320))  # e-mail recipient
    recipients: Mapped[list[Any]] = mapped_column(default=list)  # staff ids
    # [{"staff": id, "name": display name, "id": platform user id or None}]
    mentions: Mapped[list[Any]] = mapped_column(default=list)
    subject: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text)
    payload: Mapped[dict[str, Any]] = mapped_column(default=dict)
    link: Mapped[str | None] = mapped_column(String(1000))
    lang: Mapped[str] = mapped_column(String(5), default="zh")
    # caller's dedupe key + destination: the same event never queues twice
    dedupe: Mapped[str | None] = mapped_column(String(300), unique=True)
    status: Mapped[str] = mapped_column(String(12), default="pending", index=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)  # failed tries
    throttled: Mapped[int] = mapped_column(Integer, default=0)  # 429 / throttle codes
    next_attempt_at: Mapped[dt.datetime] = mapped_column(default=utcnow, index=True)
    claim_token: Mapped[str | None] = mapped_column(String(40), index=True)
    lease_until: Mapped[dt.datetime | None]
    last_attempt_at: Mapped[dt.datetime | None]
    last_status: Mapped[int | None]
    last_error: Mapped[str | None] = mapped_column(Text)
    sent_at: Mapped[dt.datetime | None]
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    digest_id: Mapped[int | None] = mapped_column(ForeignKey("notifications.id"), index=True)
    digest_of: Mapped[list[Any]] = mapped_column(default=list)  # member ids, on a digest row


class DeliveryAttempt(Base):
    """One HTTP/SMTP try; also the window the per-bot rate limiter counts."""

    __tablename__ = "notification_attempts"

    id: Mapped[int] = mapped_column(primary_key=True)
    notification_id: Mapped[int] = mapped_column(ForeignKey("notifications.id"), index=True)
    destination: Mapped[str] = mapped_column(String(160), index=True)
    at: Mapped[dt.datetime] = mapped_column(default=utcnow, index=True)
    ok: Mapped[bool] = mapped_column(default=False)
    status_code: Mapped[int | None]
    error: Mapped[str | None] = mapped_column(Text)
    worker: Mapped[str | None] = mapped_column(String(80))
