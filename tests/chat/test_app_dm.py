"""End to end (issue 16 defect 5, issue 19 item 2): an action item's reminder to an owner
with a Feishu open_id is a direct card from the app; its button, clicked by that owner and
posted back as Feishu posts a card callback, marks the item done."""

from __future__ import annotations

import datetime as dt
import json

from chat_helpers import feishu_click, feishu_post
from sqlalchemy import select
from sqlalchemy.orm import sessionmaker


def _card_acts(card: dict) -> list[str]:
    return [a["value"]["act"] for el in card["elements"]
            for a in (el.get("actions") or el.get("elements") or []) if "value" in a]


def test_reminder_card_by_dm_and_its_button_marks_the_item_done(
        client, db, people, chat_org, settings, feishu_seen):
    from dispatch.followups import service as fservice
    from dispatch.followups.adapters import track_action_items
    from dispatch.followups.scheduled import sweep_session
    from dispatch.minutes.models import ActionItemRow, Meeting
    from dispatch.notifications.apps import forget_tokens
    from dispatch.notifications.models import Notification
    from dispatch.notifications.service import use_settings
    from dispatch.notifications.worker import Worker

    use_settings(settings.notifications.model_copy(update={"notify_sqlite_sync_normal": False}))
    forget_tokens()
    try:
        day = chat_org.today() + dt.timedelta(days=1)
        while not chat_org.work_calendar.is_workday(day):
            day += dt.timedelta(days=1)
        m = Meeting(title="设计周会", filename="weekly.md", format="md", attendees=[], lines=[],
                    status="confirmed")
        db.add(m)
        db.flush()
        item = ActionItemRow(meeting_id=m.id, task="交付海报初稿", owners=["hexin"],
                             owner_names=["何欣"], department="design", due=day, status="open")
        db.add(item)
        db.flush()
        track_action_items(db_session=db, org=chat_org, items=[item])
        fu = fservice.get_by_ref(db_session=db, kind="action_item", ref_id=str(item.id))
        # the due day's reminder
        now = dt.datetime.combine(day, dt.time(17, 0), chat_org.tz).astimezone(dt.UTC)
        assert sweep_session(db_session=db, now=now) >= 1
        db.flush()
        rows = list(db.scalars(select(Notification).where(
            Notification.event == "action_item.due")))
        dms = [r for r in rows if r.kind == "feishu_app"]
        assert [(r.address, r.recipients) for r in dms] == [("ou_hexin", ["hexin"])]
        for r in rows:  # the group's copy says what changed, without links or buttons
            if r is not dms[0]:
                assert "/api/followups/act/" not in r.body and "buttons" not in r.payload

        # the worker sends it through the app (the loopback Feishu API)
        factory = sessionmaker(bind=db.connection(), join_transaction_mode="create_savepoint",
                               expire_on_commit=False)
        w = Worker(factory, settings=settings.notifications.model_copy(
            update={"notify_sqlite_sync_normal": False}), threads=1)
        w.drain()
        w.close()
        db.expire_all()
        assert db.get(Notification, dms[0].id).status == "sent"
    finally:
        use_settings(None)
        forget_tokens()
    sent = [(p, b) for p, _, b in feishu_seen if p.startswith("/open-apis/im/v1/messages?")]
    assert sent and all(b["receive_id"] == "ou_hexin" for _, b in sent)
    assert sent[-1][0] == "/open-apis/im/v1/messages?receive_id_type=open_id"
    card = json.loads(sent[-1][1]["content"])
    done = next(a for a in _card_acts(card) if a.startswith("item.done:"))
    assert done == f"item.done:{fu.id}"

    # a colleague who got hold of the button value cannot use it; the owner can
    r = feishu_post(client, feishu_click("ou_xuli", done))
    assert r.json()["toast"]["type"] == "error"
    db.refresh(item)
    assert item.status == "open"
    r = feishu_post(client, feishu_click("ou_hexin", done))
    assert r.json()["toast"]["type"] == "success", r.json()
    db.refresh(item)
    db.refresh(fu)
    assert fu.status == "done" and item.status == "done"


def test_a_parts_liaison_gets_accept_and_return_buttons_by_dm(client, db, people, chat_org,
                                                              settings, feishu_seen):
    from dispatch.collab.models import Collaboration
    from dispatch.notifications.apps import forget_tokens
    from dispatch.notifications.models import Notification
    from dispatch.notifications.service import use_settings

    use_settings(settings.notifications)
    forget_tokens()
    try:
        body = {"title": "新品发布会", "background": "12月新品发布会，需要主视觉和样机运输",
                "parts": [{"department": "design", "text": "设计部出主视觉海报", "role": "lead"},
                          {"department": "logistics", "text": "物流部派4人把样机搬到会场"}],
                "due": (chat_org.today() + dt.timedelta(days=14)).isoformat()}
        r = client.post("/api/collab", json=body, headers=people["zhang"][1])
        assert r.status_code in (200, 201), r.text
    finally:
        use_settings(None)
        forget_tokens()
    c = r.json()
    design = next(p for p in c["parts"] if p["department"] == "design")
    dms = list(db.scalars(select(Notification).where(Notification.event == "collab.part",
                                                     Notification.kind == "feishu_app")))
    by = {r.address: r for r in dms}
    # design's liaison 徐丽 and logistics' 王刚 have Feishu ids; 马云飞 has none: no DM, no
    # e-mail (the group's message names every liaison)
    assert set(by) == {"ou_xuli", "ou_wanggang"}
    acts = [b["act"] for b in by["ou_xuli"].payload["buttons"]]
    assert acts == [f"part.accept:{c['id']}:{design['id']}",
                    f"part.return:{c['id']}:{design['id']}"]
    assert not list(db.scalars(select(Notification).where(
        Notification.event == "collab.part", Notification.kind == "email")))
    r = feishu_post(client, feishu_click("ou_xuli", acts[0]))
    assert r.json()["toast"]["type"] == "success", r.json()
    db.expire_all()
    part = next(p for p in db.get(Collaboration, c["id"]).parts if p.id == design["id"])
    assert part.state == "accepted"
