"""A few months of past requests, so a first run's dashboard has figures to show.

The demo history's texts (requests_history.csv) are submitted again as if people had
written them on the working days of the last ``DAYS`` days, through the same flows as
today's requests (routed by the demo model, accepted, started, finished by the receiving
side). Most say when they are needed (an expected date); the receiving side acknowledges
within working hours (sometimes after the SLA's) and finishes around that date — early,
on the day, or late. Every step runs at its own past moment (``dispatch.db.replay_at``),
in time order with the SLA sweep the worker would have run when each clock ran out, so
acknowledgement and completion breaches are recorded by the rules themselves: the cycle
times, both SLA rates, the requests per department and the activity series come from
real rows. The draws come from a fixed seed, so every demo shows the same history
relative to the day it is loaded. Runs once: a second call finds it and stops.
"""

from __future__ import annotations

import csv
import datetime as dt
import random
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from dispatch.demo import DEMO_DIR

HISTORY = DEMO_DIR / "requests_history.csv"
DAYS = 90
SEED = 19
MARK = "（历史）"  # ends the title of every past request: finds them, and shows they are
# working hours from hand-over to acknowledgement (the demo org's SLA is 24): most in time
ACK_HOURS = (0.5, 1, 2, 2, 3, 4, 5, 8, 16, 22, 30, 44)
# how many days ahead a requester asks for it (None: no date given)
EXPECTED_IN = (2, 3, 5, 5, 7, 7, 10, 14, None)
# done this many days after the expected date (negative: before; mostly on time)
DONE_VS_EXPECTED = (-3, -2, -1, -1, 0, 0, 0, 0, 1, 3)
SWEEP_DELAY = dt.timedelta(minutes=1)  # the worker sweeps every minute


@dataclass(frozen=True)
class Past:
    """One past request, drawn in advance (so skipping future steps never shifts the seed)."""

    text: str
    submitted: dt.datetime
    expected_in: int | None
    ack_hours: float
    done_vs_expected: int      # used with an expected date
    work_days: float           # used without one: days from acknowledgement to done
    done_hour: float           # the hour of the day the work is finished (org time)


def load_sample() -> str:
    from dispatch.cli.context import db_session
    from dispatch.orgdir.service import current_org
    from dispatch.requests.models import Request
    from dispatch.settings import get_settings
    from dispatch.users import service as users

    settings = get_settings()
    with db_session() as s:
        org = current_org(db_session=s)
        requester = users.get_by_name(db_session=s, name="requester")
        admin = users.get_by_name(db_session=s, name="admin")
        if org is None or requester is None or admin is None:
            return "skipped: no organisation or demo users"
        if s.scalars(select(Request.id).where(Request.title.like(f"%{MARK}"))).first():
            return "the request history exists already"
        rows = list(csv.DictReader(HISTORY.open(encoding="utf-8")))
        now = dt.datetime.now(dt.UTC)
        past = plan(org, [r["text"] for r in rows], now)
        counts, breaches = _replay(s, settings, org, requester, admin, past, now)
        collabs, problems = _past_collaborations(s, settings, org, requester, admin, now)
    states = ", ".join(f"{n} {k}" for k, n in sorted(counts.items()))
    late = ", ".join(f"{n} {k}" for k, n in sorted(breaches.items())) or "none"
    return (f"{len(rows)} past requests over {DAYS} days ({states}); SLA breaches: {late}; "
            f"{collabs} closed collaborations rated, {problems} problems raised and resolved")


def plan(org: Any, texts: list[str], now: dt.datetime) -> list[Past]:
    """When each text was submitted (a working day, office hours, oldest first) and what
    happens to it, drawn from the seed."""
    rng = random.Random(SEED)
    cal, today = org.work_calendar, now.astimezone(org.tz).date()
    out = []
    for i, text in enumerate(texts):
        day = today - dt.timedelta(days=round(DAYS * (len(texts) - i) / len(texts)))
        while not cal.is_workday(day):
            day = cal.previous_workday(day)
        at = dt.datetime.combine(day, dt.time(9), tzinfo=org.tz) + dt.timedelta(
            hours=rng.uniform(0, 8.5))
        out.append(Past(text=text, submitted=at.astimezone(dt.UTC),
                        expected_in=rng.choice(EXPECTED_IN), ack_hours=rng.choice(ACK_HOURS),
                        done_vs_expected=rng.choice(DONE_VS_EXPECTED),
                        work_days=rng.uniform(0.5, 9), done_hour=rng.uniform(10, 18)))
    return out


