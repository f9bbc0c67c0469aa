"""Two people move one request at the same moment (issue 16): exactly one wins, the other
is told 409 with the request's state now, and the state, the transitions and the routing
examples agree.

Before, ``service.apply`` read the state, checked the transition and wrote: on PostgreSQL
a liaison's 受理 and a colleague's 退单 both answered 200 (the later write overwrote the
earlier, the history held both), a coordinator's triage decision and another's re-route
both landed with two examples for one request, and two 「已完成」 clicks on the
acknowledgement follow-up accepted the request twice. These tests commit, so each runs on a
database of its own.
"""

from __future__ import annotations

from pg_support import (
    app_with_people,
    at_once,
    committed_engines,
    needs_pg,
    read_then_write,
)
from sqlalchemy import select

# 刘强 and 王刚 both answer for logistics; two coordinators without a department
PEOPLE = (("zhang", "requester", "zhangsan"), ("liuqiang", "planner", "liuqiang"),
          ("wanggang", "planner", "wanggang"), ("coord", "planner", None),
          ("coord2", "planner", None))
ROUNDS = 3

engine_ = committed_engines("dispatch_request_race")
pg_engine = committed_engines("dispatch_request_race_pg", ["postgresql"])


def _submit(client, h) -> dict:
    r = client.post("/api/requests", json={"text": "仓库需要盘点三月的展会物资，并安排发货"},
                    headers=h["zhang"])
    assert r.status_code == 201, r.text
    return r.json()


def _in_triage(client, h) -> int:
    """A request waiting for a coordinator (routed ones are returned until none is left)."""
    req = _submit(client, h)
    for _ in range(10):
        if req["state"] == "triage":
            return req["id"]
        assert req["state"] == "routed", req
        r = client.post(f"/api/requests/{req['id']}/return",
                        json={"reason": "不归我们"}, headers=h["coord"])
        assert r.status_code == 200, r.text
        req = r.json()
    raise AssertionError("the request never reached triage")


def _routed_to_logistics(client, h) -> int:
    rid = _in_triage(client, h)
    r = client.post(f"/api/requests/{rid}/decide", json={"department": "logistics"},
                    headers=h["coord"])
    assert r.status_code == 200, r.text
    return rid


def _trail(engine, rid: int) -> tuple[list[str], list[tuple[str, str]]]:
    """(the request's transition actions, its routing examples as (department, source))."""
    from dispatch.db import make_session_factory
    from dispatch.requests.models import RoutingExample, Transition

    with make_session_factory(engine)() as s:
        acts = list(s.scalars(select(Transition.action).where(Transition.request_id == rid)
                              .order_by(Transition.id)))
        ex = [(e.department, e.source) for e in s.scalars(
            select(RoutingExample).where(RoutingExample.request_id == rid))]
    return acts, ex


def test_load_two_liaisons_accept_and_return_one_request_at_once(engine_, demo_org,
                                                                 tmp_path) -> None:
    from fastapi.testclient import TestClient

    app, h = app_with_people(engine_, tmp_path, demo_org, PEOPLE)
    with TestClient(app, base_url="https://testserver") as client:
        for _ in range(ROUNDS):
            rid = _routed_to_logistics(client, h)
            url = f"/api/requests/{rid}"
            before, _ = _trail(engine_, rid)
            # both were shown the request as routed to logistics; without it a return after
            # an accept is a later, legal step (the department may still send it back), and
            # an accept after the return would be one of the request re-routed to IT
            acc, ret = at_once([
                lambda u=url: client.post(f"{u}/accept", json={
                    "seen_state": "routed", "seen_department": "logistics"},
                    headers=h["liuqiang"]),
                lambda u=url: client.post(f"{u}/return", json={
                    "reason": "不归物流部", "department": "it", "seen_state": "routed",
                    "seen_department": "logistics"},
                    headers=h["wanggang"])])
            assert sorted([acc.status_code, ret.status_code]) == [200, 409], (acc.text, ret.text)
            now = client.get(url, headers=h["coord"]).json()
            loser = ret if acc.status_code == 200 else acc
            assert loser.json()["error"]["details"]["state"] == now["state"]
            assert str(now["state"]) in loser.json()["error"]["message"]
            acts, ex = _trail(engine_, rid)
            new = acts[len(before):]
            if acc.status_code == 200:
                assert (now["state"], now["department"]) == ("accepted", "logistics")
                assert new == ["accept"]
                assert ex == [("logistics", "triage")]
            else:
                assert (now["state"], now["department"]) == ("routed", "it")
                assert new == ["return", "reroute"]
                assert ex == [("it", "correction")]


