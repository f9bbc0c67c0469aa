"""Requests through the API: intake, routing, triage, returns, roles, bad input."""

from __future__ import annotations

import datetime as dt

from dispatch.requests.models import Request

CLEAR_IT = "我的笔记本电脑连不上公司WiFi，VPN也登录不了，麻烦IT尽快处理"
VAGUE = "有个事情想请教一下"


def _submit(client, headers, text, **kw):
    return client.post("/api/requests", json={"text": text, **kw}, headers=headers)


def test_submit_routes_a_clear_request(client, org_in_db, trained_store, people) -> None:
    r = _submit(client, people["zhang"][1], CLEAR_IT, title="电脑网络故障",
                expected_date=(dt.date.today() + dt.timedelta(days=7)).isoformat(),
                support="上门检查", attachments=["screenshot.png"])
    assert r.status_code == 201, r.text
    req = r.json()
    assert req["state"] == "routed" and req["department"] == "it"
    assert req["department_name"] == "信息技术部"
    assert req["from_department"] == "mkt"  # from the requester's staff record
    assert req["attachments"] == ["screenshot.png"]
    routing = req["routing"]
    assert routing["decision"] == "auto"
    assert routing["departments"][0]["id"] == "it"
    assert routing["departments"][0]["score"] >= routing["departments"][1]["score"]
    assert routing["model_version"] == (trained_store / "CURRENT").read_text().strip()
    assert routing["explanation"]["terms"]  # the words that drove it
    assert req["ack_due_at"] is not None
    [t] = req["transitions"]
    assert (t["from"], t["to"], t["by"], t["department"]) == ("submitted", "routed", "system",
                                                              "it")
    again = client.get(f"/api/requests/{req['id']}", headers=people["zhang"][1]).json()
    assert again["id"] == req["id"] and again["text"] == CLEAR_IT


def test_low_confidence_goes_to_triage_and_decision_is_an_example(client, org_in_db,
                                                                   trained_store,
                                                                   people) -> None:
    req = _submit(client, people["zhang"][1], VAGUE).json()
    assert req["state"] == "triage" and req["department"] is None
    assert req["routing"]["decision"] == "triage"

    queue = client.get("/api/requests/triage", headers=people["coord"][1]).json()
    [item] = [q for q in queue if q["id"] == req["id"]]
    assert len(item["suggestions"]) == 3 and item["suggestions"][0]["name"]

    r = client.post(f"/api/requests/{req['id']}/decide",
                    json={"department": "人力资源部", "secondary": ["fin"], "note": "人事相关"},
                    headers=people["coord"][1])
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["state"] == "routed" and body["department"] == "hr"
    assert body["secondary"] == ["fin"]
    last = body["transitions"][-1]
    assert (last["action"], last["by"], last["note"]) == ("decide", "coord", "人事相关")
    examples = client.get("/api/routing/examples", headers=people["coord"][1]).json()
    assert [(e["request_id"], e["department"], e["source"]) for e in examples] == \
        [(req["id"], "hr", "triage")]
    queue = client.get("/api/requests/triage", headers=people["coord"][1]).json()
    assert all(q["id"] != req["id"] for q in queue)


def test_return_reroutes_to_next_best_and_accept_records_correction(client, org_in_db,
                                                                     trained_store,
                                                                     people) -> None:
    req = _submit(client, people["zhang"][1], CLEAR_IT).json()
    assert req["department"] == "it"
    no_reason = client.post(f"/api/requests/{req['id']}/return", json={"reason": "  "},
                            headers=people["it_lead"][1])
    assert no_reason.status_code == 422 and "reason" in no_reason.json()["error"]["message"]

    r = client.post(f"/api/requests/{req['id']}/return",
                    json={"reason": "这是仓库的网络，归物流部管", "department": "logistics"},
                    headers=people["it_lead"][1])
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["state"] == "routed" and body["department"] == "logistics"
    assert body["returned_by"] == ["it"]
    steps = [(t["action"], t["from"], t["to"], t["by"]) for t in body["transitions"]]
    assert steps[1:] == [("return", "routed", "returned", "it_lead"),
                         ("reroute", "returned", "routed", "it_lead")]
    assert body["transitions"][1]["note"] == "这是仓库的网络，归物流部管"
    ex = client.get("/api/routing/examples", headers=people["coord"][1]).json()
    assert [(e["department"], e["source"], e["weight"]) for e in ex] == \
        [("logistics", "correction", 2.0)]

    # logistics returns it too, naming no one: the next best untried department gets it
    r = client.post(f"/api/requests/{req['id']}/return", json={"reason": "不是我们的"},
                    headers=people["log_lead"][1])
    body = r.json()
    assert body["returned_by"] == ["it", "logistics"]
    ranked = [d["id"] for d in body["routing"]["departments"] if d["score"] >= 0.1]
    nxt = [d for d in ranked if d not in ("it", "logistics")]
    if nxt:
        assert body["state"] == "routed" and body["department"] == nxt[0]
        assert body["transitions"][-1]["by"] == "system"
    else:
        assert body["state"] == "triage"


