"""Reminders and escalation on the work calendar, driven by a frozen clock across
National Day 2026 (Oct 1–7 off, Sat Oct 10 a make-up workday) on calendar cn."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar
from notify_support import demo_org_with_contacts
from sqlalchemy import select

from dispatch.errors import Conflict, InvalidInput
from dispatch.followups import ics, service
from dispatch.followups.policy import Policy, stages
from dispatch.followups.scheduled import sweep_session
from dispatch.notifications.models import Notification
from dispatch.orgdir.service import import_org

SH = ZoneInfo("Asia/Shanghai")


def at(day: str, hour: int = 9, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(dt.date.fromisoformat(day), dt.time(hour, minute),
                               tzinfo=SH).astimezone(dt.UTC)


@pytest.fixture
def org(db):
    o = demo_org_with_contacts()
    import_org(db_session=db, org=o, source="test")
    db.flush()
    return o


def _walk(db, start: str, end: str, step_h: int = 1) -> list[tuple[dt.datetime, Notification]]:
    """Run the sweep every ``step_h`` hours; return (when queued, row) in order."""
    seen = {r.id for r in db.scalars(select(Notification))}
    out = []
    now, stop = at(start, 0), at(end, 23)
    while now <= stop:
        sweep_session(db_session=db, now=now)
        db.flush()
        for r in db.scalars(select(Notification).order_by(Notification.id)):
            if r.id not in seen:
                seen.add(r.id)
                out.append((now, r))
        now += dt.timedelta(hours=step_h)
    return out


def test_stages_on_the_cn_calendar_around_national_day(demo_org) -> None:
    cal, p = demo_org.work_calendar, Policy(head_after_days=1, committee_after_days=3)
    names = lambda ss: [(s.name, s.at) for s in ss]  # noqa: E731
    assert names(stages(dt.date(2026, 9, 30), None, cal, SH, p)) == [
        ("before", at("2026-09-29")), ("due", at("2026-09-30")), ("overdue", at("2026-10-08")),
        ("escalate_head", at("2026-10-09")),       # overdue all of Thu Oct 8
        ("escalate_committee", at("2026-10-12"))]  # Oct 8, 9, Sat 10 (make-up) overdue
    # due on Friday Oct 9: overdue on the make-up Saturday
    got = names(stages(dt.date(2026, 10, 9), None, cal, SH, p))
    assert got[2] == ("overdue", at("2026-10-10"))
    assert got[3:] == [("escalate_head", at("2026-10-12")),
                       ("escalate_committee", at("2026-10-14"))]
    # due on a holiday: no "due today" message, the reminder comes before the break
    got = names(stages(dt.date(2026, 10, 3), None, cal, SH, p))
    assert [n for n, _ in got][:2] == ["before", "overdue"]
    assert got[0][1] == at("2026-09-30") and got[1][1] == at("2026-10-08")
    # a 24-hour response rule that runs out on a holiday
    due_at = at("2026-10-01", 15)
    got = names(stages(due_at.astimezone(SH).date(), due_at, cal, SH, p, 0))
    assert got == [("overdue", at("2026-10-08")), ("escalate_head", at("2026-10-08", 15)),
                   ("escalate_committee", at("2026-10-10", 15))]


def test_sweep_fires_each_stage_once_and_never_on_a_holiday(db, org, push_settings) -> None:
    fu = service.track(db_session=db, kind="action_item", ref_id="40", title="完成库存盘点",
                       owners=["zhangsan"], due=dt.date(2026, 9, 30), link="/minutes/1#item-40")
    db.flush()
    assigned = db.scalars(select(Notification).where(
        Notification.event == "action_item.assigned")).all()
    assert len(assigned) == 1 and "<at" not in assigned[0].body  # mentions are rendered later
    queued = _walk(db, "2026-09-28", "2026-10-13")
    got = [(when, r.event) for when, r in queued]
    assert got == [(at("2026-09-29"), "action_item.before"),
                   (at("2026-09-30"), "action_item.due"),
                   (at("2026-10-08"), "action_item.overdue"),
                   (at("2026-10-09"), "action_item.escalate_head"),
                   (at("2026-10-12"), "action_item.escalate_committee"),
                   (at("2026-10-12"), "action_item.escalate_committee")]
    head = next(r for _, r in queued if r.event.endswith("escalate_head"))
    assert head.recipients[0] == "wangfang" and head.destination == "dept:mkt:feishu"
    assert "逾期 1 个工作日" in head.subject
    committee = [r for _, r in queued if r.event.endswith("committee")]
    assert {tuple(r.recipients) for r in committee} == {("huangwei",), ("zhaomin",)}
    overdue = next(r for _, r in queued if r.event.endswith("overdue"))
    # the action links go to the owner's own address, never to the group (issue 16, d5)
    assert "/api/followups/act/" not in overdue.body and "actions" not in overdue.payload
    assert overdue.payload["followup_id"] == fu.id
    # running the sweep again at any time adds nothing
    assert sweep_session(db_session=db, now=at("2026-10-13", 10)) == 0


def test_done_stops_the_clock(db, org, push_settings) -> None:
    service.track(db_session=db, kind="action_item", ref_id="41", title="海报定稿",
                  owners=["xuli"], due=dt.date(2026, 9, 30))
    _walk(db, "2026-09-29", "2026-09-29")
    service.complete(db_session=db, kind="action_item", ref_id="41", by="xuli")
    assert _walk(db, "2026-09-30", "2026-10-14", step_h=3) == []
    # completing twice is fine; cancelling a done item is refused
    service.complete(db_session=db, kind="action_item", ref_id="41")
    with pytest.raises(Conflict):
        service.cancel(db_session=db, kind="action_item", ref_id="41")


def test_new_date_request_pauses_then_reschedule_restarts(db, org, push_settings) -> None:
    fu = service.track(db_session=db, kind="action_item", ref_id="42", title="展台搭建",
                       owners=["mayun"], due=dt.date(2026, 9, 30))
    service.request_new_date(db_session=db, followup_id=fu.id, due=dt.date(2026, 10, 12),
                             by="mayun", note="供应商节后到货")
    ask = db.scalars(select(Notification).where(
        Notification.event == "action_item.new_date_requested")).one()
    assert ask.recipients == ["liuqiang"]  # the logistics head decides
    assert _walk(db, "2026-09-29", "2026-10-09", step_h=3) == []  # clock stopped
    service.reschedule(db_session=db, followup_id=fu.id, due=fu.requested_due, by="liuqiang")
    assert fu.requested_due is None and fu.version == 2
    got = [(w, r.event) for w, r in _walk(db, "2026-10-10", "2026-10-12")]
    # one working day before Mon Oct 12 is the make-up Saturday
    assert got == [(at("2026-10-10"), "action_item.before"),
                   (at("2026-10-12"), "action_item.due")]
    with pytest.raises(InvalidInput, match="after the current due date"):
        service.request_new_date(db_session=db, followup_id=fu.id, due=dt.date(2026, 10, 1),
                                 by="mayun")


def test_late_sweep_sends_only_the_latest_of_each_kind(db, org, push_settings) -> None:
    service.track(db_session=db, kind="request", ref_id="7", title="官网活动页",
                  owners=["yangfan"], due=dt.date(2026, 9, 30), announce=False)
    sweep_session(db_session=db, now=at("2026-10-12", 10))
    events = sorted(r.event for r in db.scalars(select(Notification)))
    assert events == ["request.escalate_committee", "request.escalate_committee",
                      "request.overdue"]


def test_track_is_idempotent_and_checks_its_input(db, org, push_settings) -> None:
    a = service.track(db_session=db, kind="action_item", ref_id="50", title="x",
                      owners=["lina"], due=dt.date(2026, 12, 1))
    b = service.track(db_session=db, kind="action_item", ref_id="50", title="x",
                      owners=["lina"], due=dt.date(2026, 12, 1))
    assert a.id == b.id and b.version == 1
    c = service.track(db_session=db, kind="action_item", ref_id="50", title="x",
                      owners=["lina"], due=dt.date(2026, 12, 3))
    assert c.version == 2 and c.due_date == dt.date(2026, 12, 3)
    with pytest.raises(InvalidInput, match="ghost"):
        service.track(db_session=db, kind="k", ref_id="1", title="t", owners=["ghost"],
                      due=dt.date(2026, 12, 1))
    with pytest.raises(InvalidInput, match="timezone"):
        service.track(db_session=db, kind="k", ref_id="1", title="t", owners=["lina"],
                      due=dt.datetime(2026, 12, 1, 9))
    with pytest.raises(InvalidInput, match="owners or a department"):
        service.track(db_session=db, kind="k", ref_id="1", title="t", owners=[],
                      due=dt.date(2026, 12, 1))
    bad = org.model_copy(update={"escalation": {"committee": ["nobody"]}})
    with pytest.raises(ValueError, match="nobody"):
        Policy.from_org(bad)


def test_ics_feed_has_all_day_events_with_alarm_and_stable_uids(db, org, push_settings) -> None:
    fu = service.track(db_session=db, kind="action_item", ref_id="60", title="提交预算",
                       owners=["zhengkai"], due=dt.date(2026, 10, 9), link="/minutes/2")
    service.track(db_session=db, kind="action_item", ref_id="61", title="别人的事",
                  owners=["lina"], due=dt.date(2026, 10, 9))
    token = ics.issue_feed_token(db_session=db, staff_id="zhengkai")
    assert ics.staff_for_feed_token(db_session=db, token=token) == "zhengkai"
    first = Calendar.from_ical(ics.person_feed(db_session=db, org=org, staff_id="zhengkai"))
    events = list(first.walk("VEVENT"))
    assert len(events) == 1
    ev = events[0]
    assert ev.decoded("dtstart") == dt.date(2026, 10, 9)
    assert ev.decoded("dtend") == dt.date(2026, 10, 10)
    assert "提交预算" in str(ev["summary"])
    alarm = next(iter(ev.walk("VALARM")))
    assert alarm.decoded("trigger") == dt.timedelta(hours=-15)  # Thu Oct 8, 09:00
    uid = str(ev["uid"])
    service.reschedule(db_session=db, followup_id=fu.id, due=dt.date(2026, 10, 12))
    again = next(iter(Calendar.from_ical(ics.person_feed(
        db_session=db, org=org, staff_id="zhengkai")).walk("VEVENT")))
    assert str(again["uid"]) == uid and int(again["sequence"]) == 2
    # Mon Oct 12: the working day before is the make-up Saturday Oct 10
    assert next(iter(again.walk("VALARM"))).decoded("trigger") == dt.timedelta(days=-2, hours=9)
    # a new token revokes the old one
    ics.issue_feed_token(db_session=db, staff_id="zhengkai")
    assert ics.staff_for_feed_token(db_session=db, token=token) is None


def test_an_owner_on_leave_brings_the_head_in(db, org, push_settings) -> None:
    # 张三 is on leave on 2026-11-25 in the demo org
    service.track(db_session=db, kind="action_item", ref_id="70", title="供应商对账",
                  owners=["zhangsan"], due=dt.date(2026, 11, 26), announce=False)
    got = dict(_walk(db, "2026-11-25", "2026-11-26"))
    before, due = got[at("2026-11-25")], got[at("2026-11-26")]
    assert before.recipients == ["zhangsan", "wangfang"] and "休假" in before.body
    assert due.recipients == ["zhangsan"]
