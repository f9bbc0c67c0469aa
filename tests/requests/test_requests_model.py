"""The routing model's life in the service: hot swap, retrain, rollback (the cold start
and learning: test_learning.py)."""

from __future__ import annotations

from dispatch.demo import DEMO_DIR
from dispatch.requests.model_store import ModelStore

CLEAR_HR = "下个月要招两名销售助理，请帮忙发布招聘信息并安排面试"


def _version_used(client, headers, text=CLEAR_HR) -> str:
    r = client.post("/api/requests", json={"text": text}, headers=headers)
    assert r.status_code == 201, r.text
    return r.json()["routing"]["model_version"]


def test_a_version_published_elsewhere_is_used_without_restart(client, org_in_db,
                                                               trained_store, people) -> None:
    h = people["zhang"][1]
    store = ModelStore(trained_store)
    first = store.current_version()
    assert _version_used(client, h) == first
    # another process (the CLI, a second worker) publishes a new version
    _, model = store.load_current(org_in_db)
    second = store.publish(model)
    assert second != first
    assert _version_used(client, h) == second
    status = client.get("/api/routing/model", headers=people["coord"][1]).json()
    assert status["current"] == second and status["versions"] == sorted([first, second])
    assert status["model"]["mode"] == "trained" and status["model"]["cv"]["accuracy"] > 0.5


def test_retrain_from_database_then_rollback(client, org_in_db, trained_store, people) -> None:
    h, admin = people["zhang"][1], people["boss"][1]
    old = _version_used(client, h)
    vague = client.post("/api/requests", json={"text": "有个事情想请教一下"}, headers=h).json()
    client.post(f"/api/requests/{vague['id']}/decide", json={"department": "hr"},
                headers=people["coord"][1])

    history = (DEMO_DIR / "requests_history.csv").read_text(encoding="utf-8")
    r = client.post("/api/routing/retrain", json={"history_csv": history}, headers=admin)
    assert r.status_code == 200, r.text
    out = r.json()
    assert out["previous"] == old and out["version"] != old and out["published"]
    assert out["examples"] == 106  # 105 history rows + the triage decision
    assert out["model"]["n_examples"] == 106
    new = out["version"]
    assert _version_used(client, h) == new  # same app, no restart

    # importing the same history again adds nothing
    sources = [e["source"] for e in
               client.get("/api/routing/examples?limit=500", headers=admin).json()]
    assert sources.count("import") == 105 and sources.count("triage") == 1

    r = client.post("/api/routing/rollback", headers=admin)
    assert r.status_code == 200 and r.json()["version"] == old
    assert _version_used(client, h) == old
    r = client.post("/api/routing/rollback", headers=admin)
    assert r.status_code == 409 and "no earlier published version" in r.text


def test_retrain_refuses_a_bad_history_and_keeps_the_model(client, org_in_db, trained_store,
                                                           people) -> None:
    admin = people["boss"][1]
    before = ModelStore(trained_store).current_version()
    r = client.post("/api/routing/retrain", json={"history_csv": "id,body\n1,电脑坏了\n"},
                    headers=admin)
    assert r.status_code == 422 and "missing column(s) text, department" in r.text
    r = client.post("/api/routing/retrain",
                    json={"history_csv": "text,department\n电脑坏了,it\n报销,宣传部\n"},
                    headers=admin)
    assert r.status_code == 422
    assert "line 3" in r.text and "'宣传部' is not in the org" in r.text
    assert client.get("/api/routing/examples", headers=admin).json() == []
    assert ModelStore(trained_store).current_version() == before


def test_batch_predict_keeps_order_and_names_a_bad_item(client, org_in_db, trained_store,
                                                        people) -> None:
    h = people["zhang"][1]
    items = [{"id": "a", "text": "出差报销的发票抬头开错了"},
             {"id": "b", "text": "新品发布会需要一套主视觉海报"},
             {"id": "c", "text": "下周展会的样机要运到上海"}]
    r = client.post("/api/routing/predict/batch", json={"items": items}, headers=h)
    assert r.status_code == 200, r.text
    out = r.json()
    assert [x["id"] for x in out] == ["a", "b", "c"]
    assert [x["departments"][0]["id"] for x in out] == ["fin", "design", "logistics"]
    assert all(x["decision"] in ("auto", "triage") for x in out)
    bad = client.post("/api/routing/predict/batch",
                      json={"items": [*items, {"id": "d", "text": " "}]}, headers=h)
    assert bad.status_code == 422 and "items[3] (d): empty" in bad.json()["error"]["message"]
    many = [{"id": str(i), "text": "x"} for i in range(1001)]
    r = client.post("/api/routing/predict/batch", json={"items": many}, headers=h)
    assert r.status_code == 413


def test_concurrent_predictions_are_batched_without_mixing_answers(demo_org,
                                                                   trained_store) -> None:
    import threading

    import pytest

    from dispatch.requests.routing import Router
    from nlp.routing import RoutingInputError

    router = Router(trained_store)
    texts = ["出差报销的发票抬头开错了", "新品发布会需要一套主视觉海报", "下周展会的样机要运到上海",
             "我的电脑连不上公司WiFi", "下个月要招两名运营", "经销商想要新品的返点政策"] * 3
    alone = {t: router.predict(demo_org, t).prediction.department for t in set(texts)}
    got: dict[int, str] = {}
    errors: list[Exception] = []

    def ask(i: int, t: str) -> None:
        try:
            got[i] = router.predict(demo_org, t).prediction.department
        except Exception as e:  # noqa: BLE001 - collected for the assertion
            errors.append(e)

    threads = [threading.Thread(target=ask, args=(i, t)) for i, t in enumerate(texts)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert errors == []
    assert [got[i] for i in range(len(texts))] == [alone[t] for t in texts]
    with pytest.raises(RoutingInputError):
        router.predict(demo_org, "  ")


def test_a_model_for_other_departments_is_refused_and_requests_wait_in_triage(
        client, db, org_in_db, demo_org, trained_store, people) -> None:
    from dispatch.orgdir.service import import_org
    from models.org import parse_org

    doc = demo_org.model_dump(mode="json", exclude_none=True)
    doc["departments"].append({"id": "legal", "name": "法务部", "description": "合同审核"})
    import_org(db_session=db, org=parse_org(doc, "test"), source="test")
    r = client.post("/api/requests", json={"text": "合同条款需要审核"},
                    headers=people["zhang"][1])
    assert r.status_code == 201
    body = r.json()
    assert body["state"] == "triage" and "departments changed" in body["routing"]["error"]
    status = client.get("/api/routing/model", headers=people["coord"][1]).json()
    assert "new: legal" in status["error"] and "retrain" in status["error"]
