"""Who may see and do what, tried as an attacker would (issue 16; d06 = defect 6).

Each test names the defect it covers; the routes are the public API.
"""

from __future__ import annotations

VPN = "我的电脑连不上公司网络，VPN也登录不了"  # routed to IT by the demo model


def _routed_to_it(client, people) -> dict:
    r = client.post("/api/requests", json={"text": VPN, "title": "VPN"}, headers=people["zhang"][1])
    assert r.status_code == 201, r.text
    req = r.json()
    assert req["department"] == "it" and req["state"] == "routed"
    return req


def _ack_followup(client, people, req) -> dict:
    [fu] = [f for f in client.get("/api/followups?kind=request_ack",
                                  headers=people["coord"][1]).json()
            if f["ref_id"] == f"{req['id']}.1"]
    return fu


def test_d06_ack_followup_done_needs_the_receiving_department(client, people, org_in_db,
                                                              trained_store) -> None:
    req = _routed_to_it(client, people)
    fu = _ack_followup(client, people, req)
    outsider = people["log_lead"][1]  # a planner of logistics
    # the request route refuses them ...
    r = client.post(f"/api/requests/{req['id']}/accept", headers=outsider)
    assert r.status_code == 403, r.text
    # ... and so does the follow-up route, with the same rule
    r = client.post(f"/api/followups/{fu['id']}/done", headers=outsider)
    assert r.status_code == 403, r.text
    for action, body in (("request-date", {"due": "2026-12-30"}), ("cancel", {}),
                         ("reschedule", {"due": "2026-12-30"}), ("decline-date", {})):
        r = client.post(f"/api/followups/{fu['id']}/{action}", json=body, headers=outsider)
        assert r.status_code == 403, (action, r.text)
    shown = client.get(f"/api/requests/{req['id']}", headers=people["coord"][1]).json()
    assert shown["state"] == "routed"
    # the head of IT (a planner of IT) may: the request is accepted through the follow-up
    r = client.post(f"/api/followups/{fu['id']}/done", headers=people["it_lead"][1])
    assert r.status_code == 200, r.text
    shown = client.get(f"/api/requests/{req['id']}", headers=people["coord"][1]).json()
    assert shown["state"] == "accepted"


def test_d07_requester_does_not_read_others_texts_in_explanations(client, people, org_in_db,
                                                                  trained_store) -> None:
    planner, requester = people["coord"][1], people["zhang"][1]
    seen = client.post("/api/routing/predict", json={"text": VPN}, headers=planner).json()
    assert seen["explanation"]["similar"], "the demo model should show look-alikes to planners"
    history = {s["text"] for s in seen["explanation"]["similar"]}

    mine = client.post("/api/routing/predict", json={"text": VPN}, headers=requester).json()
    assert mine["explanation"]["similar"] == [] and mine["explanation"]["terms"]
    batch = client.post("/api/routing/predict/batch",
                        json={"items": [{"id": "a", "text": VPN}], "explain": True},
                        headers=requester).json()
    assert batch[0]["explanation"]["similar"] == []
    req = _routed_to_it(client, people)
    assert req["routing"]["explanation"]["similar"] == []
    own = client.get(f"/api/requests/{req['id']}", headers=requester)
    assert own.status_code == 200 and own.json()["routing"]["explanation"]["similar"] == []
    assert not any(t in own.text for t in history)
    # planners still see them on the request
    theirs = client.get(f"/api/requests/{req['id']}", headers=planner).json()
    assert theirs["routing"]["explanation"]["similar"]


def test_d10_batch_limits_and_per_user_rate_limit(client, people, org_in_db,
                                                  trained_store) -> None:
    zhang, lina = people["zhang"][1], people["lina"][1]
    url = "/api/routing/predict/batch"
    r = client.post(url, json={"items": [{"id": str(i), "text": VPN} for i in range(201)]},
                    headers=zhang)
    assert r.status_code == 413 and "200" in r.text
    r = client.post(url, json={"items": [{"id": str(i), "text": "网" * 19_000}
                                         for i in range(11)]}, headers=zhang)
    assert r.status_code == 413 and "200,000" in r.text
    ok = {"items": [{"id": "a", "text": VPN}]}
    # the refused ones above spent their tokens too: one left of a burst of 3
    assert client.post(url, json=ok, headers=zhang).status_code == 200
    r = client.post(url, json=ok, headers=zhang)
    assert r.status_code == 429, r.text
    assert int(r.headers["Retry-After"]) >= 1
    assert client.post(url, json=ok, headers=lina).status_code == 200  # others are not limited


def test_d10_single_prediction_not_stalled_behind_a_batch(settings, org_in_db,
                                                          trained_store) -> None:
    """A long batch and one submit's prediction at once: the single one finishes first.

    Before, the batch held the model lock from its first text to its last, so the single
    prediction (what every submitted request makes) waited for all of it.
    """
    import threading

    from dispatch.requests import routing

    texts = [f"{VPN}，第{i}台电脑，楼层{i % 9}，工位{i}" * 3 for i in range(600)]
    routing.predict(settings=settings, org=org_in_db, text=VPN)  # model loaded and warm
    finished: list[str] = []
    started = threading.Event()

    def batch() -> None:
        started.set()
        routing.predict_many(settings=settings, org=org_in_db, texts=texts)
        finished.append("batch")

    def single() -> None:
        started.wait()
        threading.Event().wait(0.3)  # the batch is under way
        routing.predict(settings=settings, org=org_in_db, text="打印机卡纸了，需要维修")
        finished.append("single")

    threads = [threading.Thread(target=batch), threading.Thread(target=single)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(300)
    assert finished == ["single", "batch"]


def test_also_failed_retrain_leaves_no_history_rows(db, tmp_path, org_in_db) -> None:
    """Training or publishing fails after the history was imported (and committed, so no
    write lock is held while training): the imported rows are deleted again."""
    import pytest
    from sqlalchemy import func, select

    from dispatch.demo import DEMO_DIR
    from dispatch.requests import routing
    from dispatch.requests.models import RoutingExample
    from dispatch.settings import RoutingSettings, Settings

    blocker = tmp_path / "not_a_dir"
    blocker.write_text("a file where the model store should be")
    settings = Settings(env="test", data_dir=tmp_path, secret_key="test-secret-key-0123456789",
                        routing=RoutingSettings(model_dir=blocker / "models"))
    history = (DEMO_DIR / "requests_history.csv").read_text(encoding="utf-8")
    before = db.scalar(select(func.count()).select_from(RoutingExample))
    with pytest.raises(OSError):
        routing.retrain(db_session=db, settings=settings, org=org_in_db, history_csv=history,
                        commit=db.commit)
    assert db.scalar(select(func.count()).select_from(RoutingExample)) == before
