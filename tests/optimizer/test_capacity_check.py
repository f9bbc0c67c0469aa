"""Capacity check of action items against their owners' load."""

from __future__ import annotations

import datetime as dt

from models.plan import WorkItem
from optimizer import SolveOptions, check_capacity
from tests.optimizer.conftest import START

OPTS = SolveOptions(time_limit=3, workers=1)


def test_owner_with_room_is_ok(org):
    r = check_capacity(org, [], [WorkItem(id="A1", owner="li", effort_hours=4,
                                          due=START + dt.timedelta(days=2))], START, OPTS)
    [f] = r.findings
    assert f.status == "ok" and f.finish <= f.due and r.ok


def test_overloaded_owner_gets_a_qualified_colleague(org):
    existing = [WorkItem(id="W1", owner="zhang", effort_hours=16, due=START + dt.timedelta(days=1),
                         priority=5)]
    new = [WorkItem(id="A1", owner="zhang", effort_hours=8, due=START + dt.timedelta(days=1),
                    skills=["文案"])]
    [f] = check_capacity(org, existing, new, START, OPTS).findings
    assert f.status == "overloaded" and "zhang" in f.reason
    assert f.proposal == "li"  # same department, has 文案
    assert f.proposal_finish <= f.due


def test_no_colleague_is_said_plainly(org):
    existing = [WorkItem(id="W1", owner="zhang", effort_hours=16, due=START + dt.timedelta(days=1),
                         priority=5)]
    new = [WorkItem(id="A1", owner="zhang", effort_hours=8, due=START + dt.timedelta(days=1),
                    skills=["活动策划"])]
    [f] = check_capacity(org, existing, new, START, OPTS).findings
    assert f.status == "overloaded" and f.proposal is None
    assert "no qualified colleague" in f.reason


def test_unknown_owner_is_reported_not_dropped(org):
    r = check_capacity(org, [], [WorkItem(id="A1", owner="ghost", effort_hours=2)], START, OPTS)
    assert r.findings[0].status == "unknown_owner" and not r.ok
