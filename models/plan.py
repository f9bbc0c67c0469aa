"""Allocation domain types (ARCHITECTURE.md §2.3): tasks to staff, the request, the plan.

A ``PlanRequest`` is what the planner is asked (tasks over a horizon, plus what a
planner adds: excluded people, the last approved plan, hours already booked); a
``Plan`` is the answer, with per-day hours, what could not be done and why, and the
cost of every named soft constraint.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from models.org import DocumentError, error_values

# Hours one task may need: about five person-years. Anything above is a typo or an attack;
# 1e999 (infinity) or NaN stored once made every later proposal fail with OverflowError.
MAX_EFFORT_HOURS = 10_000.0
EffortHours = Annotated[float, Field(gt=0, le=MAX_EFFORT_HOURS, allow_inf_nan=False)]


def check_effort(value: Any) -> float:
    """``value`` as hours of effort: a finite number in (0, MAX_EFFORT_HOURS], else ValueError.

    The one rule for effort, used by the plan types here and by every service that accepts
    hours from a form or a request body.
    """
    try:
        v = float(value)
    except (TypeError, ValueError):
        raise ValueError(f"{value!r} is not a number") from None
    if not math.isfinite(v) or not 0 < v <= MAX_EFFORT_HOURS:
        raise ValueError(f"must be positive and finite, at most {MAX_EFFORT_HOURS:g} hours; "
                         f"got {value!r}")
    return v


class PlanInputError(DocumentError):
    """A broken tasks file or request (catalogue keys ``plan_p_*``)."""


class Task(BaseModel):
    """A piece of work to staff.

    ``priority`` runs from 1 (lowest) to 5 (highest). ``effort_by_person`` lets a person
    need fewer (a senior) or more hours than ``effort_hours``; ``cost_by_person`` is a
    preference cost (lower is preferred). Both make the Generalized Assignment Problem
    a special case of the planner.
    """

    model_config = ConfigDict(extra="allow", frozen=True)

    id: str
    title: str = ""
    department: str | None = None
    skills: list[str] = Field(default_factory=list)
    effort_hours: float
    due: dt.date | None = None
    priority: int = 3
    assignee: str | None = None
    borrowable: bool = False
    effort_by_person: dict[str, float] = Field(default_factory=dict)
    cost_by_person: dict[str, int] = Field(default_factory=dict)

    @field_validator("id", mode="before")
    @classmethod
    def _id(cls, v: Any) -> str:
        s = str(v if v is not None else "").strip()
        if not s:
            raise ValueError("missing task id")
        return s

    @field_validator("skills", mode="before")
    @classmethod
    def _skills(cls, v: Any) -> list[str]:
        if v is None:
            return []
        if isinstance(v, str):
            v = [v]
        return [str(x).strip() for x in v if x is not None and str(x).strip()]

    @field_validator("department", "assignee", mode="before")
    @classmethod
    def _blank_none(cls, v: Any) -> Any:
        return None if v is None or str(v).strip() == "" else str(v).strip()

    @field_validator("effort_hours")
    @classmethod
    def _effort(cls, v: float) -> float:
        try:
            return check_effort(v)
        except ValueError as e:
            raise ValueError(f"effort_hours {e}") from None

    @field_validator("effort_by_person")
    @classmethod
    def _efforts(cls, v: dict[str, float]) -> dict[str, float]:
        out = {}
        for who, h in v.items():
            try:
                out[who] = check_effort(h)
            except ValueError as e:
                raise ValueError(f"effort_by_person[{who}] {e}") from None
        return out

    @field_validator("priority")
    @classmethod
    def _priority(cls, v: int) -> int:
        if not 1 <= v <= 5:
            raise ValueError(f"priority must be 1 (lowest) to 5 (highest), got {v}")
        return v

    def effort_for(self, staff_id: str) -> float:
        """Hours this person needs for the task."""
        return self.effort_by_person.get(staff_id, self.effort_hours)


class PlanRequest(BaseModel):
    """Tasks over a horizon of calendar days starting at ``start``.

    ``previous`` maps task id to the staff id of the last approved plan (moves cost
    something); ``excluded`` staff get nothing; ``booked`` is hours already committed
    per staff id and day (work outside this request), taken off their capacity.
    ``start_hours_left``: the hours anyone can still work on ``start`` when the plan is
    asked during that day (a plan asked at 19:00 puts nothing on it), 0–24; None: the whole
    day.
    """

    model_config = ConfigDict(extra="allow", frozen=True)

    start: dt.date
    horizon_days: int = 10
    tasks: list[Task] = Field(default_factory=list)
    previous: dict[str, str] = Field(default_factory=dict)
    excluded: list[str] = Field(default_factory=list)
    booked: dict[str, dict[dt.date, float]] = Field(default_factory=dict)
    start_hours_left: float | None = Field(None, ge=0, le=24, allow_inf_nan=False)

    @field_validator("horizon_days")
    @classmethod
    def _horizon(cls, v: int) -> int:
        if not 1 <= v <= 366:
            raise ValueError(f"horizon_days must be 1 to 366, got {v}")
        return v

    @property
    def end(self) -> dt.date:
        """Last calendar day of the horizon (included)."""
        return self.start + dt.timedelta(days=self.horizon_days - 1)

    @property
    def days(self) -> list[dt.date]:
        return [self.start + dt.timedelta(days=k) for k in range(self.horizon_days)]


class Assignment(BaseModel):
    task: str
    staff: str
    hours: dict[str, float]
    finish: dt.date
    late: bool = False


class Unassigned(BaseModel):
    task: str
    reason: str
    constraint: str


class LateTask(BaseModel):
    task: str
    staff: str
    due: dt.date
    finish: dt.date
    reason: str
    constraint: str


class Plan(BaseModel):
    """The planner's answer; ``to_contract()`` gives the JSON of ARCHITECTURE.md §2.3 (and more)."""

    status: Literal["optimal", "feasible", "infeasible"]
    assignments: list[Assignment] = Field(default_factory=list)
    unassigned: list[Unassigned] = Field(default_factory=list)
    late: list[LateTask] = Field(default_factory=list)
    on_time_rate: float = 0.0
    utilisation: dict[str, float] = Field(default_factory=dict)
    penalties: dict[str, float] = Field(default_factory=dict)
    objective: int = 0
    stats: dict[str, Any] = Field(default_factory=dict)

    def to_contract(self) -> dict[str, Any]:
        """The contract's JSON shape plus late tasks, soft-constraint costs and solver stats."""
        return {
            "status": self.status,
            "assignments": [
                {"task": a.task, "staff": a.staff, "hours": a.hours, "finish": a.finish.isoformat(),
                 "late": a.late}
                for a in self.assignments
            ],
            "unassigned": [u.model_dump(mode="json") for u in self.unassigned],
            "late": [x.model_dump(mode="json") for x in self.late],
            "kpis": {"on_time_rate": self.on_time_rate, "utilisation": self.utilisation},
            "penalties": self.penalties,
            "objective": self.objective,
            "stats": self.stats,
        }


