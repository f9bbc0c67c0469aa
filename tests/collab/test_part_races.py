"""Two liaisons of one department act on the same part at the same moment (issue 16).

Logistics answers through two 协作接口人, 王刚 and 马云飞; both get the part's card. One
presses 受理 (accept) while the other presses 退单 (return): exactly one wins, the other is
told 409 with the part's new state, and the part's state and history agree (one event).
Before, each read ``pending`` and wrote its own state: on PostgreSQL both answered 200,
the later write overwrote the earlier and the history held both an accept and a return.
These tests commit, so each runs on a database of its own.
"""

from __future__ import annotations

import threading

import pytest
from pg_support import (
    app_with_people,
    at_once,
    committed_engines,
    needs_pg,
    read_then_write,
)
from sqlalchemy import select

from tests.collab.conftest import launch

PEOPLE = (("zhang", "requester", "zhangsan"), ("wanggang", "requester", "wanggang"),
          ("xuli", "requester", "xuli"),
          ("mayun", "requester", "mayun"), ("coord", "planner", None),
          ("coord2", "planner", None))
ROUNDS = 4

engine_ = committed_engines("dispatch_part_race")
pg_engine = committed_engines("dispatch_part_race_pg", ["postgresql"])


@pytest.fixture
def race_org(demo_org):
    from models.org import parse_org

    doc = demo_org.model_dump(mode="json")
    for d in doc["departments"]:
        if d["id"] == "logistics":
            d["liaisons"] = ["wanggang", "mayun"]
    return parse_org(doc, "race-org")


def _events(engine, part_id: int) -> list[str]:
    from dispatch.collab.models import PartEvent
    from dispatch.db import make_session_factory

    with make_session_factory(engine)() as s:
        return list(s.scalars(select(PartEvent.action).where(PartEvent.part_id == part_id)
                              .order_by(PartEvent.id)))


def test_load_liaisons_accept_and_return_one_part_at_once(engine_, race_org, tmp_path) -> None:
    from fastapi.testclient import TestClient

    app, h = app_with_people(engine_, tmp_path, race_org, PEOPLE)
    with TestClient(app, base_url="https://testserver") as client:
        for _ in range(ROUNDS):
            c = client.post("/api/collab", json=launch(race_org.today()), headers=h["zhang"])
            assert c.status_code == 201, c.text
            cid = c.json()["id"]
            part = next(p for p in c.json()["parts"] if p["department"] == "logistics")
            url = f"/api/collab/{cid}/parts/{part['id']}"
            # both were shown the part as pending (the inbox and the board send what they
            # showed); without it a return after an accept is a later, legal step
            acc, ret = at_once([
                lambda u=url: client.post(f"{u}/accept", json={"seen_state": "pending"},
                                          headers=h["wanggang"]),
                lambda u=url: client.post(f"{u}/return", json={"reason": "不归物流部",
                                                               "seen_state": "pending"},
                                          headers=h["mayun"])])
            assert sorted([acc.status_code, ret.status_code]) == [200, 409], (acc.text, ret.text)
            winner = "accepted" if acc.status_code == 200 else "returned"
            loser = ret if acc.status_code == 200 else acc
            assert loser.json()["error"]["details"]["state"] == winner
            now = client.get(f"/api/collab/{cid}", headers=h["zhang"]).json()
            assert next(p for p in now["parts"] if p["id"] == part["id"])["state"] == winner
            acts = [a for a in _events(engine_, part["id"]) if a in ("accept", "return")]
            assert acts == ["accept" if winner == "accepted" else "return"]


def test_load_two_coordinators_reassign_one_returned_part_at_once(engine_, race_org,
                                                                 tmp_path) -> None:
    """A returned part goes to one department, once, however many coordinators press."""
    from fastapi.testclient import TestClient

    app, h = app_with_people(engine_, tmp_path, race_org, PEOPLE)
    with TestClient(app, base_url="https://testserver") as client:
        c = client.post("/api/collab", json=launch(race_org.today()), headers=h["zhang"])
        cid = c.json()["id"]
        part = next(p for p in c.json()["parts"] if p["department"] == "logistics")
        url = f"/api/collab/{cid}/parts/{part['id']}"
        assert client.post(f"{url}/return", json={"reason": "不归物流部"},
                           headers=h["wanggang"]).status_code == 200
        a, b = at_once([
            lambda: client.post(f"{url}/reassign", json={"department": "hr",
                                                         "seen_state": "returned"},
                                headers=h["coord"]),
            lambda: client.post(f"{url}/reassign", json={"department": "it",
                                                         "seen_state": "returned"},
                                headers=h["coord2"])])
        assert sorted([a.status_code, b.status_code]) == [200, 409], (a.text, b.text)
        now = client.get(f"/api/collab/{cid}", headers=h["zhang"]).json()
        moved = next(p for p in now["parts"] if p["id"] == part["id"])
        assert moved["state"] == "pending"
        assert moved["department"] == ("hr" if a.status_code == 200 else "it")
        assert _events(engine_, part["id"]).count("reassign") == 1


