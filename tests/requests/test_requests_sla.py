"""The SLA clock in working hours and the breach sweep (frozen `now` passed in)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from dispatch.requests import flows, service
from dispatch.requests.scheduled import sweep_sla
from dispatch.requests.service import RequestIn
from models.calendar import WorkCalendar
from models.requests import (
    SlaPolicy,
    add_working_hours,
    working_hours_between,
    working_hours_left,
)

SH = ZoneInfo("Asia/Shanghai")
CN = WorkCalendar("cn")


def at(y: int, m: int, d: int, h: int = 0, mi: int = 0) -> dt.datetime:
    """A moment in Shanghai time."""
    return dt.datetime(y, m, d, h, mi, tzinfo=SH)


def test_working_hours_skip_the_weekend() -> None:
    due = add_working_hours(at(2026, 11, 20, 15), 24, CN, SH)  # Friday 15:00
    assert due == at(2026, 11, 23, 15)  # Monday 15:00
    assert working_hours_between(at(2026, 11, 20, 15), at(2026, 11, 23, 15), CN, SH) == 24
    # submitted on Saturday: the clock starts on Monday
    assert add_working_hours(at(2026, 11, 21, 10), 24, CN, SH) == at(2026, 11, 24, 0)


def test_working_hours_skip_national_day_2026() -> None:
    # Wed 30 Sept 15:00; 1-7 Oct are holidays; Thu 8 Oct is the first workday after them
    assert add_working_hours(at(2026, 9, 30, 15), 24, CN, SH) == at(2026, 10, 8, 15)
    # the make-up workday Sat 10 Oct counts
    assert add_working_hours(at(2026, 10, 9, 12), 24, CN, SH) == at(2026, 10, 10, 12)


def test_office_hours_left_of_a_day() -> None:
    """What a plan may still put on the day it is asked: the office day's hours after now
    (09:00–18:00 unless the org's sla gives day_start/day_end), none on a holiday."""
    assert working_hours_left(at(2026, 11, 20, 8), CN, SH) == 9  # before the day starts
    assert working_hours_left(at(2026, 11, 20, 15, 30), CN, SH) == 2.5
    assert working_hours_left(at(2026, 11, 20, 19), CN, SH) == 0
    assert working_hours_left(at(2026, 11, 21, 10), CN, SH) == 0  # Saturday
    assert working_hours_left(at(2026, 10, 1, 10), CN, SH) == 0  # National Day
    late = SlaPolicy(day_start=dt.time(10), day_end=dt.time(21))
    assert working_hours_left(at(2026, 11, 20, 19), CN, SH, late) == 2


def test_office_hours_policy() -> None:
    policy = SlaPolicy.from_config({"ack_hours": 8, "day_start": "09:00", "day_end": "18:00"})
    # Friday 17:00: one hour left that day, seven more from Monday 09:00
    assert add_working_hours(at(2026, 11, 20, 17), 8, CN, SH, policy) == at(2026, 11, 23, 16)
    assert SlaPolicy.from_config({"day_start": 540, "day_end": 1080}).day_end == dt.time(18)


@pytest.mark.parametrize(("raw", "needle"), [
    ({"ack_hours": "soon"}, "not a number"),
    ({"ack_hours": 0}, "must be > 0"),
    ({"day_start": "09:00"}, "both day_start and day_end"),
    ({"day_start": "18:00", "day_end": "09:00"}, "before"),
    ({"day_start": "9h", "day_end": "18:00"}, "not a time"),
    ("24", "expected a mapping"),
])
def test_bad_sla_config_is_named(raw, needle) -> None:
    with pytest.raises(ValueError, match=needle):
        SlaPolicy.from_config(raw)


def _routed(db, settings, org, user, now: dt.datetime, expected: dt.date | None = None):
    req = flows.submit(db_session=db, settings=settings, org=org, user=user, now=now,
                       data=RequestIn(text="我的电脑连不上公司网络，VPN也登录不了",
                                      expected_date=expected))
    assert req.state == "routed" and req.department == "it"
    return req


def test_ack_breach_across_a_weekend_is_recorded_once(db, settings, org_in_db, trained_store,
                                                      make_user) -> None:
    user, _ = make_user("req1", "requester", staff_id="zhangsan")
    req = _routed(db, settings, org_in_db, user, at(2026, 11, 20, 15))
    assert req.ack_due_at == at(2026, 11, 23, 15)
    assert sweep_sla(db_session=db, org=org_in_db, now=at(2026, 11, 22, 23)) == []
    assert sweep_sla(db_session=db, org=org_in_db, now=at(2026, 11, 23, 14, 59)) == []
    [ev] = sweep_sla(db_session=db, org=org_in_db, now=at(2026, 11, 23, 15, 1))
    assert (ev.request_id, ev.kind, ev.department, ev.assignment_no) == (req.id, "ack", "it", 1)
    assert ev.due_at == at(2026, 11, 23, 15)
    assert sweep_sla(db_session=db, org=org_in_db, now=at(2026, 11, 24, 9)) == []
    assert [e.kind for e in service.sla_events(db_session=db, request_id=req.id)] == ["ack"]


def test_ack_across_national_day_and_a_reroute_restarts_the_clock(db, settings, org_in_db,
                                                                  trained_store,
                                                                  make_user) -> None:
    user, _ = make_user("req2", "requester", staff_id="zhangsan")
    it_lead, _ = make_user("itl", "planner", staff_id="chenming")
    req = _routed(db, settings, org_in_db, user, at(2026, 9, 30, 15))
    assert req.ack_due_at == at(2026, 10, 8, 15)
    assert sweep_sla(db_session=db, org=org_in_db, now=at(2026, 10, 7, 23, 59)) == []
    assert len(sweep_sla(db_session=db, org=org_in_db, now=at(2026, 10, 8, 16))) == 1
    # IT returns it on 8 Oct 16:00 naming logistics: a new hand-over, a new clock
    flows.return_request(db_session=db, settings=settings, org=org_in_db, user=it_lead, req=req,
                         reason="仓库网络归物流", department="logistics", now=at(2026, 10, 8, 16))
    assert req.assignment_no == 2 and req.ack_due_at == at(2026, 10, 9, 16)
    assert sweep_sla(db_session=db, org=org_in_db, now=at(2026, 10, 9, 15)) == []
    [ev] = sweep_sla(db_session=db, org=org_in_db, now=at(2026, 10, 9, 17))
    assert (ev.kind, ev.department, ev.assignment_no) == ("ack", "logistics", 2)


def test_acknowledged_in_time_records_nothing(db, settings, org_in_db, trained_store,
                                              make_user) -> None:
    user, _ = make_user("req3", "requester", staff_id="zhangsan")
    it_lead, _ = make_user("itl3", "planner", staff_id="chenming")
    req = _routed(db, settings, org_in_db, user, at(2026, 11, 20, 15))
    flows.accept(db_session=db, org=org_in_db, user=it_lead, req=req, now=at(2026, 11, 23, 10))
    assert sweep_sla(db_session=db, org=org_in_db, now=at(2026, 11, 30, 10)) == []


def test_resolve_breach_after_the_expected_date(db, settings, org_in_db, trained_store,
                                                make_user) -> None:
    user, _ = make_user("req4", "requester", staff_id="zhangsan")
    it_lead, _ = make_user("itl4", "planner", staff_id="chenming")
    req = _routed(db, settings, org_in_db, user, at(2026, 11, 20, 9), dt.date(2026, 11, 25))
    flows.accept(db_session=db, org=org_in_db, user=it_lead, req=req, now=at(2026, 11, 20, 10))
    assert sweep_sla(db_session=db, org=org_in_db, now=at(2026, 11, 25, 23, 59)) == []
    [ev] = sweep_sla(db_session=db, org=org_in_db, now=at(2026, 11, 26, 0, 1))
    assert ev.kind == "resolve" and ev.due_at == at(2026, 11, 26)
    assert sweep_sla(db_session=db, org=org_in_db, now=at(2026, 12, 1)) == []


def test_org_configured_ack_hours(db, settings, trained_store, make_user, demo_org) -> None:
    from dispatch.orgdir.service import import_org
    from models.org import parse_org

    doc = demo_org.model_dump(mode="json", exclude_none=True)
    doc["sla"] = {"ack_hours": 8, "day_start": "09:00", "day_end": "18:00"}
    org = parse_org(doc, "test")
    import_org(db_session=db, org=org, source="test")
    user, _ = make_user("req5", "requester", staff_id="zhangsan")
    req = _routed(db, settings, org, user, at(2026, 11, 20, 17))
    assert req.ack_due_at == at(2026, 11, 23, 16)


def test_sweep_needs_an_aware_now(db, org_in_db) -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        sweep_sla(db_session=db, org=org_in_db, now=dt.datetime(2026, 11, 20, 12))


def test_worker_runs_the_registered_sla_sweep(tmp_path, demo_org) -> None:
    """The sweep the worker runs (its own committed transactions), twice: one breach once."""
    from dispatch.db import make_engine, make_session_factory, session_scope, upgrade
    from dispatch.orgdir.service import import_org
    from dispatch.registry import register_all
    from dispatch.requests import service as req_service
    from dispatch.scheduled import SWEEPS
    from dispatch.users import service as users
    from models.requests import Action

    register_all()
    engine = make_engine(f"sqlite:///{tmp_path / 'worker.sqlite3'}")
    upgrade(engine)
    factory = make_session_factory(engine)
    with session_scope(factory) as s:
        import_org(db_session=s, org=demo_org, source="test")
        user = users.create(db_session=s, name="w", role="requester")
        req = req_service.create(db_session=s, data=RequestIn(text="开通VPN账号", title="VPN"),
                                 requester=user)
        req_service.apply(db_session=s, req=req, action=Action.route, actor=None,
                          department="it", now=at(2026, 11, 20, 15))
        req.ack_due_at = at(2026, 11, 23, 15)
    sla = SWEEPS["requests.sla"]
    assert sla.fn(factory, at(2026, 11, 23, 16)) == 1
    assert sla.fn(factory, at(2026, 11, 23, 17)) == 0
    engine.dispose()
