"""``{% organization_labels org %}``: the labels an organization holds, for its public page, each
checked live (its proof, its issuer's key, its dates, its status lists): a label expired,
suspended or revoked shows as not valid."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django import template
from django.utils.translation import get_language

from intercoop.labels import selectors
from intercoop.labels.models import Achievement, Credential, Endorsement
from intercoop.labels.verifier import verify_credential
from intercoop.organizations.models import Organization

register = template.Library()


@dataclass(frozen=True)
class HeldLabel:
    credential: Credential
    name: str  # in the label's language
    issuer: str
    valid: bool


@dataclass(frozen=True)
class CheckedEndorsement:
    endorsement: Endorsement
    endorser: str
    valid: bool


def checked_endorsements(endorsements: Iterable[Endorsement]) -> list[CheckedEndorsement]:
    """Endorsements, each checked live: one withdrawn (revoked in its list) shows not valid."""
    return [
        CheckedEndorsement(
            endorsement=e,
            endorser=e.endorser.organization.name,
            valid=verify_credential(json.loads(e.document)).ok,
        )
        for e in endorsements
    ]


@register.filter
def in_page_language(achievement: Achievement, field: str) -> str:
    """``{{ achievement|in_page_language:"name" }}``: its name, description or criteria in the
    language of the page (English if the page's is none of the three)."""
    return achievement.text(field, (get_language() or "en")[:2])


@register.inclusion_tag("labels/_organization_labels.html")
def organization_labels(org: Organization) -> dict[str, Any]:
    held = [
        HeldLabel(
            credential=credential,
            name=credential.achievement.text("name", credential.language),
            issuer=credential.achievement.issuer.organization.name,
            valid=verify_credential(json.loads(credential.document)).ok,
        )
        for credential in selectors.labels_held_by(org)
    ]
    endorsed = checked_endorsements(selectors.endorsements_of_organization(org))
    return {"org": org, "held": held, "endorsed": endorsed}
