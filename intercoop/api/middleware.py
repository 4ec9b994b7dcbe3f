from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.utils.translation import gettext as _

from intercoop.core.errors import error_response


class JsonMethodNotAllowedMiddleware:
    """ninja answers a method an API address does not take with a plain-text 405; under /api/
    it becomes a JSON error like every other, keeping the Allow header."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.path.startswith("/api/") and isinstance(response, HttpResponseNotAllowed):
            allowed = response["Allow"]
            response = error_response(
                request,
                405,
                "method_not_allowed",
                _("This method is not allowed here. The Allow header lists those that are."),
            )
            response["Allow"] = allowed
        return response
