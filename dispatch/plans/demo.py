"""Demo data: the launch-preparation tasks of `dispatch/demo/tasks.json` in the backlog,
shifted so that they start today, and a first proposal to review."""

from __future__ import annotations

import datetime as dt
import json

from sqlalchemy import select

from dispatch.cli.context import db_session
from dispatch.demo import DEMO_DIR
from dispatch.orgdir.service import current_org
from dispatch.plans import service
from dispatch.plans.models import WorkTask

TASKS_FILE = DEMO_DIR / "tasks.json"


def load_sample() -> str:
    """Add the demo tasks once and make a proposal when there is none; a summary line."""
    doc = json.loads(TASKS_FILE.read_text(encoding="utf-8"))
    with db_session() as s:
        org = current_org(db_session=s)
        start = org.work_calendar.add_workdays(org.today(), 0)
        shift = start - dt.date.fromisoformat(doc["start"])
        have = {t.title for t in s.scalars(select(WorkTask))}
        added = 0
        for t in doc["tasks"]:
            if t["title"] in have:
                continue
            fields = {k: v for k, v in t.items() if k != "id"}
            fields["due"] = dt.date.fromisoformat(t["due"]) + shift
            service.add_task(db_session=s, org=org, fields=fields)
            added += 1
        if service.proposal_summaries(db_session=s, size=1)[1]:
            return f"{added} backlog task(s) added; proposals exist already"
        p = service.propose(db_session=s, org=org, start=start, horizon_days=doc["horizon_days"],
                            time_limit=5)
        plan = p.plan
        return (f"{added} backlog task(s) added; proposal v{p.version}: "
                f"{len(plan['assignments'])} assigned, {len(plan['unassigned'])} unassigned, "
                f"on-time rate {plan['kpis']['on_time_rate']:.2f}")
