"""Tables for cross-department requests: the request, its transitions, labelled examples
for the router, and SLA breach events.

A request keeps what the model said when it was routed (ranked departments, scores,
decision, model version, explanation) so a coordinator can see why, and so a later
re-route can take the next best department without asking the model again.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Date, Float, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from dispatch.db import Base, utcnow


class Request(Base):
    __tablename__ = "requests"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    text: Mapped[str] = mapped_column(Text)
    requester_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    from_department: Mapped[str | None] = mapped_column(String(64))
    expected_date: Mapped[dt.date | None] = mapped_column(Date)
    support: Mapped[str] = mapped_column(Text, default="")
    attachments: Mapped[list[Any]] = mapped_column(default=list)
    state: Mapped[str] = mapped_column(String(20), index=True)
    # the receiving department now (None while in triage)
    department: Mapped[str | None] = mapped_column(String(64), index=True)
    secondary: Mapped[list[Any]] = mapped_column(default=list)
    # {"departments": [{"id", "score"}], "decision", "model_version", "explanation"}
    routing: Mapped[dict[str, Any]] = mapped_column(default=dict)
    # departments that returned it (退单), so re-routing never sends it back there
    returned_by: Mapped[list[Any]] = mapped_column(default=list)
    # how many times it has been given to a department: each hand-over restarts the ack clock
    assignment_no: Mapped[int] = mapped_column(Integer, default=0)
    assigned_at: Mapped[dt.datetime | None]
    ack_due_at: Mapped[dt.datetime | None] = mapped_column(index=True)
    acked_at: Mapped[dt.datetime | None]
    done_at: Mapped[dt.datetime | None]
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow, index=True)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    transitions: Mapped[list[Transition]] = relationship(
        back_populates="request", order_by="Transition.id", cascade="all, delete-orphan")


class Transition(Base):
    """One step of a request's life: who moved it, when, from where to where, and why."""

    __tablename__ = "request_transitions"

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("requests.id"), index=True)
    action: Mapped[str] = mapped_column(String(20))
    from_state: Mapped[str] = mapped_column(String(20))
    to_state: Mapped[str] = mapped_column(String(20))
    # None when the system moved it (routing on submit, re-routing after a return)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    actor_name: Mapped[str] = mapped_column(String(100))
    at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    department: Mapped[str | None] = mapped_column(String(64))
    note: Mapped[str] = mapped_column(Text, default="")

    request: Mapped[Request] = relationship(back_populates="transitions")


class RoutingExample(Base):
    """A labelled example for the router: a triage decision or a receiving department's
    correction (return + re-route), or a row of an imported history."""

    __tablename__ = "routing_examples"

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int | None] = mapped_column(ForeignKey("requests.id"), index=True)
    text: Mapped[str] = mapped_column(Text)
    department: Mapped[str] = mapped_column(String(64))
    # triage | correction | accepted (a route nobody changed) | import
    source: Mapped[str] = mapped_column(String(20))
    weight: Mapped[float] = mapped_column(Float, default=1.0)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class SlaEvent(Base):
    """A breach of the SLA clock, recorded once per request, kind and hand-over."""

    __tablename__ = "request_sla_events"
    __table_args__ = (UniqueConstraint("request_id", "kind", "assignment_no",
                                       name="uq_request_sla_events_once"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("requests.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20))  # ack | resolve
    assignment_no: Mapped[int] = mapped_column(Integer)
    department: Mapped[str | None] = mapped_column(String(64))
    due_at: Mapped[dt.datetime]
    detected_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    # what the escalation system was given (e.g. a follow-up id), empty before hand-off
    handoff: Mapped[dict[str, Any]] = mapped_column(default=dict)
