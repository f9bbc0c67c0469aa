"""FastAPI dependencies: the database session, the caller, role checks."""

from __future__ import annotations

import json
import math
import re
import threading
import time
from collections.abc import Callable, Iterator
from typing import Annotated

from fastapi import Depends, Path, Query, Request
from sqlalchemy.orm import Session

from api.web.core import page_user
from dispatch.db import session_scope
from dispatch.errors import DispatchError, InvalidInput
from dispatch.orgdir import service as org_service
from dispatch.settings import Settings
from dispatch.users import service as user_service
from dispatch.users.models import User
from models.org import Org


class Unauthorized(DispatchError):
    status, code = 401, "unauthorized"


class Forbidden(DispatchError):
    status, code = 403, "forbidden"


_SURROGATE_ESCAPE = re.compile(rb"\\u[dD][89a-fA-F][0-9a-fA-F]{2}")
_NUL_ESCAPE = re.compile(rb"\\u0000")


async def valid_text(request: Request) -> None:
    """Refuse text the database cannot store with 422: a lone UTF-16 surrogate ("\\ud800")
    or a NUL character ("\\u0000", "%00") in a JSON body, the query or the path.

    JSON may spell both and Python's parser lets them through, but a lone surrogate cannot
    be encoded as UTF-8 and PostgreSQL text cannot hold NUL: the driver (or the response)
    then failed with 500. One app-wide check covers every text field of every route;
    bodies without such an escape (nearly all) cost one byte scan, and a proper surrogate
    pair (an emoji) passes.
    """
    target = request.scope.get("raw_path", b"") + b"?" + request.scope.get("query_string", b"")
    if b"%00" in target:
        raise InvalidInput("the URL contains a NUL character (%00); send text without it")
    if "json" not in request.headers.get("content-type", ""):
        return
    body = await request.body()
    if _NUL_ESCAPE.search(body):
        raise InvalidInput("text contains a NUL character (\\u0000); send text without it")
    if not _SURROGATE_ESCAPE.search(body):
        return
    try:
        parsed = json.loads(body)
    except ValueError:
        return  # the route's own parsing reports it
    try:
        json.dumps(parsed, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError as e:
        raise InvalidInput(f"text contains a lone surrogate ({e.object[e.start:e.end]!r}) "
                           "that is not a character; send valid Unicode") from None


# Ids, offsets and page sizes, one definition for every route. Row ids are PostgreSQL
# `integer` (32-bit; SQLite's are 64-bit): a larger id reached the driver and answered 500
# on every /{id} route; limit=-1 passed as "no limit" and negative offsets reached the query.
MAX_ID = 2**31 - 1
MAX_OFFSET = 2**63 - 1
MAX_LIMIT = 500
Id = Annotated[int, Path(ge=1, le=MAX_ID, description="a row id (1 to 2^31-1)")]
IdQuery = Annotated[int | None, Query(ge=1, le=MAX_ID, description="a row id")]
Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description=f"rows per page, 1 to {MAX_LIMIT}")]
Offset = Annotated[int, Query(ge=0, le=MAX_OFFSET, description="rows to skip")]


def app_settings(request: Request) -> Settings:
    """The settings the app was built with (create_app), not the process's environment."""
    return request.app.state.settings


def get_session(request: Request) -> Iterator[Session]:
    """One session per request: committed when the handler returns, rolled back on error."""
    with session_scope(request.app.state.session_factory) as session:
        yield session


# scope="function": commit before the response is sent. With the default ("request") the
# commit ran after it, so a client's next call could start before the previous one had
# committed: SQLite refused the write ("database is locked") and a read could miss it.
SessionDep = Annotated[Session, Depends(get_session, scope="function")]
SettingsDep = Annotated[Settings, Depends(app_settings)]


def current_user(request: Request, session: SessionDep) -> User:
    """The caller, from a bearer token (API) or the login session cookie (web pages)."""
    # a refusal of a route that never reads the organisation still names itself in the
    # org's language (``localized_message``): read only when something is refused
    request.state.org_lang_later = lambda: org_lang(session)
    auth = request.headers.get("authorization", "")
    if auth.lower().startswith("bearer "):
        user = user_service.authenticate_token(db_session=session, token=auth[7:].strip())
        if user is None:
            raise Unauthorized("invalid or revoked token")
        return user
    if "session" in request.scope:  # one rule for pages and API: live sessions only
        user = page_user(request, session)
        if user is not None:
            if request.method not in SAFE_METHODS:
                _check_csrf_header(request)
            return user
    raise Unauthorized("sign in or send 'Authorization: Bearer <token>'")


