from __future__ import annotations

from typing import Any

from django import template

from intercoop.organizations.models import Organization
from intercoop.organizations.navigation import Link, nav_links

register = template.Library()


@register.simple_tag(takes_context=True)
def org_nav_links(context: Any, organization: Organization) -> list[Link]:
    """The co-op's sub-navigation for the page being rendered (see navigation.py)."""
    request = context["request"]
    return nav_links(request.user, organization, request.path)
