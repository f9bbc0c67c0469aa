"""Collaborations through the API: start, per-department parts with their own clocks,
permissions, returns, bad input (nothing half-stored), RACI, staffing, board, closing."""

from __future__ import annotations

import datetime as dt

from job_support import solved
from sqlalchemy import func, select

from dispatch.collab.models import Collaboration, CollabTask, Part, PartEvent
from dispatch.followups.models import FollowUp
from dispatch.notifications.models import Notification
from dispatch.problems.models import Problem
from tests.collab.conftest import launch
from tests.problems.conftest import problem_body


def _start(client, people, today, who="zhang", **over):
    return client.post("/api/collab", json=launch(today, **over), headers=people[who][1])


def _count(db, model) -> int:
    return db.scalar(select(func.count()).select_from(model))


def _act(client, people, who, c, dept, action, **body):
    part = next(p for p in c["parts"] if p["department"] == dept)
    return client.post(f"/api/collab/{c['id']}/parts/{part['id']}/{action}", json=body,
                       headers=people[who][1])


def test_start_gives_each_department_its_part_and_clock(client, db, people, today,
                                                        collab_org) -> None:
    r = _start(client, people, today)
    assert r.status_code == 201, r.text
    c = r.json()
    assert c["state"] == "open" and c["lead_department"] == "design"
    assert c["requester_department"] == "mkt"
    assert [(p["department"], p["role"], p["state"]) for p in c["parts"]] == \
        [("design", "lead", "pending"), ("logistics", "support", "pending")]
    design, logistics = c["parts"]
    assert design["liaisons"] == ["xuli"] and logistics["liaisons"] == ["wanggang", "mayun"]
    assert design["text"] == "设计部出主视觉海报"
    # each its own clock: 24 working hours (normal), a follow-up owned by the liaisons
    for p in c["parts"]:
        due = dt.datetime.fromisoformat(p["ack_due_at"])
        assert due > dt.datetime.now(dt.UTC) + dt.timedelta(hours=23)
        fu = db.scalars(select(FollowUp).where(FollowUp.kind == "collab_ack",
                                               FollowUp.ref_id == f"{p['id']}.1")).one()
        assert fu.owners == p["liaisons"] and fu.department == p["department"]
    events = {n.event for n in db.scalars(select(Notification))}
    assert "collab.part" in events


def test_urgent_parts_get_two_working_hours(client, people, today, collab_org) -> None:
    from dispatch.requests.service import sla_policy
    from models.requests import add_working_hours

    before = dt.datetime.now(dt.UTC)
    c = _start(client, people, today, urgency="urgent").json()
    after = dt.datetime.now(dt.UTC)
    policy = sla_policy(collab_org)
    lo = add_working_hours(before, 2, collab_org.work_calendar, collab_org.tz, policy)
    hi = add_working_hours(after, 2, collab_org.work_calendar, collab_org.tz, policy)
    for p in c["parts"]:
        assert lo <= dt.datetime.fromisoformat(p["ack_due_at"]) <= hi


def test_bad_input_is_refused_and_nothing_is_stored(client, db, people, today,
                                                    collab_org) -> None:
    before = (_count(db, Collaboration), _count(db, Part), _count(db, FollowUp))
    cases = [
        ({"parts": [{"department": "法务部", "text": "审合同"}]}, "法务部"),
        ({"parts": []}, "parts"),
        ({"milestones": [{"name": "启动", "date": (today - dt.timedelta(days=1)).isoformat()}]},
         "in the past"),
        ({"milestones": [{"name": "收尾", "date": (today + dt.timedelta(days=30)).isoformat()}]},
         "after the due date"),
        ({"urgency": "asap"}, "urgency"),
        ({"title": "  "}, "title"),
        ({"parts": [{"department": "design"}, {"department": "设计部"}]}, "twice"),
        ({"parts": [{"department": "design", "role": "lead"},
                    {"department": "it", "role": "lead"}]}, "one lead"),
    ]
    for over, needle in cases:
        r = _start(client, people, today, **over)
        assert r.status_code == 422, (over, r.text)
        assert needle in r.json()["error"]["message"], (over, r.json())
    # an unknown department in the 2nd part: the 1st part must not be left behind
    r = _start(client, people, today, parts=[{"department": "design", "text": "海报"},
                                             {"department": "nowhere", "text": "?"}])
    assert r.status_code == 422 and "nowhere" in r.json()["error"]["message"]
    assert (_count(db, Collaboration), _count(db, Part), _count(db, FollowUp)) == before


