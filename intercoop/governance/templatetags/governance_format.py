"""Presentation filters of the governance pages."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

if TYPE_CHECKING:
    from intercoop.governance.selectors.meetings import AgendaOutcome

register = template.Library()


@register.filter(is_safe=True)
def email_breaks(value: Any) -> SafeString:
    """An e-mail address, escaped, that may wrap after the "@" and before each dot of the
    domain (a ``<wbr>`` there) rather than between any two letters."""
    text = str(value or "")
    local, at, domain = text.partition("@")
    if not at:
        return mark_safe(escape(text))  # noqa: S308 - escaped just above
    parts = [escape(p) for p in domain.split(".")]
    return mark_safe(escape(local) + "@<wbr>" + "<wbr>.".join(parts))  # noqa: S308 - escaped


@register.filter
def resolution_outcome(decision: Any) -> AgendaOutcome | None:
    """A closed resolution's outcome for the meeting's agenda, or None while it is not closed;
    see :func:`intercoop.governance.selectors.meetings.agenda_outcome`."""
    from intercoop.governance.selectors.meetings import agenda_outcome

    return agenda_outcome(decision)
