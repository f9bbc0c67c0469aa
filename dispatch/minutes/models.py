"""Tables for meetings and action items.

The uploaded file is kept byte for byte (``MeetingFile``) so nothing a user sent is lost
and extraction can be re-run; every change to an item is an ``ItemEvent``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import ForeignKey, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from dispatch.db import Base, utcnow

# draft: extracted or added, not yet confirmed; open → done | cancelled after confirmation;
# deleted: a draft the organiser removed (kept for the history).
ITEM_STATUSES = ("draft", "open", "done", "cancelled", "deleted")


class Meeting(Base):
    __tablename__ = "meetings"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str | None] = mapped_column(String(300))
    meeting_date: Mapped[dt.date | None]
    filename: Mapped[str] = mapped_column(String(300))
    format: Mapped[str] = mapped_column(String(20))
    encoding: Mapped[str | None] = mapped_column(String(40))
    attendees: Mapped[list[Any]]
    lines: Mapped[list[Any]]  # the decoded text, one entry per source line, for review
    status: Mapped[str] = mapped_column(String(20), default="draft")  # draft | confirmed
    uploaded_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    uploaded_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    confirmed_at: Mapped[dt.datetime | None]
    confirmed_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    items: Mapped[list[ActionItemRow]] = relationship(
        back_populates="meeting", order_by="ActionItemRow.id")


class MeetingFile(Base):
    __tablename__ = "meeting_files"

    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id"), primary_key=True)
    content: Mapped[bytes] = mapped_column(LargeBinary)
    sha256: Mapped[str] = mapped_column(String(64), index=True)


class ActionItemRow(Base):
    __tablename__ = "action_items"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id"), index=True)
    task: Mapped[str] = mapped_column(Text)
    owners: Mapped[list[Any]]
    owner_names: Mapped[list[Any]]
    department: Mapped[str | None] = mapped_column(String(64), index=True)
    due: Mapped[dt.date | None] = mapped_column(index=True)
    priority: Mapped[str] = mapped_column(String(10), default="normal")
    confidence: Mapped[float | None]
    source_line: Mapped[int | None]
    source_text: Mapped[str | None] = mapped_column(Text)
    origin: Mapped[str] = mapped_column(String(20), default="extracted")  # extracted | manual
    status: Mapped[str] = mapped_column(String(20), default="draft", index=True)
    effort_hours: Mapped[float | None]
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    meeting: Mapped[Meeting] = relationship(back_populates="items")
    events: Mapped[list[ItemEvent]] = relationship(back_populates="item", order_by="ItemEvent.id")


class ItemEvent(Base):
    __tablename__ = "action_item_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("action_items.id"), index=True)
    at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    actor: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    action: Mapped[str] = mapped_column(String(30))
    changes: Mapped[dict[str, Any]]
    note: Mapped[str | None] = mapped_column(Text)

    item: Mapped[ActionItemRow] = relationship(back_populates="events")
