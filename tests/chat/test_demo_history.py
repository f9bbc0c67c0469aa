"""`dispatch demo` loads months of past requests: the dashboard has figures on a first run,
and loading twice changes nothing."""

from __future__ import annotations


def test_history_fills_the_dashboard_once(demo_cli) -> None:
    from sqlalchemy import func, select

    from dispatch.cli.context import db_session
    from dispatch.demo import history
    from dispatch.orgdir.service import current_org
    from dispatch.reporting.service import indicators
    from dispatch.requests.models import Request

    out = demo_cli
    assert "past requests over 90 days" in out["samples"]["history"], out["samples"]
    assert "3 closed collaborations rated, 2 problems raised and resolved" in \
        out["samples"]["history"], out["samples"]
    with db_session() as s:
        org = current_org(db_session=s)
        n = s.scalar(select(func.count()).select_from(Request))
        oldest = s.scalar(select(func.min(Request.created_at)))
        figures = indicators(db_session=s, org=org)
        from dispatch.collab import service as collab
        from dispatch.problems import service as problems

        cm = collab.metrics(db_session=s, org=org)
        pm = problems.metrics(db_session=s, org=org)
    assert n >= 100
    assert (figures["today"] - oldest.astimezone(org.tz).date()).days >= 80
    assert figures["cycle_n"] >= 15 and figures["cycle_hours"] > 0
    assert len(figures["cycle_by_dept"]) >= 4
    assert cm["counted"] >= 3 and sum(d["ratings"] for d in cm["departments"]) == 8
    assert pm["resolved"]["medium"] == 2 and pm["mttr_hours"]["medium"] == 48.0
    assert history.load_sample() == "the request history exists already"
    with db_session() as s:
        assert s.scalar(select(func.count()).select_from(Request)) == n


def test_history_requests_meet_and_miss_their_dates_by_the_rules(demo_cli) -> None:
    """The past requests say when they are needed and are acknowledged and finished at
    their own past moments, the SLA sweep running when each clock ran out: both SLA figures
    agree with the requests' own times and show a spread, not 0% of one request."""
    import datetime as dt

    from sqlalchemy import select

    from dispatch.cli.context import db_session
    from dispatch.demo import history
    from dispatch.orgdir.service import current_org
    from dispatch.reporting.service import indicators
    from dispatch.requests.models import Request, SlaEvent, Transition

    def utc(t: dt.datetime) -> dt.datetime:
        return t if t.tzinfo else t.replace(tzinfo=dt.UTC)

    with db_session() as s:
        org = current_org(db_session=s)
        today = org.today()
        figures = indicators(db_session=s, org=org)
        reqs = s.scalars(select(Request)).all()
        past = [r for r in reqs if r.title.endswith(history.MARK)]
        accepted = {r: utc(at) for r, at in s.execute(
            select(Transition.request_id, Transition.at).where(Transition.action == "accept"))}
        breaches = {(e.request_id, e.kind): utc(e.detected_at)
                    for e in s.scalars(select(SlaEvent))}
        created = {r.id: utc(r.created_at) for r in past}
    # every past request was submitted on a working day, in the last DAYS days
    assert all(org.work_calendar.is_workday(t.astimezone(org.tz).date())
               for t in created.values())
    # acknowledged after the deadline ⇔ an ack breach, detected within minutes of it
    # (the worker's sweep), never before the request existed
    late_ack = {r.id for r in past if r.id in accepted and accepted[r.id] > utc(r.ack_due_at)}
    ack_breached = {r.id for r in past if (r.id, "ack") in breaches}
    assert late_ack == ack_breached and 0 < len(late_ack) < len(past) / 3
    assert all(dt.timedelta(0) < breaches[(i, "ack")] - utc(r.ack_due_at)
               <= dt.timedelta(minutes=2) for r in past if (i := r.id) in ack_breached)
    # the completion figure counts the dated requests that are done or past their date;
    # on time when done by the end of the expected day (org time)
    dated = [r for r in reqs if r.expected_date is not None and
             (r.done_at is not None or r.expected_date < today)]
    on_time = [r for r in dated if r.done_at is not None and
               utc(r.done_at).astimezone(org.tz).date() <= r.expected_date]
    assert figures["due_requests"] == len(dated) >= 50
    assert figures["sla_resolve_rate"] == len(on_time) / len(dated)
    assert 0.6 <= figures["sla_resolve_rate"] <= 0.9, figures["sla_resolve_rate"]
    # a dated request not done on time has its completion breach, recorded by the sweep
    late_past = {r.id for r in past if r in dated and r not in on_time}
    assert late_past and late_past <= {i for i, k in breaches if k == "resolve"}
    assert 0.6 <= figures["sla_ack_rate"] < 1


