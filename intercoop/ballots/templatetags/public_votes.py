"""``{% public_votes org %}``: a co-op's verifiable votes whose bulletin board is public, for its
public page. Only what the boards already publish: the title, the state, the links."""

from __future__ import annotations

from typing import Any

from django import template

from intercoop.ballots import selectors
from intercoop.organizations.models import Organization

register = template.Library()


@register.inclusion_tag("ballots/_public_votes.html")
def public_votes(org: Organization) -> dict[str, Any]:
    # Only what the list shows: an election's files and record (its JSON columns, kilobytes
    # each) are for its own pages.
    elections = selectors.public_elections(org).only("state", "decision", "decision__title")
    return {"org": org, "elections": elections}
