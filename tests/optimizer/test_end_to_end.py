"""End to end: generated instances are planned without a violation, checked independently."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from models.org import load_org
from models.plan import load_plan_request
from optimizer import SolveOptions, solve_plan


def _instance(shared_dir, tmp_path, *args: str):
    out = tmp_path / "inst"
    subprocess.run([sys.executable, str(shared_dir / "tools" / "gen_plan_instance.py"), str(out),
                    *args], check=True, capture_output=True)
    return out / "org.yaml", out / "tasks.json"


def _check(shared_dir, org_path, tasks_path, plan, tmp_path) -> str:
    out = tmp_path / "plan.json"
    out.write_text(json.dumps(plan.to_contract(), ensure_ascii=False), encoding="utf-8")
    r = subprocess.run([sys.executable, str(shared_dir / "tools" / "check_plan.py"),
                        str(org_path), str(tasks_path), str(out)], capture_output=True, text=True)
    assert r.returncode == 0, r.stdout
    return r.stdout.strip().splitlines()[-1]


@pytest.mark.parametrize("load, full_pairs", [("0.85", 12_000), ("1.1", 12_000), ("0.9", 0)])
def test_generated_instance_has_no_violation(shared_dir, tmp_path, load, full_pairs):
    org_path, tasks_path = _instance(shared_dir, tmp_path, "--staff", "24", "--tasks", "90",
                                     "--load", load, "--seed", "7")
    org, req = load_org(org_path), load_plan_request(tasks_path)
    # full_pairs 0 forces the large-neighbourhood search path on a small instance.
    opts = SolveOptions(time_limit=3, workers=1, full_model_max_pairs=full_pairs)
    plan = solve_plan(org, req, opts)
    summary = _check(shared_dir, org_path, tasks_path, plan, tmp_path)
    assert "violations 0" in summary
    assert plan.stats["search"] == ("ejection" if full_pairs else "tabu")
    greedy = solve_plan(org, req, SolveOptions(search=False))
    assert plan.objective <= greedy.objective
    assert len(plan.assignments) + len(plan.unassigned) == len(req.tasks)


def test_cn_calendar_holiday_gets_no_hours(tmp_path):
    from models.org import parse_org
    from models.plan import PlanRequest, Task

    org = parse_org({"name": "X", "calendar": "cn", "departments": [{"id": "a", "name": "A"}],
                     "staff": [{"id": "p", "name": "P", "department": "a"}]})
    import datetime as dt

    req = PlanRequest(start=dt.date(2025, 9, 29), horizon_days=14,
                      tasks=[Task(id="T", effort_hours=24)])
    plan = solve_plan(org, req, SolveOptions(time_limit=2, workers=1))
    days = {dt.date.fromisoformat(d) for d in plan.assignments[0].hours}
    assert not any(dt.date(2025, 10, 1) <= d <= dt.date(2025, 10, 8) for d in days)
    assert dt.date(2025, 9, 28) not in days
