"""The delivery page: how many messages are in each state, and the dead letters — what the
worker gave up on, with the last error — each with a retry button, plus retry-all.

Why a page and not only `dispatch notify dead` / the API: the people who notice that 催办
messages stopped arriving are planners, not operators; once the channel is fixed (a bot
re-created, an SMTP password changed) they can send the backlog again themselves.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Form, Request
from fastapi.responses import Response

from api.deps import SessionDep
from api.web.core import check_csrf, flash, lang_of, page_router, pop_flash, render, require, saved
from dispatch.errors import DispatchError, InvalidInput
from dispatch.notifications import service

router = page_router()

SHOWN = 200  # dead letters listed (newest first); retry-all takes them all


@router.get("/delivery")
def delivery(request: Request, session: SessionDep) -> Response:
    user = require(request, session, "planner")
    dead = service.list_notifications(db_session=session, status="dead", limit=SHOWN)
    return render(request, "delivery.html", user=user,
                  counts=service.counts(db_session=session), dead=dead,
                  flash=pop_flash(request))


@router.post("/delivery/retry")
def retry(request: Request, session: SessionDep,
          notification_id: Annotated[str, Form()] = "",
          csrf_token: Annotated[str, Form()] = "") -> Response:
    """Queue one dead letter (``notification_id``) or all of them (empty) again."""
    require(request, session, "planner")
    check_csrf(request, csrf_token)
    try:
        if notification_id.strip():
            if not notification_id.strip().isdigit():
                raise InvalidInput(f"notification_id: not a number: {notification_id!r}")
            service.retry(db_session=session, notification_id=int(notification_id))
            n = 1
        else:
            n = service.retry_dead(db_session=session)
    except DispatchError as e:
        flash(request, "error", e.said(lang_of(request)))
        return saved(session, "/delivery")
    flash(request, "ok", "requeued", n=n)
    return saved(session, "/delivery")
