"""FastAPI dependencies: the database session, the caller, role checks."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.orm import Session

from api.web.core import page_user
from dispatch.db import session_scope
from dispatch.errors import DispatchError, NotFound
from dispatch.orgdir import service as org_service
from dispatch.settings import Settings
from dispatch.users import service as user_service
from dispatch.users.models import User
from models.org import Org


class Unauthorized(DispatchError):
    status, code = 401, "unauthorized"


class Forbidden(DispatchError):
    status, code = 403, "forbidden"


def get_settings(request: Request) -> Settings:
    return request.app.state.settings


def get_session(request: Request) -> Iterator[Session]:
    """One session per request: committed when the handler returns, rolled back on error."""
    with session_scope(request.app.state.session_factory) as session:
        yield session


# scope="function": commit before the response is sent. With the default ("request") the
# commit ran after it, so a client's next call could start before the previous one had
# committed: SQLite refused the write ("database is locked") and a read could miss it.
SessionDep = Annotated[Session, Depends(get_session, scope="function")]
SettingsDep = Annotated[Settings, Depends(get_settings)]


def current_user(request: Request, session: SessionDep) -> User:
    """The caller, from a bearer token (API) or the login session cookie (web pages)."""
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
    """The imported organisation; 404 with a hint before the first import."""
    org = org_service.current_org(db_session=session)
    if org is None:
        raise NotFound("no organisation imported yet: run 'dispatch org import ORG.yaml'")
    return org


OrgDep = Annotated[Org, Depends(get_org)]
