from __future__ import annotations

from collections.abc import Callable
from urllib.parse import unquote_to_bytes

import csp.middleware
from csp.constants import HEADER, HEADER_REPORT_ONLY
from csp.middleware import CheckableLazyObject, PolicyParts
from csp.utils import build_policy
from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.http.multipartparser import MultiPartParserError
from django.shortcuts import render
from django.utils.translation import gettext as _

from intercoop.core.errors import error_response
from intercoop.core.ratelimit import RateLimited

# Powerful browser features no page of the platform uses.
PERMISSIONS_POLICY = (
    "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()"
)


class CSPMiddleware(csp.middleware.CSPMiddleware):
    """django-csp's middleware, with the site's own policy built once instead of per answer.

    Building the header (dataclass copies, the directives sorted and joined) was a fifth of
    the time of a short request. An answer with its own policy (a view's ``csp_update`` or
    ``csp_replace``, the booth's nonce) still goes through django-csp as before; the policy
    is built again whenever the settings object changes (tests override it).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        super().__init__(get_response)
        self._built: tuple[object, object, str, str] | None = None

    def _site_policy(self) -> tuple[str, str]:
        config = getattr(settings, "CONTENT_SECURITY_POLICY", None)
        config_ro = getattr(settings, "CONTENT_SECURITY_POLICY_REPORT_ONLY", None)
        built = self._built
        if built is None or built[0] is not config or built[1] is not config_ro:
            built = (config, config_ro, build_policy(), build_policy(report_only=True))
            self._built = built
        return built[2], built[3]

    def process_response(
        self, request: HttpRequest, response: HttpResponseBase
    ) -> HttpResponseBase:
        plain = PolicyParts()
        if (
            settings.DEBUG
            or self.get_policy_parts(request=request, response=response) != plain
            or self.get_policy_parts(request=request, response=response, report_only=True) != plain
        ):
            return super().process_response(request, response)
        policy, policy_ro = self._site_policy()
        for header, value, exempt, setting in (
            (HEADER, policy, "_csp_exempt", "CONTENT_SECURITY_POLICY"),
            (
                HEADER_REPORT_ONLY,
                policy_ro,
                "_csp_exempt_ro",
                "CONTENT_SECURITY_POLICY_REPORT_ONLY",
            ),
        ):
            if not value or header in response or getattr(response, exempt, False) is not False:
                continue
            prefixes = (getattr(settings, setting, None) or {}).get("EXCLUDE_URL_PREFIXES") or ()
            if not request.path_info.startswith(tuple(prefixes)):
                response[header] = value
        if getattr(request, "_csp_nonce", None) is None:
            request.csp_nonce = CheckableLazyObject(  # type: ignore[attr-defined]
                self._csp_nonce_post_response
            )
        return response


class HealthCheckMiddleware:
    """Answers ``GET /healthz`` (and HEAD) before the session, language, CSRF, authentication,
    message and MFA layers, which a health check needs none of: a load balancer asks every few
    seconds. The layers above it still run (HTTPS redirect, security headers, CSP, permissions
    policy), and it adds the ``X-Frame-Options`` of the one below. Any other method goes on to
    the view, which refuses it as before."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path_info == "/healthz" and request.method in ("GET", "HEAD"):
            from intercoop.core.views import health_answer

            response: HttpResponse = health_answer()
            response.headers.setdefault("X-Frame-Options", settings.X_FRAME_OPTIONS)
            return response
        return self.get_response(request)


class PermissionsPolicyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response


def refusal(request: HttpRequest, status: int, code: str, title: str, message: str) -> HttpResponse:
    """An error answered before any view: the API's JSON envelope under /api/, else a page in
    the reader's language."""
    if request.path.startswith("/api/"):
        return error_response(request, status, code, message)
    return render(request, "core/error.html", {"title": title, "message": message}, status=status)