def test_only_the_departments_people_act_on_a_part(client, people, today, collab_org) -> None:
    c = _start(client, people, today).json()
    # a designer who is not the liaison, the requester, another department's head: 403
    for who in ("hexin", "zhang", "chenming", "wanggang"):
        r = _act(client, people, who, c, "design", "accept")
        assert r.status_code == 403, (who, r.text)
    # the liaison, and the head, may
    assert _act(client, people, "xuli", c, "design", "accept").status_code == 200
    r = _act(client, people, "zhoujie", c, "design", "start")
    assert r.status_code == 200, r.text
    # a second accept: 409 naming what is allowed
    r = _act(client, people, "xuli", c, "design", "accept")
    assert r.status_code == 409 and "finish" in r.json()["error"]["message"]


def test_parts_move_independently_and_requester_is_told(client, db, people, today,
                                                        collab_org) -> None:
    c = _start(client, people, today).json()
    r = _act(client, people, "xuli", c, "design", "accept", note="收到")
    body = r.json()
    states = {p["department"]: p["state"] for p in body["parts"]}
    assert states == {"design": "accepted", "logistics": "pending"}
    design = body["parts"][0]
    assert design["acked_at"] is not None
    fu = db.scalars(select(FollowUp).where(FollowUp.kind == "collab_ack",
                                           FollowUp.ref_id == f"{design['id']}.1")).one()
    assert fu.status == "done"
    # accepted part became a task (effort, due at the last milestone), mirrored in the backlog
    [task] = body["tasks"]
    assert task["department"] == "design" and task["effort_hours"] == 8
    assert task["milestone"] == "发布会" and task["due"] == body["due"]
    assert task["work_task"].startswith("W")
    told = [n for n in db.scalars(select(Notification))
            if n.event == "collab.part_accept"]
    assert told and "zhangsan" in told[0].recipients


def test_return_goes_to_triage_or_named_department_without_disturbing_others(
        client, db, people, today, collab_org) -> None:
    c = _start(client, people, today).json()
    _act(client, people, "xuli", c, "design", "accept")
    r = _act(client, people, "wanggang", c, "logistics", "return", reason="")
    assert r.status_code == 422 and "reason" in r.json()["error"]["message"]
    r = _act(client, people, "wanggang", c, "logistics", "return", reason="样机搬运归行政")
    assert r.status_code == 200, r.text
    body = r.json()
    states = {p["id"]: (p["department"], p["state"]) for p in body["parts"]}
    assert list(states.values()) == [("design", "accepted"), ("logistics", "returned")]
    queue = client.get("/api/collab/triage", headers=people["coord"][1]).json()
    part_id = body["parts"][1]["id"]
    assert [q["part_id"] for q in queue] == [part_id]
    # a liaison cannot reassign; a coordinator can, to a department not yet in it
    r = client.post(f"/api/collab/{c['id']}/parts/{part_id}/reassign",
                    json={"department": "sales"}, headers=people["wanggang"][1])
    assert r.status_code == 403
    r = client.post(f"/api/collab/{c['id']}/parts/{part_id}/reassign",
                    json={"department": "design"}, headers=people["coord"][1])
    assert r.status_code == 422 and "already has a part" in r.json()["error"]["message"]
    r = client.post(f"/api/collab/{c['id']}/parts/{part_id}/reassign",
                    json={"department": "销售部"}, headers=people["coord"][1])
    assert r.status_code == 200, r.text
    moved = r.json()["parts"][1]
    assert (moved["department"], moved["state"], moved["returned_by"]) == \
        ("sales", "pending", ["logistics"])
    assert moved["liaisons"] == ["huangwei"]  # no liaisons in sales: the head
    assert r.json()["parts"][0]["state"] == "accepted"
    fu = db.scalars(select(FollowUp).where(FollowUp.kind == "collab_ack",
                                           FollowUp.ref_id == f"{part_id}.2")).one()
    assert fu.department == "sales" and fu.status == "open"
    # returning straight to a named department skips triage
    r = client.post(f"/api/collab/{c['id']}/parts/{part_id}/return",
                    json={"reason": "不是我们", "department": "it"},
                    headers=people["boss"][1])
    assert r.json()["parts"][1]["department"] == "it"
    assert r.json()["parts"][1]["state"] == "pending"