def _replay(s: Any, settings: Any, org: Any, requester: Any, admin: Any, past: list[Past],
            now: dt.datetime) -> tuple[dict[str, int], dict[str, int]]:
    """Play every request's steps and the SLA sweeps in time order, each at its moment;
    steps still in the future are left to the people and the worker. Returns the requests
    by state and the breaches by kind."""
    from dispatch.db import replay_at
    from dispatch.requests import flows
    from dispatch.requests.scheduled import sweep_sla
    from dispatch.requests.service import RequestIn, sla_policy
    from models.requests import add_working_hours, resolve_deadline

    policy = sla_policy(org)
    steps: list[tuple[dt.datetime, int, Any]] = []  # (when, order, what to do)
    reqs: list[Any] = []
    breaches: dict[str, int] = {}

    def sweep() -> None:
        for ev in sweep_sla(db_session=s, org=org):
            breaches[ev.kind] = breaches.get(ev.kind, 0) + 1

    def request_steps(p: Past) -> None:
        def submit() -> None:
            day = p.submitted.astimezone(org.tz).date()
            expected = (day + dt.timedelta(days=p.expected_in)
                        if p.expected_in is not None else None)
            req = flows.submit(db_session=s, settings=settings, org=org, user=requester,
                               data=RequestIn(text=p.text, title=f"{p.text.split('，')[0][:24]}"
                                              f"{MARK}", expected_date=expected))
            reqs.append(req)
            if expected is not None:
                steps.append((resolve_deadline(expected, org.tz) + SWEEP_DELAY, 0, sweep))
            if req.state != "routed":
                return  # a coordinator's triage: left waiting, as it would be
            steps.append((req.ack_due_at + SWEEP_DELAY, 0, sweep))
            ack = add_working_hours(p.submitted, p.ack_hours, org.work_calendar, org.tz, policy)
            if expected is not None:
                day_done = expected + dt.timedelta(days=p.done_vs_expected)
                done = dt.datetime.combine(day_done, dt.time(0), tzinfo=org.tz) + \
                    dt.timedelta(hours=p.done_hour)
            else:
                done = ack + dt.timedelta(days=p.work_days)
            done = max(done.astimezone(dt.UTC), ack + dt.timedelta(hours=2))

            def acknowledge() -> None:
                flows.accept(db_session=s, org=org, user=admin, req=req, note="收到")
                flows.start(db_session=s, org=org, user=admin, req=req)

            def finish() -> None:
                flows.finish(db_session=s, org=org, user=admin, req=req, note="已完成")

            steps.append((ack, 1, acknowledge))
            steps.append((done, 2, finish))

        steps.append((p.submitted, 1, submit))

    for p in past:
        request_steps(p)
    while steps:
        steps.sort(key=lambda x: (x[0], x[1]))
        when, _, what = steps.pop(0)
        if when > now:
            continue  # not yet: the receiving side and the worker do it when the time comes
        with replay_at(when):
            what()  # a submission adds its request's later steps
            s.flush()
    s.commit()
    counts: dict[str, int] = {}
    for req in reqs:
        counts[req.state] = counts.get(req.state, 0) + 1
    return counts, breaches


# (title, [(department, part text)], days ago started, days to deliver, scores, problem)
PAST_COLLABS = [
    ("618大促联合备货", [("mkt", "市场部出活动方案和投放排期"),
                    ("logistics", "物流部备货并安排仓储"), ("it", "IT部保障商城系统扩容")],
     80, 12, (5, 4, 4), "商城压测报告晚交两天"),
    ("华东经销商大会", [("sales", "销售部邀约经销商"), ("design", "设计部出会场物料"),
                    ("logistics", "物流部运输展架")], 55, 9, (4, 3, 5), "展架尺寸与场地不符"),
    ("新员工入职体验优化", [("hr", "人力资源部梳理入职流程"), ("it", "IT部提前开通账号和电脑")],
     30, 7, (4, 5), None),
]


def _past_collaborations(s: Any, settings: Any, org: Any, requester: Any, admin: Any,
                         now: dt.datetime) -> tuple[int, int]:
    """Collaborations of the past months, worked, delivered, accepted and rated by their
    requester, some with a problem raised on the way and resolved, each step at its own
    past moment (closed and rated the day after delivery): the collaboration and problem
    figures of the dashboard come from them."""
    from dispatch.collab import flows as cflows
    from dispatch.collab.models import Collaboration
    from dispatch.collab.service import CollabIn, PartIn
    from dispatch.db import replay_at
    from dispatch.problems import flows as pflows
    from dispatch.problems.service import ProblemIn

    @contextmanager
    def at(when: dt.datetime) -> Iterator[None]:
        """Each step at its own moment: the services take that time, and it is written then
        (column defaults are filled at the flush)."""
        with replay_at(when):
            yield
            s.flush()

    done = raised = 0
    for title, parts, ago, days, scores, problem in PAST_COLLABS:
        if not all(org.has_department(d) for d, _ in parts) or s.scalars(
                select(Collaboration.id).where(Collaboration.title == title)).first():
            continue
        start = now - dt.timedelta(days=ago)
        with at(start):
            c = cflows.start(db_session=s, settings=settings, org=org, user=requester,
                             data=CollabIn(title=title, background=title, parts=[
                                 PartIn(d, text, "lead" if i == 0 else "support")
                                 for i, (d, text) in enumerate(parts)]))
        for i, part in enumerate(c.parts):
            with at(start + dt.timedelta(hours=3 + 6 * i)):
                for action in ("accept", "start"):
                    cflows.act(db_session=s, org=org, user=admin, c=c, part=part,
                               action=action)
        if problem:
            with at(start + dt.timedelta(days=2)):
                p = pflows.raise_problem(db_session=s, settings=settings, org=org,
                                         user=requester,
                                         data=ProblemIn(target_kind="collab", target_id=c.id,
                                                        description=problem, severity="中"))
            with at(start + dt.timedelta(days=4)):
                pflows.act(db_session=s, org=org, user=admin, p=p, action="resolve",
                           note="已协调解决")
            raised += 1
        for i, part in enumerate(c.parts):
            with at(start + dt.timedelta(days=days - len(c.parts) + i)):
                cflows.act(db_session=s, org=org, user=admin, c=c, part=part, action="finish")
        with at(start + dt.timedelta(days=days + 1)):  # accepted, then rated, that day
            cflows.accept_result(db_session=s, org=org, user=requester, c=c, note="验收通过")
            for part, score in zip(c.parts, scores, strict=False):
                cflows.rate(db_session=s, org=org, user=requester, c=c,
                            department=part.department, score=score)
        done += 1
    return done, raised
