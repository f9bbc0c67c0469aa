"""The org file's ``liaisons`` (协作接口人) and ``sla.urgent_ack_hours`` contracts."""

from __future__ import annotations

import pytest

from models.org import OrgError, parse_org
from models.requests import SlaPolicy


def _doc(demo_org, **dept_extra):
    doc = demo_org.model_dump(mode="json")
    for d in doc["departments"]:
        if d["id"] in dept_extra:
            d["liaisons"] = dept_extra[d["id"]]
    return doc


def test_liaisons_default_to_the_head(demo_org) -> None:
    org = parse_org(_doc(demo_org, logistics=["wanggang", "mayun"]), "org.yaml")
    assert org.liaisons("logistics") == ["wanggang", "mayun"]
    assert org.liaisons("mkt") == ["wangfang"]  # absent: the head
    org = parse_org(_doc(demo_org, design=[]), "org.yaml")
    assert org.liaisons("design") == ["zhoujie"]  # empty: the head


@pytest.mark.parametrize("value,needle", [
    (["nobody"], "'nobody' is not on the staff"),
    (["zhangsan"], "'zhangsan' works in 'mkt', not in 'design'"),
    (["xuli", "hexin", "zhoujie"], "at most 2"),
    (["xuli", "xuli"], "listed twice"),
])
def test_bad_liaisons_are_refused_naming_the_entry(demo_org, value, needle) -> None:
    with pytest.raises(OrgError) as e:
        parse_org(_doc(demo_org, design=value), "org.yaml")
    assert "departments[1] (design).liaisons" in str(e.value) and needle in str(e.value)


def test_urgent_ack_hours() -> None:
    assert SlaPolicy.from_config(None).urgent_ack_hours == 2
    assert SlaPolicy.from_config({"ack_hours": 16, "urgent_ack_hours": 4}).urgent_ack_hours == 4
    assert SlaPolicy.from_config({"ack_hours": 1}).urgent_ack_hours == 1
    with pytest.raises(ValueError, match="urgent_ack_hours"):
        SlaPolicy.from_config({"ack_hours": 8, "urgent_ack_hours": 9})
    with pytest.raises(ValueError, match="not a number"):
        SlaPolicy.from_config({"urgent_ack_hours": "soon"})


def test_org_sla_urgent_setting_drives_the_clock(client, db, make_user, demo_org) -> None:
    """An org that gives urgent work 4 working hours: urgent parts get 4, not 2."""
    import datetime as dt

    from dispatch.orgdir.service import import_org
    from models.requests import add_working_hours

    doc = demo_org.model_dump(mode="json")
    doc["sla"] = {"ack_hours": 24, "urgent_ack_hours": 4}
    org = parse_org(doc, "org.yaml")
    import_org(db_session=db, org=org, source="test")
    db.flush()
    _, tok = make_user("req", "requester", staff_id="zhangsan")
    before = dt.datetime.now(dt.UTC)
    today = org.today()
    r = client.post("/api/collab", headers={"Authorization": f"Bearer {tok}"}, json={
        "title": "紧急：展台坍塌", "urgency": "urgent",
        "parts": [{"department": "design", "text": "设计部重做展台"}],
        "due": (today + dt.timedelta(days=3)).isoformat()})
    assert r.status_code == 201, r.text
    due = dt.datetime.fromisoformat(r.json()["parts"][0]["ack_due_at"])
    policy = SlaPolicy.from_config(doc["sla"])
    lo = add_working_hours(before, 4, org.work_calendar, org.tz, policy)
    assert lo <= due <= lo + dt.timedelta(minutes=1)
