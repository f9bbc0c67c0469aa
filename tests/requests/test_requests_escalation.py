"""Requests hand their clocks to follow-ups and their news to the notifications outbox."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from sqlalchemy import select

from dispatch.followups import service as followups
from dispatch.notifications.models import Notification
from dispatch.requests import flows
from dispatch.requests.escalation import ACK_KIND
from dispatch.requests.scheduled import sweep_sla
from dispatch.requests.service import RequestIn

SH = ZoneInfo("Asia/Shanghai")


VPN = "我的电脑连不上公司网络，VPN也登录不了"  # routed to IT by the demo model


def _vpn_request(db, settings, org, user, **data):
    """Submit the IT request at 15:00 on Friday 2026-11-20 (Shanghai time)."""
    return flows.submit(db_session=db, settings=settings, org=org, user=user,
                        now=dt.datetime(2026, 11, 20, 15, tzinfo=SH),
                        data=RequestIn(text=VPN, **data))


def _events(db, request_id: int) -> list[str]:
    rows = db.scalars(select(Notification).order_by(Notification.id))
    return [n.event for n in rows if (n.link or "").endswith(f"/requests/{request_id}")]


def test_routing_notifies_and_tracks_the_ack_deadline(db, settings, org_in_db, trained_store,
                                                      make_user) -> None:
    user, _ = make_user("esc1", "requester", staff_id="zhangsan")
    it_lead, _ = make_user("esc_it", "planner", staff_id="chenming")
    req = _vpn_request(db, settings, org_in_db, user, expected_date=dt.date(2026, 11, 27))
    assert req.department == "it"
    events = _events(db, req.id)
    assert "request.routed" in events and "request.routed_to" in events
    routed = db.scalars(select(Notification).where(Notification.event == "request.routed")).all()
    assert any(n.link.endswith(f"/requests/{req.id}") and n.recipients == ["chenming"]
               for n in routed)  # the head of IT is @-mentioned
    fu = followups.get_by_ref(db_session=db, kind="request_ack", ref_id=f"{req.id}.1")
    assert fu is not None and fu.status == "open" and fu.department == "it"
    assert fu.owners == ["chenming"] and fu.due_at == req.ack_due_at

    # a breach names the follow-up that escalates it
    [ev] = sweep_sla(db_session=db, org=org_in_db, now=dt.datetime(2026, 11, 23, 16, tzinfo=SH))
    assert ev.handoff["followup_id"] == fu.id and ev.handoff["followup_status"] == "open"

    flows.accept(db_session=db, org=org_in_db, user=it_lead, req=req,
                 now=dt.datetime(2026, 11, 23, 17, tzinfo=SH))
    assert fu.status == "done"
    res = followups.get_by_ref(db_session=db, kind="request_resolve", ref_id=str(req.id))
    assert res is not None and res.status == "open" and res.due_date == dt.date(2026, 11, 27)
    flows.start(db_session=db, org=org_in_db, user=it_lead, req=req)
    flows.finish(db_session=db, org=org_in_db, user=it_lead, req=req)
    assert res.status == "done"
    assert "request.done" in _events(db, req.id)


def test_return_closes_the_old_clock_and_opens_a_new_one(db, settings, org_in_db,
                                                         trained_store, make_user) -> None:
    user, _ = make_user("esc2", "requester", staff_id="zhangsan")
    it_lead, _ = make_user("esc_it2", "planner", staff_id="chenming")
    req = _vpn_request(db, settings, org_in_db, user)
    flows.return_request(db_session=db, settings=settings, org=org_in_db, user=it_lead,
                         req=req, reason="仓库网络归物流部", department="logistics")
    first = followups.get_by_ref(db_session=db, kind="request_ack", ref_id=f"{req.id}.1")
    second = followups.get_by_ref(db_session=db, kind="request_ack", ref_id=f"{req.id}.2")
    assert first.status == "done"
    assert second.status == "open" and second.department == "logistics"
    assert second.owners == ["liuqiang"]
    assert "request.returned" in _events(db, req.id)


def test_done_on_the_reminders_acknowledges_then_finishes_the_request(
        db, settings, org_in_db, trained_store, make_user) -> None:
    # What a head's 「完成」 button on a reminder message does (signed link → complete).
    user, _ = make_user("esc_link", "requester", staff_id="zhangsan")
    req = _vpn_request(db, settings, org_in_db, user, expected_date=dt.date(2026, 11, 27))
    assert req.state == "routed" and req.department == "it"
    ack = followups.get_by_ref(db_session=db, kind="request_ack", ref_id=f"{req.id}.1")
    followups.complete(db_session=db, followup_id=ack.id, by="link")
    assert req.state == "accepted" and req.acked_at is not None
    assert req.transitions[-1].note == "acknowledged from a reminder (link)"
    res = followups.get_by_ref(db_session=db, kind="request_resolve", ref_id=str(req.id))
    assert res is not None and res.status == "open"
    followups.complete(db_session=db, followup_id=res.id, by="link")
    db.expire(req, ["transitions"])
    assert req.state == "done" and [t.to_state for t in req.transitions][-2:] == [
        "in_progress", "done"]
    assert "request.done" in _events(db, req.id)


def test_a_reminder_for_an_old_hand_over_changes_nothing(db, settings, org_in_db,
                                                         trained_store, make_user) -> None:
    user, _ = make_user("esc_old", "requester", staff_id="zhangsan")
    it_lead, _ = make_user("esc_old_it", "planner", staff_id="chenming")
    req = _vpn_request(db, settings, org_in_db, user)
    ack = followups.get_by_ref(db_session=db, kind="request_ack", ref_id=f"{req.id}.1")
    flows.accept(db_session=db, org=org_in_db, user=it_lead, req=req)
    flows.start(db_session=db, org=org_in_db, user=it_lead, req=req)
    assert ack.status == "done"
    # the old reminder's 「完成」 link: completing a closed follow-up again is a no-op
    followups.complete(db_session=db, followup_id=ack.id, by="link")
    assert req.state == "in_progress"
    # complete() stops before the hook for a closed follow-up, so run the registered hook
    # itself as well: it must see the hand-over is over and not move the request back
    hooks = followups.KINDS[ACK_KIND]
    assert not hooks.is_open(db, ack.ref_id)
    hooks.on_done(db, ack.ref_id, "link")
    assert req.state == "in_progress"
