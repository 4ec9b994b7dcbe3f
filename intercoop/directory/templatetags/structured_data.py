from __future__ import annotations

from typing import Any

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from intercoop.directory.jsonld import script_json

register = template.Library()


@register.filter
def jsonld_script(data: Any) -> SafeString:
    """A ``<script type="application/ld+json">`` data block. Browsers never execute it, so the
    CSP allows it; ``script_json`` escapes ``<``, ``>`` and ``&`` so no value can close it."""
    return format_html(
        '<script type="application/ld+json">{}</script>',
        mark_safe(script_json(data)),  # noqa: S308 - escaped for a <script> element above
    )