def test_past_minutes_fill_the_dashboard_once(demo_cli) -> None:
    """Past meetings replayed through upload → review → confirm → done / new date /
    sweeps: the dashboard's item figures agree with the items themselves."""
    import datetime as dt

    from dispatch.cli.context import db_session
    from dispatch.demo import minutes_history
    from dispatch.followups import service as fservice
    from dispatch.minutes import service as minutes
    from dispatch.orgdir.service import current_org
    from dispatch.reporting.service import WINDOW_DAYS, indicators

    summary = demo_cli["samples"]["past_minutes"]
    assert summary.startswith("4 past meetings, 20 action items"), summary
    with db_session() as s:
        org = current_org(db_session=s)
        today = org.today()
        figures = indicators(db_session=s, org=org)
        now = dt.datetime.now(dt.UTC)
        names = {m[0] for m in minutes_history.MEETINGS}
        every_meeting = minutes.list_meetings(db_session=s)
        meetings = [m for m in every_meeting if m.filename in names]
        items = [i for m in meetings for i in m.items if i.status != "deleted"]
        done_at = {i.id: e.at.replace(tzinfo=e.at.tzinfo or dt.UTC) for i in items
                   for e in i.events if e.action == "status" and e.changes["status"][1] == "done"}
        fus = {i.id: fservice.get_by_ref(db_session=s, kind="action_item", ref_id=str(i.id))
               for i in items}
        asked = [h for f in fus.values() for h in f.history
                 if h["action"] == "new_date_requested"]
        head_escalated = [i for i in items if any(
            k.startswith("escalate_head@") for k in fus[i.id].fired)]
        all_overdue = [i for i in minutes.list_items(db_session=s, status="open")
                       if i.due is not None and i.due < today]
    assert len(meetings) == 4 and all(m.status == "confirmed" for m in meetings)
    assert min(m.meeting_date for m in meetings) <= today - dt.timedelta(days=80)
    # each meeting was uploaded on its own day, not today
    assert all(m.uploaded_at.replace(tzinfo=dt.UTC).astimezone(org.tz).date() == m.meeting_date
               for m in meetings)
    assert len(items) == 20 and all(i.owners and i.due for i in items)
    # on-time rate from the items: done by the due date in force (an approved new date
    # counts), strictly between "never" and "always" — the history has both
    done = [i for i in items if i.status == "done"]
    on_time = sum(1 for i in done if done_at[i.id].astimezone(org.tz).date() <= i.due)
    assert len(done) == len(done_at) == 15 and 0 < on_time / len(done) < 1
    assert on_time == 11
    # the dashboard counts the same open, overdue items (the launch review is still a draft)
    overdue = [i for i in items if i.status == "open" and i.due < today]
    assert len(overdue) == 2 and {i.id for i in overdue} == {i.id for i in all_overdue}
    assert figures["overdue_total"] == len(overdue)
    assert sum(n for _, n in figures["overdue_by_dept"]) == len(overdue)
    assert {i.id for i in head_escalated} >= {i.id for i in overdue}
    # delays: every new date asked for is a delay event; approved ones also a reschedule
    kinds = [(d["kind"], d["title"]) for d in figures["delay_events"]
             if d["kind"] in ("new_date_requested", "rescheduled")]
    assert len(asked) == 4 and ("new_date_requested", "清点东莞仓库滞销库存并提出处理建议") in kinds
    assert ("rescheduled", "清点东莞仓库滞销库存并提出处理建议") in kinds
    # the activity series: meetings uploaded (with today's draft) and items done in the
    # window, from their times
    since = now - dt.timedelta(days=WINDOW_DAYS)
    in_window = [m for m in every_meeting if m.uploaded_at.replace(tzinfo=dt.UTC) >= since]
    assert 0 < sum(figures["series"]["meetings"]) == len(in_window)
    assert 0 < sum(figures["series"]["items_done"]) == sum(1 for t in done_at.values()
                                                          if t >= since)
    assert minutes_history.load_sample() == "the past meetings exist already"


def test_replay_at_moves_utcnow_inside_only_and_never_ahead() -> None:
    import datetime as dt

    import pytest

    from dispatch.db import replay_at, utcnow

    past = dt.datetime(2026, 9, 4, 9, 5, tzinfo=dt.UTC)
    with replay_at(past):
        assert utcnow() == past
    assert utcnow() - dt.datetime.now(dt.UTC) < dt.timedelta(seconds=5)
    with pytest.raises(ValueError, match="future"), \
            replay_at(dt.datetime.now(dt.UTC) + dt.timedelta(days=1)):
        pass
    with pytest.raises(ValueError, match="aware"), replay_at(dt.datetime(2026, 9, 4)):
        pass
