"""Confirming minutes checks each owner's load with the allocation model."""

from __future__ import annotations


def test_overloaded_owner_is_named_with_a_colleague(client, auth, org_in_db, demo_org) -> None:
    h = auth["requester"]
    quiet = "设计周会\n时间：2026年11月20日\n本周无新增事项。\n".encode()
    meeting = client.post("/api/minutes", files={"file": ("m.txt", quiet)}, headers=h).json()
    due = demo_org.work_calendar.add_workdays(demo_org.today(), 2).isoformat()
    for n in range(3):  # 30 h for xuli within at most 3 workdays of 8 h
        r = client.post(f"/api/minutes/{meeting['id']}/items",
                        json={"task": f"海报第{n + 1}版", "owners": ["xuli"], "due": due,
                              "effort_hours": 10}, headers=h)
        assert r.status_code == 201, r.text
    client.post(f"/api/minutes/{meeting['id']}/items",
                json={"task": "视频粗剪", "owners": ["hexin"], "due": due, "effort_hours": 2},
                headers=h)
    out = client.post(f"/api/minutes/{meeting['id']}/confirm", headers=h).json()
    warnings = out["capacity"]
    assert warnings, out
    assert {w["owner"] for w in warnings} == {"xuli"}
    for w in warnings:
        assert w["finish"] > w["due"] and "xuli" in w["reason"]
        assert w["proposal"] in {"zhoujie", "hexin"}  # same department, free enough
        assert w["proposal_finish"] <= due


def test_owners_with_room_get_no_warning(client, auth, org_in_db, demo_org) -> None:
    h = auth["requester"]
    quiet = "周会\n时间：2026年11月20日\n无。\n".encode()
    meeting = client.post("/api/minutes", files={"file": ("q.txt", quiet)}, headers=h).json()
    due = demo_org.work_calendar.add_workdays(demo_org.today(), 5).isoformat()
    client.post(f"/api/minutes/{meeting['id']}/items",
                json={"task": "整理报名名单", "owners": ["lina"], "due": due}, headers=h)
    out = client.post(f"/api/minutes/{meeting['id']}/confirm", headers=h).json()
    assert out["capacity"] == []
