from __future__ import annotations


class ServiceError(Exception):
    """A refusal by a service, with a stable machine code and a message for people.

    Web views show the message; the API returns ``{"error": {"code", "message"}}`` with
    ``status``.
    """

    code = "invalid"
    status = 400

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
