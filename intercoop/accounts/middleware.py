from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from intercoop.accounts.policy import mfa_missing
from intercoop.core.errors import error_response

# The pages someone who must set up MFA can still reach: the MFA set-up itself, what it needs
# (re-authentication), signing out, and switching language.
_ALLOWED = {
    "mfa_index",
    "mfa_authenticate",
    "mfa_reauthenticate",
    "mfa_activate_totp",
    "mfa_view_recovery_codes",
    "mfa_generate_recovery_codes",
    "mfa_download_recovery_codes",
    "account_reauthenticate",
    "account_logout",
    "account_login",
    "set_language",
}


class RequireMFAMiddleware:
    """Sends people who must use MFA (see ``policy.mfa_required``) to set it up first."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view_func: Any, view_args: Any, view_kwargs: Any
    ) -> HttpResponse | None:
        match = request.resolver_match
        if match is None or match.url_name in _ALLOWED or request.path.startswith("/static/"):
            return None
        if not mfa_missing(request.user):
            return None
        if request.path.startswith("/api/"):
            return error_response(
                request,
                403,
                "mfa_required",
                _("Your account must have two-factor authentication set up first."),
            )
        messages.warning(
            request,
            _(
                "Platform staff and election trustees must set up two-factor authentication "
                "before going any further."
            ),
        )
        return redirect("mfa_activate_totp")
