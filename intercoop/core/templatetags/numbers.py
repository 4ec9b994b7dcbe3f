"""Numbers on pages, in the reader's language."""

from __future__ import annotations

from decimal import Decimal

from django import template
from django.template.defaultfilters import floatformat

from intercoop.core.i18n import PERCENT_SIGN

register = template.Library()


@register.filter
def percent(value: float | Decimal | str | None, decimals: str | int = 1) -> str:
    """``{{ share|percent }}`` → ``33.3 %`` / ``33,3 %``; ``{{ quorum|percent:"-2" }}`` drops
    decimals that are zero, as ``floatformat`` does."""
    if value is None or value == "":
        return ""
    return f"{floatformat(value, decimals)}{PERCENT_SIGN}"
