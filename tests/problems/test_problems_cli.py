"""`dispatch problems …` through the command's entry point (tests/cli_support.py: in this
process, as a new process would run it): raise on a collaboration, move, dispute up to the
committee, metrics; one JSON document with --json, one-line errors with exit status 1."""

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


@pytest.mark.slow  # a dozen commands
def test_cli_raise_dispute_decide(tmp_path: Path, demo_model_template: Path) -> None:
    env = {**os.environ, "DISPATCH_DATA_DIR": str(tmp_path), "DATABASE_URL": "",
           "DISPATCH_ENV": "test", "DISPATCH_SECRET_KEY": "cli-test-secret-0123456789"}
    # the routing model `org import` would build (the same for every test): copied in, so the
    # import finds it; building it is tests/cli/test_foundation_cli.py's to check
    shutil.copytree(demo_model_template, tmp_path / "models" / "routing")
    assert _run(env, "org", "import", str(DEMO_ORG), "--json").returncode == 0
    for name, role, staff in (("zs", "requester", "zhangsan"), ("admin", "admin", None),
                              ("hexin", "requester", "hexin"),
                              ("linxue", "requester", "linxue")):
        args = ["users", "create", name, "--role", role] + (["--staff", staff] if staff else [])
        assert _run(env, *args).returncode == 0
    due = (dt.date.today() + dt.timedelta(days=21)).isoformat()
    r = _run(env, "collab", "start", "--title", "新品发布会", "--part", "设计部:主视觉海报",
             "--part", "logistics:搬样机", "--due", due, "--as", "zs", "--json")
    cid = str(json.loads(r.stdout)["id"])
    r = _run(env, "problems", "raise", "--collab", cid, "-d", "展台尺寸图交付时间谈不拢",
             "--severity", "高", "--department", "设计部", "--department", "物流部",
             "--impact", "布展推迟", "--as", "hexin", "--json")
    assert r.returncode == 0, r.stderr
    p = json.loads(r.stdout)
    assert p["severity"] == "high" and p["departments"] == ["design", "logistics"]
    assert p["responsible_person"] == "zhoujie"  # design has no liaisons: its head
    pid = str(p["id"])
    # sales has no part: refused, one line on stderr, nothing on stdout
    r = _run(env, "problems", "show", pid, "--as", "linxue", "--json")
    assert r.returncode == 1 and r.stdout == "" and "only its departments' people" in r.stderr
    r = _run(env, "problems", "raise", "--collab", cid, "-d", "x", "--severity", "紧急",
             "--as", "hexin")
    assert r.returncode == 1 and "severity" in r.stderr
    assert _run(env, "problems", "start", pid, "--as", "hexin", "--json").returncode == 0
    r = _run(env, "problems", "start", pid, "--as", "hexin")
    assert r.returncode == 1 and "allowed now: resolve, close, dispute" in r.stderr
    r = _run(env, "problems", "dispute", pid, "--as", "hexin", "--json")
    assert json.loads(r.stdout)["dispute"]["level"] == 1
    for _ in range(2):
        r = _run(env, "problems", "decide", pid, "--outcome", "escalate", "--decision",
                 "上报", "--json")
    assert json.loads(r.stdout)["dispute"]["level"] == 3
    r = _run(env, "problems", "decide", pid, "--outcome", "resolve", "--decision",
             "设计部先交外形尺寸")
    assert r.returncode == 0, r.stderr
    assert "decision L3 resolve by admin" in r.stdout
    r = _run(env, "problems", "list", "--collab", cid, "--json")
    assert [x["state"] for x in json.loads(r.stdout)] == ["resolved"]
    r = _run(env, "problems", "metrics", "--json")
    m = json.loads(r.stdout)
    assert m["disputes"] == 1 and m["collaborations"] == 1 and m["dispute_rate"] == 1.0
    assert m["resolved"]["high"] == 1
