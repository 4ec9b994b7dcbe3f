from __future__ import annotations

from typing import Any


class ServiceError(Exception):
    """A refusal by a service, with a stable machine code and a message for people.

    Web views show the message; the API returns ``{"error": {"code", "message"}}`` with
    ``status``.
    """

    code = "invalid"
    status = 400
    # Where in the request the refused value is, for the API: [{"loc": [...], "msg": "..."}].
    details: list[dict[str, Any]] | None = None

    def __init__(self, message: str, *, code: str | None = None, status: int | None = None):
        super().__init__(message)
        self.message = message
        if code is not None:
            self.code = code
        if status is not None:
            self.status = status


class Conflict(ServiceError):
    code = "conflict"
    status = 409


class Gone(ServiceError):
    code = "gone"
    status = 410
