"""Labels of facet values in a language: what the search page, the widget and the API show.

(The "label" facet is another sense of the word: the verifiable labels organizations hold.)"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from functools import lru_cache

from django.utils.translation import gettext as _
from django.utils.translation import override

from intercoop.directory.search.query import LABEL
from intercoop.directory.selectors import country_name
from intercoop.labels.models import Achievement
from intercoop.organizations import vocabularies
from intercoop.organizations.models import Organization

FACET_TITLES = {
    "activity": lambda language: vocabularies.title("activity", language),
    "structure": lambda language: vocabularies.title("structure", language),
    "membership_type": lambda language: vocabularies.title("membership_type", language),
}


# Labels come from the compiled catalogues and vocabularies, which do not change while a process
# runs; switching the language for each of a search's facet values cost 7 % of an API search.
@lru_cache(maxsize=256)
def facet_title(facet: str, language: str) -> str:
    if facet in FACET_TITLES:
        return FACET_TITLES[facet](language)
    with override(language):
        return {
            "legal_form": _("Legal form"),
            "kind": _("Kind"),
            "region": _("Region"),
            "country": _("Country"),
            LABEL: _("Labels"),
        }.get(facet, facet)


@lru_cache(maxsize=8192)
def facet_label(facet: str, value: str, language: str) -> str:
    """The label of one value; "" for the empty value (not classified, no region…)."""
    if not value:
        with override(language):
            return _("Not given")
    if facet in ("activity", "structure", "membership_type"):
        return vocabularies.label(facet, value, language)  # type: ignore[arg-type]
    if facet == "country":
        return country_name(value, language)
    if facet == "kind":
        with override(language):
            return str(dict(Organization.Kind.choices).get(value, value))
    return value


def achievement_labels(values: Iterable[str], language: str) -> dict[str, str]:
    """The label facet's values (achievements' uuids) → "<its name>, from <its issuer>", the
    name in ``language``. Read from the database each time, unlike the other facets' labels:
    an issuer may rename an achievement while the process runs. A value of no achievement is
    left out."""
    wanted = {str(uuid.UUID(v)) for v in values}
    if not wanted:
        return {}
    achievements = Achievement.objects.filter(uuid__in=wanted).select_related(
        "issuer__organization"
    )
    with override(language):
        return {
            str(a.uuid): _("%(label)s, from %(issuer)s")
            % {
                "label": a.text("name", language.split("-")[0]),
                "issuer": a.issuer.organization.name,
            }
            for a in achievements
        }
