"""The problem log through the API: raise on a collaboration (or a request), the due date
on working days, who may see and move a problem, every transition recorded, illegal ones
refused naming what is allowed, bad input refused with nothing stored, blocked tasks at
risk on the board."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select

from dispatch.notifications.models import Notification
from dispatch.problems.models import Problem, ProblemEvent
from tests.problems.conftest import problem_body


def _count(db, model) -> int:
    return db.scalar(select(func.count()).select_from(model))


def _raise(client, people, c, who="wanggang", **over):
    return client.post("/api/problems", json=problem_body(c, **over), headers=people[who][1])


def test_raise_on_a_collaboration(client, db, people, collab, problem_org, today) -> None:
    r = _raise(client, people, collab)
    assert r.status_code == 201, r.text
    p = r.json()
    assert p["target"] == {"kind": "collab", "id": collab["id"]}
    assert p["collaboration_id"] == collab["id"]
    assert p["departments"] == ["design", "logistics"]
    assert p["severity"] == "high" and p["severity_zh"] == "高"
    assert p["responsible_department"] == "design"
    assert p["responsible_person"] == "xuli"  # design's 协作接口人
    assert p["raised_by"] == "wanggang" and p["raised_department"] == "logistics"
    # high: 1 working day after today on the org calendar (defaults of the org file)
    assert p["due"] == problem_org.work_calendar.add_workdays(today, 1).isoformat()
    assert p["state"] == "open" and p["allowed_actions"] == ["start", "resolve", "close",
                                                             "dispute"]
    assert [(e["action"], e["to"], e["by"]) for e in p["events"]] == \
        [("raise", "open", "wanggang")]
    sent = db.scalars(select(Notification).where(Notification.event == "problem.raised")).all()
    assert sent and all(n.recipients == ["xuli"] for n in sent)
    assert "样机运输" in sent[0].body
    # low severity, an explicit number of working days, an explicit person
    r = _raise(client, people, collab, severity="low", due_days=3, responsible_person="hexin")
    assert r.status_code == 201, r.text
    assert r.json()["due"] == problem_org.work_calendar.add_workdays(today, 3).isoformat()
    assert r.json()["responsible_person"] == "hexin"


def test_bad_input_is_refused_and_nothing_is_stored(client, db, people, collab,
                                                    today) -> None:
    before = (_count(db, Problem), _count(db, ProblemEvent), _count(db, Notification))
    cases = [
        ({"severity": "紧急"}, "severity"),
        ({"description": "   "}, "description"),
        ({"departments": ["设计部", "法务部"]}, "法务部"),
        ({"responsible_department": "nowhere"}, "nowhere"),
        ({"responsible_person": "wanggang"}, "works in logistics"),
        ({"responsible_person": "nobody"}, "nobody"),
        ({"due": (today - dt.timedelta(days=1)).isoformat()}, "in the past"),
        ({"due": (today + dt.timedelta(days=9)).isoformat(), "due_days": 2}, "not both"),
        ({"due_days": 0}, "due_days"),
        ({"blocks_task_id": 999999}, "no open task"),
        ({"target": {"kind": "meeting", "id": 1}}, "target_kind"),
    ]
    for over, needle in cases:
        r = _raise(client, people, collab, **over)
        assert r.status_code == 422, (over, r.text)
        assert needle in r.json()["error"]["message"], (over, r.json())
    r = _raise(client, people, collab, target={"kind": "collab", "id": 999999})
    assert r.status_code == 404
    r = _raise(client, people, collab, description="x" * 200_001)
    assert r.status_code == 413
    assert (_count(db, Problem), _count(db, ProblemEvent), _count(db, Notification)) == before


def test_who_may_raise_read_and_move(client, people, collab) -> None:
    # sales has no part in the collaboration: cannot raise on it
    assert _raise(client, people, collab, who="linxue").status_code == 403
    p = _raise(client, people, collab, departments=["design"]).json()
    url = f"/api/problems/{p['id']}"
    assert client.get(url, headers=people["linxue"][1]).status_code == 403
    r = client.post(f"{url}/start", json={}, headers=people["linxue"][1])
    assert r.status_code == 403 and "only its departments' people" in r.json()["error"][
        "message"]
    # a designer (involved department), the raiser, the requester, a coordinator: yes
    for who in ("hexin", "wanggang", "zhang", "coord"):
        assert client.get(url, headers=people[who][1]).status_code == 200, who
    listed = client.get(f"/api/problems?collaboration_id={collab['id']}",
                        headers=people["linxue"][1]).json()
    assert listed == []
    listed = client.get(f"/api/problems?collaboration_id={collab['id']}",
                        headers=people["hexin"][1]).json()
    assert [x["id"] for x in listed] == [p["id"]]


def test_transitions_are_recorded_and_illegal_ones_refused(client, people, collab) -> None:
    p = _raise(client, people, collab).json()
    url = f"/api/problems/{p['id']}"
    r = client.post(f"{url}/start", json={}, headers=people["xuli"][1])
    assert r.status_code == 200 and r.json()["state"] == "in_progress"
    r = client.post(f"{url}/start", json={}, headers=people["xuli"][1])
    assert r.status_code == 409
    err = r.json()["error"]
    assert "allowed now: resolve, close, dispute" in err["message"]
    assert err["details"]["allowed"] == ["resolve", "close", "dispute"]
    r = client.post(f"{url}/resolve", json={}, headers=people["xuli"][1])
    assert r.status_code == 422 and "note" in r.json()["error"]["message"]
    r = client.post(f"{url}/resolve", json={"note": "先给外形尺寸，物流已订车"},
                    headers=people["xuli"][1])
    assert r.status_code == 200 and r.json()["state"] == "resolved"
    assert r.json()["resolution"] == "先给外形尺寸，物流已订车"
    r = client.post(f"{url}/dispute", json={}, headers=people["xuli"][1])
    assert r.status_code == 409 and r.json()["error"]["details"]["allowed"] == ["close",
                                                                                "reopen"]
    r = client.post(f"{url}/decide", json={"outcome": "resolve", "decision": "x"},
                    headers=people["boss"][1])
    assert r.status_code == 409
    r = client.post(f"{url}/reopen", json={"note": "尺寸图又变了"}, headers=people["wanggang"][1])
    assert r.json()["state"] == "in_progress" and r.json()["resolved_at"] is None
    r = client.post(f"{url}/close", json={"note": "发布会取消"}, headers=people["zhang"][1])
    assert r.json()["state"] == "closed" and r.json()["allowed_actions"] == []
    r = client.post(f"{url}/fly", json={}, headers=people["zhang"][1])
    assert r.status_code == 422
    steps = [(e["action"], e["from"], e["to"], e["by"]) for e in r.json()["events"]] \
        if r.status_code == 200 else \
        [(e["action"], e["from"], e["to"], e["by"])
         for e in client.get(url, headers=people["zhang"][1]).json()["events"]]
    assert steps == [("raise", "", "open", "wanggang"),
                     ("start", "open", "in_progress", "xuli"),
                     ("resolve", "in_progress", "resolved", "xuli"),
                     ("reopen", "resolved", "in_progress", "wanggang"),
                     ("close", "in_progress", "closed", "zhang")]
    events = client.get(url, headers=people["zhang"][1]).json()["events"]
    assert all(e["at"] for e in events)


def test_a_blocked_task_shows_at_risk_on_the_board(client, people, collab) -> None:
    task = next(t for t in collab["tasks"] if t["department"] == "logistics")
    assert task["risk"] == "low" and task["blocked_by"] == []
    p = _raise(client, people, collab, severity="中", blocks_task_id=task["id"]).json()
    assert p["blocks_task_id"] == task["id"]
    board = client.get(f"/api/collab/{collab['id']}", headers=people["zhang"][1]).json()
    t = next(t for t in board["tasks"] if t["id"] == task["id"])
    assert t["risk"] == "medium" and t["blocked_by"] == [p["id"]]
    part = next(x for x in board["parts"] if x["department"] == "logistics")
    assert part["risk"] == "medium"
    r = client.get(f"/api/problems/blocked-tasks?collaboration_id={collab['id']}",
                   headers=people["zhang"][1])
    assert r.json()["tasks"] == {str(task["id"]): [
        {"problem": p["id"], "severity": "medium", "dispute_level": 0}]}
    client.post(f"/api/problems/{p['id']}/resolve", json={"note": "车已订"},
                headers=people["xuli"][1])
    board = client.get(f"/api/collab/{collab['id']}", headers=people["zhang"][1]).json()
    t = next(t for t in board["tasks"] if t["id"] == task["id"])
    assert t["risk"] == "low" and t["blocked_by"] == []
    # a task of another collaboration cannot be named
    other = collab["tasks"][0]["id"]
    r = client.post("/api/problems", json=problem_body(
        {"id": collab["id"]}, target={"kind": "request", "id": 1}, blocks_task_id=other),
        headers=people["coord"][1])
    assert r.status_code in (404, 422)


def test_raise_on_a_request(client, db, people, problem_org) -> None:
    from dispatch.requests.models import Request

    req = Request(title="样机运输", text="请物流部运输样机", requester_id=people["zhang"][0].id,
                  from_department="mkt", state="accepted", department="logistics")
    db.add(req)
    db.flush()
    body = {"target": {"kind": "request", "id": req.id}, "description": "运输车辆不足",
            "severity": "low"}
    # the requester raises; the responsible department is the request's
    r = client.post("/api/problems", json=body, headers=people["zhang"][1])
    assert r.status_code == 201, r.text
    assert r.json()["responsible_department"] == "logistics"
    assert r.json()["collaboration_id"] is None
    # a designer has nothing to do with the request
    assert client.post("/api/problems", json=body,
                       headers=people["hexin"][1]).status_code == 403


def test_raise_on_an_action_item(client, db, people, problem_org) -> None:
    from dispatch.minutes.models import ActionItemRow, Meeting

    m = Meeting(title="发布会周会", filename="weekly.md", format="md", attendees=[], lines=[],
                status="confirmed")
    db.add(m)
    db.flush()
    item = ActionItemRow(meeting_id=m.id, task="周五前确认展台尺寸", owners=["xuli"],
                         owner_names=["徐丽"], department="design", status="open")
    db.add(item)
    db.flush()
    body = {"target": {"kind": "action_item", "id": item.id},
            "description": "尺寸要等物流部的车型", "severity": "中",
            "departments": ["design", "logistics"]}
    # the owner raises it; the department defaults to the first involved
    r = client.post("/api/problems", json=body, headers=people["xuli"][1])
    assert r.status_code == 201, r.text
    assert r.json()["target"] == {"kind": "action_item", "id": item.id}
    assert r.json()["responsible_department"] == "design"
    # sales has nothing to do with the item
    assert client.post("/api/problems", json=body,
                       headers=people["linxue"][1]).status_code == 403
    listed = client.get(f"/api/problems?target_kind=action_item&target_id={item.id}",
                        headers=people["xuli"][1]).json()
    assert [p["id"] for p in listed] == [r.json()["id"]]
