"""Months of past meetings and their action items, so a first run's dashboard and boards
show what minutes become: items done on time and late, overdue ones with their reminders
and escalations, new dates asked for, approved and declined.

The minutes in ``past_minutes/`` are uploaded through the same flows as today's (extracted,
then confirmed by the planner, which starts their follow-ups), each on a past working day;
what happens to every item afterwards is a short script (``FATES``) played through the
follow-up services the reminder links and chat buttons call (done, new date, approve,
decline), and the follow-up sweep runs on every working day in between at the hour the
worker would, so reminders and escalations are queued when they would have been. Each step
runs at its own past moment (``dispatch.db.replay_at``): the rows, the item histories and
the follow-up histories carry those times, and every rule of the services applies.

Dates are working days of the org's calendar counted back from today, so every demo shows
the same history relative to the day it is loaded. Runs once: a second call finds the
meetings and stops.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from dispatch.demo import DEMO_DIR

PAST_DIR = DEMO_DIR / "past_minutes"
PLANNER = "planner"  # the demo user who uploads and confirms (王芳, a planner)


@dataclass(frozen=True)
class Fate:
    """What becomes of the item of ``owner``: done ``done`` working days after its due date
    (negative: before; None: still open); a new date of ``new_date`` working days after the
    old one asked for ``asked`` working days before the due date, approved or declined."""

    owner: str
    done: int | None = None
    new_date: int | None = None
    approved: bool = True
    asked: int = 2


# (file, working days ago the meeting was held, the fate of each owner's item)
MEETINGS: list[tuple[str, int, list[Fate]]] = [
    ("01_q3_channel_planning.md", 62, [
        Fate("guoyang", done=-1), Fate("linxue", done=3),
        Fate("hexin", done=0, new_date=5), Fate("yangfan", done=-2), Fate("zhengkai", done=0)]),
    ("02_dealer_conference_prep.md", 42, [
        Fate("linxue", done=0), Fate("xuli", done=2), Fate("mayun", done=-1, new_date=3),
        Fate("qianjing", done=-1), Fate("zhaomin", done=1, new_date=3, approved=False)]),
    ("03_it_monthly.md", 20, [
        Fate("wuhao", done=-1), Fate("chenming"), Fate("wanggang", done=0),
        Fate("sunli", done=4), Fate("yangfan", done=0)]),
    ("04_year_end_stocktake.md", 7, [
        Fate("liuqiang"), Fate("zhengkai", done=-1), Fate("wanggang", new_date=6),
        Fate("zhangsan"), Fate("tangyu")]),
]

UPLOAD_AT, CONFIRM_AT, SWEEP_AT = dt.time(17, 0), dt.time(18, 30), dt.time(9, 5)
ASK_AT, DECIDE_AT, DONE_AT = dt.time(10, 30), dt.time(15, 0), dt.time(16, 0)
_PLACE = re.compile(r"\{(date|[+-]\d+)\}")


def workdays_from(cal: Any, day: dt.date, n: int) -> dt.date:
    """``n`` working days after ``day`` (before it when negative)."""
    step = cal.next_workday if n > 0 else cal.previous_workday
    for _ in range(abs(n)):
        day = step(day)
    return day


def render(template: str, cal: Any, meeting: dt.date) -> str:
    """The minutes as written on ``meeting``: ``{date}`` is that day, ``{+N}`` the day N
    working days later (as people write them: 9月12日)."""
    def one(m: re.Match[str]) -> str:
        if m.group(1) == "date":
            return f"{meeting.year}年{meeting.month}月{meeting.day}日"
        d = workdays_from(cal, meeting, int(m.group(1)))
        return f"{d.month}月{d.day}日"
    return _PLACE.sub(one, template)


def load_sample() -> str:
    from dispatch.cli.context import db_session
    from dispatch.followups.models import FollowUp
    from dispatch.minutes.models import Meeting
    from dispatch.orgdir.service import current_org
    from dispatch.users import service as users

    with db_session() as s:
        org = current_org(db_session=s)
        planner = users.get_by_name(db_session=s, name=PLANNER)
        if org is None or planner is None:
            return "skipped: no organisation or demo planner"
        names = [m[0] for m in MEETINGS]
        if s.scalars(select(Meeting.id).where(Meeting.filename.in_(names))).first():
            return "the past meetings exist already"
        if s.scalars(select(FollowUp.id)).first():
            # the replayed sweeps would remind about these at times before they existed
            return "skipped: the database follows up other work already (load into a new one)"
        return _replay(s, org, planner, dt.datetime.now(dt.UTC))


def _at(org: Any, day: dt.date, t: dt.time) -> dt.datetime:
    return dt.datetime.combine(day, t, tzinfo=org.tz).astimezone(dt.UTC)


def _replay(s: Any, org: Any, planner: Any, now: dt.datetime) -> str:
    """Upload, confirm and play the fates in time order, sweeping each working morning."""
    from dispatch.db import replay_at
    from dispatch.followups import scheduled
    from dispatch.followups import service as fservice
    from dispatch.followups.adapters import ACTION_ITEM
    from dispatch.minutes import flows
    from dispatch.minutes import service as minutes
    from dispatch.settings import get_settings

    cal, today = org.work_calendar, now.astimezone(org.tz).date()
    steps: list[tuple[dt.datetime, int, Any]] = []  # (when, order, what to do)
    counts = {"meetings": 0, "items": 0, "on time": 0, "late": 0, "open": 0, "overdue": 0,
              "new dates": 0, "declined": 0, "reminders": 0}

    def meeting_steps(name: str, day: dt.date, fates: list[Fate]) -> None:
        state: dict[str, Any] = {}

        def upload() -> None:
            text = render((PAST_DIR / name).read_text(encoding="utf-8"), cal, day)
            state["m"] = flows.upload(db_session=s, org=org, data=text.encode("utf-8"),
                                      filename=name, meeting_date=day, actor=planner,
                                      max_bytes=get_settings().max_upload_bytes)
            counts["meetings"] += 1

        def confirm() -> None:
            m = state["m"]
            for item in list(m.items):  # the review: a discussion point with neither owner
                if not item.owners and item.due is None:  # nor date is not an action
                    minutes.delete_item(db_session=s, item=item, actor=planner)
            flows.confirm(db_session=s, org=org, meeting=m, actor=planner, inline=True)
            counts["items"] += sum(1 for i in m.items if i.status == "open")
            by_owner = {(i.owners or [None])[0]: i for i in m.items}
            for f in fates:
                item = by_owner.get(f.owner)
                if item is None or item.due is None:
                    raise RuntimeError(f"demo minutes {name}: no dated item of {f.owner} "
                                       "was extracted")
                item_steps(item, f)

        steps.append((_at(org, day, UPLOAD_AT), 0, upload))
        steps.append((_at(org, day, CONFIRM_AT), 1, confirm))

    def item_steps(item: Any, f: Fate) -> None:
        fu = fservice.get_by_ref(db_session=s, kind=ACTION_ITEM, ref_id=str(item.id))
        due = item.due
        if f.new_date is not None:
            ask_day = workdays_from(cal, due, -f.asked)
            wanted = workdays_from(cal, due, f.new_date)

            def ask() -> None:
                fservice.request_new_date(db_session=s, followup_id=fu.id, due=wanted,
                                          by=f.owner, note="需要等上游资料，申请延期", org=org)
                counts["new dates"] += 1

            def decide() -> None:
                head = org.department(fu.department).head
                if f.approved:
                    fservice.reschedule(db_session=s, followup_id=fu.id, due=wanted,
                                        by=head, note="同意延期", org=org)
                else:
                    fservice.decline_request(db_session=s, followup_id=fu.id, by=head)
                    counts["declined"] += 1

            steps.append((_at(org, ask_day, ASK_AT), 2, ask))
            steps.append((_at(org, ask_day, DECIDE_AT), 3, decide))
            if f.approved:
                due = wanted
        if f.done is None:
            return
        done_day = workdays_from(cal, due, f.done)

        def done() -> None:
            fservice.complete(db_session=s, followup_id=fu.id, by=f.owner, note="已完成")
            counts["on time" if f.done <= 0 else "late"] += 1

        steps.append((_at(org, done_day, DONE_AT), 4, done))

    for name, ago, fates in MEETINGS:
        meeting_steps(name, workdays_from(cal, today, -ago), fates)
    first = min(w for w, _, _ in steps).astimezone(org.tz).date()
    day = first
    while day <= today:  # the worker's morning sweep of every working day
        if cal.is_workday(day):
            steps.append((_at(org, day, SWEEP_AT), -1, None))
        day += dt.timedelta(days=1)
    while steps:
        steps.sort(key=lambda x: (x[0], x[1]))
        when, _, what = steps.pop(0)
        if when > now:
            continue  # not yet: the worker and the people do it when the day comes
        with replay_at(when):
            if what is None:
                counts["reminders"] += scheduled.sweep_session(db_session=s, now=when)
            else:
                what()  # may add later steps (a confirm adds its items' fates)
            s.flush()
    return _summary(s, org, today, counts)


def _summary(s: Any, org: Any, today: dt.date, counts: dict[str, int]) -> str:
    from dispatch.minutes.models import ActionItemRow, Meeting

    items = s.scalars(select(ActionItemRow).join(Meeting).where(
        Meeting.filename.in_([m[0] for m in MEETINGS]), ActionItemRow.status != "deleted")).all()
    late = [i.due is not None and i.due < today for i in items if i.status == "open"]
    counts["open"], counts["overdue"] = late.count(False), late.count(True)
    return (f"{counts['meetings']} past meetings, {counts['items']} action items "
            f"({counts['on time']} done on time, {counts['late']} done late, "
            f"{counts['overdue']} overdue, {counts['open']} open); {counts['new dates']} new "
            f"dates asked ({counts['declined']} declined); {counts['reminders']} reminders "
            "and escalations queued")
