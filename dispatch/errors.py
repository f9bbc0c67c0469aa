"""Domain errors the service raises; the API maps each kind to one HTTP status."""

from __future__ import annotations

from typing import Any


class DispatchError(Exception):
    """Base: a message a user can act on, a machine-readable code, optional details."""

    status = 400
    code = "bad_request"

    def __init__(self, message: str, *, details: Any = None) -> None:
        super().__init__(message)
        self.message = message
        self.details = details


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