def test_reading_is_limited_to_those_involved(client, people, today, collab_org,
                                              make_user) -> None:
    c = _start(client, people, today).json()
    _, tok = make_user("outsider", "requester", staff_id="sunli")  # HR
    r = client.get(f"/api/collab/{c['id']}", headers={"Authorization": f"Bearer {tok}"})
    assert r.status_code == 403
    assert client.get(f"/api/collab/{c['id']}", headers=people["hexin"][1]).status_code == 200
    mine = client.get("/api/collab", headers=people["wanggang"][1]).json()
    assert [x["id"] for x in mine] == [c["id"]]
    assert client.get("/api/collab", headers={"Authorization": f"Bearer {tok}"}).json() == []


def _accepted_and_tasked(client, people, today):
    c = _start(client, people, today).json()
    _act(client, people, "xuli", c, "design", "accept")
    c = _act(client, people, "wanggang", c, "logistics", "accept").json()
    design = c["parts"][0]["id"]
    logistics = c["parts"][1]["id"]
    r = client.post(f"/api/collab/{c['id']}/parts/{design}/tasks",
                    json={"title": "主视觉海报", "effort_hours": 12, "skills": ["海报设计"],
                          "milestone": "海报定稿"}, headers=people["xuli"][1])
    assert r.status_code == 201, r.text
    r = client.post(f"/api/collab/{c['id']}/parts/{logistics}/tasks",
                    json={"title": "样机搬运", "effort_hours": 16, "skills": ["运输调度"]},
                    headers=people["wanggang"][1])
    assert r.status_code == 201, r.text
    return r.json()


def _proposed(client, c, headers) -> dict:
    """Ask for the plan (202 and a job; the test app solves it within the request, as
    ``jobs_inline`` does) and read the collaboration from the done job."""
    r = client.post(f"/api/collab/{c['id']}/plan", json={"time_limit": 2}, headers=headers)
    assert r.status_code == 202, r.text
    assert r.headers["location"] == r.json()["poll"]
    job = client.get(r.json()["poll"], headers=headers).json()
    assert job["status"] == "done", job
    return job["collaboration"]


def test_raci_defaults_and_matrix(client, people, today, collab_org) -> None:
    c = _accepted_and_tasked(client, people, today)
    poster = next(t for t in c["tasks"] if t["title"] == "主视觉海报")
    moving = next(t for t in c["tasks"] if t["title"] == "样机搬运")
    letters = {k: [e["department"] for e in v] for k, v in poster["raci"].items()}
    assert letters == {"R": ["design"], "A": ["design"], "C": ["logistics"], "I": ["mkt"]}
    assert poster["raci"]["A"][0]["person"] == "zhoujie"  # the lead's head answers
    letters = {k: [e["department"] for e in v] for k, v in moving["raci"].items()}
    assert letters == {"R": ["logistics"], "A": ["design"], "C": [], "I": ["mkt"]}
    m = client.get(f"/api/collab/{c['id']}/raci", headers=people["zhang"][1]).json()
    assert [d["id"] for d in m["departments"]] == ["design", "logistics", "mkt"]
    row = next(r for r in m["rows"] if r["task"] == moving["id"])
    assert row["cells"] == {"logistics": "R", "design": "A", "mkt": "I"}
    row = next(r for r in m["rows"] if r["task"] == poster["id"])
    assert row["cells"] == {"design": "R/A", "logistics": "C", "mkt": "I"}
    # edited RACI is validated: unknown department named, R and A required
    r = client.patch(f"/api/collab/{c['id']}/tasks/{moving['id']}",
                     json={"raci": {"R": [{"department": "法务部"}], "A": []}},
                     headers=people["wanggang"][1])
    assert r.status_code == 422 and "法务部" in r.json()["error"]["message"]
    r = client.patch(f"/api/collab/{c['id']}/tasks/{moving['id']}",
                     json={"raci": {"R": [{"department": "logistics", "person": "mayun"}],
                                    "A": [{"department": "design"}],
                                    "C": [{"department": "fin", "person": "zhaomin"}]}},
                     headers=people["wanggang"][1])
    assert r.status_code == 200, r.text
    row = next(r for r in r.json()["raci"]["rows"] if r["task"] == moving["id"])
    assert row["cells"] == {"logistics": "R", "design": "A", "fin": "C"}


