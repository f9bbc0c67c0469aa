"""When reminders and escalations fire: pure functions of a due date and the work calendar.

Policy (org file key ``escalation``, every field optional)::

    escalation:
      remind_before_days: 1      # reminder N working days before the due date (0: none)
      head_after_days: 1         # to the department head once overdue this many working days
      committee_after_days: 3    # to the committee once overdue this many working days
      committee: [wangfang, chenming]   # staff ids; default: admins linked to staff
      remind_hour: 9             # local time of day reminders go out

Stages of an obligation due on day D (all days are working days of the org calendar):

- ``before``: the N-th working day before D, at remind_hour, to the owners;
- ``due``: D itself at remind_hour when D is a working day (a due day on a holiday is
  covered by ``before`` and ``overdue``), to the owners;
- ``overdue``: the first working day after D, to the owners;
- ``escalate_head``: when the item has been overdue for X whole working days, i.e. on the
  (X+1)-th working day after D, to the department head (接口人 → 部门负责人);
- ``escalate_committee``: the same with Y, to the committee (→ 跨部门协调委员会).

With an exact deadline (``due_at``, e.g. a 24-hour response rule) ``overdue`` fires at
``due_at`` and the escalations X/Y working days later at the same local time; a time that
falls on a non-working day moves to the next working day at remind_hour. Nothing is ever
sent on a non-working day.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from models.calendar import WorkCalendar
from models.org import Org

OWNER_STAGES = ("before", "due", "overdue")
ESCALATIONS = ("escalate_head", "escalate_committee")


@dataclass(frozen=True)
class Policy:
    remind_before_days: int = 1
    head_after_days: int = 1
    committee_after_days: int = 3
    committee: tuple[str, ...] = ()
    remind_hour: int = 9

    @classmethod
    def from_org(cls, org: Org | None, committee_fallback: list[str] | None = None) -> Policy:
        """The org file's ``escalation`` mapping over the defaults; bad values raise."""
        raw: Any = ((org.model_extra or {}).get("escalation") if org is not None else None) or {}
        if not isinstance(raw, dict):
            raise ValueError("escalation: expected a mapping")
        kw: dict[str, Any] = {}
        for k in ("remind_before_days", "head_after_days", "committee_after_days",
                  "remind_hour"):
            if k in raw and raw[k] is not None:
                v = int(raw[k])
                if v < 0 or (k == "remind_hour" and v > 23):
                    raise ValueError(f"escalation.{k}: {raw[k]!r} is out of range")
                kw[k] = v
        committee = raw.get("committee")
        if committee:
            committee = [committee] if isinstance(committee, str) else list(committee)
            if org is not None:
                unknown = [c for c in committee if not org.has_person(str(c))]
                if unknown:
                    raise ValueError(f"escalation.committee: unknown staff {unknown}")
            kw["committee"] = tuple(str(c) for c in committee)
        else:
            kw["committee"] = tuple(committee_fallback or ())
        return cls(**kw)


@dataclass(frozen=True)
class Stage:
    name: str  # before | due | overdue | escalate_head | escalate_committee
    at: dt.datetime  # UTC
    working_days: int = 0  # before: days left; escalations: working days overdue
    extra: dict[str, Any] = field(default_factory=dict)

    def key(self, due: dt.date) -> str:
        """Identity of this stage for this due date: rescheduling starts a fresh set."""
        return f"{self.name}@{due.isoformat()}"


def _local(day: dt.date, hour: int, tz: dt.tzinfo) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=tz).astimezone(dt.UTC)


def _on_workday(at: dt.datetime, cal: WorkCalendar, tz: dt.tzinfo, hour: int) -> dt.datetime:
    local = at.astimezone(tz)
    if cal.is_workday(local.date()):
        return at
    return _local(cal.next_workday(local.date()), hour, tz)


def _workdays_before(cal: WorkCalendar, day: dt.date, n: int) -> dt.date:
    d = day
    for _ in range(n):
        d = cal.previous_workday(d)
    return d


def stages(due_date: dt.date, due_at: dt.datetime | None, cal: WorkCalendar, tz: dt.tzinfo,
           policy: Policy, remind_before_days: int | None = None) -> list[Stage]:
    """Every stage of an obligation, in time order."""
    h = policy.remind_hour
    n = policy.remind_before_days if remind_before_days is None else remind_before_days
    out: list[Stage] = []
    if n > 0:
        out.append(Stage("before", _local(_workdays_before(cal, due_date, n), h, tz),
                         working_days=n))
    if due_at is None:
        if cal.is_workday(due_date):
            out.append(Stage("due", _local(due_date, h, tz)))
        out.append(Stage("overdue", _local(cal.next_workday(due_date), h, tz)))
        out.append(Stage("escalate_head", _local(
            cal.add_workdays(due_date, policy.head_after_days + 1), h, tz),
            working_days=policy.head_after_days))
        out.append(Stage("escalate_committee", _local(
            cal.add_workdays(due_date, policy.committee_after_days + 1), h, tz),
            working_days=policy.committee_after_days))
    else:
        local = due_at.astimezone(tz)
        out.append(Stage("overdue", _on_workday(due_at, cal, tz, h)))
        for name, x in (("escalate_head", policy.head_after_days),
                        ("escalate_committee", policy.committee_after_days)):
            day = cal.add_workdays(local.date(), x) if x > 0 else local.date()
            out.append(Stage(name, _on_workday(
                dt.datetime.combine(day, local.timetz()).astimezone(dt.UTC), cal, tz, h),
                working_days=x))
    return sorted(out, key=lambda s: s.at)


def due_now(all_stages: list[Stage], fired: set[str], due: dt.date, now: dt.datetime
            ) -> tuple[list[Stage], list[Stage]]:
    """(to fire, to skip): of the stages that are due and not yet fired, only the latest
    owner reminder and the latest escalation go out — a sweep that was down for a week
    does not send a week of reminders at once."""
    ready = [s for s in all_stages if s.at <= now and s.key(due) not in fired]
    fire: list[Stage] = []
    skip: list[Stage] = []
    for group in (OWNER_STAGES, ESCALATIONS):
        g = [s for s in ready if s.name in group]
        if g:
            fire.append(g[-1])
            skip += g[:-1]
    return fire, skip
