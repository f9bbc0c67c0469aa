"""Domain errors the service raises; the API maps each kind to one HTTP status."""

from __future__ import annotations

from typing import Any


class DispatchError(Exception):
    """Base: a message a user can act on, a machine-readable code, optional details.

    ``message`` is English (the API's ``error.message``); ``key`` and ``args`` name the
    same refusal in the catalogue (``dispatch.messages``), so a Chinese page says it in
    Chinese (:meth:`said`)."""

    status = 400
    code = "bad_request"

    def __init__(self, message: str, *, details: Any = None, key: str | None = None,
                 args: dict[str, Any] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.details = details
        self.key = key
        self.args_ = dict(args or {})

    def said(self, lang: str) -> str:
        """The refusal in ``lang``: the catalogue's words when it has them, else the
        English message."""
        if lang == "en" or not self.key:
            return self.message
        from dispatch.messages import note_text

        return note_text(self.key, self.args_, lang) or self.message


class InvalidInput(DispatchError):
    status, code = 422, "invalid_input"


class NotFound(DispatchError):
    status, code = 404, "not_found"


class Conflict(DispatchError):
    status, code = 409, "conflict"


class Forbidden(DispatchError):
    status, code = 403, "forbidden"


class TooLarge(DispatchError):
    status, code = 413, "too_large"
