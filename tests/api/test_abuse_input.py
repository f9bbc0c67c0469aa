"""Input an attacker (or a typo) sends: every case answers 4xx and stores nothing.

Each test names the defect of issue 16 it covers (d08 = defect 8).
"""

from __future__ import annotations

import pytest

from dispatch.demo import DEMO_DIR

SAMPLE = DEMO_DIR / "minutes_launch_review.md"
BAD_EFFORTS = ["1e999", "-1e999", "Infinity", "NaN", "-3", "0", "100001"]


def _raw(client, method: str, url: str, body: str, headers: dict):
    return client.request(method, url, content=body.encode(),
                          headers={**headers, "content-type": "application/json"})


@pytest.mark.parametrize("effort", BAD_EFFORTS)
def test_d08_infinite_effort_refused_on_the_backlog(client, auth, org_in_db, effort) -> None:
    body = ('{"title": "海报", "department": "design", "due": "2026-11-27", '
            f'"effort_hours": {effort}}}')
    r = _raw(client, "POST", "/api/plans/backlog", body, auth["planner"])
    assert r.status_code == 422, r.text
    tasks = client.get("/api/plans/backlog", headers=auth["planner"]).json()["tasks"]
    assert [t for t in tasks if t["source"] == "manual"] == []


@pytest.mark.parametrize("effort", BAD_EFFORTS)
def test_d08_infinite_effort_refused_on_action_items(client, auth, org_in_db, effort) -> None:
    h = auth["requester"]
    meeting = client.post("/api/minutes", files={"file": (SAMPLE.name, SAMPLE.read_bytes())},
                          headers=h).json()
    item = meeting["action_items"][0]
    r = _raw(client, "PATCH", f"/api/minutes/items/{item['id']}",
             f'{{"effort_hours": {effort}}}', h)
    assert r.status_code == 422, r.text
    r = _raw(client, "POST", f"/api/minutes/{meeting['id']}/items",
             f'{{"task": "新事项", "owners": ["xuli"], "effort_hours": {effort}}}', h)
    assert r.status_code == 422, r.text
    after = client.get(f"/api/minutes/{meeting['id']}", headers=h).json()
    assert len(after["action_items"]) == len(meeting["action_items"])
    assert after["action_items"][0]["effort_hours"] == item["effort_hours"]


def test_d08_finite_effort_still_accepted(client, auth, org_in_db) -> None:
    r = client.post("/api/plans/backlog", json={"title": "海报", "department": "design",
                                                "effort_hours": 12.5},
                    headers=auth["planner"])
    assert r.status_code == 201, r.text


def test_d08_effort_rule_holds_in_the_services_too(db, org_in_db) -> None:
    """Web forms parse "1e999" with float() and hand it to the service: the service refuses."""
    from dispatch.errors import InvalidInput
    from dispatch.plans import service

    for bad in (float("inf"), float("nan"), -1.0, "1e999"):
        with pytest.raises(InvalidInput):
            service.add_task(db_session=db, org=org_in_db,
                             fields={"title": "x", "effort_hours": bad})



LONE = '"need \\ud800 design help"'


@pytest.mark.parametrize("url, body", [
    ("/api/requests", f'{{"text": {LONE}}}'),
    ("/api/routing/predict", f'{{"text": {LONE}}}'),
    ("/api/routing/predict/batch", f'{{"items": [{{"id": "1", "text": {LONE}}}]}}'),
    ("/api/plans/backlog", '{"title": "海报\\udfff", "effort_hours": 2}'),
])
def test_d15_lone_surrogate_refused(client, auth, org_in_db, url, body) -> None:
    before = client.get("/api/requests", headers=auth["planner"]).json()
    r = _raw(client, "POST", url, body, auth["planner"])
    assert r.status_code == 422, r.text
    assert "surrogate" in r.json()["error"]["message"]
    assert client.get("/api/requests", headers=auth["planner"]).json() == before


def test_d15_surrogate_pair_is_a_character(client, auth, org_in_db) -> None:
    """An emoji escaped as a pair is valid JSON text and is stored as the character."""
    r = _raw(client, "POST", "/api/requests",
             '{"text": "海报设计需要支持 \\ud83d\\ude00", "title": "海报"}', auth["requester"])
    assert r.status_code == 201, r.text
    assert r.json()["text"].endswith("\U0001f600")
