"""Problem sweeps: disputes climb when a level's deadline passes; the daily digest of open
problems to each lead department; the weekly 周进展 to each collaboration's participants.

Both digests go out only on the org calendar's working days (a make-up Saturday counts,
National Day does not), at the times of the org file's ``problems:`` (12:00 and Friday
15:00 by default), through the notification outbox. Each digest is one ``ProblemDigest``
row with a unique key per department (or collaboration) and day, written in the same
transaction as its messages and committed on its own: a second worker, a second run, or
a run after a worker was killed half-way writes none of the digests already written and
all of those that were not.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from dispatch.db import session_scope
from dispatch.messages import message, org_language
from dispatch.notifications.service import enqueue
from dispatch.orgdir.service import current_org
from dispatch.problems import flows
from dispatch.problems.models import Problem, ProblemDigest
from dispatch.problems.service import settings_of
from dispatch.scheduled import sweep
from models.org import Org
from models.problems import LIVE

log = logging.getLogger(__name__)

_SEV_ORDER = {"high": 0, "medium": 1, "low": 2}


@sweep("problems.disputes", every_s=60)
def dispute_sweep(session_factory: sessionmaker[Session], now: dt.datetime) -> int:
    with session_scope(session_factory) as s:
        org = current_org(db_session=s)
        return 0 if org is None else flows.climb_overdue(db_session=s, org=org, now=now)


@sweep("problems.digests", every_s=60)
def digest_sweep(session_factory: sessionmaker[Session], now: dt.datetime) -> int:
    """Each digest commits on its own (see the module docstring)."""
    with session_scope(session_factory) as s:
        return send_digests(db_session=s, now=now, commit=s.commit)


@dataclass
class Digest:
    key: str
    kind: str  # daily | weekly
    day: dt.date
    subject: str
    body: str
    recipients: list[str]
    department: str | None = None
    link: str | None = None
    items: int = 0
    payload: dict[str, Any] = field(default_factory=dict)


def send_digests(*, db_session: Session, now: dt.datetime,
                 commit: Callable[[], None] | None = None) -> int:
    """Write every digest due at ``now`` not written yet; returns how many were written."""
    org = current_org(db_session=db_session)
    if org is None:
        return 0
    local = now.astimezone(org.tz)
    if not org.work_calendar.is_workday(local.date()):
        return 0
    cfg = settings_of(org)
    due: list[Digest] = []
    if local.time() >= cfg.digest_time:
        due += daily(db_session=db_session, org=org, day=local.date())
    if local.isoweekday() == cfg.weekly_weekday and local.time() >= cfg.weekly_time:
        due += weekly(db_session=db_session, org=org, now=now)
    n = 0
    for d in due:
        if db_session.scalar(select(ProblemDigest.id).where(ProblemDigest.key == d.key)):
            continue
        try:
            with db_session.begin_nested():
                db_session.add(ProblemDigest(key=d.key, kind=d.kind, day=d.day, items=d.items,
                                             at=now))
                db_session.flush()
                enqueue(db_session=db_session, event=f"problems.{d.kind}_digest",
                        recipients=d.recipients, department=d.department, subject=d.subject,
                        body=d.body, link=d.link, dedupe_key=d.key, org=org,
                        payload={"digest": d.key, **d.payload})
        except IntegrityError:  # another worker wrote it first
            continue
        n += 1
        if commit is not None:
            commit()
    return n


def _dname(org: Org, d: str | None) -> str:
    return org.department(d).name if d and org.has_department(d) else (d or "-")


def _line(org: Org, p: Problem, today: dt.date, title: str) -> str:
    lang = org_language(org)
    who = _dname(org, p.responsible_department)
    if p.responsible_person and org.has_person(p.responsible_person):
        who += "/" + org.person(p.responsible_person).name
    out = message("prob_digest_line", lang, sev=message(f"prob_sev_{p.severity}", lang),
                  id=p.id, title=title, text=p.description[:80], who=who,
                  due=f"{p.due:%m-%d}",
                  late=message("prob_digest_late", lang) if p.due < today else "")
    if p.dispute_level and p.level_due_at is not None:
        out += message("prob_digest_dispute", lang,
                       level=message(f"prob_level_{p.dispute_level}", lang),
                       due=f"{p.level_due_at.astimezone(org.tz):%m-%d %H:%M}")
    return out


def daily(*, db_session: Session, org: Org, day: dt.date) -> list[Digest]:
    """One digest per lead department: the open problems of the collaborations it leads
    (a problem on a request or an action item goes to its responsible department)."""
    from dispatch.collab.models import Collaboration

    rows = list(db_session.scalars(select(Problem).where(
        Problem.state.in_([s.value for s in LIVE])).order_by(Problem.id)))
    collabs = {c.id: c for c in db_session.scalars(select(Collaboration).where(
        Collaboration.id.in_({p.collaboration_id for p in rows if p.collaboration_id})))}
    by_dept: dict[str, list[tuple[Problem, str]]] = {}
    for p in rows:
        c = collabs.get(p.collaboration_id or -1)
        dept = c.lead_department if c is not None else p.responsible_department
        title = c.title if c is not None else f"{p.target_kind} {p.target_id}"
        if org.has_department(dept):
            by_dept.setdefault(dept, []).append((p, title))
    out = []
    lang = org_language(org)
    for dept, items in sorted(by_dept.items()):
        items.sort(key=lambda x: (_SEV_ORDER[x[0].severity], x[0].due, x[0].id))
        n_dispute = sum(1 for p, _ in items if p.dispute_level)
        lines = [f"{i}. {_line(org, p, day, t)}" for i, (p, t) in enumerate(items, 1)]
        out.append(Digest(
            key=f"problems:daily:{dept}:{day.isoformat()}", kind="daily", day=day,
            department=dept, recipients=org.liaisons(dept),
            subject=message("prob_digest_subject", lang, dept=_dname(org, dept),
                            day=f"{day:%m月%d日}" if lang == "zh" else f"{day:%a %d %b}",
                            n=len(items))
                    + (message("prob_digest_disputes", lang, n=n_dispute) if n_dispute
                       else ""),
            body="\n".join(lines), link="/problems?department=" + dept, items=len(items),
            payload={"department": dept, "problems": [p.id for p, _ in items]}))
    return out


def weekly(*, db_session: Session, org: Org, now: dt.datetime) -> list[Digest]:
    """周进展 of each live collaboration (and those closed this week): parts done, at risk,
    late; problems opened and closed since Monday — to the parts' liaisons and the
    requester."""
    from dispatch.collab import service as collab
    from dispatch.collab.models import Collaboration
    from dispatch.users.models import User

    local = now.astimezone(org.tz)
    day = local.date()
    monday = day - dt.timedelta(days=local.weekday())
    since = dt.datetime.combine(monday, dt.time(0), org.tz).astimezone(dt.UTC)
    out = []
    lang = org_language(org)
    for c in db_session.scalars(select(Collaboration).order_by(Collaboration.id)):
        if c.state == "closed" and (c.closed_at is None or c.closed_at < since):
            continue
        board = collab.to_dict(c, org=org, db_session=db_session, today=day)
        parts = [p for p in board["parts"] if p["state"] != "returned"]
        done = [p for p in parts if p["state"] == "done"]
        risky = [p for p in parts if p["state"] != "done" and p["risk"] in ("high", "medium")]
        late = [p for p in parts if p["status"] == "late"]
        probs = list(db_session.scalars(select(Problem).where(
            Problem.collaboration_id == c.id)))
        opened = [p for p in probs if p.created_at >= since]
        closed = [p for p in probs if (p.resolved_at or p.closed_at) is not None
                  and (p.resolved_at or p.closed_at) >= since]
        still = [p for p in probs if p.state in {s.value for s in LIVE}]

        def names(ps: list[dict]) -> str:
            return message("list_sep", lang).join(_dname(org, p["department"]) for p in ps) \
                or message("none_given", lang)

        body = "\n".join([
            message("prob_weekly_done", lang, n=len(done), total=len(parts), names=names(done)),
            message("prob_weekly_risky", lang, n=len(risky), names=names(risky)),
            message("prob_weekly_late", lang, n=len(late), names=names(late)),
            message("prob_weekly_problems", lang, opened=len(opened), closed=len(closed),
                    still=len(still))
            + (message("prob_weekly_disputes", lang,
                       n=sum(1 for p in still if p.dispute_level))
               if any(p.dispute_level for p in still) else ""),
        ] + [f"  - {_line(org, p, day, c.title)}" for p in still[:10]])
        people: list[str] = []
        for p in c.parts:
            people += [s for s in (p.liaisons or []) if org.has_person(s)]
        requester = db_session.get(User, c.requester_id)
        if requester is not None and requester.staff_id and org.has_person(requester.staff_id):
            people.append(requester.staff_id)
        people = list(dict.fromkeys(people))
        if not people:
            continue
        out.append(Digest(
            key=f"problems:weekly:{c.id}:{day.isoformat()}", kind="weekly", day=day,
            recipients=people,
            subject=message("prob_weekly_subject", lang, title=c.title,
                            start=f"{monday:%m-%d}", end=f"{day:%m-%d}"),
            body=body, link=f"/collab/{c.id}", items=len(parts),
            payload={"collaboration_id": c.id, "parts_done": len(done),
                     "at_risk": len(risky), "late": len(late), "opened": len(opened),
                     "closed": len(closed)}))
    return out
