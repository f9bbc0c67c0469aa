"""Tables for collaboration projects (跨部门协作): the collaboration, its parts (one per
department asked), the tasks each part becomes, what happened to each part, and the
requester's ratings.

A part carries its own acknowledgement clock (``ack_due_at``, restarted on every hand-over,
counted by ``assignment_no``) so each department is timed on its own answer, exactly like a
single-department request is; the reminders and escalations of that clock live in the
follow-up system (kind ``collab_ack``).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Date, Float, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from dispatch.db import Base, utcnow


class Collaboration(Base):
    """《跨部门协作需求登记表》: what is asked, by whom, by when, and how it ended."""

    __tablename__ = "collaborations"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    background: Mapped[str] = mapped_column(Text, default="")
    goal: Mapped[str] = mapped_column(Text, default="")
    expected_outcome: Mapped[str] = mapped_column(Text, default="")
    requester_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    requester_department: Mapped[str | None] = mapped_column(String(64))
    lead_department: Mapped[str] = mapped_column(String(64))
    urgency: Mapped[str] = mapped_column(String(10), default="normal")  # normal | urgent
    milestones: Mapped[list[Any]] = mapped_column(default=list)  # [{"name", "date"}]
    due: Mapped[dt.date | None] = mapped_column(Date)
    # open → delivered (every part done) → closed (验收); reopened goes back to open
    state: Mapped[str] = mapped_column(String(12), default="open", index=True)
    proposal_id: Mapped[int | None] = mapped_column(ForeignKey("proposals.id"))
    plan_approved_at: Mapped[dt.datetime | None]
    delivered_at: Mapped[dt.datetime | None]
    closed_at: Mapped[dt.datetime | None]
    reopen_reason: Mapped[str] = mapped_column(Text, default="")
    retro_went_well: Mapped[str] = mapped_column(Text, default="")
    retro_to_change: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow, index=True)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    parts: Mapped[list[Part]] = relationship(
        back_populates="collaboration", order_by="Part.position",
        cascade="all, delete-orphan")
    tasks: Mapped[list[CollabTask]] = relationship(
        back_populates="collaboration", order_by="CollabTask.id", cascade="all, delete-orphan")
    events: Mapped[list[PartEvent]] = relationship(
        order_by="PartEvent.id", cascade="all, delete-orphan", viewonly=False)
    ratings: Mapped[list[Rating]] = relationship(order_by="Rating.id",
                                                 cascade="all, delete-orphan")


class Part(Base):
    """One department's share of a collaboration, with the span of text that asks it."""

    __tablename__ = "collab_parts"

    id: Mapped[int] = mapped_column(primary_key=True)
    collaboration_id: Mapped[int] = mapped_column(ForeignKey("collaborations.id"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    department: Mapped[str | None] = mapped_column(String(64), index=True)  # None in triage
    text: Mapped[str] = mapped_column(Text, default="")
    role: Mapped[str] = mapped_column(String(10), default="support")  # lead | support
    liaisons: Mapped[list[Any]] = mapped_column(default=list)
    # pending → accepted | returned → in_progress → done
    state: Mapped[str] = mapped_column(String(12), default="pending", index=True)
    return_reason: Mapped[str] = mapped_column(Text, default="")
    returned_by: Mapped[list[Any]] = mapped_column(default=list)
    assignment_no: Mapped[int] = mapped_column(Integer, default=0)
    assigned_at: Mapped[dt.datetime | None]
    ack_due_at: Mapped[dt.datetime | None] = mapped_column(index=True)
    acked_at: Mapped[dt.datetime | None]
    started_at: Mapped[dt.datetime | None]
    done_at: Mapped[dt.datetime | None]
    risk: Mapped[str | None] = mapped_column(String(6))  # last computed: high | medium | low

    collaboration: Mapped[Collaboration] = relationship(back_populates="parts")


class CollabTask(Base):
    """A piece of a part's work to staff; mirrored into the planner's backlog."""

    __tablename__ = "collab_tasks"

    id: Mapped[int] = mapped_column(primary_key=True)
    collaboration_id: Mapped[int] = mapped_column(ForeignKey("collaborations.id"), index=True)
    part_id: Mapped[int] = mapped_column(ForeignKey("collab_parts.id"), index=True)
    title: Mapped[str] = mapped_column(Text)
    department: Mapped[str] = mapped_column(String(64))
    effort_hours: Mapped[float] = mapped_column(Float)
    skills: Mapped[list[Any]] = mapped_column(default=list)
    milestone: Mapped[str | None] = mapped_column(String(100))
    due: Mapped[dt.date | None] = mapped_column(Date)
    done_hours: Mapped[float] = mapped_column(Float, default=0.0)
    status: Mapped[str] = mapped_column(String(12), default="open")  # open | done
    # {"R": [{"department", "person"}], "A": [...], "C": [...], "I": [...]}
    raci: Mapped[dict[str, Any]] = mapped_column(default=dict)
    work_task_id: Mapped[int | None] = mapped_column(ForeignKey("work_tasks.id"))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    collaboration: Mapped[Collaboration] = relationship(back_populates="tasks")


class PartEvent(Base):
    """One step of the collaboration's life: a part moved, a plan approved, a 验收."""

    __tablename__ = "collab_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    collaboration_id: Mapped[int] = mapped_column(ForeignKey("collaborations.id"), index=True)
    part_id: Mapped[int | None] = mapped_column(ForeignKey("collab_parts.id"))
    action: Mapped[str] = mapped_column(String(20))
    from_state: Mapped[str] = mapped_column(String(12), default="")
    to_state: Mapped[str] = mapped_column(String(12), default="")
    department: Mapped[str | None] = mapped_column(String(64))
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    actor_name: Mapped[str] = mapped_column(String(100))
    note: Mapped[str] = mapped_column(Text, default="")
    # a note the system wrote: its catalogue key and values, so a page says it in its own
    # language (``note`` keeps the English words; rows from before have only those)
    note_key: Mapped[str | None] = mapped_column(String(40))
    note_args: Mapped[dict[str, Any] | None]
    # on an answer (accept / return): whether it came within the part's ack clock
    on_time: Mapped[bool | None]
    at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class Rating(Base):
    """The requester's rating of one department's handling (1–5 and a comment)."""

    __tablename__ = "collab_ratings"
    __table_args__ = (UniqueConstraint("collaboration_id", "department",
                                       name="uq_collab_ratings_once"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    collaboration_id: Mapped[int] = mapped_column(ForeignKey("collaborations.id"), index=True)
    department: Mapped[str] = mapped_column(String(64))
    score: Mapped[int] = mapped_column(Integer)
    comment: Mapped[str] = mapped_column(Text, default="")
    by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    at: Mapped[dt.datetime] = mapped_column(default=utcnow)