def test_consulted_are_asked(client, db, people, today, collab_org) -> None:
    _accepted_and_tasked(client, people, today)
    asked = [n for n in db.scalars(select(Notification)) if n.event == "collab.consulted"]
    # design's tasks consult logistics (its head 刘强 is asked)
    assert any("liuqiang" in n.recipients for n in asked)


def test_task_validation(client, people, today, collab_org) -> None:
    c = _accepted_and_tasked(client, people, today)
    design = c["parts"][0]["id"]
    url = f"/api/collab/{c['id']}/parts/{design}/tasks"
    for body, needle in (({"title": "x", "effort_hours": 0}, "effort_hours"),
                         ({"title": "x", "effort_hours": 2, "milestone": "无此节点"},
                          "无此节点"),
                         ({"title": "x", "effort_hours": 2,
                           "due": (today + dt.timedelta(days=60)).isoformat()}, "after"),
                         ({"effort_hours": 2}, "title")):
        r = client.post(url, json=body, headers=people["xuli"][1])
        assert r.status_code == 422 and needle in r.json()["error"]["message"], (body, r.text)
    r = client.post(url, json={"title": "x", "effort_hours": 2}, headers=people["hexin"][1])
    assert r.status_code == 403


def test_plan_staffs_named_people_and_approval_pushes_work(client, db, people, today,
                                                           collab_org) -> None:
    c = _accepted_and_tasked(client, people, today)
    # a requester outside the lead cannot propose; a support liaison cannot approve
    assert client.post(f"/api/collab/{c['id']}/plan", json={"time_limit": 2},
                       headers=people["zhang"][1]).status_code == 403
    body = _proposed(client, c, people["xuli"][1])
    plan = body["plan"]
    assert plan["status"] == "draft" and plan["status_kind"] in ("optimal", "feasible")
    by_task = {a["collab_task"]: a for a in plan["assignments"]}
    tasks = {t["id"]: t for t in body["tasks"]}
    assert set(by_task) == set(tasks)  # every task staffed
    for tid, a in by_task.items():
        person = collab_org.person(a["staff"])
        assert person.department == tasks[tid]["department"]
        assert set(tasks[tid]["skills"]) <= set(person.skills)
        assert sum(a["hours"].values()) == tasks[tid]["effort_hours"]
        for day, h in a["hours"].items():
            assert h <= person.daily_hours
            assert dt.date.fromisoformat(day) not in person.leave
            assert dt.date.fromisoformat(day) <= dt.date.fromisoformat(tasks[tid]["due"])
    assert client.post(f"/api/collab/{c['id']}/approve",
                       headers=people["wanggang"][1]).status_code == 403
    r = client.post(f"/api/collab/{c['id']}/approve", headers=people["zhoujie"][1])
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["plan"]["status"] == "approved"
    poster = next(t for t in body["tasks"] if t["title"] == "主视觉海报")
    assert poster["assignees"] == [by_task[poster["id"]]["staff"]]
    assert poster["raci"]["R"][0]["person"] == poster["assignees"][0]
    pushed = {r for n in db.scalars(select(Notification)) if n.event == "plan.approved"
              for r in n.recipients}
    assert {a["staff"] for a in plan["assignments"]} <= pushed


