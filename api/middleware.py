"""ASGI middleware that must see every request before routing and authentication."""

from __future__ import annotations

from starlette.types import ASGIApp, Receive, Scope, Send

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
