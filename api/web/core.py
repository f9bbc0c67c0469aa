"""What every page shares: templates, the signed-in user, CSRF tokens, the language."""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Callable, Coroutine
from pathlib import Path
from types import SimpleNamespace
from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import RedirectResponse, Response
from fastapi.routing import APIRoute
from fastapi.templating import Jinja2Templates
from sqlalchemy.orm import Session

from dispatch.errors import DispatchError, Forbidden
from dispatch.messages import LANGS, note_text, org_language, translate, validation_refusal
from dispatch.orgdir.people import owner_text, people_options
from dispatch.users import service as user_service
from dispatch.users.models import User
from models.org import Org

templates = Jinja2Templates(directory=str(Path(__file__).resolve().parent.parent / "templates"))
templates.env.globals.update(people_options=people_options,  # owner fields pick by name
                             owner_text=owner_text)


def _when(value: Any) -> str:
    """A timestamp as people read it: 2026-11-23 19:02 (ISO strings already in org time)."""
    if not value:
        return "—"
    if isinstance(value, str):
        try:
            value = dt.datetime.fromisoformat(value)
        except ValueError:
            return value
    return value.strftime("%Y-%m-%d %H:%M")


templates.env.filters["when"] = _when


class CsrfError(DispatchError):
    status, code = 403, "csrf"


def lang_of(request: Request, org: Org | None = None) -> str:
    """The page language: ?lang=, else the cookie, else the organisation's language."""
    lang = request.query_params.get("lang") or request.cookies.get("lang") or org_language(org)
    return lang if lang in LANGS else "zh"


def csrf_token(request: Request) -> str:
    """The session's CSRF token, created on first use."""
    tok = request.session.get("csrf")
    if not tok:
        tok = secrets.token_urlsafe(32)
        request.session["csrf"] = tok
    return tok


def check_csrf(request: Request, submitted: str | None) -> None:
    """Refuse a form post whose token does not match the session's."""
    expected = request.session.get("csrf")
    if not expected or not submitted or not secrets.compare_digest(expected, submitted):
        raise CsrfError("the form has expired or did not come from this site; reload and retry",
                        key="err_csrf_form")


def page_user(request: Request, session: Session) -> User | None:
    """The signed-in user of a live session: active, and the session not ended since."""
    uid = request.session.get("uid")
    if uid is None:
        return None
    user = user_service.active_user(db_session=session, user_id=uid)
    if user is None:
        return None
    return user if request.session.get("sv", 0) == user.session_version else None


def render(request: Request, template: str, status_code: int = 200, **ctx: Any) -> Any:
    lang = lang_of(request, ctx.get("org"))
    ctx.setdefault("user", None)
    resp = templates.TemplateResponse(
        request, template,
        {"lang": lang, "t": lambda k: translate(k, lang), "csrf": csrf_token(request),
         # a history's note: the system's (stored as a key) in the page language, else as
         # stored (a person's words, or a row from before the keys)
         "note_of": lambda e: note_text(e.get("note_key"), e.get("note_args"), lang)
         or e.get("note") or "", **ctx},
        status_code=status_code,
    )
    if request.query_params.get("lang") in LANGS:
        resp.set_cookie("lang", lang, samesite="lax", httponly=True, max_age=365 * 86400)
    return resp


# ------------------------------------------------------------------ page routes and roles


class LoginNeeded(Exception):
    """Raised by a page dependency when nobody is signed in: the page redirects to /login."""


class PageRoute(APIRoute):
    """Routes of the web pages: errors become an HTML page (or the login redirect), not JSON.

    The JSON error handlers of the app stay for /api; a person in a browser gets a page in
    their language that says what went wrong and how to go back.
    """

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        inner = super().get_route_handler()

        async def handler(request: Request) -> Response:
            try:
                return await inner(request)
            except LoginNeeded:
                target = request.url.path
                if request.method == "GET" and request.url.query:
                    target += "?" + request.url.query
                return RedirectResponse(f"/login?next={quote(target)}", status_code=303)
            except DispatchError as e:
                return error_page(request, e.status, e.said(lang_of(request)))
            except RequestValidationError as e:
                first = e.errors()[0] if e.errors() else {}
                return error_page(request, 422, validation_said(first, lang_of(request)))

        return handler


def validation_said(error: dict[str, Any], lang: str) -> str:
    """The framework's refusal of one form value, said in the page language: its English
    ("horizon_days: Input should be a valid integer…") on an English page, a sentence of
    the catalogue naming the field and what was typed on a Chinese one."""
    where = ".".join(str(x) for x in error.get("loc", ())[1:]) or "form"
    english = f"{where}: {error.get('msg', 'invalid input')}"
    if lang == "en":
        return english
    key, args = validation_refusal(str(error.get("type", "")), where, error.get("input"),
                                   error.get("ctx"))
    return note_text(key, args, lang) or english


def error_page(request: Request, status: int, message: str) -> Response:
    """The error page; the user is the one the guard saw (the session is gone by now)."""
    return render(request, "error.html", status_code=status, message=message,
                  status=status, user=getattr(request.state, "page_user", None))


def page_router() -> APIRouter:
    """An APIRouter for pages: hidden from OpenAPI, HTML errors."""
    return APIRouter(include_in_schema=False, route_class=PageRoute)


def require(request: Request, session: Session, role: str = "requester") -> User:
    """The signed-in user when they hold ``role`` (or a higher one); else login or 403."""
    user = page_user(request, session)
    if user is None:
        raise LoginNeeded()
    request.state.page_user = SimpleNamespace(name=user.name, role=user.role)
    if not user.has_role(role):
        raise Forbidden(f"this page needs the {role} role; you are {user.role}",
                        key="err_page_role",
                        args={"role_key": f"role_{role}", "mine_key": f"role_{user.role}"})
    return user


MAX_FLASH_CHARS = 300


def flash(request: Request, kind: str, message: str, **extra: Any) -> None:
    """A message shown once on the next page (after a redirect)."""
    # the session is a cookie (~4 KB): a message quoting a long user input is cut short
    request.session["flash"] = {"kind": kind, "message": message[:MAX_FLASH_CHARS], **extra}


def pop_flash(request: Request) -> dict[str, Any] | None:
    return request.session.pop("flash", None)


def redirect(url: str) -> RedirectResponse:
    """303 See Other: after a form post the browser GETs the result page."""
    return RedirectResponse(url, status_code=303)


def safe_next(value: str | None, default: str) -> str:
    """A local path to go back to (never another site)."""
    if value and value.startswith("/") and not value.startswith("//") and "\\" not in value:
        return value
    return default


def saved(session: Session, url: str) -> RedirectResponse:
    """Commit, then redirect: the browser's next GET must see the change.

    The request's session dependency commits only after the response has gone out, so
    a fast browser following the redirect could otherwise read the state before it."""
    session.commit()
    return redirect(url)
