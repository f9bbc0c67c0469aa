"""A person's calendar feed: open follow-ups as all-day VEVENTs with a VALARM.

Google Calendar and Outlook ignore VTODO, so due dates are all-day events (DTSTART=the day,
DTEND=the next day) with an alarm the working day before at 09:00 local. UIDs are stable
(``followup-<id>@<host>``) and SEQUENCE is the follow-up's version, so a rescheduled item
moves in the calendar instead of appearing twice. Calendar apps cannot send headers, so
the feed URL carries a per-person secret token (only its hash is stored; issuing a new
one revokes the old).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from urllib.parse import urlsplit

from icalendar import Alarm, Calendar, Event
from sqlalchemy import select
from sqlalchemy.orm import Session

from dispatch.followups.models import FeedToken, FollowUp
from dispatch.followups.service import list_followups
from dispatch.notifications.service import absolute_link, notify_settings
from models.org import Org

FEED_PREFIX = "ics_"


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue_feed_token(*, db_session: Session, staff_id: str) -> str:
    """A new feed token for ``staff_id`` (the old one stops working); shown once."""
    token = FEED_PREFIX + secrets.token_urlsafe(24)
    row = db_session.get(FeedToken, staff_id)
    if row is None:
        db_session.add(FeedToken(staff_id=staff_id, token_hash=_hash(token)))
    else:
        row.token_hash = _hash(token)
    db_session.flush()
    return token


def staff_for_feed_token(*, db_session: Session, token: str) -> str | None:
    if not token.startswith(FEED_PREFIX):
        return None
    return db_session.scalars(select(FeedToken.staff_id).where(
        FeedToken.token_hash == _hash(token))).first()


def feed_url(token: str) -> str:
    return absolute_link(f"/api/calendar/{token}.ics") or ""


def build_feed(org: Org, staff_id: str, items: list[FollowUp],
               now: dt.datetime | None = None) -> bytes:
    """The iCalendar document for ``staff_id``'s open follow-ups (pure)."""
    now = now or dt.datetime.now(dt.UTC)
    host = urlsplit(notify_settings().public_base_url).hostname or "dispatch"
    person = org.person(staff_id) if org.has_person(staff_id) else None
    cal = Calendar()
    cal.add("prodid", "-//dispatch//follow-ups//ZH")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", f"dispatch · {person.name if person else staff_id}")
    cal.add("x-wr-timezone", org.timezone)
    cal.add("x-published-ttl", "PT1H")  # how often Outlook / Google re-read the feed
    cal.add("refresh-interval", dt.timedelta(hours=1), parameters={"VALUE": "DURATION"})
    wcal = org.work_calendar
    for fu in items:
        ev = Event()
        ev.add("uid", f"followup-{fu.id}@{host}")
        ev.add("dtstamp", now)
        ev.add("last-modified", fu.updated_at or now)
        ev.add("sequence", fu.version)
        ev.add("summary", f"⏰ {fu.title}")
        ev.add("dtstart", fu.due_date)
        ev.add("dtend", fu.due_date + dt.timedelta(days=1))
        ev.add("transp", "TRANSPARENT")
        ev.add("status", "CONFIRMED")
        link = absolute_link(fu.link)
        desc = [fu.title]
        if fu.due_at is not None:
            desc.append(f"deadline {fu.due_at.astimezone(org.tz):%Y-%m-%d %H:%M}")
        if link:
            desc.append(link)
            ev.add("url", link)
        ev.add("description", "\n".join(desc))
        ev.add("categories", [fu.kind])
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", fu.title)
        # 09:00 on the working day before the due day, relative to the event start
        before = wcal.previous_workday(fu.due_date)
        alarm.add("trigger", dt.datetime.combine(before, dt.time(9)) -
                  dt.datetime.combine(fu.due_date, dt.time(0)))
        ev.add_component(alarm)
        cal.add_component(ev)
    return cal.to_ical()


def person_feed(*, db_session: Session, org: Org, staff_id: str) -> bytes:
    return build_feed(org, staff_id, list_followups(db_session=db_session, status="open",
                                                    staff_id=staff_id))
