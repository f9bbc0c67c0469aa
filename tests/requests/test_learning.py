"""Learning from triage: decisions, corrections and accepted routes become labelled
examples, and ``routing.learn`` (the worker's requests.learn sweep) refits and publishes
a new version without a full training; predicting never builds a model."""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator

import pytest
from pg_support import fresh_pg
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import sessionmaker

from dispatch.requests import routing
from dispatch.requests.model_store import ModelStore, read_meta

PG_URL = os.environ.get("TEST_DATABASE_URL", "").strip()
BACKENDS = ["sqlite"] + (["postgresql"] if PG_URL else [])
# The demo org's cold model sends both to marketing (年会, 节目); the company party is
# run by HR there, which one coordinator's decision teaches it.
PARTY = "年会节目彩排场地预订"
PARTY_AGAIN = "年会节目彩排需要订场地"
CLEAR_IT = "我的笔记本电脑连不上公司WiFi，VPN也登录不了，麻烦IT尽快处理"


def _submit(client, headers, text):
    r = client.post("/api/requests", json={"text": text}, headers=headers)
    assert r.status_code == 201, r.text
    return r.json()


def test_a_triage_decision_changes_the_next_prediction_of_a_similar_text(
        client, db, settings, org_in_db, people) -> None:
    first = _submit(client, people["zhang"][1], PARTY)
    assert first["state"] == "triage"  # a cold model routes nothing by itself
    assert first["routing"]["departments"][0]["id"] == "mkt"
    r = client.post(f"/api/requests/{first['id']}/decide", json={"department": "hr"},
                    headers=people["coord"][1])
    assert r.status_code == 200, r.text

    before = ModelStore(settings.routing_models).current_version()
    out = routing.learn(db_session=db, settings=settings, org=org_in_db)
    assert out["learned"] and out["previous"] == before and out["examples"] == 1
    meta = read_meta(ModelStore(settings.routing_models).versions / out["version"])
    assert meta["mode"] == "refit" and meta["n_examples"] == 1
    assert meta["full_training"]["mode"] == "cold"  # its hyper-parameters, no new CV

    second = _submit(client, people["zhang"][1], PARTY_AGAIN)
    assert second["routing"]["model_version"] == out["version"]
    assert second["routing"]["departments"][0]["id"] == "hr"
    # nothing new: no second version
    again = routing.learn(db_session=db, settings=settings, org=org_in_db)
    assert not again["learned"] and again["reason"] == "no new examples"


def test_a_return_naming_the_department_is_learned(client, db, settings, org_in_db,
                                                   trained_store, people) -> None:
    """The receiving department's correction (weight 2) moves the model's answer; the
    refit reads every stored example, here the history the model was trained on too."""
    from dispatch.demo import DEMO_DIR

    history = DEMO_DIR / "requests_history.csv"  # what trained_store was trained on
    routing.import_history(db_session=db, org=org_in_db,
                           csv_text=history.read_text(encoding="utf-8"))
    first = _submit(client, people["zhang"][1], PARTY)
    assert first["routing"]["departments"][0]["id"] != "hr"
    r = client.post(f"/api/requests/{first['id']}/decide", json={"department": "it"},
                    headers=people["coord"][1])
    assert r.status_code == 200
    r = client.post(f"/api/requests/{first['id']}/return",
                    json={"reason": "年会归人事", "department": "hr"},
                    headers=people["it_lead"][1])
    assert r.status_code == 200 and r.json()["department"] == "hr"
    ex = client.get("/api/routing/examples?limit=500", headers=people["coord"][1]).json()
    assert [(e["department"], e["source"], e["weight"]) for e in ex][-1] == \
        ("hr", "correction", 2.0)
    out = routing.learn(db_session=db, settings=settings, org=org_in_db)
    assert out["learned"] and out["examples"] == len(ex)
    second = _submit(client, people["zhang"][1], PARTY_AGAIN)
    assert second["routing"]["departments"][0]["id"] == "hr"


def test_an_accepted_route_is_a_confirmed_example(client, org_in_db, trained_store,
                                                  people) -> None:
    req = _submit(client, people["zhang"][1], CLEAR_IT)
    assert req["state"] == "routed" and req["department"] == "it"
    r = client.post(f"/api/requests/{req['id']}/accept", headers=people["it_lead"][1])
    assert r.status_code == 200
    ex = client.get("/api/routing/examples", headers=people["coord"][1]).json()
    assert [(e["request_id"], e["department"], e["source"]) for e in ex] == \
        [(req["id"], "it", "accepted")]


