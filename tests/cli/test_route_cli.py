"""`dispatch route train|predict|eval`: the shapes of ARCHITECTURE.md §2.2 and its errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dispatch.cli import app

ORG = """
name: 测试医院
calendar: none
departments:
  - id: it
    name: 信息科
    aliases: [IT, 信息中心]
    description: 负责电脑、打印机、网络和业务系统账号
    keywords: [电脑, 打印机, 网络, 账号]
  - id: fin
    name: 财务科
    aliases: [财务, Finance]
    description: 负责报销、发票、付款和预算
    keywords: [报销, 发票, 付款, 预算]
  - id: logi
    name: 后勤科
    aliases: [后勤, 总务]
    description: 负责水电维修、保洁、食堂和派车
    keywords: [维修, 保洁, 食堂, 派车]
staff: []
"""

HISTORY = [
    ("电脑开不了机", "it"), ("打印机卡纸", "it"), ("网络断了上不了网", "it"),
    ("系统账号被锁了", "it"), ("新同事要开通邮箱", "信息科"), ("Wi-Fi连不上", "it"),
    ("差旅费报销要什么单据", "fin"), ("发票抬头开错了", "fin"), ("供应商货款什么时候付", "fin"),
    ("明年的科室预算怎么报", "财务科"), ("借款怎么还", "fin"), ("报销单被退回了", "fin"),
    ("水龙头漏水", "logi"), ("走廊的灯坏了", "logi"), ("食堂饭菜太咸", "logi"),
    ("申请派车去机场", "logi"), ("病房需要保洁", "后勤"), ("空调不制冷", "logi"),
]


@pytest.fixture()
def files(tmp_path: Path) -> dict[str, Path]:
    org = tmp_path / "org.yaml"
    org.write_text(ORG, encoding="utf-8")
    hist = tmp_path / "history.csv"
    hist.write_text("id,text,department\n" + "".join(
        f"h{i},{t},{d}\n" for i, (t, d) in enumerate(HISTORY, 1)), encoding="utf-8")
    reqs = tmp_path / "requests.jsonl"
    reqs.write_text("".join(json.dumps({"id": rid, "text": t}, ensure_ascii=False) + "\n"
                            for rid, t in [("r1", "打印机打不出来"), ("r2", "报销发票丢了怎么办"),
                                           ("r3", "卫生间水管坏了需要维修")]),
                    encoding="utf-8")
    return {"org": org, "hist": hist, "reqs": reqs, "dir": tmp_path}


def _run(*args: str):
    return CliRunner().invoke(app, ["route", *args])


def test_train_predict_contract_shape(files: dict[str, Path]) -> None:
    model = files["dir"] / "model"
    r = _run("train", "--org", str(files["org"]), "--data", str(files["hist"]),
             "--out", str(model), "--json")
    assert r.exit_code == 0, r.output
    meta = json.loads(r.stdout)
    assert meta["mode"] == "trained" and meta["n_examples"] == len(HISTORY)
    assert (model / "meta.json").exists()

    r = _run("predict", "--org", str(files["org"]), "--model", str(model),
             "--input", str(files["reqs"]), "--json")
    assert r.exit_code == 0, r.output
    out = json.loads(r.stdout)
    assert [x["id"] for x in out] == ["r1", "r2", "r3"]
    assert [x["departments"][0]["id"] for x in out] == ["it", "fin", "logi"]
    for x in out:
        assert x["decision"] in ("auto", "triage")
        assert all(set(d) == {"id", "score"} for d in x["departments"])
        assert "terms" in x["explanation"]

    r = _run("predict", "--org", str(files["org"]), "--model", str(model),
             "--text", "电脑蓝屏了", "--json", "--no-explain")
    assert r.exit_code == 0, r.output
    [one] = json.loads(r.stdout)
    assert one["departments"][0]["id"] == "it" and "explanation" not in one


def test_predict_gives_parts_one_per_department_asked(files: dict[str, Path]) -> None:
    model = files["dir"] / "model"
    assert _run("train", "--org", str(files["org"]), "--data", str(files["hist"]),
                "--out", str(model)).exit_code == 0
    r = _run("predict", "--org", str(files["org"]), "--model", str(model),
             "--input", str(files["reqs"]), "--json")
    assert r.exit_code == 0, r.output
    for x in json.loads(r.stdout):  # single-department requests: one part, the top one
        [part] = x["parts"]
        assert part["department"] == x["departments"][0]["id"] and part["role"] == "lead"
        assert set(part) == {"department", "role", "text", "score", "start", "end"}
    text = "财务科让我找你们：信息科把新电脑装好，后勤科把旧桌子搬走"
    r = _run("predict", "--org", str(files["org"]), "--model", str(model), "--text", text,
             "--json")
    [one] = json.loads(r.stdout)
    assert [(p["department"], p["role"]) for p in one["parts"]] == [("it", "lead"),
                                                                   ("logi", "support")]
    assert one["parts"][1]["text"] == "后勤科把旧桌子搬走"
    r = _run("predict", "--org", str(files["org"]), "--model", str(model), "--text", text)
    assert "support logi" in r.stdout and "「后勤科把旧桌子搬走」" in r.stdout


def test_cv_max_examples_cross_validates_on_a_sample(files: dict[str, Path]) -> None:
    hist = files["dir"] / "long.csv"
    rows = [(f"{t}（第{k}次）", d) for k in range(5) for t, d in HISTORY]  # 30 per department
    hist.write_text("text,department\n" + "".join(f"{t},{d}\n" for t, d in rows),
                    encoding="utf-8")
    r = _run("train", "--org", str(files["org"]), "--data", str(hist),
             "--out", str(files["dir"] / "m"), "--cv-max-examples", "60")
    assert r.exit_code == 0, r.output
    assert "(on a stratified sample of 60 of 90 labelled examples)" in r.stdout
    assert "model written to" in r.stdout and "90 examples" in r.stdout


def test_cold_train_then_predict(files: dict[str, Path]) -> None:
    model = files["dir"] / "cold"
    r = _run("train", "--org", str(files["org"]), "--out", str(model))
    assert r.exit_code == 0, r.output
    assert "cold start" in r.stdout
    r = _run("predict", "--org", str(files["org"]), "--model", str(model),
             "--text", "申请派车", "--json")
    assert r.exit_code == 0, r.output
    [one] = json.loads(r.stdout)
    assert one["departments"][0]["id"] == "logi" and one["decision"] == "triage"


def test_bad_history_trains_nothing(files: dict[str, Path]) -> None:
    bad = files["dir"] / "bad.csv"
    bad.write_text("id,text,dept\nh1,电脑坏了,it\n", encoding="utf-8")
    out = files["dir"] / "never"
    r = _run("train", "--org", str(files["org"]), "--data", str(bad), "--out", str(out))
    assert r.exit_code == 1
    assert "missing column(s) department" in r.stderr and "Traceback" not in r.output
    assert not out.exists()
    bad.write_text("id,text,department\nh1,电脑坏了,it\nh2,拍宣传片,宣传部\n", encoding="utf-8")
    r = _run("train", "--org", str(files["org"]), "--data", str(bad), "--out", str(out))
    assert r.exit_code == 1 and "line 3 (id h2)" in r.stderr and "宣传部" in r.stderr
    assert not out.exists()


def test_predict_errors_are_one_line(files: dict[str, Path], shared_dir: Path) -> None:
    model = files["dir"] / "cold"
    assert _run("train", "--org", str(files["org"]), "--out", str(model)).exit_code == 0
    base = ["predict", "--org", str(files["org"]), "--model", str(model), "--json"]

    r = _run(*base, "--text", "   ")
    assert r.exit_code == 1 and "empty text" in r.stderr and r.stdout == ""

    r = _run(*base, "--text", "x" * 1_000_000)
    assert r.exit_code == 1 and "limit" in r.stderr and r.stdout == ""

    broken = files["dir"] / "broken.jsonl"
    broken.write_text('{"id": "a", "text": "电脑坏了"}\nnot json\n', encoding="utf-8")
    r = _run(*base, "--input", str(broken))
    assert r.exit_code == 1 and "line 2: not valid JSON" in r.stderr and r.stdout == ""

    r = _run(*base)
    assert r.exit_code == 1 and "exactly one of --text or --input" in r.stderr

    other = shared_dir / "data" / "routing-dev" / "org.yaml"
    r = _run("predict", "--org", str(other), "--model", str(model), "--text", "电脑坏了")
    assert r.exit_code == 1 and "trained for org" in r.stderr

    r = _run("predict", "--org", str(files["org"]), "--model", str(files["dir"]),
             "--text", "电脑坏了")
    assert r.exit_code == 1 and "not a routing model directory" in r.stderr

    meta = json.loads((model / "meta.json").read_text(encoding="utf-8"))
    (model / "meta.json").write_text(json.dumps({**meta, "format_version": 0}),
                                     encoding="utf-8")
    r = _run(*base, "--text", "电脑坏了")
    assert r.exit_code == 1 and "format version 0" in r.stderr


def test_eval_prints_cold_and_trained(files: dict[str, Path]) -> None:
    d = files["dir"]
    (d / "test.jsonl").write_text(files["reqs"].read_text(encoding="utf-8"), encoding="utf-8")
    (d / "test_gold.csv").write_text("id,department,also\nr1,it,\nr2,fin,\nr3,logi,it\n",
                                     encoding="utf-8")
    r = _run("eval", str(d), "--json")
    assert r.exit_code == 0, r.output
    runs = json.loads(r.stdout)
    assert [x["mode"] for x in runs] == ["cold", "trained"]
    for x in runs:
        m = x["metrics"]
        assert m["n"] == 3 and 0 <= m["accuracy"] <= 1 and 0 <= m["macro_f1"] <= 1
        assert set(m["per_department"]) == {"it", "fin", "logi"}
        assert {"auto_coverage", "auto_accuracy", "confusions"} <= set(m)
    r = _run("eval", str(d))
    assert r.exit_code == 0 and "cold: n 3 accuracy" in r.stdout and "trained:" in r.stdout
