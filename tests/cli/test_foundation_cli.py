"""The `dispatch` command: org and users commands, --json, one-line errors, exit codes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from dispatch.demo import DEMO_ORG


def run(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "dispatch", *args], capture_output=True,
                          text=True, env=env, timeout=300)


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    e = {k: v for k, v in os.environ.items() if not k.startswith("DISPATCH_")}
    e.pop("DATABASE_URL", None)
    e["DISPATCH_DATA_DIR"] = str(tmp_path / "var")
    return e


def test_org_validate_ok_and_json(env) -> None:
    r = run("org", "validate", str(DEMO_ORG), "--json", env=env)
    assert r.returncode == 0, r.stderr
    doc = json.loads(r.stdout)
    assert doc["valid"] is True and doc["staff"] == 20


def test_org_validate_broken_names_entry(env, tmp_path: Path) -> None:
    bad = tmp_path / "broken.yaml"
    bad.write_text(DEMO_ORG.read_text(encoding="utf-8").replace(
        "department: design, title: 平面设计师", "department: art, title: 平面设计师"),
        encoding="utf-8")
    r = run("org", "validate", str(bad), env=env)
    assert r.returncode == 1
    assert r.stdout == ""
    [line] = r.stderr.strip().splitlines()
    assert line.startswith("error: ") and "staff[5] (xuli)" in line and "'art'" in line
    assert "Traceback" not in r.stderr


def test_import_show_and_users_token(env) -> None:
    r = run("org", "import", str(DEMO_ORG), "--json", env=env)
    assert json.loads(r.stdout)["people_added"][:2] == ["chenming", "guoyang"]
    # the one CLI test where the import builds the routing model (the others copy it in)
    assert json.loads(r.stdout)["routing_model"]["mode"] == "cold"
    again = run("org", "import", str(DEMO_ORG), "--json", env=env)
    assert json.loads(again.stdout)["changed"] is False
    assert json.loads(again.stdout)["routing_model"] is None  # it found the model
    shown = json.loads(run("org", "show", "--json", env=env).stdout)
    assert shown["name"] == "星河科技有限公司"
    made = run("users", "create", "pat", "--role", "planner", "--json", env=env)
    assert json.loads(made.stdout)["token"].startswith("dsp_")
    dup = run("users", "create", "pat", "--role", "planner", env=env)
    assert dup.returncode == 1 and "exists already" in dup.stderr
    bad_role = run("users", "create", "sam", "--role", "root", env=env)
    assert bad_role.returncode == 1 and "unknown role" in bad_role.stderr
    listed = json.loads(run("users", "list", "--json", env=env).stdout)
    assert [u["name"] for u in listed] == ["pat"]
    revoked = json.loads(run("users", "revoke", "pat", "--json", env=env).stdout)
    assert revoked["revoked"] == 1


def test_unreachable_database_is_one_line(env) -> None:
    env["DATABASE_URL"] = "postgresql://nobody@127.0.0.1:1/none"
    r = run("org", "show", env=env)
    assert r.returncode == 1
    assert len(r.stderr.strip().splitlines()) == 1 and "OperationalError" in r.stderr


def test_production_refuses_default_secret(env) -> None:
    env["DISPATCH_ENV"] = "production"
    r = run("org", "show", env=env)
    assert r.returncode == 1 and "DISPATCH_SECRET_KEY" in r.stderr
