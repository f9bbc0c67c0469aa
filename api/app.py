"""The FastAPI application: API routers under /api, web pages at /, health and docs open."""

from __future__ import annotations

import importlib
import logging
from pathlib import Path

from fastapi import Depends, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from sqlalchemy import Engine, text
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.sessions import SessionMiddleware

from api.deps import valid_text
from api.middleware import BodyLimit, SecurityHeaders, WriteIntent, install_access_log_redaction
from dispatch.db import make_engine, make_session_factory
from dispatch.errors import DispatchError
from dispatch.registry import register_all
from dispatch.settings import Settings, get_settings

log = logging.getLogger(__name__)

# Each router module exposes `router`.
ROUTERS = ("health", "org", "users", "minutes", "requests", "routing", "plans", "notifications",
           "calendar", "followups", "collab", "problems", "chat")
PAGES = ("pages", "web.minutes", "web.requests", "web.planner", "web.dashboard",
         "web.delivery", "web.collab", "web.problems")


def error_body(code: str, message: str, details: object = None) -> dict:
    body: dict = {"error": {"code": code, "message": message}}
    if details is not None:
        body["error"]["details"] = details
    return body


def create_app(settings: Settings | None = None, engine: Engine | None = None) -> FastAPI:
    """Build the app for ``settings`` (default: from the environment)."""
    settings = settings or get_settings()
    engine = engine or make_engine(settings.db_url)
    app = FastAPI(title="dispatch", version="0.1.0",
                  description="Minutes → action items, request routing, staff allocation.",
                  dependencies=[Depends(valid_text)])
    register_all()  # the domains' follow-up kinds and sweeps, before any request
    app.state.settings = settings
    app.state.engine = engine
    app.state.session_factory = make_session_factory(engine)
    app.add_middleware(
        SessionMiddleware, secret_key=settings.secret_key, session_cookie="dispatch_session",
        max_age=settings.session_max_age_s, same_site="lax", https_only=settings.secure_cookies,
    )
    app.add_middleware(WriteIntent)
    # added last = outermost: oversized bodies are refused before sessions and routing
    app.add_middleware(SecurityHeaders)
    app.add_middleware(BodyLimit, max_body=settings.max_body_bytes,
                       max_upload=settings.max_upload_bytes)
    install_access_log_redaction()

    @app.exception_handler(DispatchError)
    async def _domain_error(request: Request, exc: DispatchError) -> Response:
        page = getattr(request.state, "refusal_page", None)
        if page is not None:  # a route a person opens from a message (follow-up links)
            return page(exc)
        retry = exc.details.get("retry_after_s") if isinstance(exc.details, dict) else None
        body = error_body(exc.code, exc.message, exc.details)
        # beside the English message, the same refusal in the org's language (known once the
        # request has read the organisation: every collaboration and problem step does)
        lang = getattr(request.state, "org_lang", None)
        later = getattr(request.state, "org_lang_later", None)
        if exc.key and lang is None and later is not None:
            try:  # a route that did not read the org: read its language now
                lang = later()
            except Exception:  # the refusal stands without it
                log.warning("no language for a refusal", exc_info=True)
        if exc.key and lang is not None:
            body["error"].update({"lang": lang, "localized_message": exc.said(lang)})
        return JSONResponse(body, status_code=exc.status,
                            headers={"Retry-After": str(retry)} if retry else None)

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(_: Request, exc: StarletteHTTPException) -> JSONResponse:
        code = {404: "not_found", 405: "method_not_allowed", 413: "too_large"}.get(
            exc.status_code, "http_error")
        return JSONResponse(error_body(code, str(exc.detail)), status_code=exc.status_code,
                            headers=getattr(exc, "headers", None))

    @app.exception_handler(RequestValidationError)
    async def _validation_error(_: Request, exc: RequestValidationError) -> JSONResponse:
        details = [{"loc": list(e.get("loc", ())), "message": e.get("msg", "")}
                   for e in exc.errors()]
        first = details[0] if details else {"loc": [], "message": "invalid request"}
        where = ".".join(str(x) for x in first["loc"][1:]) or "request"
        return JSONResponse(error_body("invalid_input", f"{where}: {first['message']}", details),
                            status_code=422)

    @app.exception_handler(Exception)
    async def _unexpected(_: Request, exc: Exception) -> JSONResponse:
        log.exception("unhandled error")
        return JSONResponse(error_body("internal_error", "internal error; see the server log"),
                            status_code=500)

    for module in [f"api.routers.{n}" for n in ROUTERS] + [f"api.{n}" for n in PAGES]:
        app.include_router(importlib.import_module(module).router)
    static = Path(__file__).parent / "static"
    app.mount("/static", StaticFiles(directory=static), name="static")
    app.state.db_ok = lambda: _ping(engine)
    return app


def _ping(engine: Engine) -> bool:
    try:
        with engine.connect() as c:
            c.execute(text("select 1"))
        return True
    except Exception:
        return False
