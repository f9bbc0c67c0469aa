"""The demo organisation and sample data that `make run` loads."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from dispatch.settings import get_settings

DEMO_DIR = Path(__file__).resolve().parent
DEMO_ORG = DEMO_DIR / "org.yaml"
DEMO_USERS = (("admin", "admin", None), ("planner", "planner", "wangfang"),
              ("requester", "requester", "zhangsan"))
DEMO_PASSWORD = "demo1234"


def load_demo() -> dict[str, Any]:
    """Import the demo org and create the demo users; safe to run twice."""
    from dispatch.cli.context import db_session
    from dispatch.orgdir.service import import_org
    from dispatch.users import service as users
    from models.org import load_org

    if get_settings().env == "production":
        raise RuntimeError("the demo (with its known passwords) is refused in production")
    org = load_org(DEMO_ORG)
    out: dict[str, Any] = {"org": org.name, "users": [], "samples": {}}
    with db_session() as s:
        report = import_org(db_session=s, org=org, source=str(DEMO_ORG))
        out["org_changes"] = report.summary()
        for name, role, staff in DEMO_USERS:
            user = users.get_by_name(db_session=s, name=name)
            token = None
            if user is None:
                user = users.create(db_session=s, name=name, role=role, password=DEMO_PASSWORD,
                                    staff_id=staff)
                token = users.issue_token(db_session=s, user=user)
            out["users"].append({"name": name, "role": role, "token": token})
    # each idempotent; minutes first (today's draft, then past meetings, whose replayed
    # follow-up sweeps must see only their own items), requests next, then the planner's
    # backlog, then a collaboration in progress (its plan books around the backlog's)
    from dispatch.collab import demo as collab_demo
    from dispatch.demo import history as history_demo
    from dispatch.demo import minutes_history
    from dispatch.minutes import demo as minutes_demo
    from dispatch.plans import demo as plans_demo
    from dispatch.requests import demo as requests_demo

    # The demo has no channels: every replayed reminder would log "no destination" (57
    # lines before the summary a newcomer reads); the summary lines count them instead.
    quiet = logging.getLogger("dispatch.notifications.service")
    level = quiet.level
    quiet.setLevel(logging.ERROR)
    try:
        for name, mod in (("minutes", minutes_demo), ("past_minutes", minutes_history),
                          ("requests", requests_demo),
                          ("history", history_demo), ("plans", plans_demo),
                          ("collab", collab_demo)):
            out["samples"][name] = mod.load_sample()
    finally:
        quiet.setLevel(level)
    return out
