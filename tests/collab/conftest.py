"""Fixtures for collaborations: the demo org with 协作接口人 for design and logistics, and
its people as users (each (user, headers))."""

from __future__ import annotations

import datetime as dt

import pytest


@pytest.fixture
def collab_org(db, demo_org, demo_model):
    """The demo org where design answers through 徐丽 and logistics through 王刚 + 马云飞
    (marketing, IT, … keep the default: their head)."""
    from dispatch.orgdir.service import import_org
    from models.org import parse_org

    doc = demo_org.model_dump(mode="json")
    for d in doc["departments"]:
        if d["id"] == "design":
            d["liaisons"] = ["xuli"]
        elif d["id"] == "logistics":
            d["liaisons"] = ["wanggang", "mayun"]
    org = parse_org(doc, "collab-test-org")
    import_org(db_session=db, org=org, source="test")
    db.flush()
    return org


@pytest.fixture
def people(make_people, collab_org):
    return make_people((("zhang", "requester", "zhangsan"),     # mkt, the requester
                       ("xuli", "requester", "xuli"),          # design liaison
                       ("zhoujie", "planner", "zhoujie"),      # design head
                       ("hexin", "requester", "hexin"),        # design, not a liaison
                       ("wanggang", "requester", "wanggang"),  # logistics liaison
                       ("chenming", "planner", "chenming"),    # IT head (planner)
                       ("coord", "planner", None),
                       ("boss", "admin", None)))


@pytest.fixture
def today(collab_org) -> dt.date:
    return collab_org.today()


def launch(today: dt.date, **over):
    """The seeds' scenario: a launch needing design's poster and logistics' movers."""
    body = {
        "title": "新品发布会",
        "background": "12月新品发布会，需要主视觉和样机运输",
        "goal": "发布会按时举行",
        "expected_outcome": "海报到位，样机送达会场",
        "urgency": "normal",
        "parts": [
            {"department": "设计部", "text": "设计部出主视觉海报", "role": "lead"},
            {"department": "logistics", "text": "物流部派4人把样机搬到会场"},
        ],
        "milestones": [{"name": "海报定稿", "date": (today + dt.timedelta(days=7)).isoformat()},
                       {"name": "发布会", "date": (today + dt.timedelta(days=14)).isoformat()}],
        "due": (today + dt.timedelta(days=14)).isoformat(),
    }
    body.update(over)
    return body
