"""The collaboration risk sweep: recompute every open collaboration's risk, tell the
requester when it rises (the reminders and escalations of each part's acknowledgement
clock are the follow-up sweep's: kind ``collab_ack``).

Risk moves without anyone touching the collaboration — a day passes, a person's leave
starts, another plan books their hours — so it is recomputed on a schedule, not only on
edits. Safe to run twice: a rise is told once per part, level and day (dedupe key).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from dispatch.collab import flows
from dispatch.collab.models import Collaboration
from dispatch.db import session_scope
from dispatch.orgdir.service import current_org
from dispatch.scheduled import sweep
from models.collab import CollabState


@sweep("collab.risk", every_s=900)
def risk_sweep(session_factory: sessionmaker[Session], now: dt.datetime) -> int:
    with session_scope(session_factory) as s:
        return sweep_risk(db_session=s, now=now)


def sweep_risk(*, db_session: Session, now: dt.datetime) -> int:
    """Recompute open collaborations' risk at ``now``; returns how many parts rose."""
    org = current_org(db_session=db_session)
    if org is None:
        return 0
    n = 0
    for c in db_session.scalars(select(Collaboration).where(
            Collaboration.state == CollabState.open.value)):
        n += len(flows.refresh_risk(db_session=db_session, org=org, c=c, now=now))
    return n
