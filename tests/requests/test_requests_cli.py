"""`dispatch requests …` end to end in subprocesses: one JSON document on stdout with
--json, one-line errors with exit status 1."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from dispatch.demo import DEMO_ORG

DISPATCH = [sys.executable, "-m", "dispatch"]


def _run(env: dict, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([*DISPATCH, *args], env=env, capture_output=True, text=True,
                          timeout=300)


@pytest.mark.slow  # ten processes, one of which loads the model
def test_cli_submit_show_and_errors(tmp_path: Path, trained_store_template: Path) -> None:
    store = tmp_path / "store"
    shutil.copytree(trained_store_template, store)
    env = {**os.environ, "DISPATCH_DATA_DIR": str(tmp_path), "DATABASE_URL": "",
           "DISPATCH_ROUTING_MODEL_DIR": str(store), "DISPATCH_ENV": "test",
           "DISPATCH_SECRET_KEY": "cli-test-secret-0123456789"}
    assert _run(env, "org", "import", str(DEMO_ORG), "--json").returncode == 0
    assert _run(env, "users", "create", "zs", "--role", "requester", "--staff",
                "zhangsan").returncode == 0
    assert _run(env, "users", "create", "admin", "--role", "admin").returncode == 0

    r = _run(env, "requests", "submit", "--title", "网络故障", "--text",
             "我的笔记本电脑连不上公司WiFi，VPN也登录不了", "--expected", "2099-01-02",
             "--attachment", "截图.png", "--as", "zs", "--json")
    assert r.returncode == 0, r.stderr
    req = json.loads(r.stdout)  # exactly one JSON document
    assert req["state"] == "routed" and req["department"] == "it"
    assert req["from_department"] == "mkt" and req["attachments"] == ["截图.png"]

    shown = json.loads(_run(env, "requests", "show", str(req["id"]), "--json").stdout)
    assert [t["to"] for t in shown["transitions"]] == ["routed"]
    status = json.loads(_run(env, "requests", "model", "status", "--json").stdout)
    assert status["current"] == req["routing"]["model_version"]

    for args, needle in (
            (["--text", "  "], "the request is empty"),
            (["--text", "x", "--department-from", "宣传部"], "unknown department '宣传部'"),
            (["--text", "x", "--expected", "soon"], "is not a date")):
        r = _run(env, "requests", "submit", *args, "--as", "zs", "--json")
        assert r.returncode == 1 and r.stdout == ""
        assert r.stderr.strip().splitlines()[-1].startswith("error: ") and needle in r.stderr
    r = _run(env, "requests", "finish", str(req["id"]), "--json")
    assert r.returncode == 1 and "allowed now: accept, return, reroute" in r.stderr


def test_cli_retrain_names_a_history_file_it_cannot_use(tmp_path: Path) -> None:
    """`model retrain --history` reads the file as `route train` and `route eval` do (one
    reader, dispatch/requests/files.py), so a missing file or one in neither UTF-8 nor
    GB18030 is refused with the same words before anything is trained."""
    env = {**os.environ, "DISPATCH_DATA_DIR": str(tmp_path), "DATABASE_URL": "",
           "DISPATCH_ENV": "test", "DISPATCH_SECRET_KEY": "cli-test-secret-0123456789"}
    binary = tmp_path / "history.csv"
    binary.write_bytes(b"text,department\n\xff\xfe\x80\x81,it\n")
    for path, needle in ((tmp_path / "missing.csv", "missing.csv: (file): no such file"),
                         (binary, "history.csv: (file): not UTF-8 or GB18030 text")):
        r = _run(env, "requests", "model", "retrain", "--history", str(path), "--json")
        assert r.returncode == 1 and r.stdout == ""
        assert needle in r.stderr.strip().splitlines()[-1], r.stderr
