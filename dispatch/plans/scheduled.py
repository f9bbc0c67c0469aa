"""The backlog sweep: a full re-check of the backlog's sources once a minute.

Flushes keep each task in step with its action item or request as they change
(``service.keep_backlog_in_step``); this catches what no flush shows, such as an org
import that removes a department a task names. Safe to run twice and concurrently: the
work tasks are inserted with ``ON CONFLICT DO NOTHING``.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session, sessionmaker

from dispatch.db import session_scope
from dispatch.orgdir.service import current_org
from dispatch.plans import service
from dispatch.scheduled import sweep


@sweep("plans.backlog", every_s=60)
def backlog_sweep(session_factory: sessionmaker[Session], now: dt.datetime) -> int:
    with session_scope(session_factory) as s:
        org = current_org(db_session=s)
        if org is None:
            return 0
        done = service.sync_backlog(db_session=s, org=org)
        return done["added"] + done["closed"]