def test_a_plan_asked_in_the_evening_puts_nothing_on_that_day(client, db, people, today,
                                                              collab_org) -> None:
    """Work placed on the day the plan is asked fits the working hours left that day: asked
    at 19:00, nothing goes on that day (it used to get 8 hours); asked at 16:00, at most
    the two hours to 18:00 a person; asked at 09:00 the day is whole."""
    from dispatch.collab import flows
    from dispatch.collab import service as collab

    c = _accepted_and_tasked(client, people, today)
    day = today
    while not collab_org.work_calendar.is_workday(day):
        day += dt.timedelta(days=1)
    row = collab.get_or_404(db_session=db, collab_id=c["id"])
    coord = people["coord"][0]

    def hours_on_day(hour: int) -> dict[str, float]:
        at = dt.datetime.combine(day, dt.time(hour), collab_org.tz)
        p = flows.propose(db_session=db, org=collab_org, user=coord, c=row, time_limit=2,
                          now=at)
        assert p.plan["assignments"], p.plan
        out: dict[str, float] = {}
        for a in p.plan["assignments"]:
            h = a["hours"].get(day.isoformat(), 0)
            out[a["staff"]] = out.get(a["staff"], 0) + h
        return out

    assert sum(hours_on_day(19).values()) == 0
    assert all(h <= 2 + 1e-6 for h in hours_on_day(16).values())
    assert max(hours_on_day(9).values()) > 2


def test_collab_plan_books_around_the_approved_org_plan(client, db, people, today,
                                                        collab_org, auth) -> None:
    """A collaboration's plan never double-books someone the org-wide plan already uses,
    and approving it leaves the org-wide plan's work items active."""
    from dispatch.plans.models import WorkItem

    # the org-wide plan: 徐丽 (the only 海报设计 designer besides 何欣) is busy full-time
    for i in range(2):
        r = client.post("/api/plans/backlog",
                        json={"title": f"其他海报{i}", "department": "design",
                              "effort_hours": 40, "assignee": ["xuli", "hexin"][i],
                              "due": (today + dt.timedelta(days=20)).isoformat()},
                        headers=auth["planner"])
        assert r.status_code == 201, r.text
    r = client.post("/api/plans/proposals", json={"start": today.isoformat(),
                                                   "horizon_days": 21, "time_limit": 2},
                    headers=auth["planner"])
    org_plan = solved(client, r, auth["planner"])
    assert client.post(f"/api/plans/proposals/{org_plan['id']}/approve",
                       headers=auth["planner"]).status_code == 200
    org_items = {w.id for w in db.scalars(select(WorkItem).where(WorkItem.active.is_(True)))}
    c = _accepted_and_tasked(client, people, today)
    plan = _proposed(client, c, people["coord"][1])["plan"]
    booked: dict[tuple[str, str], float] = {}
    for w in db.scalars(select(WorkItem).where(WorkItem.active.is_(True))):
        for d, h in w.hours.items():
            booked[(w.staff_id, d)] = booked.get((w.staff_id, d), 0) + h
    for a in plan["assignments"]:
        for d, h in a["hours"].items():
            cap = collab_org.person(a["staff"]).daily_hours
            assert booked.get((a["staff"], d), 0) + h <= cap + 1e-6
    client.post(f"/api/collab/{c['id']}/approve", headers=people["coord"][1])
    still = {w.id for w in db.scalars(select(WorkItem).where(WorkItem.active.is_(True)))}
    assert org_items <= still


