"""Housekeeping sweep of the outbox: old delivery attempts and old sent messages go.

The rate limiter only looks at the last minute of attempts and dead letters stay until
someone acts on them, so pruning after ``notify_keep_days`` loses nothing anyone reads.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import delete, select
from sqlalchemy.orm import Session, sessionmaker

from dispatch.db import session_scope
from dispatch.notifications.models import DeliveryAttempt, Notification
from dispatch.notifications.service import notify_settings
from dispatch.scheduled import sweep


@sweep("notifications.prune", every_s=6 * 3600)
def prune(session_factory: sessionmaker[Session], now: dt.datetime) -> int:
    """Delete attempts and sent/digested messages older than notify_keep_days."""
    cutoff = now - dt.timedelta(days=notify_settings().notify_keep_days)
    with session_scope(session_factory) as s:
        old = (Notification.created_at < cutoff) & Notification.status.in_(("sent", "digested"))
        doomed = select(Notification.id).where(old).scalar_subquery()
        n = s.execute(delete(DeliveryAttempt).where(
            (DeliveryAttempt.at < cutoff) | DeliveryAttempt.notification_id.in_(doomed))
        ).rowcount or 0
        # members first: they point at their digest
        n += s.execute(delete(Notification).where(old, Notification.digest_id.is_not(None))
                       ).rowcount or 0
        n += s.execute(delete(Notification).where(old)).rowcount or 0
    return int(n)
