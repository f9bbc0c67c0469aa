"""Tables of the problem log (《跨部门协作问题跟踪表》): the problem, every step of its life,
the decisions of a dispute's levels, and the digests already sent.

A problem points at what it was raised on by kind and id (a collaboration, a request, an
action item) rather than by three foreign keys: the log reads the same for all three, and
``collaboration_id`` is kept beside it for the collaboration's own views (digest, 周进展,
board). ``ProblemDigest.key`` is unique: a digest is written once per department (or
collaboration) and day however many workers run the sweep, or however often.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Date, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from dispatch.db import Base, utcnow


class Problem(Base):
    __tablename__ = "problems"

    id: Mapped[int] = mapped_column(primary_key=True)
    target_kind: Mapped[str] = mapped_column(String(20))  # collab | request | action_item
    target_id: Mapped[int] = mapped_column(Integer)
    collaboration_id: Mapped[int | None] = mapped_column(ForeignKey("collaborations.id"),
                                                         index=True)
    description: Mapped[str] = mapped_column(Text)
    departments: Mapped[list[Any]] = mapped_column(default=list)  # 涉及部门
    severity: Mapped[str] = mapped_column(String(6))  # high | medium | low
    impact: Mapped[str] = mapped_column(Text, default="")
    proposed_solution: Mapped[str] = mapped_column(Text, default="")
    responsible_department: Mapped[str] = mapped_column(String(64), index=True)
    responsible_person: Mapped[str | None] = mapped_column(String(64))
    due: Mapped[dt.date] = mapped_column(Date)
    blocks_task_id: Mapped[int | None] = mapped_column(ForeignKey("collab_tasks.id"),
                                                       index=True)
    # open → in_progress → resolved → closed
    state: Mapped[str] = mapped_column(String(12), default="open", index=True)
    resolution: Mapped[str] = mapped_column(Text, default="")
    raised_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    raised_department: Mapped[str | None] = mapped_column(String(64))
    # a dispute: 0 none, 1 协作接口人, 2 department heads, 3 committee
    dispute_level: Mapped[int] = mapped_column(Integer, default=0)
    dispute_parties: Mapped[list[Any]] = mapped_column(default=list)
    level_started_at: Mapped[dt.datetime | None]
    level_due_at: Mapped[dt.datetime | None] = mapped_column(index=True)
    disputed_at: Mapped[dt.datetime | None]
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow, index=True)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    resolved_at: Mapped[dt.datetime | None]
    closed_at: Mapped[dt.datetime | None]

    events: Mapped[list[ProblemEvent]] = relationship(
        order_by="ProblemEvent.id", cascade="all, delete-orphan")
    decisions: Mapped[list[Decision]] = relationship(
        order_by="Decision.id", cascade="all, delete-orphan")


class ProblemEvent(Base):
    """One step: who, when, which action, from which state to which, and why."""

    __tablename__ = "problem_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    problem_id: Mapped[int] = mapped_column(ForeignKey("problems.id"), index=True)
    action: Mapped[str] = mapped_column(String(20))
    from_state: Mapped[str] = mapped_column(String(12), default="")
    to_state: Mapped[str] = mapped_column(String(12), default="")
    level: Mapped[int | None] = mapped_column(Integer)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    actor_name: Mapped[str] = mapped_column(String(100))
    note: Mapped[str] = mapped_column(Text, default="")
    # a note the system wrote: its catalogue key and values (``note`` keeps the English)
    note_key: Mapped[str | None] = mapped_column(String(40))
    note_args: Mapped[dict[str, Any] | None]
    at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class Decision(Base):
    """A dispute level's decision: it resolves the problem, or sends it up (``escalate``;
    ``timeout`` when the level's deadline passed without one)."""

    __tablename__ = "problem_decisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    problem_id: Mapped[int] = mapped_column(ForeignKey("problems.id"), index=True)
    level: Mapped[int] = mapped_column(Integer)
    outcome: Mapped[str] = mapped_column(String(10))  # resolve | escalate | timeout
    text: Mapped[str] = mapped_column(Text, default="")
    by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    by_name: Mapped[str] = mapped_column(String(100))
    by_staff: Mapped[str | None] = mapped_column(String(64))
    due_at: Mapped[dt.datetime | None]
    at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class ProblemDigest(Base):
    """A digest already written: ``daily:<dept>:<day>`` or ``weekly:<collab>:<day>``."""

    __tablename__ = "problem_digests"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(120), unique=True)
    kind: Mapped[str] = mapped_column(String(10))  # daily | weekly
    day: Mapped[dt.date] = mapped_column(Date)
    items: Mapped[int] = mapped_column(Integer, default=0)
    at: Mapped[dt.datetime] = mapped_column(default=utcnow)