@needs_pg
def test_load_pg_both_read_pending_before_either_writes(pg_engine, race_org, tmp_path) -> None:
    """The interleaving the API test can only hope for, forced: both transactions have read
    the part as pending before either writes (SQLite cannot interleave: writes begin
    IMMEDIATE)."""
    from fastapi.testclient import TestClient

    from dispatch.collab import flows
    from dispatch.collab.models import Collaboration, Part
    from dispatch.db import make_session_factory
    from dispatch.orgdir.service import current_org
    from dispatch.users import service as users

    app, h = app_with_people(pg_engine, tmp_path, race_org, PEOPLE)
    with TestClient(app, base_url="https://testserver") as client:
        c = client.post("/api/collab", json=launch(race_org.today()), headers=h["zhang"]).json()
    pid = next(p for p in c["parts"] if p["department"] == "logistics")["id"]
    factory = make_session_factory(pg_engine)

    def read(s):
        part = s.get(Part, pid)
        assert part.state == "pending"
        return part, s.get(Collaboration, c["id"]), current_org(db_session=s)

    def act(who: str, action: str, note: str):
        def write(s, seen):
            part, coll, org = seen
            flows.act(db_session=s, org=org, user=users.get_by_name(db_session=s, name=who),
                      c=coll, part=part, action=action, note=note, seen="pending")
            return "ok"
        return read, write

    results = [r if r == "ok" else f"409 {r.details.get('state')}" for r in read_then_write(
        factory, act("wanggang", "accept", ""), act("mayun", "return", "不归我们"))]
    assert sorted(results) in (["409 accepted", "ok"], ["409 returned", "ok"]), results
    acts = [a for a in _events(pg_engine, pid) if a in ("accept", "return")]
    assert len(acts) == 1
    with factory() as s:
        assert s.get(Part, pid).state == {"accept": "accepted", "return": "returned"}[acts[0]]


def _both_in_progress(client, h, org) -> dict:
    c = client.post("/api/collab", json=launch(org.today()), headers=h["zhang"]).json()
    for who, dept in (("xuli", "design"), ("wanggang", "logistics")):
        part = next(p for p in c["parts"] if p["department"] == dept)
        for step in ("accept", "start"):
            r = client.post(f"/api/collab/{c['id']}/parts/{part['id']}/{step}", json={},
                            headers=h[who])
            assert r.status_code == 200, r.text
    return c


def test_load_last_two_parts_finished_at_once_deliver_the_collaboration(engine_, race_org,
                                                                       tmp_path) -> None:
    """Design and logistics finish at the same moment: the collaboration is delivered (each
    transaction saw the other's part unfinished and delivered nothing, before)."""
    from fastapi.testclient import TestClient

    app, h = app_with_people(engine_, tmp_path, race_org, PEOPLE)
    with TestClient(app, base_url="https://testserver") as client:
        c = _both_in_progress(client, h, race_org)
        calls = []
        for who, dept in (("xuli", "design"), ("wanggang", "logistics")):
            part = next(p for p in c["parts"] if p["department"] == dept)
            url = f"/api/collab/{c['id']}/parts/{part['id']}/finish"
            calls.append(lambda u=url, w=who: client.post(u, json={}, headers=h[w]))
        assert [r.status_code for r in at_once(calls)] == [200, 200]
        now = client.get(f"/api/collab/{c['id']}", headers=h["zhang"]).json()
        assert now["state"] == "delivered"


@needs_pg
def test_load_pg_parts_finished_after_both_read_deliver_once(pg_engine, race_org,
                                                            tmp_path) -> None:
    from fastapi.testclient import TestClient

    from dispatch.collab import flows
    from dispatch.collab.models import Collaboration, Part, PartEvent
    from dispatch.db import make_session_factory
    from dispatch.orgdir.service import current_org
    from dispatch.users import service as users

    app, h = app_with_people(pg_engine, tmp_path, race_org, PEOPLE)
    with TestClient(app, base_url="https://testserver") as client:
        c = _both_in_progress(client, h, race_org)
    factory = make_session_factory(pg_engine)

    def finish(who: str, dept: str):
        pid = next(p for p in c["parts"] if p["department"] == dept)["id"]

        def read(s):
            coll = s.get(Collaboration, c["id"])
            assert [p.state for p in coll.parts] == ["in_progress", "in_progress"]
            return coll, s.get(Part, pid)

        def write(s, seen):
            coll, part = seen
            flows.act(db_session=s, org=current_org(db_session=s), c=coll, part=part,
                      user=users.get_by_name(db_session=s, name=who), action="finish")
            return "ok"
        return read, write

    assert read_then_write(factory, finish("xuli", "design"),
                           finish("wanggang", "logistics")) == ["ok", "ok"]
    with factory() as s:
        assert s.get(Collaboration, c["id"]).state == "delivered"
        assert list(s.scalars(select(PartEvent.action).where(
            PartEvent.collaboration_id == c["id"], PartEvent.action == "delivered"))) == \
            ["delivered"]


