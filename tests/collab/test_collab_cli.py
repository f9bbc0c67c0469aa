"""`dispatch collab …` through the command's entry point (tests/cli_support.py: in this
process, as a new process would run it): one JSON document with --json, one-line errors."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from cli_support import run_cli

from dispatch.demo import DEMO_ORG


def _run(env: dict, *args: str) -> subprocess.CompletedProcess:
    return run_cli(env, *args)


@pytest.mark.slow  # twenty commands
def test_cli_start_accept_plan_close(tmp_path: Path, demo_model_template: Path) -> None:
    env = {**os.environ, "DISPATCH_DATA_DIR": str(tmp_path), "DATABASE_URL": "",
           "DISPATCH_ENV": "test", "DISPATCH_SECRET_KEY": "cli-test-secret-0123456789"}
    # the routing model `org import` would build (the same for every test): copied in, so the
    # import finds it; building it is tests/cli/test_foundation_cli.py's to check
    shutil.copytree(demo_model_template, tmp_path / "models" / "routing")
    assert _run(env, "org", "import", str(DEMO_ORG), "--json").returncode == 0
    for name, role, staff in (("zs", "requester", "zhangsan"), ("admin", "admin", None),
                              ("hexin", "requester", "hexin")):
        args = ["users", "create", name, "--role", role] + (["--staff", staff] if staff else [])
        assert _run(env, *args).returncode == 0
    today = dt.date.today()
    due = (today + dt.timedelta(days=21)).isoformat()
    r = _run(env, "collab", "start", "--title", "新品发布会",
             "--part", "设计部:设计部出主视觉海报", "--part", "logistics:物流部派4人搬样机",
             "--lead", "logistics", "--milestone", f"发布会={due}", "--due", due,
             "--as", "zs", "--json")
    assert r.returncode == 0, r.stderr
    c = json.loads(r.stdout)
    assert [(p["department"], p["role"]) for p in c["parts"]] == \
        [("logistics", "lead"), ("design", "support")]
    cid = str(c["id"])
    # 何欣 is in design but neither its liaison nor its head: refused, one line, exit 1
    r = _run(env, "collab", "accept", cid, "design", "--as", "hexin", "--json")
    assert r.returncode == 1 and r.stdout == "" and "only its liaisons" in r.stderr
    for dept in ("design", "logistics"):
        assert _run(env, "collab", "accept", cid, dept, "--json").returncode == 0
    r = _run(env, "collab", "task", cid, "design", "--title", "主视觉海报", "--effort", "12",
             "--skill", "海报设计", "--milestone", "发布会", "--json")
    assert r.returncode == 0, r.stderr
    r = _run(env, "collab", "plan", cid, "--time-limit", "2", "--json")
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["plan"]["status"] == "draft"
    r = _run(env, "collab", "approve", cid, "--json")
    plan = json.loads(r.stdout)["plan"]
    assert plan["status"] == "approved" and len(plan["assignments"]) == 3
    r = _run(env, "collab", "raci", cid, "--json")
    assert {d["id"] for d in json.loads(r.stdout)["departments"]} == \
        {"design", "logistics", "mkt"}
    for dept in ("design", "logistics"):
        assert _run(env, "collab", "start-part", cid, dept).returncode == 0
        assert _run(env, "collab", "finish", cid, dept).returncode == 0
    r = _run(env, "collab", "done", cid, "--as", "zs", "--json")
    assert json.loads(r.stdout)["state"] == "closed"
    r = _run(env, "collab", "rate", cid, "design", "7", "--as", "zs", "--json")
    assert r.returncode == 1 and "outside 1–5" in r.stderr
    r = _run(env, "collab", "rate", cid, "design", "5", "--comment", "很好", "--as", "zs",
             "--json")
    assert json.loads(r.stdout)["closing"]["ratings"][0]["score"] == 5
    r = _run(env, "collab", "list", "--json")
    [row] = json.loads(r.stdout)
    assert row["state"] == "closed"
    r = _run(env, "collab", "start", "--title", "x", "--part", "法务部:审合同", "--as", "zs")
    assert r.returncode == 1 and "法务部" in r.stderr
