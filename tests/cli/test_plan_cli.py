"""`dispatch plan` and `benchmarks/gap.py`: the shapes of ARCHITECTURE.md §2.3 and §2.5."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from dispatch.cli import app

ROOT = Path(__file__).resolve().parents[2]

ORG = """
name: 测试公司
calendar: none
departments:
  - {id: mkt, name: 市场部}
  - {id: ops, name: 运营部}
staff:
  - {id: zhangsan, name: 张三, department: mkt, skills: [活动策划, 文案]}
  - {id: lisi, name: 李四, department: mkt, skills: [文案], hours_per_week: 20}
  - {id: wangwu, name: 王五, department: ops, skills: [仓储管理], leave: [2026-11-24]}
"""

TASKS = {"start": "2026-11-23", "horizon_days": 10, "tasks": [
    {"id": "T1", "title": "双十一复盘", "department": "mkt", "skills": ["活动策划"],
     "effort_hours": 12, "due": "2026-11-27", "priority": 3, "assignee": "zhangsan",
     "borrowable": False},
    {"id": "T2", "title": "文案", "department": "mkt", "skills": ["文案"], "effort_hours": 6},
    {"id": "T3", "title": "盘点", "department": "ops", "effort_hours": 30, "due": "2026-11-25"},
    {"id": "T9", "title": "不可能", "department": "ops", "skills": ["法务咨询"], "effort_hours": 2},
]}


def _files(tmp_path: Path, tasks: dict | str = TASKS) -> tuple[Path, Path]:
    org = tmp_path / "org.yaml"
    org.write_text(ORG, encoding="utf-8")
    t = tmp_path / "tasks.json"
    t.write_text(tasks if isinstance(tasks, str) else json.dumps(tasks, ensure_ascii=False),
                 encoding="utf-8")
    return org, t


def test_plan_json_has_the_contract_shape(tmp_path):
    org, tasks = _files(tmp_path)
    r = CliRunner().invoke(app, ["plan", "--org", str(org), "--tasks", str(tasks),
                                 "--time-limit", "3", "--json"])
    assert r.exit_code == 0, r.output
    out = json.loads(r.stdout)
    assert out["status"] in ("optimal", "feasible", "infeasible")
    a = {x["task"]: x for x in out["assignments"]}
    assert a["T1"]["staff"] == "zhangsan" and sum(a["T1"]["hours"].values()) == 12
    assert a["T1"]["finish"] <= "2026-11-27"
    assert all(isinstance(h, int | float) for x in out["assignments"] for h in x["hours"].values())
    [u] = out["unassigned"]
    assert u["task"] == "T9" and "法务咨询" in u["reason"]
    assert set(out["kpis"]) >= {"on_time_rate", "utilisation"}
    assert set(out["kpis"]["utilisation"]) == {"mkt", "ops"}
    assert 0 <= out["kpis"]["on_time_rate"] <= 1
    late = {x["task"]: x for x in out["late"]}
    assert "T3" in late and late["T3"]["reason"]  # 30 h by Wednesday, wangwu on leave Tuesday
    assert "lateness" in out["penalties"]


def test_bad_tasks_file_is_one_line_error(tmp_path):
    bad = dict(TASKS, tasks=[{"id": "T1", "effort_hours": -2}])
    org, tasks = _files(tmp_path, bad)
    r = CliRunner().invoke(app, ["plan", "--org", str(org), "--tasks", str(tasks), "--json"])
    assert r.exit_code == 1
    assert "effort_hours must be positive" in r.output and "Traceback" not in r.output


def test_broken_json_and_missing_files_are_one_line_errors(tmp_path):
    org, tasks = _files(tmp_path, "{not json")
    r = CliRunner().invoke(app, ["plan", "--org", str(org), "--tasks", str(tasks), "--json"])
    assert r.exit_code == 1 and "bad JSON" in r.output
    r = CliRunner().invoke(app, ["plan", "--org", str(tmp_path / "nope.yaml"), "--tasks",
                                 str(tasks), "--json"])
    assert r.exit_code == 1 and "no such file" in r.output


def test_gap_benchmark_prints_the_contract_array(shared_dir):
    inst = shared_dir / "data" / "public" / "gap" / "cattrysse1994" / "gap1-0"
    r = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "gap.py"), str(inst),
                        "--time-limit", "5", "--workers", "1", "--json"],
                       capture_output=True, text=True, cwd=ROOT)
    assert r.returncode == 0, r.stderr
    [x] = json.loads(r.stdout)
    assert x["instance"] == str(inst) and x["status"] in ("optimal", "feasible")
    assert x["cost"] == 261 and len(x["assignment"]) == 15
    assert all(0 <= i < 5 for i in x["assignment"]) and x["seconds"] >= 0