def test_load_triage_decision_and_reroute_at_once(engine_, demo_org, tmp_path) -> None:
    """Two coordinators send one triage request to two departments: it goes to one, with
    one example naming that department."""
    from fastapi.testclient import TestClient

    app, h = app_with_people(engine_, tmp_path, demo_org, PEOPLE)
    with TestClient(app, base_url="https://testserver") as client:
        for _ in range(ROUNDS):
            rid = _in_triage(client, h)
            url = f"/api/requests/{rid}"
            before, _ = _trail(engine_, rid)
            dec, rer = at_once([
                lambda u=url: client.post(f"{u}/decide", json={
                    "department": "logistics", "seen_state": "triage"}, headers=h["coord"]),
                lambda u=url: client.post(f"{u}/reroute", json={
                    "department": "it", "seen_state": "triage"}, headers=h["coord2"])])
            assert sorted([dec.status_code, rer.status_code]) == [200, 409], (dec.text, rer.text)
            now = client.get(url, headers=h["coord"]).json()
            loser = rer if dec.status_code == 200 else dec
            assert loser.json()["error"]["details"]["state"] == "routed"
            want = "logistics" if dec.status_code == 200 else "it"
            assert (now["state"], now["department"]) == ("routed", want)
            acts, ex = _trail(engine_, rid)
            assert acts[len(before):] == ["decide" if want == "logistics" else "reroute"]
            assert ex == [(want, "triage")]


def test_load_two_done_clicks_on_the_acknowledgement(engine_, demo_org, tmp_path) -> None:
    """Two 「已完成」 clicks on a request's acknowledgement follow-up (a double click, or two
    liaisons): the request is accepted once, the follow-up logged done once; the second
    click is answered as a repeat (done twice is harmless), not a second acceptance."""
    from fastapi.testclient import TestClient

    from dispatch.db import make_session_factory
    from dispatch.followups.models import FollowUp

    app, h = app_with_people(engine_, tmp_path, demo_org, PEOPLE)
    with TestClient(app, base_url="https://testserver") as client:
        for _ in range(ROUNDS):
            rid = _routed_to_logistics(client, h)
            fid = _ack_followup(make_session_factory(engine_), rid)
            before, _ = _trail(engine_, rid)
            a, b = at_once([
                lambda f=fid: client.post(f"/api/followups/{f}/done", json={},
                                          headers=h["liuqiang"]),
                lambda f=fid: client.post(f"/api/followups/{f}/done", json={},
                                          headers=h["wanggang"])])
            assert [a.status_code, b.status_code] == [200, 200], (a.text, b.text)
            acts, _ = _trail(engine_, rid)
            assert acts[len(before):] == ["accept"]
            assert client.get(f"/api/requests/{rid}", headers=h["coord"]).json()["state"] == \
                "accepted"
            with make_session_factory(engine_)() as s:
                fu = s.get(FollowUp, fid)
                assert fu.status == "done"
                assert [e["action"] for e in fu.history].count("done") == 1


