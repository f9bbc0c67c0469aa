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


HUGE = str(2**64)
ID_ROUTES = [
    ("GET", "/api/requests/{id}"), ("POST", "/api/requests/{id}/accept"),
    ("GET", "/api/minutes/{id}"), ("GET", "/api/minutes/items/{id}"),
    ("PATCH", "/api/minutes/items/{id}"), ("POST", "/api/minutes/{id}/confirm"),
    ("GET", "/api/plans/proposals/{id}"), ("GET", "/api/plans/proposals/{id}/compare/1"),
    ("GET", "/api/notifications/{id}"), ("GET", "/api/followups/{id}"),
    ("POST", "/api/followups/{id}/done"), ("GET", "/requests/{id}"), ("GET", "/minutes/{id}"),
    ("GET", "/planner/{id}"),
    # collaborations and problems (found by scripts/fuzz_api.sh after they were merged)
    ("GET", "/api/collab/{id}"), ("GET", "/api/collab/{id}/raci"),
    ("POST", "/api/collab/{id}/approve"), ("POST", "/api/collab/{id}/parts/{id}/accept"),
    ("POST", "/api/collab/{id}/ratings"), ("GET", "/api/problems/{id}"),
    ("POST", "/api/problems/{id}/decide"), ("POST", "/api/problems/{id}/dispute"),
    ("POST", "/api/problems/{id}/start"),
    ("GET", "/api/problems/blocked-tasks?collaboration_id={id}"),
    ("GET", "/api/problems?collaboration_id={id}"),
]


@pytest.mark.parametrize("method, route", ID_ROUTES)
@pytest.mark.parametrize("bad", [HUGE, str(2**31), "-1", "0"])
def test_d16_ids_beyond_64_bits_refused(client, auth, org_in_db, method, route, bad) -> None:
    """Beyond 64 bits failed everywhere; beyond 2^31 on PostgreSQL (integer ids), found by
    scripts/fuzz_api.sh."""
    r = client.request(method, route.format(id=bad), json={}, headers=auth["admin"])
    assert r.status_code == 422, (route, r.status_code, r.text[:200])


LIST_ROUTES = ["/api/requests", "/api/minutes", "/api/notifications", "/api/requests/triage",
               "/api/requests/sla-events", "/api/routing/examples", "/api/collab",
               "/api/problems"]


@pytest.mark.parametrize("url", LIST_ROUTES)
@pytest.mark.parametrize("query", ["limit=-1", "limit=0", "limit=501", f"limit={HUGE}",
                                   "offset=-1", f"offset={HUGE}"])
def test_d16_limits_and_offsets_bounded(client, auth, org_in_db, url, query) -> None:
    if query.startswith("offset") and url in ("/api/requests/triage", "/api/requests/sla-events",
                                              "/api/routing/examples", "/api/collab",
                                              "/api/problems"):
        pytest.skip("this list takes no offset")
    r = client.get(f"{url}?{query}", headers=auth["admin"])
    assert r.status_code == 422, (url, query, r.status_code, r.text[:200])
    assert client.get(f"{url}?limit=500", headers=auth["admin"]).status_code == 200


def test_d19_new_users_are_checked(client, auth, org_in_db) -> None:
    admin = auth["admin"]

    def create(**body):
        return client.post("/api/users", json={"role": "requester", **body}, headers=admin)

    r = create(name="short_pw", password="x")
    assert r.status_code == 422 and "8" in r.json()["error"]["message"]
    r = create(name="ghost_link", password="long-enough-1", staff_id="nobody_here")
    assert r.status_code == 422 and "nobody_here" in r.json()["error"]["message"]
    assert create(name="xuli_1", password="long-enough-1", staff_id="xuli").status_code == 201
    r = create(name="xuli_2", password="long-enough-2", staff_id="xuli")
    assert r.status_code == 409 and "xuli_1" in r.json()["error"]["message"]
    names = {u["name"] for u in client.get("/api/users", headers=admin).json()}
    assert "xuli_1" in names and not names & {"short_pw", "ghost_link", "xuli_2"}


