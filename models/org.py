"""The organisation directory (ARCHITECTURE.md §1): departments, people, calendar.

It is the backbone of the product: owner resolution in minutes, routing targets, the
allocation model and where notifications go all read it. Loading is all-or-nothing:
a broken file raises :class:`OrgError` naming the file, the entry and the problem.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterable
from functools import cached_property
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator
from pydantic_core import PydanticCustomError

from models.calendar import CALENDAR_KINDS, WorkCalendar, parse_dates

ID_RE = re.compile(r"^[a-z0-9_-]+$")
STAFF_ID_RE = re.compile(r"^[A-Za-z0-9_.@-]+$")


class DocumentError(ValueError):
    """A broken document (an org file, a plan request, a routing history); says which file,
    which entry and what is wrong.

    ``key`` and ``params`` name the problem in the product's catalogue
    (``dispatch.messages``: ``org_p_*``, ``plan_p_*``, ``rt_p_*``), so the caller can say it
    in the org's language (``dispatch.input_refusals``); the models stay free of the
    catalogue and of any language but the English message. A problem pydantic found carries
    its error (``params["pydantic"]``, :func:`error_values`) instead."""

    def __init__(self, file: str, entry: str, problem: str, key: str | None = None,
                 **params: Any) -> None:  # noqa: ANN401 - catalogue values
        self.file, self.entry, self.problem = file, entry, problem
        self.key, self.params = key, params
        super().__init__(f"{file}: {entry}: {problem}")


class OrgError(DocumentError):
    """A broken organisation file."""


class Department(BaseModel):
    """A department: a routing target, an allocation pool, an escalation level."""

    model_config = ConfigDict(extra="allow", frozen=True)

    id: str
    name: str
    aliases: list[str] = Field(default_factory=list)
    head: str | None = None
    description: str = ""
    keywords: list[str] = Field(default_factory=list)
    contacts: dict[str, Any] = Field(default_factory=dict)
    # 协作接口人: who receives and answers this department's part of a collaboration
    liaisons: list[str] = Field(default_factory=list)

    @field_validator("aliases", "keywords", "liaisons", mode="before")
    @classmethod
    def _list(cls, v: Any) -> list[str]:
        return _str_list(v)

    @property
    def names(self) -> list[str]:
        """Every way the text may name this department, name first."""
        return _unique([self.name, *self.aliases])


class Person(BaseModel):
    """A member of staff, with what the planner and the push channels need."""

    model_config = ConfigDict(extra="allow", frozen=True)

    id: str
    name: str
    aliases: list[str] = Field(default_factory=list)
    department: str
    title: str | None = None
    skills: list[str] = Field(default_factory=list)
    hours_per_week: float = 40
    email: str | None = None
    contacts: dict[str, Any] = Field(default_factory=dict)
    leave: list[dt.date] = Field(default_factory=list)

    @field_validator("aliases", "skills", mode="before")
    @classmethod
    def _list(cls, v: Any) -> list[str]:
        return _str_list(v)

    @field_validator("leave", mode="before")
    @classmethod
    def _leave(cls, v: Any) -> list[dt.date]:
        return sorted(parse_dates(v or [], "leave"))

    @field_validator("hours_per_week")
    @classmethod
    def _hours(cls, v: float) -> float:
        if not 0 <= v <= 168:  # its own type: the catalogue names it (``val_hours_range``)
            raise PydanticCustomError(
                "hours_range", "hours_per_week must be between 0 and 168, got {v}", {"v": v})
        return v

    @property
    def names(self) -> list[str]:
        """Every way the text may name this person, name first."""
        return _unique([self.name, *self.aliases])

    @property
    def daily_hours(self) -> float:
        """Capacity of one workday: hours_per_week / 5 (ARCHITECTURE.md §2.3)."""
        return self.hours_per_week / 5

    def on_leave(self, day: dt.date) -> bool:
        return day in self._leave_set

    @cached_property
    def _leave_set(self) -> frozenset[dt.date]:
        return frozenset(self.leave)


class Org(BaseModel):
    """A loaded, validated organisation. Lookups by id are O(1)."""

    model_config = ConfigDict(extra="allow", frozen=True)

    name: str
    timezone: str = "Asia/Shanghai"
    calendar: str = "none"
    holidays: list[dt.date] = Field(default_factory=list)
    workdays: list[dt.date] = Field(default_factory=list)
    departments: list[Department]
    staff: list[Person] = Field(default_factory=list)

    @field_validator("holidays", "workdays", mode="before")
    @classmethod
    def _dates(cls, v: Any) -> list[dt.date]:
        return sorted(parse_dates(v or [], "dates"))

    @cached_property
    def work_calendar(self) -> WorkCalendar:
        return WorkCalendar(self.calendar, frozenset(self.holidays), frozenset(self.workdays))

    @cached_property
    def _depts(self) -> dict[str, Department]:
        return {d.id: d for d in self.departments}

    @cached_property
    def _people(self) -> dict[str, Person]:
        return {p.id: p for p in self.staff}

    def department(self, dept_id: str) -> Department:
        """The department with this id; KeyError names it when unknown."""
        try:
            return self._depts[dept_id]
        except KeyError:
            raise KeyError(f"unknown department {dept_id!r}") from None

    def department_name(self, dept_id: str | None) -> str:
        """A department as people read it in a message: its name; its id when the org file
        no longer has it (a stored row outlives an org edit); "-" for none."""
        if dept_id and dept_id in self._depts:
            return self._depts[dept_id].name
        return dept_id or "-"

    def person(self, staff_id: str) -> Person:
        """The person with this id; KeyError names it when unknown."""
        try:
            return self._people[staff_id]
        except KeyError:
            raise KeyError(f"unknown staff member {staff_id!r}") from None

    def has_department(self, dept_id: str) -> bool:
        return dept_id in self._depts

    def has_person(self, staff_id: str) -> bool:
        return staff_id in self._people

    def liaisons(self, dept_id: str) -> list[str]:
        """The department's 协作接口人: its ``liaisons``, else its head, else nobody."""
        d = self.department(dept_id)
        if d.liaisons:
            return list(d.liaisons)
        return [d.head] if d.head else []

    def members(self, dept_id: str) -> list[Person]:
        return [p for p in self.staff if p.department == dept_id]

    def find_department(self, text: str) -> Department | None:
        """A department by id, name or alias (case-insensitive); None when nothing matches."""
        key = text.strip().casefold()
        if key in self._depts:
            return self._depts[key]
        for d in self.departments:
            if any(n.casefold() == key for n in d.names):
                return d
        return None

    @property
    def tz(self) -> dt.tzinfo:
        from zoneinfo import ZoneInfo

        return ZoneInfo(self.timezone)

    def today(self) -> dt.date:
        """Today in the organisation's timezone (not the server's)."""
        return dt.datetime.now(self.tz).date()


