"""The HTTP side: dead letters and retry, channels without secrets, follow-up actions from
signed links and the API, the per-person calendar feed."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlsplit

import pytest
from icalendar import Calendar
from notify_support import SECRETS, demo_org_with_contacts

from dispatch.followups import service as fu_service
from dispatch.notifications import service as nt_service
from dispatch.notifications.config import NotifySettings
from dispatch.orgdir.service import import_org


@pytest.fixture
def org(db):
    o = demo_org_with_contacts()
    import_org(db_session=db, org=o, source="test")
    db.flush()
    return o


def test_dead_letters_are_listed_with_their_error_and_can_be_retried(client, auth, db,
                                                                     org) -> None:
    nt_service.use_settings(NotifySettings(channels_file=None))
    try:
        row = nt_service.notify_staff(db_session=db, staff_ids=["zhangsan"], event="e",
                                      subject="无处可去")[0]
        db.flush()
    finally:
        nt_service.use_settings(None)
    assert client.get("/api/notifications/dead", headers=auth["requester"]).status_code == 403
    dead = client.get("/api/notifications/dead", headers=auth["planner"]).json()
    assert [d["id"] for d in dead] == [row.id]
    assert "no channel configured" in dead[0]["last_error"]
    assert client.get("/api/notifications/summary", headers=auth["planner"]).json() == {
        "dead": 1}
    detail = client.get(f"/api/notifications/{row.id}", headers=auth["planner"]).json()
    assert detail["body"] == "" and detail["attempts_log"] == []
    r = client.post(f"/api/notifications/{row.id}/retry", headers=auth["planner"])
    assert r.status_code == 200 and r.json()["status"] == "pending"
    assert r.json()["message_id"] == row.message_id
    r = client.post(f"/api/notifications/{row.id}/retry", headers=auth["planner"])
    assert r.status_code == 409 and r.json()["error"]["code"] == "conflict"
    assert client.get("/api/notifications/999999", headers=auth["planner"]).status_code == 404
    r = client.post("/api/notifications/dead/retry", headers=auth["planner"])
    assert r.json() == {"requeued": 0}  # the only dead letter is pending again


def test_channels_view_never_shows_urls_tokens_or_secrets(client, auth, org,
                                                          push_settings) -> None:
    r = client.get("/api/notifications/channels", headers=auth["admin"])
    assert r.status_code == 200
    text = r.text
    assert r.json()["departments"]["mkt"][0] == {"key": "dept:mkt:feishu", "kind": "feishu",
                                                  "name": "", "host": "127.0.0.1",
                                                  "signed": True}
    for secret in (*SECRETS.values(), "abc123TOKEN", "WECOMKEY", "access_token"):
        assert secret not in text
    assert client.get("/api/notifications/channels",
                      headers=auth["planner"]).status_code == 403
    r = client.post("/api/notifications/test", json={"department": "it"}, headers=auth["admin"])
    assert r.status_code == 201 and r.json()[0]["destination"] == "dept:it:wecom"
    r = client.post("/api/notifications/test", json={"staff": ["ghost"]}, headers=auth["admin"])
    assert r.status_code == 422 and "ghost" in r.json()["error"]["message"]


def test_owner_marks_done_through_the_api_others_cannot(client, auth, db, org, make_user,
                                                        push_settings) -> None:
    r = client.post("/api/followups", headers=auth["planner"], json={
        "kind": "action_item", "ref_id": "9", "title": "盘点", "owners": ["zhangsan"],
        "due": "2026-12-04", "link": "/minutes/3"})
    assert r.status_code == 201
    fid = r.json()["id"]
    _, owner_tok = make_user("zs", "requester", staff_id="zhangsan")
    _, other_tok = make_user("ln", "requester", staff_id="lina")
    owner = {"Authorization": f"Bearer {owner_tok}"}
    other = {"Authorization": f"Bearer {other_tok}"}
    assert [f["id"] for f in client.get("/api/followups", headers=owner).json()] == [fid]
    assert client.get("/api/followups", headers=other).json() == []
    assert client.post(f"/api/followups/{fid}/done", headers=other).status_code == 403
    r = client.post(f"/api/followups/{fid}/request-date", headers=owner,
                    json={"due": "2026-12-11", "note": "等供应商"})
    assert r.status_code == 200 and r.json()["requested_due"] == "2026-12-11"
    r = client.post(f"/api/followups/{fid}/reschedule", headers=owner,
                    json={"due": "2026-12-11"})
    assert r.status_code == 403  # approving is for planners
    r = client.post(f"/api/followups/{fid}/reschedule", headers=auth["planner"],
                    json={"due": "2026-12-11"})
    assert r.json()["due_date"] == "2026-12-11" and r.json()["requested_due"] is None
    r = client.post(f"/api/followups/{fid}/done", headers=owner, json={"note": "ok"})
    assert r.json()["status"] == "done" and r.json()["closed_by"] == "zhangsan"
    bad = client.post("/api/followups", headers=auth["planner"], json={
        "kind": "action_item", "ref_id": "10", "title": "x", "owners": ["ghost"],
        "due": "2026-12-04"})
    assert bad.status_code == 422


def test_signed_link_page_then_post_marks_done_and_old_links_die(client, db, org, settings,
                                                                  push_settings) -> None:
    fu = fu_service.track(db_session=db, kind="action_item", ref_id="11", title="报销单",
                          owners=["zhengkai"], due=dt.date(2026, 12, 4))
    token = fu_service.action_token(fu, settings.secret_key)
    page = client.get(f"/api/followups/act/{token}?action=new_date")
    assert page.status_code == 200 and "<form method='post'>" in page.text
    assert "type='date'" in page.text and fu.status == "open"  # a GET changes nothing
    r = client.post(f"/api/followups/act/{token}", data={"action": "new_date",
                                                         "due": "not a date"})
    assert r.status_code == 422
    r = client.post(f"/api/followups/act/{token}", data={"action": "done"},
                    headers={"Accept": "application/json"})
    assert r.status_code == 200 and r.json()["status"] == "done"
    assert fu.closed_by == "link"
    # forged, foreign-secret and outdated tokens are refused
    assert client.get("/api/followups/act/forged").status_code == 401
    other = fu_service.action_token(fu, "another-secret-key-123456")
    assert client.post(f"/api/followups/act/{other}", data={"action": "done"}).status_code == 401
    fu2 = fu_service.track(db_session=db, kind="action_item", ref_id="12", title="发票",
                           owners=["zhengkai"], due=dt.date(2026, 12, 4))
    old = fu_service.action_token(fu2, settings.secret_key)
    fu_service.reschedule(db_session=db, followup_id=fu2.id, due=dt.date(2026, 12, 8))
    assert client.get(f"/api/followups/act/{old}").status_code == 401


def test_owner_asks_a_new_date_by_link_and_the_head_approves_by_link(client, db, org,
                                                                      settings,
                                                                      push_settings) -> None:
    from sqlalchemy import select

    from dispatch.notifications.models import Notification

    fu = fu_service.track(db_session=db, kind="action_item", ref_id="14", title="合同付款",
                          owners=["zhengkai"], due=dt.date(2026, 12, 4))
    owner = fu_service.action_token(fu, settings.secret_key)
    r = client.post(f"/api/followups/act/{owner}", data={"action": "approve"})
    assert r.status_code == 422  # an owner link cannot approve
    r = client.post(f"/api/followups/act/{owner}", headers={"Accept": "application/json"},
                    data={"action": "new_date", "due": "2026-12-11", "note": "等发票"})
    assert r.status_code == 200 and r.json()["requested_due"] == "2026-12-11"
    ask = db.scalars(select(Notification).where(
        Notification.event == "action_item.new_date_requested")).one()
    # the head's link is not posted to the group (issue 16, defect 5); no e-mail here
    assert ask.recipients == ["zhaomin"] and "/api/followups/act/" not in ask.body
    head = fu_service.action_token(fu, settings.secret_key, role="head")
    page = client.get(f"/api/followups/act/{head}")
    assert "2026-12-11" in page.text and "value='approve'" in page.text
    assert client.post(f"/api/followups/act/{head}", data={"action": "done"}).status_code == 422
    r = client.post(f"/api/followups/act/{head}", data={"action": "approve"},
                    headers={"Accept": "application/json"})
    assert r.json() == {"id": fu.id, "status": "open", "due_date": "2026-12-11",
                        "requested_due": None}
    # both links were for the old version of the item
    assert client.get(f"/api/followups/act/{head}").status_code == 401
    assert client.get(f"/api/followups/act/{owner}").status_code == 401


def test_calendar_feed_by_secret_url(client, auth, db, org, make_user, push_settings) -> None:
    fu_service.track(db_session=db, kind="action_item", ref_id="13", title="培训材料",
                     owners=["qianjing"], due=dt.date(2026, 12, 4))
    _, tok = make_user("qj", "requester", staff_id="qianjing")
    r = client.post("/api/calendar/feed", headers={"Authorization": f"Bearer {tok}"})
    assert r.status_code == 200
    path = urlsplit(r.json()["url"]).path
    assert r.json()["url"].startswith("https://dispatch.example/api/calendar/ics_")
    feed = client.get(path)  # no header: calendar apps cannot send one
    assert feed.status_code == 200 and feed.headers["content-type"].startswith("text/calendar")
    ev = next(iter(Calendar.from_ical(feed.content).walk("VEVENT")))
    assert ev.decoded("dtstart") == dt.date(2026, 12, 4)
    assert client.get("/api/calendar/ics_wrong.ics").status_code == 401
    # a requester without a staff link has no feed; admins issue one for anyone
    assert client.post("/api/calendar/feed", headers=auth["requester"]).status_code == 422
    r = client.post("/api/calendar/feeds/qianjing", headers=auth["admin"])
    assert r.status_code == 200
    assert client.get(path).status_code == 401  # the old URL was revoked
    assert client.post("/api/calendar/feeds/qianjing",
                       headers=auth["planner"]).status_code == 403


def test_department_message_keeps_its_payload(db, org) -> None:
    nt_service.use_settings(NotifySettings(channels_file=None))
    try:
        [row] = nt_service.notify_department(db_session=db, department="design", event="e",
                                             subject="新的协作请求", payload={"request": 7})
    finally:
        nt_service.use_settings(None)
    assert row.payload == {"request": 7} and row.recipients == ["zhoujie"]


def test_a_refused_link_shows_a_page_in_the_person_s_language(client, db, org, settings,
                                                               push_settings) -> None:
    """A person who clicks a message's link in a browser and is refused (a date that is
    no date, a date not after the due date, a link gone stale) reads a page in the
    item's language with the same status; a client asking JSON gets the error body as
    before, with the Chinese beside the English."""
    html = {"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"}
    fu = fu_service.track(db_session=db, kind="action_item", ref_id="21", title="场地合同",
                          owners=["zhengkai"], due=dt.date(2026, 12, 4))
    token = fu_service.action_token(fu, settings.secret_key)
    r = client.post(f"/api/followups/act/{token}", headers=html,
                    data={"action": "new_date", "due": "下周"})
    assert r.status_code == 422 and r.headers["content-type"].startswith("text/html")
    assert "请按 YYYY-MM-DD 格式填写新的日期" in r.text and "give the new date" not in r.text
    r = client.post(f"/api/followups/act/{token}", headers=html,
                    data={"action": "new_date", "due": "2026-12-01"})
    assert r.status_code == 422
    assert "新的日期须晚于当前截止日期 2026-12-04" in r.text
    r = client.post(f"/api/followups/act/{token}", data={"action": "new_date",
                                                         "due": "2026-12-01"})
    error = r.json()["error"]
    assert error["message"] == "the new date must be after the current due date 2026-12-04"
    assert error["localized_message"] == "新的日期须晚于当前截止日期 2026-12-04"
    r = client.get("/api/followups/act/forged", headers=html)
    assert r.status_code == 401 and r.headers["content-type"].startswith("text/html")
    assert "此链接无效、已过期或已失效（事项已有变更）" in r.text and "invalid" not in r.text
    assert client.get("/api/followups/act/forged").json()["error"]["code"] == "unauthorized"
