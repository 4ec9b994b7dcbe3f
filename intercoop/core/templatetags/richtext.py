"""``{{ text|markdown }}``: people's rich text as safe HTML (see ``intercoop.core.richtext``)."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.safestring import SafeString, mark_safe

from intercoop.core.richtext import markdown_to_html

register = template.Library()


@register.filter
def markdown(value: Any) -> SafeString:
    # Safe: markdown-it escapes raw HTML and nh3 then keeps only the allowed tags, attributes
    # and URL schemes.
    return mark_safe(markdown_to_html(str(value or "")))  # noqa: S308