def _str_list(v: Any) -> list[str]:
    if v is None:
        return []
    if isinstance(v, str):
        return [v]
    if not isinstance(v, Iterable):
        raise ValueError(f"expected a list of strings, got {v!r}")
    return [str(x).strip() for x in v if x is not None and str(x).strip()]


def _unique(items: Iterable[str]) -> list[str]:
    seen: dict[str, None] = {}
    for x in items:
        if x and x not in seen:
            seen[x] = None
    return list(seen)


def parse_org(data: Any, file: str = "<org>") -> Org:
    """Validate an already-parsed org document; raise OrgError on the first problem."""
    if not isinstance(data, dict):
        raise OrgError(file, "(top level)", "expected a mapping with name, departments, staff",
                       "org_p_top")
    if not data.get("name"):
        raise OrgError(file, "name", "missing organisation name", "org_p_no_org_name")
    cal = data.get("calendar", "none") or "none"
    if cal not in CALENDAR_KINDS:
        raise OrgError(file, "calendar", f"unknown calendar {cal!r}; use one of {CALENDAR_KINDS}",
                       "org_p_calendar", value=str(cal), kinds=", ".join(CALENDAR_KINDS))
    tzname = data.get("timezone") or "Asia/Shanghai"
    try:
        from zoneinfo import ZoneInfo

        ZoneInfo(str(tzname))
    except Exception:
        raise OrgError(file, "timezone", f"unknown timezone {tzname!r}", "org_p_timezone",
                       value=str(tzname)) from None
    raw_depts = data.get("departments")
    if not isinstance(raw_depts, list) or not raw_depts:
        raise OrgError(file, "departments", "expected a non-empty list of departments",
                       "org_p_departments")
    raw_staff = data.get("staff") or []
    if not isinstance(raw_staff, list):
        raise OrgError(file, "staff", "expected a list of staff", "org_p_staff")

    depts: list[Department] = []
    for i, d in enumerate(raw_depts):
        entry = _entry("departments", i, d)
        if not isinstance(d, dict):
            raise OrgError(file, entry, "expected a mapping", "org_p_mapping")
        did = str(d.get("id") or "")
        if not ID_RE.match(did):
            raise OrgError(file, entry, f"id {did!r} must match [a-z0-9_-]+", "org_p_dept_id",
                           value=did)
        if any(x.id == did for x in depts):
            raise OrgError(file, entry, f"duplicate department id {did!r}", "org_p_dept_twice",
                           value=did)
        if not d.get("name"):
            raise OrgError(file, entry, "missing name", "org_p_no_name")
        depts.append(_build(Department, d, file, entry))

    dept_ids = {d.id for d in depts}
    people: list[Person] = []
    for i, p in enumerate(raw_staff):
        entry = _entry("staff", i, p)
        if not isinstance(p, dict):
            raise OrgError(file, entry, "expected a mapping", "org_p_mapping")
        pid = str(p.get("id") or "")
        if not STAFF_ID_RE.match(pid):
            raise OrgError(file, entry, f"id {pid!r} must be letters, digits, _ . @ -",
                           "org_p_staff_id", value=pid)
        if any(x.id == pid for x in people):
            raise OrgError(file, entry, f"duplicate staff id {pid!r}", "org_p_staff_twice",
                           value=pid)
        if not p.get("name"):
            raise OrgError(file, entry, "missing name", "org_p_no_name")
        dep = str(p.get("department") or "")
        if dep not in dept_ids:
            raise OrgError(file, entry, f"unknown department {dep!r}", "org_p_dept_unknown",
                           value=dep)
        people.append(_build(Person, {**p, "id": pid, "department": dep}, file, entry))

    staff_ids = {p.id for p in people}
    for i, d in enumerate(depts):
        if d.head is not None and d.head not in staff_ids:
            raise OrgError(file, _entry("departments", i, raw_depts[i]),
                           f"head {d.head!r} is not on the staff", "org_p_head", value=d.head)
        _check_liaisons(file, _entry("departments", i, raw_depts[i]), d, people)
    try:  # disputes: / problems: (the problem log's deadlines and digest times)
        from models.problems import ProblemSettings

        ProblemSettings.from_org_data(data)
    except ValueError as e:
        key = str(e).split(":", 1)[0]
        raise OrgError(file, key, str(e).split(": ", 1)[-1]) from None
    try:
        return Org.model_validate(
            {**data, "name": str(data["name"]), "timezone": str(tzname), "calendar": cal,
             "departments": depts, "staff": people}
        )
    except ValidationError as e:
        raise OrgError(file, _loc(e), _msg(e), pydantic=error_values(e)) from None