def test_predict_never_trains_and_org_import_builds_the_model(client, db, settings, demo_org,
                                                               people) -> None:
    from dispatch.orgdir.service import import_org

    import_org(db_session=db, org=demo_org, source="test")  # the service alone: no model
    db.flush()
    store = ModelStore(settings.routing_models)
    assert store.current_version() is None
    r = client.post("/api/routing/predict", json={"text": "报销发票抬头开错了怎么办"},
                    headers=people["zhang"][1])
    assert r.status_code == 409 and "dispatch org import" in r.json()["error"]["message"]
    assert store.current_version() is None  # still nothing: predicting built nothing
    waiting = _submit(client, people["zhang"][1], "报销发票抬头开错了怎么办")
    assert waiting["state"] == "triage" and "NoModel" in waiting["routing"]["error"]

    body = demo_org.model_dump_json()  # JSON is YAML
    r = client.post("/api/org/import", content=body.encode(),
                    headers={**people["boss"][1], "Content-Type": "application/yaml"})
    assert r.status_code == 200, r.text
    built = r.json()["routing_model"]
    assert built["mode"] == "cold" and built["version"] == store.current_version()
    r = client.post("/api/routing/predict", json={"text": "报销发票抬头开错了怎么办"},
                    headers=people["zhang"][1])
    assert r.status_code == 200 and r.json()["departments"][0]["id"] == "fin"
    assert r.json()["decision"] == "triage"  # cold start never routes without a person
    # importing again builds nothing
    r = client.post("/api/org/import", content=body.encode(),
                    headers={**people["boss"][1], "Content-Type": "application/yaml"})
    assert r.json()["routing_model"] is None


# ------------------------------------------------------------------------ concurrency


@pytest.fixture(params=BACKENDS)
def own_engine(request: pytest.FixtureRequest, tmp_path) -> Iterator[Engine]:
    """A database of its own: these tests commit from several threads."""
    from dispatch.db import make_engine, upgrade

    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'learn.sqlite3'}"
    else:
        url = fresh_pg(PG_URL, f"dispatch_learn_{os.getpid()}")
    eng = make_engine(url)
    upgrade(eng)
    yield eng
    eng.dispose()


def test_two_decisions_at_once_both_become_examples_and_one_version_results(
        own_engine, settings, demo_org, demo_model) -> None:
    from dispatch.db import session_scope, writing
    from dispatch.orgdir.service import import_org
    from dispatch.requests import flows
    from dispatch.requests.models import Request, RoutingExample
    from dispatch.requests.service import RequestIn
    from dispatch.users import service as users

    factory = sessionmaker(bind=own_engine, expire_on_commit=False)
    with session_scope(factory) as s:
        import_org(db_session=s, org=demo_org, source="test")
        asker = users.create(db_session=s, name="asker", role="requester", staff_id="zhangsan")
        coords = [users.create(db_session=s, name=f"coord{i}", role="planner")
                  for i in range(2)]
    ids = []
    for text in (PARTY, "年会抽奖的奖品谁来准备"):
        with session_scope(factory) as s:
            req = flows.submit(db_session=s, settings=settings, org=demo_org,
                               user=s.merge(asker), data=RequestIn(text=text))
            assert req.state == "triage"
            ids.append(req.id)
    before = ModelStore(settings.routing_models).current_version()

    errors: list[BaseException] = []
    results: list[dict] = []
    gate = threading.Barrier(2)

    def decide(i: int) -> None:
        try:
            gate.wait()
            # as the API runs a POST: SQLite's write lock taken at BEGIN (dispatch.db)
            with writing(), session_scope(factory) as s:
                req = s.get(Request, ids[i])
                flows.decide(db_session=s, org=demo_org, user=s.merge(coords[i]), req=req,
                             department="hr")
        except BaseException as e:  # noqa: BLE001 - every failure is the finding
            errors.append(e)

    def learn() -> None:
        try:
            gate.wait()
            with session_scope(factory) as s:
                results.append(routing.learn(db_session=s, settings=settings, org=demo_org))
        except BaseException as e:  # noqa: BLE001
            errors.append(e)

    for target in ((decide, (0,)), (decide, (1,))), ((learn, ()), (learn, ())):
        threads = [threading.Thread(target=f, args=a) for f, a in target]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    assert errors == []
    with session_scope(factory) as s:
        rows = s.execute(select(RoutingExample.request_id, RoutingExample.source)).all()
        newest = s.scalar(select(func.max(RoutingExample.id)))
    assert sorted(rows) == [(ids[0], "triage"), (ids[1], "triage")]
    assert sum(r["learned"] for r in results) == 1, results
    store = ModelStore(settings.routing_models)
    assert len(store.list_versions()) == 2  # the cold one and one refit
    meta = read_meta(store.versions / store.current_version())
    assert store.current_version() != before
    assert meta["n_examples"] == 2 and meta["examples_upto"] == newest


def test_a_settled_request_gives_the_refit_what_the_auto_rule_read(
        client, db, settings, org_in_db, people) -> None:
    """The org's own auto rule is chosen on outcomes (nlp.routing.online.outcome_rule): a
    request keeps the probabilities, known share and neighbour its prediction read, and the
    person's decision turns them into an outcome; the API does not show them."""
    first = _submit(client, people["zhang"][1], PARTY)
    assert "evidence" not in first["routing"]
    r = client.post(f"/api/requests/{first['id']}/decide", json={"department": "hr"},
                    headers=people["coord"][1])
    assert r.status_code == 200, r.text
    [seen] = routing.outcomes(db_session=db)
    assert seen.evidence is not None and not seen.correct  # the model said marketing
    assert seen.evidence.first >= seen.evidence.second and 0.0 <= seen.evidence.known <= 1.0
