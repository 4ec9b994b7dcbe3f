from __future__ import annotations

import logging

from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from intercoop.core.errors import error_response

logger = logging.getLogger(__name__)


def _database_answers() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        logger.exception("health check: database unreachable")
        return False
    return True


def health_answer() -> JsonResponse:
    """For load balancers and monitoring (documented in the README): JSON, 200 or 503, never
    cached. ``HealthCheckMiddleware`` gives it before the session, language, CSRF and
    authentication layers, which it does not need; the view below is the same answer."""
    if _database_answers():
        response = JsonResponse({"status": "ok", "database": "ok"})
    else:
        response = JsonResponse({"status": "unavailable", "database": "unreachable"}, status=503)
    add_never_cache_headers(response)
    return response


@require_safe
def healthz(request: HttpRequest) -> JsonResponse:
    return health_answer()


@never_cache
@require_safe
def status(request: HttpRequest) -> HttpResponse:
    """The same check as ``healthz``, for people: the footer's Status link."""
    database = _database_answers()
    return render(
        request, "core/status.html", {"database": database}, status=200 if database else 503
    )


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    logger.warning("CSRF failure on %s: %s", request.path, reason)
    if request.path.startswith("/api/"):
        return error_response(
            request, 403, "csrf_failed", _("The CSRF check failed. Send the CSRF token.")
        )
    return render(request, "core/csrf_failure.html", status=403)


def _error_page(request: HttpRequest, status: int, title: str, message: str) -> HttpResponse:
    if request.path.startswith("/api/"):
        codes = {400: "bad_request", 403: "forbidden", 404: "not_found", 500: "internal_error"}
        return error_response(request, status, codes[status], message)
    return render(request, "core/error.html", {"title": title, "message": message}, status=status)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error_page(request, 400, _("Bad request"), _("The request could not be understood."))


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error_page(request, 403, _("Not allowed"), _("You do not have permission to do this."))


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error_page(request, 404, _("Page not found"), _("There is nothing at this address."))


def server_error(request: HttpRequest) -> HttpResponse:
    # Rendered without the database or the request context: it may be what failed.
    if request.path.startswith("/api/"):
        return JsonResponse(
            {
                "error": {
                    "code": "internal_error",
                    "message": _("Something went wrong on our side."),
                }
            },
            status=500,
        )
    from django.template import loader

    body = loader.get_template("500.html").render({})
    return HttpResponse(body, status=500)
