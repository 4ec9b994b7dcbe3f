"""The licence under which what a person enters is published, shown where they enter it."""

from __future__ import annotations

from typing import Any

from django import template

from intercoop.directory.licences import entered_licence, licence
from intercoop.organizations.models import Organization

register = template.Library()


@register.inclusion_tag("directory/_licence_note.html")
def licence_note(org: Organization | None = None) -> dict[str, Any]:
    """The note for a profile's form: CC0 for a record entered here; for an imported one, its
    source's licence and attribution."""
    if org is not None and org.source:
        return {
            "imported": True,
            "licence": licence(org.source_licence),
            "licence_code": org.source_licence,
            "attribution": org.source_attribution,
        }
    return {"imported": False, "licence": entered_licence()}
