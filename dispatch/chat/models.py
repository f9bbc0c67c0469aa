"""Tables of the chat domain.

``chat_deliveries`` makes every delivery act once: platforms retry a delivery they think
failed (Feishu up to 4 times, WeCom 3, DingTalk on timeout), and the unique key
(platform, event id) lets only the first one through. The reply is kept so that a retry
gets the same answer without acting again. ``chat_bindings`` ties a group chat to a
collaboration, so 「问题：…」 in that group knows what it is about.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from dispatch.db import Base, utcnow


class ChatDelivery(Base):
    __tablename__ = "chat_deliveries"
    __table_args__ = (UniqueConstraint("platform", "event_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    platform: Mapped[str] = mapped_column(String(16))
    event_id: Mapped[str] = mapped_column(String(128))
    kind: Mapped[str] = mapped_column(String(32))  # message | action
    staff_id: Mapped[str | None] = mapped_column(String(64))
    received_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    outcome: Mapped[dict[str, Any]]  # the neutral card answered (replayed to retries)


class ChatBinding(Base):
    __tablename__ = "chat_bindings"
    __table_args__ = (UniqueConstraint("platform", "chat_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    platform: Mapped[str] = mapped_column(String(16))
    chat_id: Mapped[str] = mapped_column(String(128))
    collaboration_id: Mapped[int] = mapped_column(ForeignKey("collaborations.id"), index=True)
    bound_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
