"""Reads of accounts, and what the services check before they write (a token's name)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from intercoop.core.errors import ServiceError


def check_token_name(name: str) -> str:
    name = name.strip()
    if not name or len(name) > 100 or "\x00" in name:
        raise ServiceError(
            _("A token needs a name of 1 to 100 characters, without null characters."),
            code="invalid_token_name",
        )
    return name