def test_reroute_by_coordinator_and_accept_after_return(client, org_in_db, trained_store,
                                                        people) -> None:
    req = _submit(client, people["zhang"][1], CLEAR_IT).json()
    client.post(f"/api/requests/{req['id']}/return", json={"reason": "外包供应商负责"},
                headers=people["it_lead"][1])
    r = client.post(f"/api/requests/{req['id']}/reroute", json={"department": "design"},
                    headers=people["coord"][1])
    assert r.status_code == 200 and r.json()["department"] == "design"
    r = client.post(f"/api/requests/{req['id']}/accept", headers=people["design_lead"][1])
    assert r.status_code == 200 and r.json()["state"] == "accepted"
    assert r.json()["acked_at"] is not None
    ex = client.get("/api/routing/examples", headers=people["coord"][1]).json()
    assert [(e["department"], e["source"]) for e in ex] == [("design", "correction")]


def test_full_life_and_illegal_transitions(client, org_in_db, trained_store, people) -> None:
    req = _submit(client, people["zhang"][1], CLEAR_IT).json()
    rid, h = req["id"], people["it_lead"][1]
    r = client.post(f"/api/requests/{rid}/finish", headers=h)
    assert r.status_code == 409
    err = r.json()["error"]
    assert err["code"] == "conflict"
    assert "allowed now: accept, return, reroute" in err["message"]
    assert err["details"]["allowed"] == ["accept", "return", "reroute"]
    for action, state in (("accept", "accepted"), ("start", "in_progress"), ("finish", "done")):
        r = client.post(f"/api/requests/{rid}/{action}", json={"note": action}, headers=h)
        assert r.status_code == 200, r.text
        assert r.json()["state"] == state
    body = client.get(f"/api/requests/{rid}", headers=h).json()
    assert [t["to"] for t in body["transitions"]] == ["routed", "accepted", "in_progress", "done"]
    assert body["allowed_actions"] == []
    r = client.post(f"/api/requests/{rid}/return", json={"reason": "x"}, headers=h)
    assert r.status_code == 409 and r.json()["error"]["details"]["allowed"] == []
    r = client.post(f"/api/requests/{rid}/decide", json={"department": "hr"},
                    headers=people["coord"][1])
    assert r.status_code == 409 and "cannot decide a request that is done" in r.text


def test_roles(client, org_in_db, trained_store, people) -> None:
    mine = _submit(client, people["zhang"][1], CLEAR_IT).json()
    other = _submit(client, people["lina"][1], "公众号推文需要市场部写一篇新品软文").json()
    zhang = people["zhang"][1]
    # a requester reads and lists only their own
    assert client.get(f"/api/requests/{other['id']}", headers=zhang).status_code == 403
    listed = client.get("/api/requests", headers=zhang).json()
    assert [x["id"] for x in listed] == [mine["id"]]
    # ... and may not act on requests
    for path, body in (("decide", {"department": "it"}), ("accept", None),
                       ("return", {"reason": "x"}), ("reroute", {"department": "hr"})):
        r = client.post(f"/api/requests/{mine['id']}/{path}", json=body, headers=zhang)
        assert r.status_code == 403, path
    assert client.get("/api/requests/triage", headers=zhang).status_code == 403
    assert client.post("/api/routing/retrain", headers=zhang).status_code == 403
    assert client.post("/api/routing/rollback", headers=people["coord"][1]).status_code == 403
    # a planner of another department may not acknowledge for IT
    r = client.post(f"/api/requests/{mine['id']}/accept", headers=people["log_lead"][1])
    assert r.status_code == 403 and "is with it" in r.json()["error"]["message"]
    # planners see everything; the admin may act for any department
    assert len(client.get("/api/requests", headers=people["coord"][1]).json()) == 2
    mine_only = client.get("/api/requests?mine=true", headers=people["coord"][1]).json()
    assert mine_only == []
    r = client.post(f"/api/requests/{mine['id']}/accept", headers=people["boss"][1])
    assert r.status_code == 200


