"""Every API error is ``{"error": {"code": "...", "message": "..."}}`` with a stable code."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, JsonResponse
from ninja import Schema

STATUS_CODES = {
    400: "bad_request",
    401: "not_authenticated",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    410: "gone",
    413: "too_large",
    422: "validation_error",
    429: "rate_limited",
    500: "internal_error",
}


class ErrorBody(Schema):
    code: str
    message: str
    details: list[dict[str, Any]] | None = None


class ErrorOut(Schema):
    error: ErrorBody


def error_response(
    request: HttpRequest,
    status: int,
    code: str,
    message: str,
    details: list[dict[str, Any]] | None = None,
) -> JsonResponse:
    body: dict[str, Any] = {"code": code, "message": str(message)}
    if details is not None:
        body["details"] = details
    return JsonResponse({"error": body}, status=status)


def errors(*statuses: int) -> dict[int, type[ErrorOut]]:
    """The ``response=`` entries for an operation's documented error statuses."""
    return dict.fromkeys(statuses, ErrorOut)