def too_large_message(limit: int) -> str:
    megabytes = f"{limit / (1024 * 1024):.1f}".removesuffix(".0")
    return _("What you sent is too large: at most %(mb)s MB is accepted.") % {"mb": megabytes}


def _is_utf8(raw: bytes) -> bool:
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _form_is_utf8(raw: bytes) -> bool:
    """Whether every name and value of a query string or urlencoded body is UTF-8 once its
    %-escapes are undone (Django would quietly put U+FFFD in place of each bad byte)."""
    return all(_is_utf8(unquote_to_bytes(part)) for part in raw.replace(b"+", b" ").split(b"&"))


class RequestBodyMiddleware:
    """Refuses, before any view reads it, a request body larger than the platform takes (413)
    and text that is not UTF-8 (400), on every route, so that neither surfaces as a 500 nor is
    stored with replacement characters.

    Placed after the locale and authentication middleware, so that its pages speak the reader's
    language, and before any ``process_view`` (the CSRF check reads the body)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        refused = self._too_large(request) or self._not_utf8(request)
        return refused or self.get_response(request)

    def _too_large(self, request: HttpRequest) -> HttpResponse | None:
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        multipart = request.content_type == "multipart/form-data"
        # A multipart body carries files, which Django streams to disk: they have a limit of
        # their own. Every other body is held in memory.
        limit = settings.UPLOAD_MAX_BYTES if multipart else settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        if limit is None or length <= limit:
            if multipart and request.method == "POST":
                try:
                    # Its text fields count against DATA_UPLOAD_MAX_MEMORY_SIZE.
                    request.POST  # noqa: B018 -- parsing it is the check
                except RequestDataTooBig:
                    return self._refuse_size(request, settings.DATA_UPLOAD_MAX_MEMORY_SIZE)
                except MultiPartParserError:
                    return refusal(
                        request,
                        400,
                        "bad_request",
                        _("Bad request"),
                        _("The request could not be understood."),
                    )
            return None
        return self._refuse_size(request, limit)

    def _refuse_size(self, request: HttpRequest, limit: int) -> HttpResponse:
        return refusal(request, 413, "too_large", _("Too large"), too_large_message(limit))

    def _not_utf8(self, request: HttpRequest) -> HttpResponse | None:
        query = request.META.get("QUERY_STRING", "")
        # WSGI hands the query string over as bytes decoded as Latin-1.
        ok = _form_is_utf8(query.encode("latin-1", errors="replace"))
        if ok and request.method not in ("GET", "HEAD", "OPTIONS"):
            charset = (request.content_params or {}).get("charset", "utf-8").lower()
            if charset in ("utf-8", "utf8"):
                ok = self._body_is_utf8(request)
        if ok:
            return None
        return refusal(
            request,
            400,
            "invalid_encoding",
            _("Unreadable text"),
            _("Some of the text sent is not valid UTF-8. Send it again from the form."),
        )

    def _body_is_utf8(self, request: HttpRequest) -> bool:
        content_type = request.content_type or ""
        if content_type == "application/x-www-form-urlencoded":
            return _form_is_utf8(request.body)
        if content_type == "application/json" or content_type.endswith("+json"):
            return _is_utf8(request.body)
        if content_type == "multipart/form-data":
            # Files may hold anything; Django has already decoded the text fields, putting
            # U+FFFD in place of each byte that was not UTF-8.
            return not any(
                "\ufffd" in value for _name, values in request.POST.lists() for value in values
            )
        return True


class RateLimitedMiddleware:
    """A rate limit reached in a view (``core.ratelimit.RateLimited``) becomes a 429 with
    ``Retry-After``: a page in the reader's language, or the JSON error under /api/."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, RateLimited):
            return None
        return rate_limited_response(request, exception)


def rate_limited_response(request: HttpRequest, exc: RateLimited) -> HttpResponse:
    response = refusal(request, 429, exc.code, _("Too many requests"), exc.message)
    response["Retry-After"] = str(exc.retry_after)
    return response
