"""What every page shares: templates, the signed-in user, CSRF tokens, the language."""

from __future__ import annotations

import secrets
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.templating import Jinja2Templates
from sqlalchemy.orm import Session

from api.web.i18n import LANGS, translate
from dispatch.errors import DispatchError
from dispatch.users.models import User

templates = Jinja2Templates(directory=str(Path(__file__).resolve().parent.parent / "templates"))


class CsrfError(DispatchError):
    status, code = 403, "csrf"


def lang_of(request: Request) -> str:
    lang = request.query_params.get("lang") or request.cookies.get("lang") or "zh"
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
        raise CsrfError("the form has expired or did not come from this site; reload and retry")


def page_user(request: Request, session: Session) -> User | None:
    uid = request.session.get("uid")
    if uid is None:
        return None
    user = session.get(User, uid)
    return user if user is not None and user.active else None


def render(request: Request, template: str, status_code: int = 200, **ctx: Any) -> Any:
    lang = lang_of(request)
    ctx.setdefault("user", None)
    resp = templates.TemplateResponse(
        request, template,
        {"lang": lang, "t": lambda k: translate(k, lang), "csrf": csrf_token(request), **ctx},
        status_code=status_code,
    )
    if request.query_params.get("lang") in LANGS:
        resp.set_cookie("lang", lang, samesite="lax", httponly=True, max_age=365 * 86400)
    return resp