def test_list_filters(client, org_in_db, trained_store, people) -> None:
    a = _submit(client, people["zhang"][1], CLEAR_IT).json()
    _submit(client, people["zhang"][1], VAGUE)
    h = people["coord"][1]
    assert [x["id"] for x in client.get("/api/requests?department=IT", headers=h).json()] \
        == [a["id"]]
    assert all(x["state"] == "triage"
               for x in client.get("/api/requests?state=triage", headers=h).json())
    bad = client.get("/api/requests?state=lost", headers=h)
    assert bad.status_code == 422 and "unknown state 'lost'" in bad.json()["error"]["message"]
    bad = client.get("/api/requests?department=nope", headers=h)
    assert bad.status_code == 422 and "unknown department 'nope'" in bad.text


def test_bad_input_is_refused_and_nothing_is_stored(client, db, org_in_db, trained_store,
                                                    people) -> None:
    from sqlalchemy import func, select

    h = people["zhang"][1]
    before = db.scalar(select(func.count()).select_from(Request))
    r = _submit(client, h, "   \n ")
    assert r.status_code == 422 and "empty" in r.json()["error"]["message"]
    r = _submit(client, h, "需" * (1 << 20))
    assert r.status_code == 413 and "limit is 20,000" in r.json()["error"]["message"]
    r = _submit(client, h, CLEAR_IT, from_department="宣传部")
    assert r.status_code == 422
    assert "unknown department '宣传部'" in r.json()["error"]["message"]
    assert "mkt" in r.json()["error"]["details"]["known"]
    r = _submit(client, h, CLEAR_IT, expected_date="2020-01-01")
    assert r.status_code == 422 and "in the past" in r.json()["error"]["message"]
    r = _submit(client, h, CLEAR_IT, expected_date="2026-02-30")
    assert r.status_code == 422
    r = client.post("/api/requests", json={"title": "no text"}, headers=h)
    assert r.status_code == 422 and "text" in r.json()["error"]["message"]
    r = _submit(client, h, CLEAR_IT, attachments=[""])
    assert r.status_code == 422 and "attachments[0]" in r.json()["error"]["message"]
    assert db.scalar(select(func.count()).select_from(Request)) == before
    # decisions with unknown departments are refused too
    req = _submit(client, h, VAGUE).json()
    r = client.post(f"/api/requests/{req['id']}/decide", json={"department": "nope"},
                    headers=people["coord"][1])
    assert r.status_code == 422 and "unknown department 'nope'" in r.text
    assert client.get("/api/requests/999999", headers=people["coord"][1]).status_code == 404


def test_a_broken_model_store_sends_requests_to_triage(client, org_in_db, trained_store,
                                                       people) -> None:
    (trained_store / "CURRENT").write_text("no-such-version\n")
    r = _submit(client, people["zhang"][1], CLEAR_IT)
    assert r.status_code == 201
    body = r.json()
    assert body["state"] == "triage"
    assert "no-such-version" in body["routing"]["error"]


def test_reroute_out_of_triage_is_a_triage_example(client, org_in_db, trained_store,
                                                   people) -> None:
    req = _submit(client, people["zhang"][1], VAGUE).json()
    r = client.post(f"/api/requests/{req['id']}/reroute", json={"department": "fin"},
                    headers=people["coord"][1])
    assert r.status_code == 200 and r.json()["department"] == "fin"
    ex = client.get("/api/routing/examples", headers=people["coord"][1]).json()
    assert [(e["department"], e["source"], e["weight"]) for e in ex] == [("fin", "triage", 1.0)]


def test_sla_endpoints(client, db, org_in_db, trained_store, people) -> None:
    from dispatch.requests import service

    req = _submit(client, people["zhang"][1], CLEAR_IT).json()
    row = service.get(db_session=db, request_id=req["id"])
    row.ack_due_at = row.ack_due_at - dt.timedelta(days=30)  # long overdue
    db.flush()
    assert client.post("/api/requests/sla-sweep", headers=people["coord"][1]).status_code == 403
    r = client.post("/api/requests/sla-sweep", headers=people["boss"][1])
    assert r.status_code == 200
    [ev] = r.json()["new"]
    assert (ev["request_id"], ev["kind"], ev["department"]) == (req["id"], "ack", "it")
    assert ev["handoff"]["followup_kind"] == "request_ack" and ev["handoff"]["followup_id"]
    assert client.post("/api/requests/sla-sweep", headers=people["boss"][1]).json()["new"] == []
    events = client.get("/api/requests/sla-events", headers=people["coord"][1]).json()
    assert [e["request_id"] for e in events] == [req["id"]]
    assert client.get("/api/requests/sla-events", headers=people["zhang"][1]).status_code == 403
    shown = client.get(f"/api/requests/{req['id']}", headers=people["zhang"][1]).json()
    assert [e["kind"] for e in shown["sla_events"]] == ["ack"]
