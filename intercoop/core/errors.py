from __future__ import annotations

from typing import Any

from django.http import HttpRequest, JsonResponse


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


def error_response(
    request: HttpRequest,
    status: int,
    code: str,
    message: str,
    details: list[dict[str, Any]] | None = None,
) -> JsonResponse:
    """An error as the API answers it: ``{"error": {"code", "message"}}`` (``details`` when
    given), whether the API answers or the platform does before any view (core.middleware,
    core.views); its schema, ``ErrorOut``, is in api.errors."""
    body: dict[str, Any] = {"code": code, "message": str(message)}
    if details is not None:
        body["details"] = details
    return JsonResponse({"error": body}, status=status)
