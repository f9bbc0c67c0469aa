"""Demo data: the 星河 launch-preparation minutes, uploaded once, left in draft for review."""

from __future__ import annotations

from sqlalchemy import select

from dispatch.cli.context import db_session
from dispatch.demo import DEMO_DIR
from dispatch.minutes import flows
from dispatch.minutes.models import Meeting
from dispatch.orgdir.service import current_org
from dispatch.settings import get_settings

SAMPLES = ("minutes_launch_review.md",)


def load_sample() -> str:
    """Upload the sample minutes unless they are there already; returns a summary line."""
    added = items = 0
    with db_session() as s:
        org = current_org(db_session=s)
        for name in SAMPLES:
            if s.scalars(select(Meeting).where(Meeting.filename == name)).first():
                continue
            meeting = flows.upload(db_session=s, org=org, data=(DEMO_DIR / name).read_bytes(),
                                   filename=name, meeting_date=None, actor=None,
                                   max_bytes=get_settings().max_upload_bytes)
            added += 1
            items += len(meeting.items)
    return f"{added} meeting(s) uploaded, {items} draft action items to review"
