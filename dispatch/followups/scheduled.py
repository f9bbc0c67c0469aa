"""The follow-up sweep: fire due reminders and escalations (registered for the worker)."""

from __future__ import annotations

import datetime as dt
import logging

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from dispatch.db import session_scope
from dispatch.followups import messages, service
from dispatch.followups.models import FollowUp
from dispatch.followups.policy import Policy, due_now, stages
from dispatch.orgdir.service import current_org
from dispatch.scheduled import sweep

log = logging.getLogger(__name__)


@sweep("followups.reminders", every_s=60)
def followup_sweep(session_factory: sessionmaker[Session], now: dt.datetime) -> int:
    """Queue every reminder/escalation due at ``now``; returns how many were queued.

    Runs only on the org's working days. Each stage is recorded in the follow-up's
    ``fired`` list in the same transaction as its message, so it fires once.
    """
    with session_scope(session_factory) as s:
        return sweep_session(db_session=s, now=now)


def sweep_session(*, db_session: Session, now: dt.datetime) -> int:
    """The sweep inside a caller's transaction (tests use it with the `db` fixture)."""
    org = current_org(db_session=db_session)
    if org is None:
        return 0
    cal, tz = org.work_calendar, org.tz
    if not cal.is_workday(now.astimezone(tz).date()):
        return 0
    try:
        policy = Policy.from_org(org, messages.committee_fallback(db_session))
    except ValueError as e:
        log.error("org file: %s; follow-up sweep skipped", e)
        return 0
    service._load_hooks()
    sent = 0
    rows = db_session.scalars(select(FollowUp).where(FollowUp.status == "open",
                                                     FollowUp.requested_due.is_(None)))
    for fu in list(rows):
        hooks = service.KINDS.get(fu.kind)
        if hooks is not None and hooks.is_open is not None and not hooks.is_open(
                db_session, fu.ref_id):
            service.complete(db_session=db_session, followup_id=fu.id, by="sync",
                             note="closed at the source", sync=True)
            continue
        all_stages = stages(fu.due_date, fu.due_at, cal, tz, policy, fu.remind_before_days)
        fire, skip = due_now(all_stages, set(fu.fired), fu.due_date, now)
        if not fire:
            continue
        try:
            with db_session.begin_nested():
                keys = list(fu.fired)
                for st in fire:
                    if messages.send_stage(db_session=db_session, fu=fu, stage=st, org=org,
                                           policy=policy):
                        sent += 1
                    keys.append(st.key(fu.due_date))
                keys += [st.key(fu.due_date) for st in skip]
                fu.fired = keys
        except Exception:
            log.exception("follow-up %s: sweep failed", fu.id)
    return sent
