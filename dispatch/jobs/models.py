"""The jobs table: one row per piece of slow work a request asked for."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from dispatch.db import Base, utcnow

# pending → running → done | failed; a running job whose lease ran out is pending again
JOB_STATUSES = ("pending", "running", "done", "failed")


class Job(Base):
    __tablename__ = "jobs"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(40))
    subject: Mapped[str | None] = mapped_column(String(64), index=True)  # e.g. meeting:12
    params: Mapped[dict[str, Any]]
    status: Mapped[str] = mapped_column(String(20), default="pending", index=True)
    # lower first: a short check someone is looking at before a long solve
    priority: Mapped[int] = mapped_column(default=5)
    result: Mapped[dict[str, Any] | None]
    error: Mapped[str | None] = mapped_column(Text)
    # a refusal's catalogue key and values (``DispatchError.key``/``args``): the error said
    # in the org's language (``service.error_said``); ``error`` keeps the English
    error_key: Mapped[str | None] = mapped_column(String(40))
    error_args: Mapped[dict[str, Any] | None]
    attempts: Mapped[int] = mapped_column(default=0)
    claim_token: Mapped[str | None] = mapped_column(String(32))
    lease_until: Mapped[dt.datetime | None]
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    started_at: Mapped[dt.datetime | None]
    finished_at: Mapped[dt.datetime | None]
