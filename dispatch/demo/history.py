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
    states = ", ".join(f"{n} {k}" for k, n in sorted(counts.items()))
    return f"{len(rows)} past requests over {DAYS} days ({states})"


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
