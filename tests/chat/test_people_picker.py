"""Owners are picked by name, alias or pinyin: the suggestions endpoint, the matcher the
forms use, the review page's and the collaboration board's owner fields."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from dispatch.errors import InvalidInput
from dispatch.orgdir import people

PASSWORD = "pw-for-tests-123"


def _ids(hits):
    return [h["id"] for h in hits]


def test_suggest_by_name_alias_pinyin_and_initials(demo_org):
    assert _ids(people.suggest(demo_org, "张三"))[0] == "zhangsan"
    assert "zhangsan" in _ids(people.suggest(demo_org, "老张"))  # alias
    assert _ids(people.suggest(demo_org, "zhangsan"))[0] == "zhangsan"  # full pinyin
    assert "zhangsan" in _ids(people.suggest(demo_org, "zs"))  # initials
    assert _ids(people.suggest(demo_org, "mayunf")) == ["mayun"]  # pinyin prefix of 马云飞
    assert _ids(people.suggest(demo_org, "Cindy")) == ["hexin"]
    assert people.suggest(demo_org, "  ") == []
    assert all(h["department"] == "design" for h in people.suggest(demo_org, "x",
                                                                    department="design"))


def test_resolve_accepts_what_is_suggested_and_names_the_unknown(demo_org):
    assert people.resolve(demo_org, "李娜") == "lina"
    assert people.resolve(demo_org, "lina") == "lina"
    assert people.resolve(demo_org, "mayunfei") == "mayun"  # full pinyin of 马云飞
    with pytest.raises(InvalidInput, match="unknown staff member 'nobody'"):
        people.resolve(demo_org, "nobody")


def test_people_endpoint(client, org_in_db, auth):
    r = client.get("/api/org/people", params={"q": "zs"}, headers=auth["requester"])
    assert r.status_code == 200 and "zhangsan" in _ids(r.json())
    hit = next(h for h in r.json() if h["id"] == "zhangsan")
    assert hit["name"] == "张三" and hit["pinyin"] == "zhangsan"
    r = client.get("/api/org/people", params={"q": "z", "department": "nope"},
                   headers=auth["requester"])
    assert r.status_code == 422
    assert client.get("/api/org/people", params={"q": "z"}).status_code == 401


def _csrf(html: str) -> str:
    return re.search(r'<meta name="csrf-token" content="([^"]+)"', html).group(1)


def test_board_task_editor_takes_a_name_and_refuses_an_outsider(app, db, client, people,
                                                                chat_org):
    from fastapi.testclient import TestClient

    from dispatch.collab.models import CollabTask
    from dispatch.users import service as users

    today = chat_org.today()
    body = {"title": "新品发布会", "parts": [
        {"department": "design", "text": "设计部出主视觉海报", "role": "lead"},
        {"department": "logistics", "text": "物流部派4人把样机搬到会场"}],
        "due": (today + dt.timedelta(days=14)).isoformat()}
    c = client.post("/api/collab", json=body, headers=people["zhang"][1]).json()
    design = next(p for p in c["parts"] if p["department"] == "design")
    assert client.post(f"/api/collab/{c['id']}/parts/{design['id']}/accept",
                       headers=people["xuli"][1]).status_code == 200
    users.set_password(db_session=db, name="zhoujie", password=PASSWORD)
    with TestClient(app, base_url="https://testserver") as web:
        page = web.get("/login")
        web.post("/login", data={"username": "zhoujie", "password": PASSWORD,
                                 "csrf_token": _csrf(page.text), "next": "/"})
        board = web.get(f"/collab/{c['id']}")
        assert 'name="responsible" list="staff-list"' in board.text
        assert 'value="徐丽" label="设计部 · xuli · xl' in board.text  # name, not id
        csrf = _csrf(board.text)
        r = web.post(f"/collab/{c['id']}/act", data={
            "csrf_token": csrf, "op": "add_task", "part_id": design["id"], "title": "海报二稿",
            "effort_hours": "6", "responsible": "xuli"}, follow_redirects=False)
        assert r.status_code in (303, 200), r.text
        task = db.query(CollabTask).filter_by(title="海报二稿").one()
        assert {"department": "design", "person": "xuli"} in task.raci["R"]
        r = web.post(f"/collab/{c['id']}/act", data={
            "csrf_token": csrf, "op": "add_task", "part_id": design["id"], "title": "海报三稿",
            "effort_hours": "6", "responsible": "王刚"}, follow_redirects=False)
        assert db.query(CollabTask).filter_by(title="海报三稿").count() == 0
