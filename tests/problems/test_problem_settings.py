"""The org file's ``disputes:`` and ``problems:`` settings: defaults, values, and a broken
value refused at load time naming the key (like every other org-file error)."""

from __future__ import annotations

import datetime as dt

import pytest

from models.org import OrgError, parse_org
from models.problems import ProblemSettings
from tests.problems.conftest import org_doc


def test_defaults_are_the_documents(demo_org) -> None:
    s = ProblemSettings.from_org_data(org_doc(demo_org))
    assert s.level_days == {1: 1, 2: 3, 3: 5}
    assert s.due_days == {"high": 1, "medium": 3, "low": 5}
    assert (s.digest_time, s.weekly_weekday, s.weekly_time) == (dt.time(12), 5, dt.time(15))


def test_values_are_read(demo_org) -> None:
    doc = org_doc(demo_org, disputes={"level1_days": 2, "committee_days": 3},
                  problems={"due_days": {"高": 2}, "digest_time": "09:30",
                            "weekly_weekday": 4, "weekly_time": 990})  # YAML's 16:30
    s = ProblemSettings.from_org_data(parse_org(doc, "x").model_extra)
    assert s.level_days == {1: 2, 2: 3, 3: 3}
    assert s.due_days["high"] == 2 and s.due_days["low"] == 5
    assert (s.digest_time, s.weekly_weekday, s.weekly_time) == \
        (dt.time(9, 30), 4, dt.time(16, 30))


@pytest.mark.parametrize(("extra", "entry", "needle"), [
    ({"disputes": {"level1_days": 0}}, "disputes.level1_days", "working days"),
    ({"disputes": {"level2_days": "three"}}, "disputes.level2_days", "three"),
    ({"disputes": {"level4_days": 1}}, "disputes", "level4_days"),
    ({"disputes": [1, 3, 5]}, "disputes", "mapping"),
    ({"problems": {"digest_time": "25:00"}}, "problems.digest_time", "time of day"),
    ({"problems": {"weekly_weekday": 8}}, "problems.weekly_weekday", "1 (Mon)"),
    ({"problems": {"due_days": {"urgent": 1}}}, "problems.due_days", "urgent"),
])
def test_broken_settings_are_refused_naming_the_key(demo_org, extra, entry, needle) -> None:
    with pytest.raises(OrgError) as e:
        parse_org(org_doc(demo_org, **extra), "org.yaml")
    assert e.value.file == "org.yaml" and e.value.entry == entry, str(e.value)
    assert needle in e.value.problem
