from __future__ import annotations

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter

from intercoop.core.tasks import email_enqueue


class AccountAdapter(DefaultAccountAdapter):
    def send_mail(self, template_prefix: str, email: str, context: dict[str, Any]) -> None:
        # Rendered now, in the reader's language and with the request at hand; sent by a worker,
        # so a slow mail server never holds up a page.
        message = self.render_mail(template_prefix, email, context)
        email_enqueue(message=message)
