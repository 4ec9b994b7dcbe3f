"""How the API knows who calls it: a personal API token of an account, or the browser session
with its CSRF token; tokens and two-factor authentication are the accounts', so is this."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja.errors import AuthorizationError, HttpError
from ninja.security import APIKeyCookie, HttpBearer

from intercoop.accounts.policy import mfa_missing
from intercoop.accounts.services import api_token_authenticate
from intercoop.core.errors import ServiceError
from intercoop.core.ratelimit import client_address, rate_limit


class TokenAuth(HttpBearer):
    """``Authorization: Bearer ic_…`` with a personal API token."""

    openapi_description = "A personal API token, created on the account's “API tokens” page."

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        # Guessing tokens from one address stops at the limit, whatever the guess.
        address = client_address(request)
        rate_limit("token_failed", address, count=False)
        user = api_token_authenticate(secret=token)
        if user is None:
            rate_limit("token_failed", address)
            # A token was presented and is wrong: say so, rather than falling back to the session.
            raise ServiceError(
                _("The API token is wrong, revoked or expired."), code="invalid_token", status=401
            )
        if mfa_missing(user):
            raise ServiceError(
                _("Your account must have two-factor authentication set up first."),
                code="mfa_required",
                status=403,
            )
        request.user = user
        return user


class SessionAuth(APIKeyCookie):
    """The browser session; unsafe methods also need the CSRF token (``X-CSRFToken``)."""

    param_name = "sessionid"

    def __init__(self) -> None:
        super().__init__(csrf=True)

    def _get_key(self, request: HttpRequest) -> str | None:
        if self.param_name not in request.COOKIES:
            # No session, so nothing for CSRF to protect: the caller is simply not
            # authenticated (401), rather than failing a CSRF check (403).
            return None
        try:
            return super()._get_key(request)
        except HttpError as exc:
            # ninja reports a CSRF failure as a bare 403; as an AuthorizationError the API's
            # handler answers with the stable code ``csrf_failed``.
            raise AuthorizationError(message=str(exc.message)) from None

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            return user
        return None


token_or_session = [TokenAuth(), SessionAuth()]


def caller(request: HttpRequest) -> Any:
    """Who calls a public operation that shows more to some people: the owner of the API token
    sent, else the session's user (perhaps anonymous). A wrong token is refused, as on private
    operations. Safe methods only: the session is trusted without a CSRF check."""
    if request.headers.get("Authorization"):
        user = TokenAuth()(request)
        if user:
            return user
    return request.user