def _ack_followup(factory, rid: int) -> int:
    from dispatch.followups.models import FollowUp

    with factory() as s:
        fid = s.scalar(select(FollowUp.id).where(
            FollowUp.kind == "request_ack", FollowUp.ref_id.like(f"{rid}.%"),
            FollowUp.status == "open"))
    assert fid is not None
    return fid


def _routed_with_ack(engine, org, tmp_path) -> tuple:
    """(session factory, a request routed to logistics, its ack follow-up, its transitions
    so far) on ``engine``."""
    from fastapi.testclient import TestClient

    from dispatch.db import make_session_factory

    app, h = app_with_people(engine, tmp_path, org, PEOPLE)
    with TestClient(app, base_url="https://testserver") as client:
        rid = _routed_to_logistics(client, h)
    factory = make_session_factory(engine)
    before, _ = _trail(engine, rid)
    return factory, rid, _ack_followup(factory, rid), before


def _state(r) -> str:
    """A forced step's outcome: what it returned, or "409 <the state it was told>"."""
    return r if isinstance(r, str) else f"409 {r.details.get('state')}"


@needs_pg
def test_load_pg_both_read_routed_before_either_writes(pg_engine, demo_org, tmp_path) -> None:
    """The interleaving the API test can only hope for, forced: both transactions have read
    the request as routed before either writes (SQLite cannot interleave: writes begin
    IMMEDIATE). No ``seen``: the transaction's own read is what the person acted on."""
    from fastapi.testclient import TestClient

    from dispatch.db import make_session_factory
    from dispatch.orgdir.service import current_org
    from dispatch.requests import flows
    from dispatch.requests.models import Request
    from dispatch.settings import Settings
    from dispatch.users import service as users

    app, h = app_with_people(pg_engine, tmp_path, demo_org, PEOPLE)
    with TestClient(app, base_url="https://testserver") as client:
        rid = _routed_to_logistics(client, h)
    factory = make_session_factory(pg_engine)
    settings = Settings(env="test", data_dir=tmp_path)

    def act(who: str, action: str):
        def read(s):
            req = s.get(Request, rid)
            assert req.state == "routed"
            return req, users.get_by_name(db_session=s, name=who), current_org(db_session=s)

        def write(s, seen):
            req, user, org = seen
            if action == "accept":
                flows.accept(db_session=s, org=org, user=user, req=req)
            else:
                flows.return_request(db_session=s, settings=settings, org=org, user=user,
                                     req=req, reason="不归我们", department="it")
            return "ok"
        return read, write

    results = [_state(r) for r in read_then_write(factory, act("liuqiang", "accept"),
                                                   act("wanggang", "return"))]
    assert sorted(results) in (["409 accepted", "ok"], ["409 routed", "ok"]), results
    acts, ex = _trail(pg_engine, rid)
    assert acts.count("accept") + acts.count("return") == 1, acts
    with factory() as s:
        req = s.get(Request, rid)
        if "accept" in acts:
            assert (req.state, req.department) == ("accepted", "logistics")
            assert ex == [("logistics", "triage")]
        else:
            assert (req.state, req.department) == ("routed", "it")
            assert ex == [("it", "correction")]


@needs_pg
def test_load_pg_decide_and_reroute_after_both_read_triage(pg_engine, demo_org,
                                                           tmp_path) -> None:
    from fastapi.testclient import TestClient

    from dispatch.db import make_session_factory
    from dispatch.orgdir.service import current_org
    from dispatch.requests import flows
    from dispatch.requests.models import Request
    from dispatch.users import service as users

    app, h = app_with_people(pg_engine, tmp_path, demo_org, PEOPLE)
    with TestClient(app, base_url="https://testserver") as client:
        rid = _in_triage(client, h)
    factory = make_session_factory(pg_engine)

    def read(s):
        req = s.get(Request, rid)
        assert req.state == "triage"
        return req

    def act(who: str, fn, dept: str):
        def write(s, req):
            fn(db_session=s, org=current_org(db_session=s), req=req,
               user=users.get_by_name(db_session=s, name=who), department=dept)
            return dept
        return read, write

    results = [_state(r) for r in read_then_write(factory, act("coord", flows.decide, "logistics"),
                                                   act("coord2", flows.reroute, "it"))]
    assert "409 routed" in results, results
    won = next(r for r in results if not r.startswith("409"))
    acts, ex = _trail(pg_engine, rid)
    assert acts.count("decide") + acts.count("reroute") == 1, acts
    assert ex == [(won, "triage")]
    with factory() as s:
        assert s.get(Request, rid).department == won


