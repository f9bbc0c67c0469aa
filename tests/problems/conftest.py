"""Fixtures of the problem log: the demo org with 协作接口人 (design: 徐丽; logistics: 王刚 and
马云飞), a committee of two (the follow-ups' ``escalation.committee``: 黄伟, 赵敏), and its
people as users; a started collaboration with both parts accepted."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.collab.conftest import launch


def org_doc(demo_org, **extra) -> dict:
    doc = demo_org.model_dump(mode="json")
    for d in doc["departments"]:
        if d["id"] == "design":
            d["liaisons"] = ["xuli"]
        elif d["id"] == "logistics":
            d["liaisons"] = ["wanggang", "mayun"]
    doc["escalation"] = {"committee": ["huangwei", "zhaomin"]}
    doc.update(extra)
    return doc


@pytest.fixture
def problem_org(db, demo_org, demo_model):
    from dispatch.orgdir.service import import_org
    from models.org import parse_org

    org = parse_org(org_doc(demo_org), "problem-test-org")
    import_org(db_session=db, org=org, source="test")
    db.flush()
    return org


@pytest.fixture
def people(make_people, problem_org):
    return make_people((("zhang", "requester", "zhangsan"),     # mkt, the requester
                       ("xuli", "requester", "xuli"),          # design liaison
                       ("zhoujie", "requester", "zhoujie"),    # design head
                       ("hexin", "requester", "hexin"),        # design, not a liaison
                       ("wanggang", "requester", "wanggang"),  # logistics liaison
                       ("liuqiang", "requester", "liuqiang"),  # logistics head
                       ("linxue", "requester", "linxue"),      # sales: not involved
                       ("huangwei", "requester", "huangwei"),  # committee (sales head)
                       ("coord", "planner", None),
                       ("boss", "admin", None)))


@pytest.fixture
def today(problem_org) -> dt.date:
    return problem_org.today()


@pytest.fixture
def collab(client, people, today):
    """新品发布会: design (lead) and logistics, both parts accepted (each has a task)."""
    r = client.post("/api/collab", json=launch(today), headers=people["zhang"][1])
    assert r.status_code == 201, r.text
    c = r.json()
    for who, dept in (("xuli", "design"), ("wanggang", "logistics")):
        part = next(p for p in c["parts"] if p["department"] == dept)
        r = client.post(f"/api/collab/{c['id']}/parts/{part['id']}/accept", json={},
                        headers=people[who][1])
        assert r.status_code == 200, r.text
    return r.json()


def problem_body(c: dict, **over) -> dict:
    body = {"target": {"kind": "collab", "id": c["id"]},
            "description": "物流部要求设计部提前两天交付展台尺寸图，设计部认为来不及",
            "departments": ["设计部", "物流部"], "severity": "高",
            "impact": "样机运输车辆无法预订，发布会布展可能推迟",
            "proposed_solution": "先给出展台外形尺寸，细节图延后", "responsible_department":
            "design"}
    body.update(over)
    return body