def test_also_long_values_fit_their_columns(client, auth, org_in_db) -> None:
    """String(n) columns refuse longer values on PostgreSQL (SQLite does not check): every
    input that lands in one is refused with 422 or shortened, never a 500."""
    r = client.post("/api/users", json={"name": "u" * 101, "role": "requester"},
                    headers=auth["admin"])
    assert r.status_code == 422 and "100" in r.text
    long_title = "标题" * 200  # 400 characters, Meeting.title is String(300)
    doc = f"# {long_title}\n\n时间：2026年11月20日\n\n- 徐丽负责海报设计，11月27日前完成\n"
    r = client.post("/api/minutes", files={"file": ("t.md", doc.encode())},
                    headers=auth["requester"])
    assert r.status_code == 201, r.text
    assert len(r.json()["title"]) <= 300
    r = client.post("/api/minutes", files={"file": ("n" * 400 + ".txt", "无。".encode())},
                    headers=auth["requester"])
    assert r.status_code == 201, r.text
    r = client.post("/api/followups", json={"kind": "custom", "ref_id": "x1", "title": "t",
                                            "owners": ["xuli"], "due": "2026-12-04",
                                            "link": "https://x/" + "a" * 1200},
                    headers=auth["planner"])
    assert r.status_code == 422, r.text


def test_also_long_names_fit_their_string_100_columns(client, auth, org_in_db) -> None:
    """The String(100) columns a person can reach besides a user's name: the name typed at
    the sign-in page (login_failures.name, a wrong password is recorded under it) and a
    collaboration's milestone names (collab_tasks.milestone): 422 or stored shortened on
    PostgreSQL, never a 500."""
    import re

    from tests.collab.conftest import launch

    page = client.get("/login")
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
    r = client.post("/login", data={"username": "名" * 300, "password": "wrong-password",
                                    "csrf_token": csrf}, follow_redirects=False)
    assert r.status_code < 500 and r.status_code != 303, r.status_code
    today = org_in_db.today()
    body = launch(today)
    body["milestones"][0]["name"] = "里程碑" * 50  # 150 characters
    r = client.post("/api/collab", json=body, headers=auth["planner"])
    assert r.status_code == 422 and "1–100" in r.text, r.text
    r = client.post("/api/collab", json=launch(today), headers=auth["planner"])
    assert r.status_code == 201, r.text
    c = r.json()
    part = c["parts"][0]
    r = client.post(f"/api/collab/{c['id']}/parts/{part['id']}/accept", json={},
                    headers=auth["admin"])
    assert r.status_code == 200, r.text
    r = client.post(f"/api/collab/{c['id']}/parts/{part['id']}/tasks",
                    json={"title": "海报", "effort_hours": 4}, headers=auth["admin"])
    assert r.status_code == 201, r.text
    task = r.json()["tasks"][0]
    r = client.patch(f"/api/collab/{c['id']}/tasks/{task['id']}",
                     json={"milestone": "里程碑" * 50}, headers=auth["admin"])
    assert r.status_code == 422, r.text


@pytest.mark.parametrize("method, url, body", [
    ("POST", "/api/requests", '{"text": "need design help \\u0000 now"}'),
    ("POST", "/api/plans/backlog", '{"title": "a\\u0000b", "effort_hours": 2}'),
    ("GET", "/api/notifications?event=a%00b", None),
    ("GET", "/api/minutes/items?owner=x%00", None),
])
def test_d15_nul_characters_refused(client, auth, org_in_db, method, url, body) -> None:
    """PostgreSQL text cannot hold NUL: 500 before (found by scripts/fuzz_api.sh)."""
    before = client.get("/api/requests", headers=auth["admin"]).json()
    r = (_raw(client, method, url, body, auth["admin"]) if body is not None
         else client.request(method, url, headers=auth["admin"]))
    assert r.status_code == 422, r.text
    assert "NUL" in r.json()["error"]["message"]
    assert client.get("/api/requests", headers=auth["admin"]).json() == before