# ------------------------------------------- task edits (PATCH /api/collab/{id}/tasks/{id})
# Before, an edit read the task and wrote it, and its copy in the planner's backlog: an edit
# of the hours while logistics finished its part put the finished part's task back open in
# the backlog with the hours as read; two edits of one estimate both answered 200.


def _logistics_task_started(client, h, org) -> tuple[dict, dict, dict]:
    """(collaboration, logistics part, its task of 16 h), the part in progress."""
    c = client.post("/api/collab", json=launch(org.today()), headers=h["zhang"]).json()
    part = next(p for p in c["parts"] if p["department"] == "logistics")
    url = f"/api/collab/{c['id']}/parts/{part['id']}"
    assert client.post(f"{url}/accept", json={}, headers=h["wanggang"]).status_code == 200
    r = client.post(f"{url}/tasks", json={"title": "样机搬运", "effort_hours": 16},
                    headers=h["wanggang"])
    assert r.status_code == 201, r.text
    task = next(t for t in r.json()["tasks"] if t["title"] == "样机搬运")
    assert client.post(f"{url}/start", json={}, headers=h["wanggang"]).status_code == 200
    return c, part, task


def test_load_two_estimates_of_one_task_at_once(engine_, race_org, tmp_path) -> None:
    """Both were shown 16 h (``seen``): one estimate stands, the other is told 409 with the
    hours now."""
    from fastapi.testclient import TestClient

    app, h = app_with_people(engine_, tmp_path, race_org, PEOPLE)
    with TestClient(app, base_url="https://testserver") as client:
        c, _, task = _logistics_task_started(client, h, race_org)
        url = f"/api/collab/{c['id']}/tasks/{task['id']}"
        a, b = at_once([
            lambda: client.patch(url, json={"effort_hours": 20, "seen": {"effort_hours": 16}},
                                 headers=h["wanggang"]),
            lambda: client.patch(url, json={"effort_hours": 30, "seen": {"effort_hours": 16}},
                                 headers=h["mayun"])])
        assert sorted([a.status_code, b.status_code]) == [200, 409], (a.text, b.text)
        won, lost = (20, b) if a.status_code == 200 else (30, a)
        now = client.get(f"/api/collab/{c['id']}", headers=h["zhang"]).json()
        assert next(t for t in now["tasks"] if t["id"] == task["id"])["effort_hours"] == won
        assert lost.json()["error"]["details"]["changed"] == {"effort_hours": won}


@needs_pg
def test_load_pg_task_edit_after_its_part_finished_meanwhile(pg_engine, race_org,
                                                             tmp_path) -> None:
    """Logistics finishes its part while a colleague enters 4 h done on its task, both
    having read the part in progress; the finish writes first. The task stays done with
    all its hours, in the collaboration and in the backlog; the edit is refused naming the
    hours now (before: 200, the task's hours set back to 4 and its backlog copy reopened)."""
    from fastapi.testclient import TestClient

    from dispatch.collab import flows
    from dispatch.collab.models import Collaboration, CollabTask, Part
    from dispatch.db import make_session_factory
    from dispatch.orgdir.service import current_org
    from dispatch.plans.models import WorkTask
    from dispatch.users import service as users

    app, h = app_with_people(pg_engine, tmp_path, race_org, PEOPLE)
    with TestClient(app, base_url="https://testserver") as client:
        c, part, task = _logistics_task_started(client, h, race_org)
    factory = make_session_factory(pg_engine)
    finished = threading.Event()  # the finish holds the rows until it commits

    def read(s):
        coll = s.get(Collaboration, c["id"])
        assert s.get(Part, part["id"]).state == "in_progress"
        return coll, s.get(Part, part["id"]), s.get(CollabTask, task["id"])

    def finish(s, seen):
        coll, p, _ = seen
        flows.act(db_session=s, org=current_org(db_session=s), c=coll, part=p,
                  user=users.get_by_name(db_session=s, name="wanggang"), action="finish")
        s.flush()
        finished.set()
        return "finished"

    def edit(s, seen):
        coll, _, _ = seen
        assert finished.wait(30)
        flows.update_task(db_session=s, org=current_org(db_session=s), c=coll,
                          user=users.get_by_name(db_session=s, name="mayun"),
                          task_id=task["id"], fields={"done_hours": 4})
        return "edited"

    results = read_then_write(factory, (read, finish), (read, edit))
    assert results[0] == "finished"
    assert "done_hours is 16" in str(results[1]), results
    with factory() as s:
        t = s.get(CollabTask, task["id"])
        assert (t.status, t.done_hours) == ("done", 16)
        assert s.get(WorkTask, t.work_task_id).status == "done"
