"""Fixtures for the request service: the demo org's people as users. The routing model
trained on the demo history (``trained_store``) is the root conftest's: the chat tests use
the same one, trained once per session."""

from __future__ import annotations

import pytest


@pytest.fixture
def people(make_user):
    """Users of the demo org: a requester in mkt, an IT planner, a logistics planner,
    a coordinator (planner, no staff record) and an admin; each (user, headers)."""
    out = {}
    for name, role, staff in (("zhang", "requester", "zhangsan"),
                              ("lina", "requester", "lina"),
                              ("it_lead", "planner", "chenming"),
                              ("log_lead", "planner", "liuqiang"),
                              ("design_lead", "planner", "zhoujie"),
                              ("coord", "planner", None),
                              ("boss", "admin", None)):
        user, tok = make_user(name, role, staff_id=staff)
        out[name] = (user, {"Authorization": f"Bearer {tok}"})
    return out
