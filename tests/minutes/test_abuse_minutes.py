"""Minutes and approved work, tried by a requester who should not see others' (issue 16;
d18 = defect 18, d14 = defect 14)."""

from __future__ import annotations

import pytest

from dispatch.demo import DEMO_DIR

SAMPLE = DEMO_DIR / "minutes_launch_review.md"


@pytest.fixture
def two(make_user, org_in_db):
    """Two requesters linked to staff (xuli, hexin) and a planner; each (user, headers)."""
    out = {}
    for name, role, staff in (("xuli_u", "requester", "xuli"), ("hexin_u", "requester", "hexin"),
                              ("plan_u", "planner", "zhoujie")):
        user, tok = make_user(name, role, staff_id=staff)
        out[name] = (user, {"Authorization": f"Bearer {tok}"})
    return out


def _meeting_with_items(client, h, owners: list[str]) -> dict:
    quiet = "设计周会\n时间：2026年11月20日\n本周无新增事项。\n".encode()
    m = client.post("/api/minutes", files={"file": ("m.txt", quiet)}, headers=h).json()
    for n, o in enumerate(owners):
        r = client.post(f"/api/minutes/{m['id']}/items",
                        json={"task": f"海报第{n + 1}版", "owners": [o], "due": "2026-12-04"},
                        headers=h)
        assert r.status_code == 201, r.text
    return m


def test_d18_requester_lists_only_their_own_items(client, two) -> None:
    m = _meeting_with_items(client, two["plan_u"][1], ["xuli", "hexin"])
    assert client.post(f"/api/minutes/{m['id']}/confirm", headers=two["plan_u"][1]).status_code \
        == 200
    xuli = two["xuli_u"][1]
    r = client.get("/api/minutes/items?owner=hexin", headers=xuli)
    assert r.status_code == 403, r.text
    for url in ("/api/minutes/items", "/api/minutes/items?owner=me",
                "/api/minutes/items?owner=xuli", "/api/minutes/items?department=design"):
        rows = client.get(url, headers=xuli).json()
        assert rows and {tuple(i["owners"]) for i in rows} == {("xuli",)}, url
    everyone = client.get("/api/minutes/items", headers=two["plan_u"][1]).json()
    assert {o for i in everyone for o in i["owners"]} >= {"xuli", "hexin"}


def test_d18_work_items_are_not_listed_to_requesters(client, two) -> None:
    xuli = two["xuli_u"][1]
    assert client.get("/api/plans/work-items?staff=hexin", headers=xuli).status_code == 403
    assert client.get("/api/plans/work-items", headers=xuli).status_code == 200  # own (none)
    assert client.get("/api/plans/work-items?staff=me", headers=xuli).status_code == 200
    assert client.get("/api/plans/work-items?staff=hexin",
                      headers=two["plan_u"][1]).status_code == 200


def test_d18_others_unconfirmed_drafts_are_not_readable(client, two) -> None:
    hexin, xuli = two["hexin_u"][1], two["xuli_u"][1]
    r = client.post("/api/minutes", files={"file": (SAMPLE.name, SAMPLE.read_bytes())},
                    headers=hexin)
    draft = r.json()
    item = draft["action_items"][0]
    assert client.get(f"/api/minutes/{draft['id']}", headers=xuli).status_code == 403
    assert client.get(f"/api/minutes/items/{item['id']}", headers=xuli).status_code == 403
    assert draft["id"] not in [m["id"] for m in
                               client.get("/api/minutes", headers=xuli).json()]
    # the uploader and planners still read it; once confirmed everyone does
    assert client.get(f"/api/minutes/{draft['id']}", headers=hexin).status_code == 200
    assert client.get(f"/api/minutes/{draft['id']}", headers=two["plan_u"][1]).status_code == 200
    assert client.post(f"/api/minutes/{draft['id']}/confirm", headers=hexin).status_code == 200
    assert client.get(f"/api/minutes/{draft['id']}", headers=xuli).status_code == 200
    assert draft["id"] in [m["id"] for m in client.get("/api/minutes", headers=xuli).json()]