def test_board_status_and_computed_risk(client, db, people, today, collab_org) -> None:
    c = _accepted_and_tasked(client, people, today)
    design = c["parts"][0]["id"]
    # a task far larger than design's free hours before the poster milestone: high risk
    r = client.post(f"/api/collab/{c['id']}/parts/{design}/tasks",
                    json={"title": "全套物料", "effort_hours": 900, "milestone": "海报定稿"},
                    headers=people["xuli"][1])
    body = r.json()
    big = next(t for t in body["tasks"] if t["title"] == "全套物料")
    assert big["risk"] == "high" and big["risk_zh"] == "高"
    assert big["remaining_hours"] == 900 and 0 < big["free_hours"] < 900
    assert big["status"] == "in_progress" and big["status_zh"] == "进行中"
    assert body["parts"][0]["risk"] == "high"
    small = next(t for t in body["tasks"] if t["title"] == "样机搬运")
    assert small["risk"] == "low"
    # progress lowers the remaining effort and so the risk
    r = client.patch(f"/api/collab/{c['id']}/tasks/{big['id']}", json={"done_hours": 899.5},
                     headers=people["xuli"][1])
    big = next(t for t in r.json()["tasks"] if t["id"] == big["id"])
    assert big["remaining_hours"] == 0.5 and big["risk"] == "low"
    # risk rising is told to the requester
    r = client.patch(f"/api/collab/{c['id']}/tasks/{big['id']}", json={"done_hours": 0},
                     headers=people["xuli"][1])
    told = [n for n in db.scalars(select(Notification)) if n.event == "collab.risk"]
    assert told and "zhangsan" in told[-1].recipients and "高" in told[-1].subject


def test_close_the_loop(client, db, people, today, collab_org) -> None:
    c = _accepted_and_tasked(client, people, today)
    cid = c["id"]
    # nothing to rate or accept while open
    assert client.post(f"/api/collab/{cid}/accept", headers=people["zhang"][1]).status_code == 409
    assert client.post(f"/api/collab/{cid}/ratings", json={"department": "design", "score": 5},
                       headers=people["zhang"][1]).status_code == 409
    for who, dept in (("xuli", "design"), ("wanggang", "logistics")):
        assert _act(client, people, who, c, dept, "start").status_code == 200
        r = _act(client, people, who, c, dept, "finish")
        assert r.status_code == 200, r.text
    body = r.json()
    assert body["state"] == "delivered"
    assert all(t["state"] == "done" and t["status"] == "done" for t in body["tasks"])
    # someone else cannot 验收; reopen needs a reason
    assert client.post(f"/api/collab/{cid}/accept", headers=people["xuli"][1]).status_code == 403
    r = client.post(f"/api/collab/{cid}/reopen", json={"reason": " "},
                    headers=people["zhang"][1])
    assert r.status_code == 422
    r = client.post(f"/api/collab/{cid}/reopen", json={"reason": "海报尺寸不对",
                                                       "departments": ["设计部"]},
                    headers=people["zhang"][1])
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["state"] == "open" and body["parts"][0]["state"] == "in_progress"
    assert body["parts"][1]["state"] == "done"
    assert _act(client, people, "xuli", c, "design", "finish").json()["state"] == "delivered"
    r = client.post(f"/api/collab/{cid}/accept", json={"note": "很好"},
                    headers=people["zhang"][1])
    assert r.status_code == 200 and r.json()["state"] == "closed"
    for score in (0, 6, "five", 4.5):
        r = client.post(f"/api/collab/{cid}/ratings",
                        json={"department": "design", "score": score},
                        headers=people["zhang"][1])
        assert r.status_code == 422, score
    r = client.post(f"/api/collab/{cid}/ratings", json={"department": "it", "score": 3},
                    headers=people["zhang"][1])
    assert r.status_code == 422 and "no part" in r.json()["error"]["message"]
    for dept, score in (("design", 5), ("logistics", 3)):
        r = client.post(f"/api/collab/{cid}/ratings",
                        json={"department": dept, "score": score, "comment": "ok"},
                        headers=people["zhang"][1])
        assert r.status_code == 200, r.text
    r = client.put(f"/api/collab/{cid}/retro", json={"went_well": "分工清楚",
                                                     "to_change": "提前约车"},
                   headers=people["zhang"][1])
    closing = r.json()["closing"]
    assert closing["retro"] == {"went_well": "分工清楚", "to_change": "提前约车"}
    assert [(x["department"], x["score"]) for x in closing["ratings"]] == \
        [("design", 5), ("logistics", 3)]
    # a closed collaboration is not edited any more
    task = body["tasks"][0]["id"]
    r = client.patch(f"/api/collab/{cid}/tasks/{task}", json={"effort_hours": 3},
                     headers=people["xuli"][1])
    assert r.status_code == 409
    assert _act(client, people, "xuli", c, "design", "start").status_code == 409
    assert client.post(f"/api/collab/{cid}/reopen", json={"reason": "x"},
                       headers=people["zhang"][1]).status_code == 409
    # nor a new problem: it would wait in the lead's digest with no step left to take on it
    n_problems = db.scalar(select(func.count()).select_from(Problem))
    r = client.post("/api/problems", json=problem_body(c), headers=people["wanggang"][1])
    assert r.status_code == 409 and "closed" in r.json()["error"]["message"], r.text
    assert db.scalar(select(func.count()).select_from(Problem)) == n_problems
    # the dashboard's figures
    m = client.get("/api/collab/metrics", headers=people["coord"][1]).json()
    assert m["on_time_completion"] == 1.0 and m["counted"] == 1
    by = {d["department"]: d for d in m["departments"]}
    assert by["design"]["satisfaction"] == 5 and by["logistics"]["satisfaction"] == 3
    assert by["design"]["sla_compliance"] == 1.0 and by["design"]["return_rate"] == 0.0


