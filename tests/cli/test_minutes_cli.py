"""`dispatch minutes extract|eval`: the ARCHITECTURE.md §2.1 shape, one JSON document, errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dispatch.cli import app

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "minutes"
ORG = FIXTURES / "org_huayue.yaml"
runner = CliRunner()


def run(*args: str):
    return runner.invoke(app, ["minutes", *map(str, args)])


def test_extract_json_follows_the_contract() -> None:
    r = run("extract", FIXTURES / "heldout" / "f01_prod_weekly.txt", "--org", ORG, "--json")
    assert r.exit_code == 0, r.stderr
    out = json.loads(r.stdout)  # exactly one JSON document on stdout
    assert out["meeting"]["date"] == "2026-06-17" and out["meeting"]["title"]
    assert out["action_items"]
    for it in out["action_items"]:
        assert set(it) >= {
            "task",
            "owners",
            "owner_names",
            "department",
            "due",
            "priority",
            "confidence",
            "source",
        }
        assert isinstance(it["owners"], list) and isinstance(it["owner_names"], list)
        assert it["priority"] in ("high", "normal", "low") and 0 <= it["confidence"] <= 1
        assert isinstance(it["source"]["line"], int) and it["source"]["text"]
    first = out["action_items"][0]
    assert first["owners"] == ["zhaolei"] and first["due"] == "2026-06-18"


def test_meeting_date_option_and_no_org(tmp_path: Path) -> None:
    f = tmp_path / "m.md"
    f.write_text("- 张伟：我明天把报价发给大家。\n", encoding="utf-8")
    r = run("extract", f, "--meeting-date", "2026-06-17", "--json")
    assert r.exit_code == 0, r.stderr
    it = json.loads(r.stdout)["action_items"][0]
    assert it["owners"] == [] and it["owner_names"] == ["张伟"] and it["due"] == "2026-06-18"
    assert "no --org" in r.stderr


def test_no_action_items_prints_an_empty_list_and_says_so(tmp_path: Path) -> None:
    f = tmp_path / "chat.txt"
    f.write_text("张伟：大家好。\n", encoding="utf-8")
    r = run("extract", f, "--org", ORG, "--meeting-date", "2026-06-17", "--json")
    assert r.exit_code == 0
    assert json.loads(r.stdout)["action_items"] == []
    assert "no action items" in r.stderr


def test_human_output(tmp_path: Path) -> None:
    r = run("extract", FIXTURES / "heldout" / "f02_launch_minutes.md", "--org", ORG)
    assert r.exit_code == 0 and "owner: Helen Li" in r.stdout


@pytest.mark.parametrize(
    ("name", "data", "words"),
    [
        ("empty.txt", b"", "empty"),
        ("notes.pdf", b"%PDF-1.4", "unsupported file type"),
        ("broken.docx", b"not a zip", "not a Word"),
        ("blob.txt", b"\x00\x01\x02\xff" * 50, "binary"),
    ],
)
def test_bad_files_exit_non_zero_with_one_line(
    tmp_path: Path, name: str, data: bytes, words: str
) -> None:
    f = tmp_path / name
    f.write_bytes(data)
    r = run("extract", f, "--org", ORG, "--json")
    assert r.exit_code == 1 and r.stdout == ""
    assert words in r.stderr and "Traceback" not in r.stderr
    assert r.stderr.strip().count("\n") == 0


def test_too_large_missing_file_bad_date_and_bad_org(tmp_path: Path) -> None:
    f = tmp_path / "big.txt"
    f.write_bytes(b"a" * 3_000_000)
    r = run("extract", f, "--max-mb", "1", "--json")
    assert r.exit_code == 1 and "limit" in r.stderr
    r = run("extract", tmp_path / "missing.txt", "--json")
    assert r.exit_code == 1 and "no such file" in r.stderr
    r = run("extract", f, "--meeting-date", "17/06/2026")
    assert r.exit_code == 1 and "YYYY-MM-DD" in r.stderr
    bad = tmp_path / "org.yaml"
    bad.write_text("name: x\ndepartments: []\n", encoding="utf-8")
    r = run("extract", FIXTURES / "heldout" / "f02_launch_minutes.md", "--org", bad)
    assert r.exit_code == 1 and "org.yaml" in r.stderr


def test_eval_prints_the_scorer_figures_and_misses() -> None:
    r = run("eval", FIXTURES / "heldout")
    assert r.exit_code == 0, r.stderr
    lines = r.stdout.strip().splitlines()
    assert lines[-2].startswith("docs 4 errors 0 gold 20")
    assert lines[-1].startswith("P ") and " F1 " in lines[-1] and " due " in lines[-1]
    assert any(x.startswith("f01_prod_weekly.txt: pred") for x in lines)
    r = run("eval", FIXTURES / "heldout", "--json")
    out = json.loads(r.stdout)
    assert out["gold"] == 20 and {"f1", "owners", "department", "due"} <= set(out)
    assert [d["file"] for d in out["documents"]][0] == "f01_prod_weekly.txt"
    assert all(
        isinstance(d["missed"], list) and isinstance(d["extra"], list) for d in out["documents"]
    )


def test_eval_of_a_folder_without_gold_fails_cleanly(tmp_path: Path) -> None:
    r = run("eval", tmp_path)
    assert r.exit_code == 1 and "gold.json" in r.stderr