MAX_LIAISONS = 2


def _check_liaisons(file: str, entry: str, d: Department, people: list[Person]) -> None:
    """``liaisons``: 1–2 staff ids of the department's own people (a part is answered from
    inside the department that does the work); absent or empty means the head."""
    if not d.liaisons:
        return  # absent or empty: the head answers
    if len(d.liaisons) > MAX_LIAISONS:
        raise OrgError(file, f"{entry}.liaisons",
                       f"{len(d.liaisons)} people; at most {MAX_LIAISONS}",
                       "org_p_liaisons_many", n=len(d.liaisons), limit=MAX_LIAISONS)
    if len(set(d.liaisons)) != len(d.liaisons):
        raise OrgError(file, f"{entry}.liaisons", "a staff id is listed twice",
                       "org_p_liaisons_twice")
    where = {p.id: p.department for p in people}
    for sid in d.liaisons:
        if sid not in where:
            raise OrgError(file, f"{entry}.liaisons", f"{sid!r} is not on the staff",
                           "org_p_liaison_unknown", value=sid)
        if where[sid] != d.id:
            raise OrgError(file, f"{entry}.liaisons",
                           f"{sid!r} works in {where[sid]!r}, not in {d.id!r}",
                           "org_p_liaison_elsewhere", value=sid, dept=where[sid], own=d.id)


def load_org(path: str | Path) -> Org:
    """Read and validate an org file (YAML, or JSON by extension or content)."""
    p = Path(path)
    name = str(path)
    try:
        raw = p.read_bytes()
    except FileNotFoundError:
        raise OrgError(name, "(file)", "no such file", "org_p_no_file") from None
    except OSError as e:
        raise OrgError(name, "(file)", f"cannot read: {e.strerror or e}", "org_p_unreadable",
                       reason=str(e.strerror or e)) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise OrgError(name, "(file)", "not UTF-8 text", "org_p_not_utf8") from None
    if not text.strip():
        raise OrgError(name, "(file)", "the file is empty", "org_p_empty")
    try:
        data = json.loads(text) if p.suffix.lower() == ".json" else yaml.safe_load(text)
    except json.JSONDecodeError as e:
        raise OrgError(name, f"line {e.lineno}", f"bad JSON: {e.msg}", "org_p_bad_json",
                       reason=e.msg) from None
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark else "(file)"
        problem = getattr(e, "problem", None) or e
        raise OrgError(name, where, f"bad YAML: {problem}", "org_p_bad_yaml",
                       reason=str(problem)) from None
    return parse_org(data, name)


def _entry(section: str, i: int, item: Any) -> str:
    ident = item.get("id") if isinstance(item, dict) else None
    return f"{section}[{i}]" + (f" ({ident})" if ident else "")


def _build(cls: type[BaseModel], data: dict, file: str, entry: str) -> Any:
    try:
        return cls.model_validate(data)
    except ValidationError as e:
        raise OrgError(file, f"{entry}.{_loc(e)}", _msg(e), at=entry,
                       pydantic=error_values(e)) from None


def _loc(e: ValidationError) -> str:
    err = e.errors()[0]
    return ".".join(str(x) for x in err.get("loc", ())) or "(entry)"


def _msg(e: ValidationError) -> str:
    err = e.errors()[0]
    msg = str(err.get("msg", "invalid"))
    return msg.removeprefix("Value error, ")


def error_values(e: ValidationError) -> dict[str, Any]:
    """The first error as plain values (type, field, what was given, the limit's context):
    what a caller needs to say it in another language."""
    err = e.errors()[0]
    value = err.get("input")
    return {"type": str(err.get("type", "")), "field": _loc(e),
            "value": "" if value is None or isinstance(value, dict) else str(value)[:100],
            "ctx": {k: v for k, v in (err.get("ctx") or {}).items()
                    if isinstance(v, str | int | float)}}
