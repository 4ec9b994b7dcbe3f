from __future__ import annotations

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import get_language

from intercoop.core.i18n import translate_path
from intercoop.core.site import public_site
from intercoop.core.site import public_site
from intercoop.core.tasks import email_enqueue


class AccountAdapter(DefaultAccountAdapter):
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
