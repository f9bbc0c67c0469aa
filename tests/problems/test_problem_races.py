"""Two people move one problem at the same moment (issue 16): exactly one wins, the other
is refused, and the state, the dispute level and the history agree.

Before, each read the state, checked the transition and wrote: on PostgreSQL two 「开始处理」
both answered 200 and the history held two starts; a level-1 decision to resolve and one
to escalate both landed (a resolved problem at level 2 with two decisions). These tests
commit, so each runs on a database of its own.
"""

from __future__ import annotations

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
from tests.problems.conftest import org_doc, problem_body

PEOPLE = (("zhang", "requester", "zhangsan"), ("xuli", "requester", "xuli"),
          ("wanggang", "requester", "wanggang"), ("mayun", "requester", "mayun"))

engine_ = committed_engines("dispatch_problem_race")
pg_engine = committed_engines("dispatch_problem_race_pg", ["postgresql"])


@pytest.fixture
def race_org(demo_org):
    from models.org import parse_org

    return parse_org(org_doc(demo_org), "problem-race-org")


def _problem(client, h, org) -> int:
    """A problem on a collaboration whose two parts are accepted; its id."""
    c = client.post("/api/collab", json=launch(org.today()), headers=h["zhang"]).json()
    for who, dept in (("xuli", "design"), ("wanggang", "logistics")):
        part = next(p for p in c["parts"] if p["department"] == dept)
        r = client.post(f"/api/collab/{c['id']}/parts/{part['id']}/accept", json={},
                        headers=h[who])
        assert r.status_code == 200, r.text
    r = client.post("/api/problems", json=problem_body(c), headers=h["wanggang"])
    assert r.status_code == 201, r.text
    return r.json()["id"]


def _history(engine, pid: int) -> tuple[list[str], list[str]]:
    from dispatch.db import make_session_factory
    from dispatch.problems.models import Decision, ProblemEvent

    with make_session_factory(engine)() as s:
        events = list(s.scalars(select(ProblemEvent.action).where(
            ProblemEvent.problem_id == pid).order_by(ProblemEvent.id)))
        decisions = list(s.scalars(select(Decision.outcome).where(
            Decision.problem_id == pid).order_by(Decision.id)))
    return events, decisions


def test_load_two_people_start_one_problem_at_once(engine_, race_org, tmp_path) -> None:
    from fastapi.testclient import TestClient

    app, h = app_with_people(engine_, tmp_path, race_org, PEOPLE)
    with TestClient(app, base_url="https://testserver") as client:
        for _ in range(3):
            url = f"/api/problems/{_problem(client, h, race_org)}"
            a, b = at_once([lambda u=url: client.post(f"{u}/start", json={}, headers=h["xuli"]),
                             lambda u=url: client.post(f"{u}/start", json={},
                                                       headers=h["wanggang"])])
            assert sorted([a.status_code, b.status_code]) == [200, 409], (a.text, b.text)
            events, _ = _history(engine_, int(url.rsplit("/", 1)[1]))
            assert events.count("start") == 1, events


def test_load_resolve_and_escalate_one_dispute_at_once(engine_, race_org, tmp_path) -> None:
    """Two level-1 deciders (the parties' liaisons): one resolves, one escalates. One
    decision stands; the other is refused (409, or 403 once the dispute is at a level the
    liaison does not decide)."""
    from fastapi.testclient import TestClient

    app, h = app_with_people(engine_, tmp_path, race_org, PEOPLE)
    with TestClient(app, base_url="https://testserver") as client:
        pid = _problem(client, h, race_org)
        url = f"/api/problems/{pid}"
        r = client.post(f"{url}/dispute", json={"note": "谈不拢"}, headers=h["wanggang"])
        assert r.status_code == 200, r.text
        res, esc = at_once([
            lambda: client.post(f"{url}/decide", json={"outcome": "resolve",
                                                        "decision": "设计部先给外形尺寸"},
                                headers=h["xuli"]),
            lambda: client.post(f"{url}/decide", json={"outcome": "escalate",
                                                        "decision": "上报部门负责人"},
                                headers=h["mayun"])])
        codes = sorted([res.status_code, esc.status_code])
        assert codes in ([200, 403], [200, 409]), (res.text, esc.text)
        now = client.get(url, headers=h["wanggang"]).json()
        _, decisions = _history(engine_, pid)
        if res.status_code == 200:
            assert now["state"] == "resolved" and now["dispute"]["level"] == 1
            assert decisions == ["resolve"]
        else:
            assert now["state"] != "resolved" and now["dispute"]["level"] == 2
            assert decisions == ["escalate"]


