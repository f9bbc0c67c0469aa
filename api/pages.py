"""Web pages: login, logout and the home page (the organisation at a glance)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from api.deps import SessionDep
from api.web.core import check_csrf, page_user, render
from dispatch.orgdir import service as org_service
from dispatch.users import service as user_service

router = APIRouter(include_in_schema=False)


def login_redirect(request: Request) -> RedirectResponse:
    return RedirectResponse(f"/login?next={request.url.path}", status_code=303)


@router.get("/login")
def login_page(request: Request, next: str = "/") -> Response:
    return render(request, "login.html", next=next if next.startswith("/") else "/")


@router.post("/login")
def login(request: Request, session: SessionDep, username: Annotated[str, Form()],
          password: Annotated[str, Form()], csrf_token: Annotated[str, Form()] = "",
          next: Annotated[str, Form()] = "/") -> Response:
    check_csrf(request, csrf_token)
    ip = request.client.host if request.client else "-"
    wait = user_service.login_retry_after(db_session=session, name=username, ip=ip)
    if wait is not None:  # too many wrong passwords: not even checked (issue 16, defect 12)
        resp = render(request, "login.html", status_code=429, error=True, next=next)
        resp.headers["Retry-After"] = str(wait)
        return resp
    user = user_service.authenticate_password(db_session=session, name=username, password=password)
    user_service.record_login(db_session=session, name=username, ip=ip, ok=user is not None)
    if user is None:
        return render(request, "login.html", status_code=401, error=True, next=next)
    request.session.clear()  # a fresh session on login: no fixation
    request.session["uid"] = user.id
    request.session["sv"] = user.session_version
    return RedirectResponse(next if next.startswith("/") and not next.startswith("//") else "/",
                            status_code=303)


@router.post("/logout")
def logout(request: Request, session: SessionDep,
           csrf_token: Annotated[str, Form()] = "") -> Response:
    """Sign out: the cookie is stateless, so a copy of it would still work; raising the
    user's session version ends it everywhere (issue 16, defect 11)."""
    check_csrf(request, csrf_token)
    user = page_user(request, session)
    if user is not None:
        user_service.end_sessions(user=user)
    request.session.clear()
    return RedirectResponse("/login", status_code=303)


@router.get("/")
def home(request: Request, session: SessionDep) -> Response:
    user = page_user(request, session)
    if user is None:
        return login_redirect(request)
    org = org_service.current_org(db_session=session)
    return render(request, "home.html", user=user, org=org)