def parse_plan_request(data: Any, file: str = "<tasks>") -> PlanRequest:
    """Validate a parsed tasks document; PlanInputError names the first bad entry."""
    if not isinstance(data, dict):
        raise PlanInputError(file, "(top level)",
                             "expected a mapping with start, horizon_days, tasks", "plan_p_top")
    if "start" not in data:
        raise PlanInputError(file, "start", "missing start date (YYYY-MM-DD)", "plan_p_no_start")
    raw_tasks = data.get("tasks")
    if raw_tasks is None:
        raw_tasks = []
    if not isinstance(raw_tasks, list):
        raise PlanInputError(file, "tasks", "expected a list of tasks", "plan_p_tasks")
    tasks: list[Task] = []
    seen: set[str] = set()
    for i, t in enumerate(raw_tasks):
        entry = f"tasks[{i}]" + (f" ({t.get('id')})" if isinstance(t, dict) and t.get("id") else "")
        if not isinstance(t, dict):
            raise PlanInputError(file, entry, "expected a mapping", "org_p_mapping")
        if "effort_hours" not in t:
            raise PlanInputError(file, entry, "missing effort_hours", "plan_p_no_effort")
        try:
            task = Task.model_validate(t)
        except ValidationError as e:
            raise PlanInputError(file, f"{entry}.{_loc(e)}", _msg(e), at=entry,
                                 pydantic=error_values(e)) from None
        if task.id in seen:
            raise PlanInputError(file, entry, f"duplicate task id {task.id!r}", "plan_p_task_twice",
                                 value=task.id)
        seen.add(task.id)
        tasks.append(task)
    try:
        return PlanRequest.model_validate({**data, "tasks": tasks})
    except ValidationError as e:
        raise PlanInputError(file, _loc(e), _msg(e), pydantic=error_values(e)) from None


def load_plan_request(path: str | Path) -> PlanRequest:
    """Read and validate a tasks file (JSON, ARCHITECTURE.md §2.3)."""
    name = str(path)
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise PlanInputError(name, "(file)", "no such file", "org_p_no_file") from None
    except (OSError, UnicodeDecodeError) as e:
        raise PlanInputError(name, "(file)", f"cannot read: {e}", "org_p_unreadable",
                             reason=str(e)) from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as e:
        raise PlanInputError(name, f"line {e.lineno}", f"bad JSON: {e.msg}", "org_p_bad_json",
                             reason=e.msg) from None
    return parse_plan_request(data, name)


def _loc(e: ValidationError) -> str:
    err = e.errors()[0]
    return ".".join(str(x) for x in err.get("loc", ())) or "(entry)"


def _msg(e: ValidationError) -> str:
    return str(e.errors()[0].get("msg", "invalid")).removeprefix("Value error, ")


class WorkItem(BaseModel):
    """Work a person already has or is about to get (e.g. an action item from minutes)."""

    model_config = ConfigDict(extra="allow", frozen=True)

    id: str
    owner: str
    effort_hours: float
    due: dt.date | None = None
    priority: int = 3
    skills: list[str] = Field(default_factory=list)
    title: str = ""

    @field_validator("effort_hours")
    @classmethod
    def _effort(cls, v: float) -> float:
        try:
            return check_effort(v)
        except ValueError as e:
            raise ValueError(f"effort_hours {e}") from None


class CapacityFinding(BaseModel):
    """Whether a new item's owner can finish it by its due date, and who could instead."""

    item: str
    owner: str
    status: Literal["ok", "overloaded", "unknown_owner"]
    finish: dt.date | None = None
    due: dt.date | None = None
    reason: str = ""
    proposal: str | None = None  # a qualified colleague who can finish it on time
    proposal_finish: dt.date | None = None


class CapacityReport(BaseModel):
    findings: list[CapacityFinding]

    @property
    def ok(self) -> bool:
        return all(f.status == "ok" for f in self.findings)