@needs_pg
def test_load_pg_two_done_clicks_after_both_read_open(pg_engine, demo_org, tmp_path) -> None:
    """Forced: both clicks have read the follow-up open and the request routed (the
    permission check reads it) before either writes."""

    from dispatch.followups import service as followups
    from dispatch.followups.models import FollowUp
    from dispatch.orgdir.service import current_org
    from dispatch.requests.models import Request
    from dispatch.users import service as users

    factory, rid, fid, before = _routed_with_ack(pg_engine, demo_org, tmp_path)

    def click(who: str):
        def read(s):
            fu = s.get(FollowUp, fid)
            req = s.get(Request, rid)  # held: as read before the other commits
            followups.check_may_act(db_session=s, fu=fu, org=current_org(db_session=s),
                                    user=users.get_by_name(db_session=s, name=who))
            assert (fu.status, req.state) == ("open", "routed")
            return fu, req

        def write(s, _):
            followups.complete(db_session=s, followup_id=fid, by=who)
            return "ok"
        return read, write

    assert read_then_write(factory, click("liuqiang"), click("wanggang")) == ["ok", "ok"]
    acts, ex = _trail(pg_engine, rid)
    assert acts[len(before):] == ["accept"]
    with factory() as s:
        fu = s.get(FollowUp, fid)
        assert [e["action"] for e in fu.history].count("done") == 1


@needs_pg
def test_load_pg_accept_and_done_click_after_both_read(pg_engine, demo_org, tmp_path) -> None:
    """A liaison accepts on the request page while a colleague presses 「已完成」 on the
    acknowledgement reminder, both having read the request routed: accepted once, the
    follow-up done once, no deadlock (the route locks the request, then the follow-up; the
    click now takes them in the same order). Whoever commits second learns it: the click
    does nothing, the page's accept answers 409 (seen in a full-suite run)."""

    from dispatch.followups import service as followups
    from dispatch.followups.models import FollowUp
    from dispatch.orgdir.service import current_org
    from dispatch.requests import flows
    from dispatch.requests.models import Request
    from dispatch.users import service as users

    factory, rid, fid, before = _routed_with_ack(pg_engine, demo_org, tmp_path)

    def read_request(s):
        return (s.get(Request, rid), users.get_by_name(db_session=s, name="liuqiang"),
                current_org(db_session=s))

    def accept(s, seen):
        req, user, org = seen
        flows.accept(db_session=s, org=org, user=user, req=req)
        return "ok"

    def read_click(s):
        fu = s.get(FollowUp, fid)
        assert fu.status == "open"
        return fu, s.get(Request, rid)  # read, as the permission check does; held

    def click(s, _):
        followups.complete(db_session=s, followup_id=fid, by="wanggang")
        return "ok"

    # either order: the click accepts through the follow-up or does nothing once the
    # liaison's accept is in (the click's accept committed first: the loser is told 409);
    # the request is accepted once, the follow-up closed once
    results = read_then_write(factory, (read_request, accept), (read_click, click))
    assert [r if r == "ok" else "409" for r in results] in (["ok", "ok"], ["409", "ok"])
    acts, _ = _trail(pg_engine, rid)
    assert acts[len(before):] == ["accept"]
    with factory() as s:
        fu = s.get(FollowUp, fid)
        assert fu.status == "done"
        assert [e["action"] for e in fu.history].count("done") == 1