def test_metrics_count_returns_and_late_answers(client, db, people, today, collab_org) -> None:
    c = _start(client, people, today).json()
    _act(client, people, "wanggang", c, "logistics", "return", reason="不归我们")
    part = db.get(Part, c["parts"][0]["id"])
    part.ack_due_at = dt.datetime.now(dt.UTC) - dt.timedelta(hours=1)  # design is late
    db.flush()
    m = client.get("/api/collab/metrics", headers=people["coord"][1]).json()
    by = {d["department"]: d for d in m["departments"]}
    assert by["logistics"]["return_rate"] == 1.0 and by["logistics"]["sla_compliance"] == 1.0
    assert by["design"]["sla_compliance"] == 0.0
    _act(client, people, "xuli", c, "design", "accept")
    ev = db.scalars(select(PartEvent).where(PartEvent.action == "accept")).one()
    assert ev.on_time is False


def test_reminder_done_link_accepts_the_part(client, db, people, today, collab_org) -> None:
    from dispatch.followups import service as followups

    c = _start(client, people, today).json()
    pid = c["parts"][1]["id"]
    followups.complete(db_session=db, kind="collab_ack", ref_id=f"{pid}.1", by="wanggang")
    db.flush()
    body = client.get(f"/api/collab/{c['id']}", headers=people["zhang"][1]).json()
    assert body["parts"][1]["state"] == "accepted"
    assert _count(db, CollabTask) == 1


def test_risk_sweep_tells_the_requester_once(client, db, people, today, collab_org) -> None:
    from dispatch.collab.scheduled import sweep_risk

    c = _accepted_and_tasked(client, people, today)
    task = next(t for t in c["tasks"] if t["title"] == "样机搬运")
    t = db.get(CollabTask, task["id"])
    t.effort_hours = 5000  # changed behind the board's back: only the sweep sees it
    db.flush()
    now = dt.datetime.now(dt.UTC)
    assert sweep_risk(db_session=db, now=now) == 1
    assert sweep_risk(db_session=db, now=now) == 0  # already high: no second message
    told = [n for n in db.scalars(select(Notification)) if n.event == "collab.risk"]
    assert len(told) == 1 and "物流部" in told[0].subject  # its name, not its id


KICKOFF = """新品发布会启动会
1. 主视觉海报{d1}前定稿，周杰牵头，王芳配合，赵敏审批预算。
2. 物流部王刚负责{d2}前把样机运到会场。
3. 陈明负责直播网络测试，{d2}完成。
"""