@needs_pg
def test_load_pg_deciders_both_read_level_one_before_either_writes(pg_engine, race_org,
                                                                  tmp_path) -> None:
    """The interleaving forced: both transactions have read the dispute at level 1 (and
    passed every check) before either writes."""
    from fastapi.testclient import TestClient

    from dispatch.db import make_session_factory
    from dispatch.orgdir.service import current_org
    from dispatch.problems import flows
    from dispatch.problems.models import Problem
    from dispatch.users import service as users

    app, h = app_with_people(pg_engine, tmp_path, race_org, PEOPLE)
    with TestClient(app, base_url="https://testserver") as client:
        pid = _problem(client, h, race_org)
        assert client.post(f"/api/problems/{pid}/dispute", json={},
                           headers=h["wanggang"]).status_code == 200
    factory = make_session_factory(pg_engine)

    def read(s):
        p = s.get(Problem, pid)
        assert p.dispute_level == 1
        return p

    def decide(who: str, outcome: str):
        def write(s, p):
            flows.decide(db_session=s, org=current_org(db_session=s), p=p, outcome=outcome,
                         user=users.get_by_name(db_session=s, name=who),
                         text=f"{who}: {outcome}")
            return "ok"
        return read, write

    results = read_then_write(factory, decide("xuli", "resolve"), decide("mayun", "escalate"))
    assert sorted(r if r == "ok" else "409" for r in results) == ["409", "ok"], results
    _, decisions = _history(pg_engine, pid)
    assert len(decisions) == 1
    with factory() as s:
        p = s.get(Problem, pid)
        assert (p.state == "resolved") == (decisions == ["resolve"])
        assert p.dispute_level == (1 if decisions == ["resolve"] else 2)


@needs_pg
def test_load_pg_a_problem_raised_as_the_collaboration_is_closed_is_refused(
        pg_engine, race_org, tmp_path) -> None:
    """One person raises a problem on a delivered collaboration while the requester's 验收
    closes it: the raise had read it open, the close commits first. The raise must see
    the close (409, nothing stored), not the state it read before."""
    from fastapi.testclient import TestClient

    from dispatch.collab.models import Collaboration
    from dispatch.db import make_session_factory, session_scope
    from dispatch.errors import Conflict
    from dispatch.orgdir.service import current_org
    from dispatch.problems import flows
    from dispatch.problems.models import Problem
    from dispatch.problems.service import ProblemIn
    from dispatch.users import service as users

    app, h = app_with_people(pg_engine, tmp_path, race_org, PEOPLE)
    with TestClient(app, base_url="https://testserver") as client:
        c = client.post("/api/collab", json=launch(race_org.today()), headers=h["zhang"]).json()
        for who, dept in (("xuli", "design"), ("wanggang", "logistics")):
            part = next(p for p in c["parts"] if p["department"] == dept)
            for step in ("accept", "start", "finish"):
                r = client.post(f"/api/collab/{c['id']}/parts/{part['id']}/{step}", json={},
                                headers=h[who])
                assert r.status_code == 200, r.text
        assert r.json()["state"] == "delivered"
        factory = make_session_factory(pg_engine)
        with session_scope(factory) as s:
            seen = s.get(Collaboration, c["id"])  # held: the session keeps what it read
            assert seen.state == "delivered"
            r = client.post(f"/api/collab/{c['id']}/accept", json={}, headers=h["zhang"])
            assert r.status_code == 200 and r.json()["state"] == "closed", r.text
            body = problem_body(c)
            with pytest.raises(Conflict, match="closed"):
                flows.raise_problem(
                    db_session=s, settings=app.state.settings, org=current_org(db_session=s),
                    user=users.get_by_name(db_session=s, name="wanggang"),
                    data=ProblemIn(target_kind="collab", target_id=c["id"],
                                   **{k: v for k, v in body.items() if k != "target"}))
            s.rollback()
    with factory() as s:
        assert s.scalars(select(Problem)).all() == []
