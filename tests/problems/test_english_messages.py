"""An organisation whose language is English gets the messages of collaborations and of
the problem log in English: the part handed to a liaison, the requester told of each step,
consulted and informed departments, 验收 asked, a reopen, a problem raised and resolved, a
dispute's levels and decisions, the daily digest and the weekly progress (a Chinese
organisation keeps them in Chinese). Only what people typed and people's names stay as
written."""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from dispatch.notifications.models import Notification
from dispatch.problems import scheduled
from tests.problems.conftest import org_doc

SH = ZoneInfo("Asia/Shanghai")
CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")
EN_NAMES = {"mkt": "Marketing", "design": "Design", "logistics": "Logistics", "it": "IT",
            "hr": "HR", "fin": "Finance", "sales": "Sales"}


def _org(demo_org, language: str):
    from models.org import parse_org

    doc = org_doc(demo_org, language=language)
    if language == "en":
        for d in doc["departments"]:
            d["name"] = EN_NAMES.get(d["id"], d["id"])
    return parse_org(doc, f"{language}-org")


@pytest.fixture
def en_org(db, demo_org, demo_model):
    from dispatch.orgdir.service import import_org

    org = _org(demo_org, "en")
    import_org(db_session=db, org=org, source="test")
    db.flush()
    return org


@pytest.fixture
def cast(make_people, en_org):
    return make_people((("zhang", "requester", "zhangsan"), ("xuli", "requester", "xuli"),
                        ("zhoujie", "requester", "zhoujie"),
                        ("wanggang", "requester", "wanggang"),
                        ("liuqiang", "requester", "liuqiang"),
                        ("huangwei", "requester", "huangwei")))


def _walk(client, cast, today: dt.date) -> tuple[dict, dict]:
    """A collaboration from start to 验收, with a problem that climbs to the committee."""
    h = {k: v[1] for k, v in cast.items()}
    due = (today + dt.timedelta(days=14)).isoformat()
    r = client.post("/api/collab", headers=h["zhang"], json={
        "title": "Product launch", "background": "The launch in December",
        "urgency": "urgent", "due": due,
        "parts": [{"department": "design", "text": "Design makes the key visual",
                   "role": "lead"},
                  {"department": "logistics", "text": "Logistics moves the sample units"}]})
    assert r.status_code == 201, r.text
    c = r.json()
    parts = {p["department"]: p["id"] for p in c["parts"]}
    base = f"/api/collab/{c['id']}"
    for who, dept in (("xuli", "design"), ("wanggang", "logistics")):
        for step in ("accept", "start"):
            r = client.post(f"{base}/parts/{parts[dept]}/{step}", json={}, headers=h[who])
            assert r.status_code == 200, r.text
    r = client.post("/api/problems", headers=h["wanggang"], json={
        "target": {"kind": "collab", "id": c["id"]},
        "description": "The stand drawing comes too late to book a truck",
        "departments": ["design", "logistics"], "severity": "high",
        "impact": "units late", "proposed_solution": "send outer sizes first",
        "responsible_department": "design"})
    assert r.status_code == 201, r.text
    p = r.json()
    r = client.post(f"/api/problems/{p['id']}/dispute", json={}, headers=h["wanggang"])
    assert r.status_code == 200, r.text
    r = client.post(f"/api/problems/{p['id']}/decide", headers=h["xuli"],
                    json={"outcome": "escalate", "decision": "no agreement"})
    assert r.status_code == 200, r.text
    r = client.post(f"/api/problems/{p['id']}/decide", headers=h["liuqiang"],
                    json={"outcome": "escalate", "decision": "to the committee"})
    assert r.status_code == 200, r.text
    r = client.post(f"/api/problems/{p['id']}/decide", headers=h["huangwei"],
                    json={"outcome": "resolve", "decision": "outer sizes in two days"})
    assert r.status_code == 200, r.text
    r = client.post("/api/problems", headers=h["zhoujie"], json={
        "target": {"kind": "collab", "id": c["id"]}, "description": "Printer is broken",
        "departments": ["design"], "severity": "low"})
    assert r.status_code == 201, r.text
    for who, dept in (("xuli", "design"), ("wanggang", "logistics")):
        r = client.post(f"{base}/parts/{parts[dept]}/finish", json={}, headers=h[who])
        assert r.status_code == 200, r.text
    r = client.post(f"{base}/reopen", headers=h["zhang"],
                    json={"reason": "wrong colour", "departments": ["design"]})
    assert r.status_code == 200, r.text
    r = client.post(f"{base}/parts/{parts['design']}/return", headers=h["xuli"],
                    json={"reason": "not ours after all", "department": "it"})
    assert r.status_code == 409 or r.status_code == 200, r.text
    return c, p


def _said(db, org) -> list[Notification]:
    return [n for n in db.scalars(select(Notification).order_by(Notification.id))
            if n.event.startswith(("collab", "problem"))]


def _strip_names(text: str, org) -> str:
    for s in org.staff:
        text = text.replace(s.name, "")
    return text


def test_an_english_org_hears_of_its_collaborations_and_problems_in_english(
        db, client, cast, en_org) -> None:
    today = en_org.today()
    _walk(client, cast, today)
    # the daily digest (a working day at noon) and the weekly progress (Friday 15:00)
    day = today + dt.timedelta(days=1)
    while not en_org.work_calendar.is_workday(day):
        day += dt.timedelta(days=1)
    friday = day + dt.timedelta(days=(4 - day.weekday()) % 7)
    for d in scheduled.daily(db_session=db, org=en_org, day=day) + scheduled.weekly(
            db_session=db, org=en_org, now=dt.datetime.combine(friday, dt.time(15, 5),
                                                               tzinfo=SH)):
        assert not CJK.search(_strip_names(d.subject + "\n" + d.body, en_org)), \
            (d.subject, d.body)
    said = _said(db, en_org)
    events = {n.event for n in said}
    # the walk reached every kind of message it should
    for e in ("collab.part", "collab.part_accept", "collab.part_finish", "collab.delivered",
              "collab.reopened", "problem.raised", "problem.dispute"):
        assert any(x.startswith(e) for x in events), (e, sorted(events))
    for n in said:
        text = _strip_names(f"{n.subject}\n{n.body}", en_org)
        assert n.lang == "en"
        assert not CJK.search(text), (n.event, n.subject, n.body)
    part = next(n for n in said if n.event == "collab.part")
    assert part.subject == "[Urgent] Collaboration (lead): Product launch"
    assert "Please accept or return it by " in part.body


def test_a_chinese_org_keeps_its_messages_in_chinese(db, client, make_people, demo_org,
                                                     demo_model) -> None:
    from dispatch.orgdir.service import import_org

    org = _org(demo_org, "zh")
    import_org(db_session=db, org=org, source="test")
    db.flush()
    h = {k: v[1] for k, v in make_people((("zhang", "requester", "zhangsan"),
                                          ("xuli", "requester", "xuli"))).items()}
    r = client.post("/api/collab", headers=h["zhang"], json={
        "title": "新品发布会", "urgency": "urgent",
        "parts": [{"department": "design", "text": "设计部出主视觉海报"}]})
    assert r.status_code == 201, r.text
    c = r.json()
    r = client.post(f"/api/collab/{c['id']}/parts/{c['parts'][0]['id']}/accept", json={},
                    headers=h["xuli"])
    assert r.status_code == 200, r.text
    said = _said(db, org)
    part = next(n for n in said if n.event == "collab.part")
    assert part.subject == "【紧急】跨部门协作（牵头）：新品发布会"
    assert "前受理或退单" in part.body
    assert all(n.lang == "zh" for n in said)