def test_d14_approved_new_date_reaches_item_backlog_and_my_items(client, two) -> None:
    planner, xuli = two["plan_u"][1], two["xuli_u"][1]
    m = _meeting_with_items(client, planner, ["xuli"])
    assert client.post(f"/api/minutes/{m['id']}/confirm", headers=planner).status_code == 200
    [item] = client.get("/api/minutes/items?owner=me", headers=xuli).json()
    [fu] = [f for f in client.get("/api/followups", headers=xuli).json()
            if f["kind"] == "action_item" and f["ref_id"] == str(item["id"])]
    r = client.post(f"/api/followups/{fu['id']}/request-date",
                    json={"due": "2026-12-11", "note": "等供应商"}, headers=xuli)
    assert r.status_code == 200, r.text
    r = client.post(f"/api/followups/{fu['id']}/reschedule", json={"due": "2026-12-11"},
                    headers=planner)
    assert r.status_code == 200 and r.json()["due_date"] == "2026-12-11"
    [mine] = client.get("/api/minutes/items?owner=me", headers=xuli).json()
    assert mine["due"] == "2026-12-11"
    shown = client.get(f"/api/minutes/items/{item['id']}", headers=xuli).json()
    assert shown["history"][-1]["changes"]["due"] == ["2026-12-04", "2026-12-11"]
    [task] = [t for t in client.get("/api/plans/backlog", headers=planner).json()["tasks"]
              if t["source"] == "action_item" and t["source_id"] == str(item["id"])]
    assert str(task["due"]) == "2026-12-11"


def test_also_reopened_item_restarts_its_follow_up(client, two) -> None:
    planner, xuli = two["plan_u"][1], two["xuli_u"][1]
    m = _meeting_with_items(client, planner, ["xuli"])
    assert client.post(f"/api/minutes/{m['id']}/confirm", headers=planner).status_code == 200
    [item] = client.get("/api/minutes/items?owner=me", headers=xuli).json()

    def followup() -> dict:
        [fu] = [f for f in client.get("/api/followups?status=open", headers=planner).json()
                + client.get("/api/followups?status=done", headers=planner).json()
                if f["kind"] == "action_item" and f["ref_id"] == str(item["id"])]
        return fu

    assert followup()["status"] == "open"
    r = client.post(f"/api/minutes/items/{item['id']}/status", json={"status": "done"},
                    headers=xuli)
    assert r.status_code == 200, r.text
    assert followup()["status"] == "done"  # reminders stop at once
    r = client.post(f"/api/minutes/items/{item['id']}/status", json={"status": "open"},
                    headers=xuli)
    assert r.status_code == 200, r.text
    fu = followup()
    assert fu["status"] == "open" and fu["history"][-1]["action"] == "reopened"


def test_also_reopened_item_restarts_its_follow_up_on_the_items_date(client, two) -> None:
    """The item was edited while it was done (a new date, a second owner): reopened, its
    reminders restart on what the item says now, not on what its follow-up held when it
    was closed (before: the old date, and the old owner only)."""
    planner, xuli = two["plan_u"][1], two["xuli_u"][1]
    m = _meeting_with_items(client, planner, ["xuli"])
    assert client.post(f"/api/minutes/{m['id']}/confirm", headers=planner).status_code == 200
    [item] = client.get("/api/minutes/items?owner=me", headers=xuli).json()
    url = f"/api/minutes/items/{item['id']}"
    assert client.post(f"{url}/status", json={"status": "done"},
                       headers=xuli).status_code == 200
    r = client.patch(url, json={"due": "2026-12-18", "owners": ["xuli", "hexin"]},
                     headers=planner)
    assert r.status_code == 200, r.text
    assert client.post(f"{url}/status", json={"status": "open"},
                       headers=xuli).status_code == 200
    [fu] = [f for f in client.get("/api/followups?status=open", headers=planner).json()
            if f["kind"] == "action_item" and f["ref_id"] == str(item["id"])]
    assert (fu["due_date"], fu["owners"]) == ("2026-12-18", ["xuli", "hexin"])
    assert [e["action"] for e in fu["history"]][-2:] == ["reopened", "rescheduled"]


def test_an_open_items_edit_reaches_its_follow_up(client, two) -> None:
    """A planner moves an open item's date and adds an owner: its reminders follow (before,
    the item showed the new date while its follow-up kept reminding on the old one, and
    only the first owner)."""
    planner, xuli = two["plan_u"][1], two["xuli_u"][1]
    m = _meeting_with_items(client, planner, ["xuli"])
    assert client.post(f"/api/minutes/{m['id']}/confirm", headers=planner).status_code == 200
    [item] = client.get("/api/minutes/items?owner=me", headers=xuli).json()
    r = client.patch(f"/api/minutes/items/{item['id']}",
                     json={"due": "2026-12-18", "owners": ["xuli", "hexin"]}, headers=planner)
    assert r.status_code == 200, r.text
    [fu] = [f for f in client.get("/api/followups?status=open", headers=planner).json()
            if f["kind"] == "action_item" and f["ref_id"] == str(item["id"])]
    assert (fu["due_date"], fu["owners"]) == ("2026-12-18", ["xuli", "hexin"])
    assert fu["history"][-1]["action"] == "rescheduled"
