from __future__ import annotations

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from django.http import HttpRequest
from django.urls import translate_url

from intercoop.core.tasks import email_enqueue


class AccountAdapter(DefaultAccountAdapter):
    def get_login_redirect_url(self, request: HttpRequest) -> str:
        """After signing in, continue in the person's preferred language if they chose one."""
        url = str(super().get_login_redirect_url(request))
        language = getattr(request.user, "language", "")
        return translate_url(url, language) if language else url

    def send_mail(self, template_prefix: str, email: str, context: dict[str, Any]) -> None:
        # Rendered now, in the reader's language and with the request at hand; sent by a worker,
        # so a slow mail server never holds up a page.
        message = self.render_mail(template_prefix, email, context)
        email_enqueue(message=message)
