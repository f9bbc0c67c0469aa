"""A few months of past requests, so a first run's dashboard has figures to show.

The demo history's texts (requests_history.csv) are submitted again as if people had
written them over the last ``DAYS`` days, through the same flows as today's requests
(routed by the demo model, accepted, started, finished by the receiving side), each at its
own past time: cycle times, the SLA (some are acknowledged late), requests per department
and the activity series then come from real rows. The times are drawn from a fixed seed,
so every demo shows the same history. Runs once: a second call finds it and stops.
"""

from __future__ import annotations

import csv
import datetime as dt
import random
from typing import Any

from sqlalchemy import select

from dispatch.demo import DEMO_DIR

HISTORY = DEMO_DIR / "requests_history.csv"
DAYS = 90
SEED = 19
MARK = "（历史）"  # ends the title of every past request: finds them, and shows they are


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
        rng = random.Random(SEED)
        now = dt.datetime.now(dt.UTC)
        counts: dict[str, int] = {}
        for i, row in enumerate(rows):
            when = now - dt.timedelta(days=DAYS * (len(rows) - i) / len(rows),
                                      hours=rng.uniform(0, 8))
            state = _past_request(s, settings, org, requester, admin, row["text"], when, rng)
            counts[state] = counts.get(state, 0) + 1
        collabs, problems = _past_collaborations(s, settings, org, requester, admin, now)
    states = ", ".join(f"{n} {k}" for k, n in sorted(counts.items()))
    return (f"{len(rows)} past requests over {DAYS} days ({states}); {collabs} closed "
            f"collaborations rated, {problems} problems raised and resolved")


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
    requester, some with a problem raised on the way and resolved: the collaboration and
    problem figures of the dashboard come from them."""
    from dispatch.collab import flows as cflows
    from dispatch.collab.models import Collaboration
    from dispatch.collab.service import CollabIn, PartIn
    from dispatch.problems import flows as pflows
    from dispatch.problems.service import ProblemIn

    done = raised = 0
    for title, parts, ago, days, scores, problem in PAST_COLLABS:
        if not all(org.has_department(d) for d, _ in parts) or s.scalars(
                select(Collaboration.id).where(Collaboration.title == title)).first():
            continue
        start = now - dt.timedelta(days=ago)
        c = cflows.start(db_session=s, settings=settings, org=org, user=requester, now=start,
                         data=CollabIn(title=title, background=title, parts=[
                             PartIn(d, text, "lead" if i == 0 else "support")
                             for i, (d, text) in enumerate(parts)]))
        for i, part in enumerate(c.parts):
            t = start + dt.timedelta(hours=3 + 6 * i)
            for action in ("accept", "start"):
                cflows.act(db_session=s, org=org, user=admin, c=c, part=part, action=action,
                           now=t)
        if problem:
            p = pflows.raise_problem(db_session=s, settings=settings, org=org, user=requester,
                                     now=start + dt.timedelta(days=2),
                                     data=ProblemIn(target_kind="collab", target_id=c.id,
                                                    description=problem, severity="中"))
            pflows.act(db_session=s, org=org, user=admin, p=p, action="resolve",
                       note="已协调解决", now=start + dt.timedelta(days=4))
            raised += 1
        for i, part in enumerate(c.parts):
            cflows.act(db_session=s, org=org, user=admin, c=c, part=part, action="finish",
                       now=start + dt.timedelta(days=days - len(c.parts) + i))
        cflows.accept_result(db_session=s, org=org, user=requester, c=c, note="验收通过")
        c.closed_at = start + dt.timedelta(days=days + 1)
        for part, score in zip(c.parts, scores, strict=False):
            cflows.rate(db_session=s, org=org, user=requester, c=c,
                        department=part.department, score=score)
        done += 1
    return done, raised


def _past_request(s: Any, settings: Any, org: Any, requester: Any, admin: Any, text: str,
                  when: dt.datetime, rng: random.Random) -> str:
    """Submit at ``when``; the receiving side acknowledges within hours (sometimes late),
    works for days, finishes — unless the request is too recent to be done."""
    from dispatch.requests import flows
    from dispatch.requests.service import RequestIn

    first = text.split("，")[0][:24]
    req = flows.submit(db_session=s, settings=settings, org=org, user=requester, now=when,
                       data=RequestIn(text=text, title=f"{first}{MARK}"))
    if req.state != "routed":
        return req.state
    ack = when + dt.timedelta(hours=rng.choice([1, 2, 3, 5, 8, 20, 30, 52]))
    age = dt.datetime.now(dt.UTC) - when
    if ack >= dt.datetime.now(dt.UTC):
        return req.state
    flows.accept(db_session=s, org=org, user=admin, req=req, now=ack, note="收到")
    flows.start(db_session=s, org=org, user=admin, req=req, now=ack)
    done = ack + dt.timedelta(days=rng.uniform(0.5, 9))
    if age.days > 10 and done < dt.datetime.now(dt.UTC):
        flows.finish(db_session=s, org=org, user=admin, req=req, now=done, note="已完成")
    return req.state
