"""The org file: every contract org loads; every kind of broken file is refused by name."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from models.org import OrgError, load_org

GOOD = """
name: 测试公司
timezone: Asia/Shanghai
calendar: cn
departments:
  - {id: mkt, name: 市场部, aliases: [市场], head: zhangsan}
  - {id: it, name: 信息部}
staff:
  - {id: zhangsan, name: 张三, department: mkt, leave: [2026-11-25]}
  - {id: lisi, name: 李四, department: it, hours_per_week: 32}
"""


def write(tmp_path: Path, text: str, name: str = "org.yaml") -> Path:
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


def test_shared_org_files_load(shared_dir: Path) -> None:
    for rel in ("minutes-dev/org.yaml", "routing-dev/org.yaml", "public/itsm/org.yaml",
                "public/tipdm2020/org.yaml"):
        org = load_org(shared_dir / "data" / rel)
        assert org.departments, rel


def test_unknown_keys_are_kept_and_ignored(shared_dir: Path) -> None:
    org = load_org(shared_dir / "data/routing-dev/org.yaml")
    assert org.model_extra["campuses"] == ["锦江院区", "高新院区", "温江院区"]


def test_good_file_fields(tmp_path: Path) -> None:
    org = load_org(write(tmp_path, GOOD))
    assert org.person("lisi").daily_hours == pytest.approx(6.4)
    assert org.person("zhangsan").on_leave(dt.date(2026, 11, 25))
    assert org.find_department("市场").id == "mkt"
    assert [p.id for p in org.members("mkt")] == ["zhangsan"]


def test_json_is_accepted(tmp_path: Path) -> None:
    import yaml

    data = yaml.safe_load(GOOD)
    data["staff"][0]["leave"] = ["2026-11-25"]
    org = load_org(write(tmp_path, json.dumps(data, ensure_ascii=False), "org.json"))
    assert org.name == "测试公司"


@pytest.mark.parametrize(
    ("text", "entry", "problem"),
    [
        ("name: x\ndepartments: [\n", "line", "bad YAML"),
        ("", "(file)", "empty"),
        (GOOD.replace("department: it,", "department: ops,"), "staff[1] (lisi)",
         "unknown department 'ops'"),
        (GOOD.replace("{id: lisi", "{id: zhangsan"), "staff[1] (zhangsan)", "duplicate staff id"),
        (GOOD.replace("{id: it,", "{id: mkt,"), "departments[1] (mkt)", "duplicate department"),
        (GOOD.replace("head: zhangsan", "head: nobody"), "departments[0] (mkt)",
         "head 'nobody' is not on the staff"),
        (GOOD.replace("{id: it,", "{id: IT Dept,"), "departments[1]", "must match"),
        (GOOD.replace("calendar: cn", "calendar: mars"), "calendar", "unknown calendar"),
        (GOOD.replace("hours_per_week: 32", "hours_per_week: -4"), "staff[1] (lisi)",
         "hours_per_week"),
        (GOOD.replace("leave: [2026-11-25]", "leave: [next tuesday]"), "staff[0] (zhangsan)",
         "not a date"),
        (GOOD.replace("timezone: Asia/Shanghai", "timezone: Mars/Olympus"), "timezone",
         "unknown timezone"),
        ("name: x\n", "departments", "non-empty list"),
    ],
)
def test_broken_files_name_file_entry_and_problem(tmp_path: Path, text: str, entry: str,
                                                  problem: str) -> None:
    path = write(tmp_path, text)
    with pytest.raises(OrgError) as exc:
        load_org(path)
    msg = str(exc.value)
    assert str(path) in msg
    assert entry in exc.value.entry
    assert problem in msg


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(OrgError, match="no such file"):
        load_org(tmp_path / "nope.yaml")


def test_not_utf8(tmp_path: Path) -> None:
    p = tmp_path / "org.yaml"
    p.write_bytes(GOOD.encode("gbk"))
    with pytest.raises(OrgError, match="not UTF-8"):
        load_org(p)
