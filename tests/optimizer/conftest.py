"""A small organisation and helpers the optimizer tests share."""

from __future__ import annotations

import datetime as dt

import pytest

from models.org import Org, parse_org
from models.plan import Plan, PlanRequest, Task
from optimizer import SolveOptions, solve_plan

START = dt.date(2026, 11, 23)  # a Monday; calendar "none": Mon-Fri


@pytest.fixture
def org() -> Org:
    return parse_org({
        "name": "测试公司",
        "calendar": "none",
        "departments": [{"id": "mkt", "name": "市场部"}, {"id": "ops", "name": "运营部"},
                        {"id": "empty", "name": "空部门"}],
        "staff": [
            {"id": "zhang", "name": "张三", "department": "mkt", "skills": ["活动策划", "文案"]},
            {"id": "li", "name": "李四", "department": "mkt", "skills": ["文案"]},
            {"id": "wang", "name": "王五", "department": "ops", "skills": ["仓储管理", "活动策划"],
             "leave": ["2026-11-24"]},
            {"id": "zhao", "name": "赵六", "department": "ops", "skills": ["仓储管理"],
             "hours_per_week": 20},
        ],
    })


def task(id: str, effort: float, **kw) -> Task:
    return Task(id=id, effort_hours=effort, **kw)


def plan(org: Org, tasks: list[Task], days: int = 5, **kw) -> Plan:
    """Solve quickly with one worker; extra keywords go to the PlanRequest."""
    req = PlanRequest(start=START, horizon_days=days, tasks=tasks, **kw)
    return solve_plan(org, req, SolveOptions(time_limit=5, workers=1))


def by_task(p: Plan) -> dict:
    return {a.task: a for a in p.assignments}
