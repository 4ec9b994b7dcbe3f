"""Every API error is ``{"error": {"code": "...", "message": "..."}}`` with a stable code
(``core.errors.error_response`` writes it)."""

from __future__ import annotations

from typing import Any

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


# Any operation may answer these, before its own code runs (core.middleware.RequestBodyMiddleware):
# 400 for text that is not UTF-8 in the query string or body, 413 for a body over the limit.
ANY_REQUEST = (400, 413)
# An operation that takes a token or a session: 401 without one or with a wrong token, 403 when
# two-factor authentication is missing or the session's CSRF token is, 429 after too many wrong
# tokens from one address.
AUTHENTICATED = (401, 403, 429)


def errors(*statuses: int) -> dict[int, type[ErrorOut]]:
    """The ``response=`` entries for an operation's documented error statuses, with those any
    request may get."""
    return dict.fromkeys(sorted({*ANY_REQUEST, *statuses}), ErrorOut)
