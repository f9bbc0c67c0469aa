"""Bad input and the reasons a plan gives for work it cannot do (or do on time)."""

from __future__ import annotations

import datetime as dt

import pytest

from models.org import parse_org
from models.plan import PlanInputError, PlanRequest, parse_plan_request
from optimizer import SolveOptions, solve_plan
from tests.optimizer.conftest import START, by_task, plan, task


def _unassigned(p) -> dict:
    return {u.task: u for u in p.unassigned}


def test_no_one_with_the_skill_in_the_department(org):
    p = plan(org, [task("T1", 4, department="ops", skills=["文案"])])
    u = _unassigned(p)["T1"]
    assert u.constraint == "skill"
    assert "ops" in u.reason and "文案" in u.reason and "borrowed" in u.reason


def test_unknown_skill(org):
    u = _unassigned(plan(org, [task("T1", 4, skills=["量子计算"])]))["T1"]
    assert u.constraint == "skill" and "量子计算" in u.reason and "organisation" in u.reason


def test_unknown_department(org):
    u = _unassigned(plan(org, [task("T1", 4, department="nope")]))["T1"]
    assert u.constraint == "department" and "nope" in u.reason


def test_department_without_staff(org):
    u = _unassigned(plan(org, [task("T1", 4, department="empty")]))["T1"]
    assert u.constraint == "department" and "no staff" in u.reason


def test_unknown_pinned_person(org):
    u = _unassigned(plan(org, [task("T1", 4, assignee="ghost")]))["T1"]
    assert u.constraint == "pin" and "ghost" in u.reason


def test_contradictory_pins(org):
    tasks = [task("skill", 4, assignee="li", skills=["活动策划"]),
             task("dept", 4, assignee="wang", department="mkt"),
             task("leave", 4, assignee="wang")]
    p = plan(org, tasks, days=2, excluded=[])  # wang works Monday only in a 2-day horizon
    u = _unassigned(p)
    assert u["skill"].constraint == "pin" and "lacks" in u["skill"].reason
    assert u["dept"].constraint == "pin" and "may not be borrowed" in u["dept"].reason
    assert "leave" not in u  # 4 h fit Monday
    leave_all = PlanRequest(start=START + dt.timedelta(days=1), horizon_days=1,
                            tasks=[task("leave", 4, assignee="wang")])
    q = solve_plan(org, leave_all, SolveOptions(time_limit=2, workers=1))
    assert q.unassigned[0].constraint == "pin" and "no working hours" in q.unassigned[0].reason


def test_pinned_to_excluded_person(org):
    u = _unassigned(plan(org, [task("T1", 4, assignee="li")], excluded=["li"]))["T1"]
    assert u.constraint == "pin" and "excluded" in u.reason


def test_everyone_qualified_full_until_after_the_due_date(org):
    tasks = [task("first", 16, assignee="zhang", due=START + dt.timedelta(days=1), priority=5),
             task("second", 8, department="mkt", skills=["活动策划"], due=START, priority=1)]
    p = plan(org, tasks)
    late = {x.task: x for x in p.late}
    assert "second" in late and late["second"].constraint == "capacity"
    assert "full until after the due date" in late["second"].reason or \
        "more important" in late["second"].reason


def test_deadline_cannot_be_met_by_anyone(org):
    p = plan(org, [task("T1", 12, assignee="wang", due=START + dt.timedelta(days=1))])
    assert p.late[0].constraint == "deadline" and "by then" in p.late[0].reason


def test_effort_larger_than_anyone_has(org):
    u = _unassigned(plan(org, [task("T1", 100, department="mkt")]))["T1"]
    assert u.constraint == "capacity" and "100 h" in u.reason


def test_due_before_start_is_planned_and_reported_late(org):
    p = plan(org, [task("T1", 4, assignee="li", due=START - dt.timedelta(days=3))])
    assert by_task(p)["T1"].late
    assert p.late[0].constraint == "deadline" and "before the plan starts" in p.late[0].reason


@pytest.mark.parametrize("bad, words", [
    ({"start": "2026-11-23", "tasks": [{"id": "T1", "effort_hours": -3}]}, "positive"),
    ({"start": "2026-11-23", "tasks": [{"id": "T1", "effort_hours": 0}]}, "positive"),
    ({"start": "2026-11-23", "tasks": [{"id": "T1"}]}, "effort_hours"),
    ({"start": "2026-11-23", "tasks": [{"id": "T1", "effort_hours": 2},
                                       {"id": "T1", "effort_hours": 2}]}, "duplicate"),
    ({"start": "2026-11-23", "tasks": [{"id": "T1", "effort_hours": 2, "priority": 9}]},
     "priority"),
    ({"start": "2026-11-23", "tasks": [{"id": "T1", "effort_hours": 2, "due": "soon"}]}, "due"),
    ({"start": "2026-11-23", "horizon_days": 0, "tasks": []}, "horizon_days"),
    # the hours left of the first day: a day's worth at most, a number (JSON's Infinity
    # reached the solver, whose rounding of it raised instead of refusing the file)
    ({"start": "2026-11-23", "start_hours_left": float("inf"), "tasks": []},
     "start_hours_left"),
    ({"start": "2026-11-23", "start_hours_left": 1e308, "tasks": []}, "start_hours_left"),
    ({"start": "2026-11-23", "start_hours_left": 25, "tasks": []}, "start_hours_left"),
    ({"tasks": []}, "start"),
    ([1, 2], "mapping"),
])
def test_bad_tasks_file_is_refused_with_a_clear_message(bad, words):
    with pytest.raises(PlanInputError) as e:
        parse_plan_request(bad, "tasks.json")
    assert words in str(e.value) and "tasks.json" in str(e.value)


def test_empty_staff_list_is_refused():
    empty = parse_org({"name": "空", "departments": [{"id": "a", "name": "A"}], "staff": []})
    req = PlanRequest(start=START, horizon_days=5, tasks=[task("T1", 2)])
    with pytest.raises(PlanInputError, match="no staff"):
        solve_plan(empty, req)


def test_unknown_excluded_person_is_refused(org):
    req = PlanRequest(start=START, horizon_days=5, tasks=[task("T1", 2)], excluded=["ghost"])
    with pytest.raises(PlanInputError, match="ghost"):
        solve_plan(org, req)


def test_no_task_is_silently_dropped(org):
    tasks = [task("ok", 4, department="mkt"), task("bad", 4, department="nope"),
             task("pin", 4, assignee="ghost"), task("late", 8, assignee="li", due=START)]
    p = plan(org, tasks)
    seen = {a.task for a in p.assignments} | {u.task for u in p.unassigned}
    assert seen == {t.id for t in tasks}
    assert all(u.reason for u in p.unassigned)
