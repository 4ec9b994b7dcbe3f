from __future__ import annotations

import math
import time
from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core.internal import ratelimit as allauth_ratelimit
from django.conf import settings
from django.core.cache import cache
from django.forms import ValidationError
from django.http import HttpRequest
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from intercoop.core.i18n import translate_path
from intercoop.core.ratelimit import RateLimited
from intercoop.core.site import public_site
from intercoop.core.tasks import email_enqueue


class AccountAdapter(DefaultAccountAdapter):
    def pre_authenticate(self, request: HttpRequest, **credentials: Any) -> None:
        """allauth refuses a sign-in past ``login_failed`` with a form error, answered 200: it
        becomes a 429 page with ``Retry-After``, as every other rate limit."""
        try:
            super().pre_authenticate(request, **credentials)
        except ValidationError as exc:
            if exc.code != "too_many_login_attempts":
                raise
            raise RateLimited(
                retry_after=self._login_retry_after(request, **credentials),
                message=_(
                    "Too many failed sign-in attempts. Wait a few minutes and try again, or "
                    "reset your password."
                ),
            ) from None

    def _login_retry_after(self, request: HttpRequest, **credentials: Any) -> int:
        """When the oldest of the failures that fill a limit leaves its window (allauth keeps
        each limit's failures in the cache, newest first)."""
        key = self._get_login_attempts_cache_key(request, **credentials)
        now = time.time()
        waits = []
        for rate in allauth_ratelimit.get_rates(app="allauth.account", action="login_failed"):
            cache_key = allauth_ratelimit.get_cache_key(
                request, app="allauth.account", action="login_failed", rate=rate, key=key
            )
            history = cache.get(cache_key, [])
            if len(history) >= rate.amount:
                waits.append(history[rate.amount - 1] + rate.duration - now)
        return math.ceil(max(waits, default=60))

    def get_login_redirect_url(self, request: HttpRequest) -> str:
        """After signing in, continue in the language of the page the person signed in on.

        The language being read wins over the profile's preference: someone signing in on the
        English site meant to read English, whatever they chose once before.
        """
        url = str(super().get_login_redirect_url(request))
        return translate_path(url, get_language() or settings.LANGUAGE_CODE)

    def send_mail(self, template_prefix: str, email: str, context: dict[str, Any]) -> None:
        # Rendered now, in the reader's language and with the request at hand; sent by a worker,
        # so a slow mail server never holds up a page. The email names the platform and its
        # public address ("Hello from Intercoop!"), not the request's host or nothing.
        context = {"email": email, **context, "current_site": public_site()}
        message = self.render_mail(template_prefix, email, context)
        email_enqueue(message=message)
