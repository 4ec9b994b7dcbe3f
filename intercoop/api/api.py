from __future__ import annotations

import logging

from django.conf import settings
from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, AuthorizationError, HttpError, ValidationError

from intercoop.api.docs import ReferenceDocs
from intercoop.api.errors import STATUS_CODES
from intercoop.core.errors import ServiceError, error_response
from intercoop.core.middleware import rate_limited_response, too_large_message
from intercoop.core.ratelimit import RateLimited

logger = logging.getLogger(__name__)


api = NinjaAPI(
    title="Intercoop API",
    version="1",
    description=(
        "Open API of the Intercoop platform. Public data needs no authentication; private data "
        "needs a personal API token (`Authorization: Bearer ic_…`) or a signed-in browser "
        'session with its CSRF token. Errors are `{"error": {"code", "message"}}`.'
    ),
    urls_namespace="api",
    docs=ReferenceDocs(),
    docs_url="/docs",
)
# The apps with operations add their routers to it when Django starts, each in its
# AppConfig.ready, in the order of INSTALLED_APPS: /me (accounts), /organizations
# (organizations; the directory adds the search to it), /regions and /exports (directory),
# /credentials (labels).


@api.exception_handler(ServiceError)
def on_service_error(request: HttpRequest, exc: ServiceError) -> HttpResponse:
    return error_response(request, exc.status, exc.code, exc.message, exc.details)


@api.exception_handler(RateLimited)
def on_rate_limited(request: HttpRequest, exc: RateLimited) -> HttpResponse:
    return rate_limited_response(request, exc)


@api.exception_handler(ValidationError)
def on_validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    details = [
        {"loc": [str(p) for p in e.get("loc", [])], "msg": str(e.get("msg", ""))}
        for e in exc.errors
    ]
    return error_response(
        request, 422, "validation_error", _("Some input is missing or invalid."), details
    )


@api.exception_handler(AuthenticationError)
def on_authentication_error(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return error_response(
        request, 401, "not_authenticated", _("Authentication is required for this request.")
    )


@api.exception_handler(AuthorizationError)
def on_authorization_error(request: HttpRequest, exc: AuthorizationError) -> HttpResponse:
    if "CSRF" in str(exc.message):
        return error_response(
            request, 403, "csrf_failed", _("The CSRF check failed. Send the CSRF token.")
        )
    return error_response(request, 403, "forbidden", _("You are not allowed to do this."))


@api.exception_handler(PermissionDenied)
def on_permission_denied(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return error_response(request, 403, "forbidden", _("You are not allowed to do this."))


@api.exception_handler(Http404)
def on_not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return error_response(request, 404, "not_found", _("Not found."))


@api.exception_handler(HttpError)
def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    return error_response(
        request, exc.status_code, STATUS_CODES.get(exc.status_code, "error"), str(exc.message)
    )


@api.exception_handler(RequestDataTooBig)
def on_request_data_too_big(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
    # Bodies with a Content-Length are refused earlier (core.middleware.RequestBodyMiddleware);
    # this is one without, which Django stops reading at the limit.
    message = too_large_message(settings.DATA_UPLOAD_MAX_MEMORY_SIZE)
    return error_response(request, 413, "too_large", message)


@api.exception_handler(Exception)
def on_unexpected(request: HttpRequest, exc: Exception) -> HttpResponse:
    logger.exception("API error on %s %s", request.method, request.path)
    return error_response(request, 500, "internal_error", _("Something went wrong on our side."))