def test_kickoff_minutes_become_tasks_with_their_roles(client, people, today,
                                                       collab_org) -> None:
    c = _start(client, people, today).json()
    _act(client, people, "xuli", c, "design", "accept")
    _act(client, people, "wanggang", c, "logistics", "accept")
    d1, d2 = today + dt.timedelta(days=5), today + dt.timedelta(days=10)
    text = KICKOFF.format(d1=f"{d1.month}月{d1.day}日", d2=f"{d2.month}月{d2.day}日")
    # only the requester, the lead's people or a planner add them
    r = client.post(f"/api/collab/{c['id']}/minutes", json={"text": text},
                    headers=people["wanggang"][1])
    assert r.status_code == 403
    r = client.post(f"/api/collab/{c['id']}/minutes", json={"text": text},
                    headers=people["zhang"][1])
    assert r.status_code == 200, r.text
    body = r.json()
    by_title = {a["title"]: a for a in body["added"]}
    poster = next(a for t, a in by_title.items() if t.startswith("主视觉海报"))
    people_of = {k: [e["person"] for e in v] for k, v in poster["raci"].items()}
    assert people_of["R"] == ["zhoujie"] and people_of["A"] == ["zhaomin"]
    assert "wangfang" in people_of["C"]
    assert poster["department"] == "design" and poster["due"] == d1.isoformat()
    moving = next(a for t, a in by_title.items() if "样机" in t)
    assert moving["department"] == "logistics"
    assert [e["person"] for e in moving["raci"]["R"]] == ["wanggang"]
    # IT has no part in this collaboration: reported, not silently dropped
    [skipped] = body["skipped"]
    assert "直播" in skipped["task"] and "it" in skipped["reason"]
    m = body["collaboration"]["raci"]
    row = next(r for r in m["rows"] if r["title"].startswith("主视觉海报"))
    assert row["cells"]["fin"] == "A" and row["cells"]["design"] == "R"
    r = client.post(f"/api/collab/{c['id']}/minutes", json={"text": "", "filename": "x.exe"},
                    headers=people["zhang"][1])
    assert r.status_code == 422


def test_minutes_without_an_action_item_are_refused(client, people, today) -> None:
    """Kick-off minutes in which nothing is an action item are a 422 that says so, not a
    200 that added nothing."""
    r = client.post("/api/collab", json=launch(today), headers=people["zhang"][1])
    assert r.status_code == 201, r.text
    c = r.json()
    r = client.post(f"/api/collab/{c['id']}/minutes", headers=people["zhang"][1],
                    json={"text": "今天天气不错，大家辛苦了，下次再议。"})
    assert r.status_code == 422 and "no action item" in r.text
    board = client.get(f"/api/collab/{c['id']}", headers=people["zhang"][1]).json()
    assert not [e for e in board["events"] if e["action"] == "minutes"]


def test_refusals_that_point_elsewhere_name_the_collaboration(client, people, today) -> None:
    """「reopen」 on a part and 「approve」 before a plan say where to go with the
    collaboration's own number, not a literal ``{id}``."""
    r = client.post("/api/collab", json=launch(today), headers=people["zhang"][1])
    c = r.json()
    part = c["parts"][0]["id"]
    r = client.post(f"/api/collab/{c['id']}/parts/{part}/reopen", json={},
                    headers=people["coord"][1])
    assert r.status_code == 422 and f"/api/collab/{c['id']}/reopen" in r.text
    r = client.post(f"/api/collab/{c['id']}/approve", headers=people["coord"][1])
    assert r.status_code == 409 and f"/api/collab/{c['id']}/plan" in r.text
    assert "{id}" not in r.text


def test_a_part_asked_without_words_carries_the_request_to_its_liaison(
        client, people, today, db) -> None:
    """A department ticked without saying what it is asked (the form allows it) still
    tells its liaison what the collaboration is about: the background stands in."""
    body = launch(today, parts=[{"department": "design", "text": "设计部出主视觉海报",
                                 "role": "lead"}, {"department": "logistics"}])
    r = client.post("/api/collab", json=body, headers=people["zhang"][1])
    assert r.status_code == 201, r.text
    told = [n for n in db.scalars(select(Notification)) if n.event == "collab.part"
            and n.payload.get("department") == "logistics"]
    assert told and all(n.body.startswith(body["background"]) for n in told), \
        [n.body for n in told]
