"""Tables: a tracked obligation (``FollowUp``) and a person's calendar feed token."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from dispatch.db import Base, utcnow

FOLLOWUP_STATUSES = ("open", "done", "cancelled")


class FollowUp(Base):
    """Something someone owes by a date: an action item, a routed request, an assignment."""

    __tablename__ = "followups"
    __table_args__ = (UniqueConstraint("kind", "ref_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(40))  # action_item | request | assignment | …
    ref_id: Mapped[str] = mapped_column(String(64))
    title: Mapped[str] = mapped_column(Text)
    owners: Mapped[list[Any]] = mapped_column(default=list)  # staff ids
    department: Mapped[str | None] = mapped_column(String(64))
    due_date: Mapped[dt.date] = mapped_column(index=True)  # the day, in the org's timezone
    due_at: Mapped[dt.datetime | None]  # an exact deadline (SLA clocks), when there is one
    link: Mapped[str | None] = mapped_column(String(1000))
    lang: Mapped[str | None] = mapped_column(String(5))
    status: Mapped[str] = mapped_column(String(12), default="open", index=True)
    remind_before_days: Mapped[int | None]  # None: the org's policy
    # stage keys already fired or skipped, e.g. "overdue@2026-10-09"
    fired: Mapped[list[Any]] = mapped_column(default=list)
    requested_due: Mapped[dt.date | None]  # an owner asked for a new date: clock stopped
    request_note: Mapped[str | None] = mapped_column(Text)
    version: Mapped[int] = mapped_column(default=1)  # bumps on reschedule (ICS SEQUENCE)
    history: Mapped[list[Any]] = mapped_column(default=list)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    closed_at: Mapped[dt.datetime | None]
    closed_by: Mapped[str | None] = mapped_column(String(100))


class FeedToken(Base):
    """A person's secret calendar-feed token (only its hash), rotated on request."""

    __tablename__ = "calendar_feed_tokens"

    staff_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
