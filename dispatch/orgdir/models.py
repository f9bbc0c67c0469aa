"""Tables for the organisation directory.

The validated org document is kept whole (``OrgSnapshot``) so that unknown keys survive a
round trip and every import is auditable; departments and staff are also kept as rows so
that other tables can reference them and removed people keep their history (inactive).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from dispatch.db import Base, utcnow


class OrgSnapshot(Base):
    __tablename__ = "org_snapshots"

    id: Mapped[int] = mapped_column(primary_key=True)
    imported_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    source: Mapped[str] = mapped_column(String(500))
    fingerprint: Mapped[str] = mapped_column(String(64), index=True)
    document: Mapped[dict[str, Any]]
    changes: Mapped[dict[str, Any]]


class DepartmentRow(Base):
    __tablename__ = "departments"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    head_id: Mapped[str | None] = mapped_column(String(64))
    active: Mapped[bool] = mapped_column(default=True)


class StaffRow(Base):
    __tablename__ = "staff"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    department_id: Mapped[str] = mapped_column(ForeignKey("departments.id"), index=True)
    email: Mapped[str | None] = mapped_column(String(320))
    hours_per_week: Mapped[float] = mapped_column(default=40.0)
    active: Mapped[bool] = mapped_column(default=True)
