"""ASGI middleware that must see every request before routing and authentication."""

from __future__ import annotations

import json
import logging
import re

from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.deps import SAFE_METHODS
from dispatch.db import WRITE_INTENT


class WriteIntent:
    """Marks requests whose method may write, so their database transactions begin
    IMMEDIATE on SQLite (see :data:`dispatch.db.WRITE_INTENT`). The mark is a context
    variable: it follows the request into the thread pool, where handlers run."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        token = WRITE_INTENT.set(scope["method"] not in SAFE_METHODS)
        try:
            await self.app(scope, receive, send)
        finally:
            WRITE_INTENT.reset(token)


# ------------------------------------------------------------------ body size


class BodyTooLarge(StarletteHTTPException):
    """Raised from ``receive`` once a streamed body passes its cap. An HTTPException, so
    FastAPI's body parsing passes it on (it turns other errors into 400) and the app's
    handler renders it as 413."""

    def __init__(self, limit: int, upload: bool = False) -> None:
        super().__init__(413, _too_large(limit, upload))


def _too_large(limit: int, upload: bool) -> str:
    kind = "upload limit (files and form)" if upload else "request body limit"
    return f"request body over the {limit / 1e6:.1f} MB {kind}"


class BodyLimit:
    """Cap request bodies before routing and authentication (issue 16, defect 9).

    A declared Content-Length over the cap is answered 413 at once, without reading the
    body; a body without one (chunked) is counted as it streams and refused as soon as it
    passes the cap, so nothing larger is buffered or spooled. Multipart uploads get the
    upload limit plus room for the form fields; everything else the smaller JSON cap."""

    def __init__(self, app: ASGIApp, *, max_body: int, max_upload: int) -> None:
        self.app, self.max_body, self.max_upload = app, max_body, max_upload

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope["headers"])
        ctype = headers.get(b"content-type", b"").lower()
        upload = ctype.startswith(b"multipart/")
        limit = self.max_upload + MULTIPART_ROOM if upload else self.max_body
        declared = headers.get(b"content-length")
        if declared is not None:
            try:
                size = int(declared)
            except ValueError:
                size = -1
            if size < 0 or size > limit:
                await _reject(scope, send, 413 if size > limit else 400,
                              _too_large(limit, upload) if size > limit
                              else "invalid Content-Length")
                return
        seen = 0

        async def counted() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:
                    raise BodyTooLarge(limit, upload)
            return message

        await self.app(scope, counted, send)


MULTIPART_ROOM = 1024 * 1024


async def _reject(scope: Scope, send: Send, status: int, message: str) -> None:
    body = json.dumps({"error": {"code": "too_large" if status == 413 else "bad_request",
                                 "message": message}}).encode()
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"),
                            (b"content-length", str(len(body)).encode()),
                            (b"connection", b"close")]})
    await send({"type": "http.response.body", "body": body})


# ------------------------------------------------------------------ response headers

SECURITY_HEADERS = [
    (b"x-frame-options", b"DENY"),
    (b"content-security-policy",
     b"frame-ancestors 'none'; object-src 'none'; base-uri 'self'; form-action 'self'"),
    (b"x-content-type-options", b"nosniff"),
    # action links and calendar feeds carry tokens in their URLs: never send them on
    (b"referrer-policy", b"no-referrer"),
]


class SecurityHeaders:
    """Pages may not be framed by other sites (clickjacking), and no response may leak
    its URL to the sites it links to."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                names = {k.lower() for k, _ in message.get("headers", [])}
                message.setdefault("headers", [])
                message["headers"] = [*message["headers"],
                                      *((k, v) for k, v in SECURITY_HEADERS if k not in names)]
            await send(message)

        await self.app(scope, receive, with_headers)


# ------------------------------------------------------------------ access log

_TOKEN_PATHS = re.compile(r"(/api/followups/act/|/api/calendar/)(?!me\b|feeds?\b)[^/?\s]+")
_TOKEN_QUERY = re.compile(r"([?&](?:token|access_token|key|sign|secret)=)[^&\s]+", re.I)


def redact_path(path: str) -> str:
    """A request path fit for the access log: link and feed tokens removed."""
    return _TOKEN_QUERY.sub(r"\1[redacted]", _TOKEN_PATHS.sub(r"\1[redacted]", path))


class AccessLogRedaction(logging.Filter):
    """uvicorn's access log records full paths; action links and calendar feeds carry
    bearer tokens in them (issue 16, defect 17)."""

    def filter(self, record: logging.LogRecord) -> bool:
        args = record.args
        if isinstance(args, tuple) and len(args) >= 3 and isinstance(args[2], str):
            record.args = (*args[:2], redact_path(args[2]), *args[3:])
        return True


def install_access_log_redaction() -> None:
    logger = logging.getLogger("uvicorn.access")
    if not any(isinstance(f, AccessLogRedaction) for f in logger.filters):
        logger.addFilter(AccessLogRedaction())