def org_lang(session: Session) -> str:
    """The organisation's language (``zh`` before any import), read for a refusal.

    The request's session has usually ended by then (rolled back and closed when the
    handler raised): the read opens a transaction of its own, closed again at once, so no
    connection (nor SQLite's write lock of a POST) outlives the refusal."""
    from dispatch.messages import org_language

    ended = not session.in_transaction()
    try:
        return org_language(org_service.current_org(db_session=session))
    finally:
        if ended:
            session.close()


SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def _check_csrf_header(request: Request) -> None:
    """A write made with the login cookie must also carry the page's CSRF token.

    Browsers send cookies with cross-site requests; a header they will not add for a foreign
    site, so a page of ours (which reads the token from <meta name="csrf-token">) passes and
    a forged request does not. Token-authenticated clients are not affected.
    """
    import secrets

    expected = request.session.get("csrf")
    sent = request.headers.get("x-csrf-token")
    if not expected or not sent or not secrets.compare_digest(expected, sent):
        raise Forbidden("missing or wrong X-CSRF-Token header for a signed-in browser request",
                        key="err_csrf_header")


UserDep = Annotated[User, Depends(current_user)]


def require_role(role: str) -> Callable[[User], User]:
    """A dependency admitting ``role`` and every role above it."""

    def check(user: UserDep) -> User:
        if not user.has_role(role):
            raise Forbidden(f"this needs the {role} role; you are {user.role}",
                            key="err_role",
                            args={"role_key": f"role_{role}", "mine_key": f"role_{user.role}"})
        return user

    check.__name__ = f"require_{role}"
    return check


RequesterDep = Annotated[User, Depends(require_role("requester"))]
PlannerDep = Annotated[User, Depends(require_role("planner"))]
AdminDep = Annotated[User, Depends(require_role("admin"))]


class TooManyRequests(DispatchError):
    status, code = 429, "too_many_requests"


class RateLimit:
    """A token bucket per user: ``burst`` calls at once, then one every ``every_s`` seconds.

    For endpoints that cost seconds of CPU (solving, batch routing, uploads): one user must
    not be able to keep the 2 cores busy for everybody else. Kept in the process (each
    server worker counts on its own), which bounds a user's share without a shared store.
    """

    def __init__(self, name: str, burst: int, every_s: float) -> None:
        self.name, self.burst, self.every_s = name, burst, every_s
        self._buckets: dict[int, tuple[float, float]] = {}  # user id -> (tokens, at)
        self._lock = threading.Lock()

    def take(self, user_id: int, now: float | None = None) -> float:
        """0 when the call may go ahead (a token is used), else seconds until it may."""
        now = time.monotonic() if now is None else now
        with self._lock:
            tokens, at = self._buckets.get(user_id, (float(self.burst), now))
            tokens = min(float(self.burst), tokens + (now - at) / self.every_s)
            if tokens >= 1:
                self._buckets[user_id] = (tokens - 1, now)
                return 0.0
            self._buckets[user_id] = (tokens, now)
            return (1 - tokens) * self.every_s


def rate_limited(name: str, burst: int, every_s: float) -> Callable[..., None]:
    """A dependency refusing a user's call with 429 and Retry-After once their bucket for
    ``name`` is empty; the buckets live on the app (a fresh app starts with full ones)."""

    def check(request: Request, user: UserDep) -> None:
        limits = request.app.state.__dict__.setdefault("rate_limits", {})
        limit = limits.setdefault(name, RateLimit(name, burst, every_s))
        wait = limit.take(user.id)
        if wait > 0:
            retry = max(1, math.ceil(wait))
            raise TooManyRequests(
                f"too many {name} calls: try again in {retry} s (at most {burst} at once, "
                f"then one every {every_s:g} s)", details={"retry_after_s": retry})

    check.__name__ = f"rate_limit_{name}"
    return check


# The expensive endpoints and their budgets per user (a browser user never gets near them).
SOLVE_LIMIT = Depends(rate_limited("solve", burst=10, every_s=6.0))  # plans, confirm
BATCH_LIMIT = Depends(rate_limited("batch routing", burst=3, every_s=20.0))


def get_org(request: Request, session: SessionDep) -> Org:
    """The imported organisation; 409 with a hint before the first import. Its language
    is kept on the request: a refusal names itself in it too (``localized_message``)."""
    from dispatch.messages import org_language

    org = org_service.require_org(db_session=session)
    request.state.org_lang = org_language(org)
    return org


OrgDep = Annotated[Org, Depends(get_org)]
