"""FastAPI dependencies: the database session, the caller, role checks."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.orm import Session

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


async def valid_unicode(request: Request) -> None:
    """Refuse a JSON body with a lone UTF-16 surrogate ("\\ud800") with 422.

    JSON may spell one and Python's parser lets it through, but it cannot be encoded as
    UTF-8: the database driver, or the response, then failed with 500. An app-wide check
    here covers every text field of every route at once; bodies without a surrogate escape
    (nearly all) cost one byte scan, a proper pair (an emoji) passes.
    """
    if "json" not in request.headers.get("content-type", ""):
        return
    body = await request.body()
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
    auth = request.headers.get("authorization", "")
    if auth.lower().startswith("bearer "):
        user = user_service.authenticate_token(db_session=session, token=auth[7:].strip())
        if user is None:
            raise Unauthorized("invalid or revoked token")
        return user
    uid = request.session.get("uid") if "session" in request.scope else None
    if uid is not None:
        user = user_service.active_user(db_session=session, user_id=uid)
        if user is not None:
            if request.method not in SAFE_METHODS:
                _check_csrf_header(request)
            return user
    raise Unauthorized("sign in or send 'Authorization: Bearer <token>'")


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
        raise Forbidden("missing or wrong X-CSRF-Token header for a signed-in browser request")


UserDep = Annotated[User, Depends(current_user)]


def require_role(role: str) -> Callable[[User], User]:
    """A dependency admitting ``role`` and every role above it."""

    def check(user: UserDep) -> User:
        if not user.has_role(role):
            raise Forbidden(f"this needs the {role} role; you are {user.role}")
        return user

    check.__name__ = f"require_{role}"
    return check


RequesterDep = Annotated[User, Depends(require_role("requester"))]
PlannerDep = Annotated[User, Depends(require_role("planner"))]
AdminDep = Annotated[User, Depends(require_role("admin"))]


def get_org(session: SessionDep) -> Org:
    """The imported organisation; 409 with a hint before the first import."""
    return org_service.require_org(db_session=session)


OrgDep = Annotated[Org, Depends(get_org)]
