"""Disputes: three levels (协作接口人 → department heads → the committee), each deciding who
may decide, recording the decision (who, when, what), and climbing by itself when a level's
deadline passes — counted on the org calendar across National Day 2026 and its make-up
Saturday. The committee is the follow-ups' committee (one notion)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from dispatch.notifications.models import Notification
from dispatch.problems import flows, scheduled
from dispatch.problems import service as problems
from models.problems import level_deadline
from tests.problems.conftest import problem_body

TZ = ZoneInfo("Asia/Shanghai")


def at(y: int, mo: int, d: int, h: int = 10, mi: int = 0) -> dt.datetime:
    return dt.datetime(y, mo, d, h, mi, tzinfo=TZ)


def _sent(db, event: str) -> list[str]:
    """Who ``event`` went to (one message per department bot, so merged and sorted)."""
    return sorted({r for n in db.scalars(select(Notification).where(
        Notification.event == event)) for r in n.recipients})


def _post(client, people, who, url, body=None):
    return client.post(url, json=body or {}, headers=people[who][1])


def test_a_dispute_climbs_three_levels_to_a_committee_decision(client, db, people, collab,
                                                               problem_org) -> None:
    p = _post(client, people, "wanggang", "/api/problems", problem_body(collab)).json()
    url = f"/api/problems/{p['id']}"
    r = _post(client, people, "wanggang", f"{url}/dispute", {"departments": ["design"]})
    assert r.status_code == 422 and "at least two departments" in r.json()["error"]["message"]
    before = dt.datetime.now(dt.UTC)
    r = _post(client, people, "wanggang", f"{url}/dispute", {"note": "尺寸图交付时间谈不拢"})
    assert r.status_code == 200, r.text
    d = r.json()["dispute"]
    assert d["level"] == 1 and d["level_zh"] == "协作接口人"
    assert d["parties"] == ["design", "logistics"]
    due = dt.datetime.fromisoformat(d["level_due_at"])
    cal = problem_org.work_calendar
    assert level_deadline(before, 1, cal, TZ) <= due <= level_deadline(
        dt.datetime.now(dt.UTC), 1, cal, TZ)
    assert r.json()["allowed_actions"] == ["close", "decide"]
    assert _sent(db, "problem.dispute_level1") == ["mayun", "wanggang", "xuli"]
    # resolving around the ladder is refused, naming what is allowed
    r = _post(client, people, "xuli", f"{url}/resolve", {"note": "算了"})
    assert r.status_code == 409 and "allowed now: close, decide" in r.json()["error"]["message"]
    # level 1: the parties' liaisons decide; a designer who is not one, a head: 403
    for who in ("hexin", "liuqiang", "huangwei"):
        r = _post(client, people, who, f"{url}/decide", {"outcome": "escalate",
                                                          "decision": "x"})
        assert r.status_code == 403, who
    r = _post(client, people, "wanggang", f"{url}/decide", {"outcome": "maybe",
                                                            "decision": "x"})
    assert r.status_code == 422
    r = _post(client, people, "wanggang", f"{url}/decide", {"outcome": "escalate",
                                                            "decision": ""})
    assert r.status_code == 422
    r = _post(client, people, "wanggang", f"{url}/decide",
              {"outcome": "escalate", "decision": "接口人层面无法协调，上报部门负责人"})
    assert r.status_code == 200 and r.json()["dispute"]["level"] == 2
    assert _sent(db, "problem.dispute_level2") == ["liuqiang", "zhoujie"]
    # level 2: the heads together
    assert _post(client, people, "xuli", f"{url}/decide",
                 {"outcome": "resolve", "decision": "x"}).status_code == 403
    r = _post(client, people, "zhoujie", f"{url}/decide",
              {"outcome": "escalate", "decision": "两部门负责人意见不一致，提交协调委员会"})
    assert r.json()["dispute"]["level"] == 3 and r.json()["dispute"]["level_zh"] == "协调委员会"
    assert _sent(db, "problem.dispute_level3") == ["huangwei", "zhaomin"]
    # level 3: the committee; its decision is final
    assert _post(client, people, "zhoujie", f"{url}/decide",
                 {"outcome": "resolve", "decision": "x"}).status_code == 403
    r = _post(client, people, "huangwei", f"{url}/decide", {"outcome": "escalate",
                                                            "decision": "x"})
    assert r.status_code == 409 and "final" in r.json()["error"]["message"]
    # the committee member reads the problem though sales is not a party
    assert client.get(url, headers=people["huangwei"][1]).status_code == 200
    r = _post(client, people, "huangwei", f"{url}/decide",
              {"outcome": "resolve", "decision": "设计部10月9日前交外形尺寸，细节图顺延两天"})
    assert r.status_code == 200, r.text
    done = r.json()
    assert done["state"] == "resolved" and done["resolution"].startswith("设计部10月9日")
    assert done["allowed_actions"] == ["close", "reopen"]
    assert [(x["level"], x["outcome"], x["by"]) for x in done["decisions"]] == \
        [(1, "escalate", "wanggang"), (2, "escalate", "zhoujie"), (3, "resolve", "huangwei")]
    assert all(x["at"] and x["text"] for x in done["decisions"])
    assert [e["action"] for e in done["events"]] == \
        ["raise", "dispute", "decide", "escalate", "decide", "escalate", "decide"]
    assert _sent(db, "problem.decided")
    # not disputed twice
    _post(client, people, "wanggang", f"{url}/reopen")
    r = _post(client, people, "wanggang", f"{url}/dispute")
    assert r.status_code == 409


def test_the_committee_is_the_follow_ups_committee(client, db, demo_org, make_user) -> None:
    """Without ``escalation.committee`` both read the admins linked to staff."""
    from dispatch.followups import messages
    from dispatch.followups.policy import Policy
    from dispatch.orgdir.service import import_org
    from tests.collab.conftest import launch
    from tests.problems.conftest import org_doc

    doc = org_doc(demo_org)
    del doc["escalation"]
    from models.org import parse_org

    org = parse_org(doc, "no-committee")
    import_org(db_session=db, org=org, source="test")
    _, boss = make_user("ceo", "admin", staff_id="wangfang")
    _, zhang = make_user("zs", "requester", staff_id="zhangsan")
    h = {"Authorization": f"Bearer {boss}"}
    c = client.post("/api/collab", json=launch(org.today()),
                    headers={"Authorization": f"Bearer {zhang}"}).json()
    p = client.post("/api/problems", json=problem_body(c), headers=h).json()
    client.post(f"/api/problems/{p['id']}/dispute", json={}, headers=h)
    for _ in range(2):
        r = client.post(f"/api/problems/{p['id']}/decide",
                        json={"outcome": "escalate", "decision": "上报"}, headers=h)
    assert r.json()["dispute"]["level"] == 3
    follow_ups = Policy.from_org(org, messages.committee_fallback(db)).committee
    assert follow_ups == ("wangfang",)
    assert _sent(db, "problem.dispute_level3") == ["wangfang"]


@pytest.fixture
def disputed(db, people, collab, problem_org, settings):
    """A dispute started on Wednesday 30 September 2026 at 10:00, the eve of National Day."""
    user = people["wanggang"][0]
    start = at(2026, 9, 30)
    data = problems.ProblemIn(target_kind="collab", target_id=collab["id"],
                              description="展台尺寸图交付时间", severity="high",
                              departments=["design", "logistics"])
    p = flows.raise_problem(db_session=db, settings=settings, org=problem_org, user=user,
                            data=data, now=start - dt.timedelta(days=30))
    flows.dispute(db_session=db, org=problem_org, user=user, p=p, now=start)
    db.flush()
    return p


def test_levels_climb_by_themselves_on_working_days(db, disputed, problem_org) -> None:
    p = disputed
    # level 1 has 1 working day: National Day (1–7 Oct) does not count → 8 Oct 10:00
    assert p.level_due_at == at(2026, 10, 8)
    for day in range(1, 8):
        assert flows.climb_overdue(db_session=db, org=problem_org, now=at(2026, 10, day)) == 0
    assert flows.climb_overdue(db_session=db, org=problem_org, now=at(2026, 10, 8, 9, 59)) == 0
    assert flows.climb_overdue(db_session=db, org=problem_org, now=at(2026, 10, 8)) == 1
    assert p.dispute_level == 2
    assert p.decisions[-1].outcome == "timeout" and p.decisions[-1].by_name == "system"
    assert p.decisions[-1].level == 1
    # level 2 has 3: 9 Oct (Fri), 10 Oct (the make-up Saturday), 12 Oct (Mon)
    assert p.level_due_at == at(2026, 10, 12)
    assert _sent(db, "problem.dispute_level2") == ["liuqiang", "zhoujie"]
    assert "未在期限内解决" in db.scalars(select(Notification).where(
        Notification.event == "problem.dispute_level2")).first().body
    assert flows.climb_overdue(db_session=db, org=problem_org, now=at(2026, 10, 11, 12)) == 0
    assert flows.climb_overdue(db_session=db, org=problem_org, now=at(2026, 10, 12, 10)) == 1
    assert p.dispute_level == 3 and p.level_due_at == at(2026, 10, 19)  # 5 working days
    assert _sent(db, "problem.dispute_level3") == ["huangwei", "zhaomin"]
    # twice at the same moment: nothing more
    assert flows.climb_overdue(db_session=db, org=problem_org, now=at(2026, 10, 12, 10)) == 0
    # the committee's deadline passes: reminded once, it stays with the committee
    for _ in range(2):
        flows.climb_overdue(db_session=db, org=problem_org, now=at(2026, 10, 19, 11))
    assert _sent(db, "problem.committee_overdue") == ["huangwei", "zhaomin"]
    assert len(db.scalars(select(Notification).where(
        Notification.event == "problem.committee_overdue")).all()) == 2  # sales + fin bots
    assert p.dispute_level == 3
    assert [d.outcome for d in p.decisions] == ["timeout", "timeout"]


def test_level_days_come_from_the_org_file(db, demo_org, people, collab, settings) -> None:
    from dispatch.orgdir.service import import_org
    from models.org import parse_org
    from tests.problems.conftest import org_doc

    org = parse_org(org_doc(demo_org, disputes={"level1_days": 2, "level2_days": 1}), "x")
    import_org(db_session=db, org=org, source="test")
    user = people["wanggang"][0]
    data = problems.ProblemIn(target_kind="collab", target_id=collab["id"],
                              description="d", severity="low",
                              departments=["design", "logistics"])
    p = flows.raise_problem(db_session=db, settings=settings, org=org, user=user, data=data,
                            now=at(2026, 9, 1))
    flows.dispute(db_session=db, org=org, user=user, p=p, now=at(2026, 9, 30, 16))
    assert p.level_due_at == at(2026, 10, 9, 16)  # 8 and 9 October
    flows.climb_overdue(db_session=db, org=org, now=at(2026, 10, 9, 16))
    assert p.dispute_level == 2 and p.level_due_at == at(2026, 10, 10, 16)  # make-up Sat
    # a dispute raised on a holiday: its first working day counts whole
    assert level_deadline(at(2026, 10, 3, 15), 1, org.work_calendar, TZ) == at(2026, 10, 9, 0)


def test_the_sweeps_are_registered_for_the_worker() -> None:
    from dispatch import scheduled as registry
    from dispatch.registry import register_all

    register_all()
    assert {"problems.disputes", "problems.digests"} <= set(registry.SWEEPS)
    assert registry.SWEEPS["problems.disputes"].fn is scheduled.dispute_sweep
