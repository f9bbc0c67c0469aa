"""Tables for the planner: the backlog of work, proposals, approved work items.

A proposal stores the exact request it solved (tasks, pins, exclusions, deadline changes)
and the plan it got, so any version can be re-read, compared or re-solved later.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column

from dispatch.db import Base, utcnow

PROPOSAL_STATUSES = ("draft", "approved", "rejected", "superseded")


class WorkTask(Base):
    """A piece of work to staff: from a request, an action item, or entered by a planner."""

    __tablename__ = "work_tasks"
    __table_args__ = (UniqueConstraint("source_kind", "source_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    source_kind: Mapped[str] = mapped_column(String(20))  # request | action_item | manual
    source_id: Mapped[str] = mapped_column(String(64))
    title: Mapped[str] = mapped_column(Text)
    department: Mapped[str | None] = mapped_column(String(64))
    skills: Mapped[list[Any]]
    effort_hours: Mapped[float]
    due: Mapped[dt.date | None]
    priority: Mapped[int] = mapped_column(default=3)
    assignee: Mapped[str | None] = mapped_column(String(64))  # a pin
    borrowable: Mapped[bool] = mapped_column(default=False)
    status: Mapped[str] = mapped_column(String(20), default="open")  # open | done | cancelled
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class Proposal(Base):
    __tablename__ = "proposals"

    id: Mapped[int] = mapped_column(primary_key=True)
    version: Mapped[int] = mapped_column(unique=True)
    status: Mapped[str] = mapped_column(String(20), default="draft", index=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("proposals.id"))
    start: Mapped[dt.date]
    horizon_days: Mapped[int]
    request: Mapped[dict[str, Any]]   # the PlanRequest solved, as JSON
    plan: Mapped[dict[str, Any]]      # the Plan's contract JSON plus late/penalties/stats
    # what lists show of the plan (``service.plan_summary``), so a list never reads plans
    summary: Mapped[dict[str, Any]] = mapped_column(server_default=text("'{}'"))
    changes: Mapped[list[Any]]        # the planner actions that made this version
    note: Mapped[str | None] = mapped_column(Text)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    decided_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decided_at: Mapped[dt.datetime | None]


class WorkItem(Base):
    """An approved assignment: what a person is to do, day by day."""

    __tablename__ = "work_items"

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposals.id"), index=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("work_tasks.id"), index=True)
    staff_id: Mapped[str] = mapped_column(String(64), index=True)
    hours: Mapped[dict[str, Any]]
    finish: Mapped[dt.date]
    active: Mapped[bool] = mapped_column(default=True)  # False once a later approval replaces it
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
