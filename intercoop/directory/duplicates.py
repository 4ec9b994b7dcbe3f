"""Probable duplicates in the directory: two organizations with the same registry identifier,
the same website, or a near-identical name at the same place.

The batch search never compares every pair: organizations are grouped into blocks (by
registry identifier, by website, by country and postal code, by country and town), and only
organizations of the same block are compared."""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from difflib import SequenceMatcher

from django.db.models import Q, QuerySet, Value
from django.db.models.functions import Replace, Upper
from django.utils.translation import gettext_lazy as _

from intercoop.organizations.models import Organization, RegistryIdentifier

REGISTRY_ID = "registry_id"
WEBSITE = "website"
NAME_AND_PLACE = "name_and_place"
# In the order a pair is reported: a pair with several reasons is reported with the first.
REASONS = {
    REGISTRY_ID: _("same registry identifier"),
    WEBSITE: _("same website"),
    NAME_AND_PLACE: _("near-identical name at the same place"),
}
SIMILARITY = 0.9
# A website shared by more organizations than this is a federation's or a host's site (46
# Country Markets share one in the UK file), not a sign that they are one organization.
SHARED_WEBSITE_LIMIT = 5
# Words that say what legal form an organization has, not which one it is; removed from the
# end of a name ("Leeds Bread Co-operative Limited" is "leeds bread").
LEGAL_SUFFIXES = frozenset(
    {"ltd", "limited", "cooperative", "coop", "society", "cic", "llp", "plc", "inc", "co"}
)
_JOINERS = re.compile("[-'\u2019.]")  # "co-op" is "coop", "o'brien" is "obrien"
_NOT_WORD = re.compile(r"[^a-z0-9]+")
_WEBSITE_PREFIX = re.compile(r"^(?:[a-z][a-z0-9+.-]*://)?(?:www\.)?")
_REGISTRY_NOISE = re.compile(r"[\s.-]")


@dataclass(frozen=True)
class Duplicate:
    other: Organization
    reason: str  # a key of REASONS

    @property
    def reason_label(self) -> str:
        return str(REASONS[self.reason])


def normalize_name(name: str) -> str:
    """Lower case, without accents, punctuation or trailing legal-form words."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    words = _NOT_WORD.sub(" ", _JOINERS.sub("", text)).split()
    while words and words[-1] in LEGAL_SUFFIXES:
        words.pop()
    return " ".join(words)


def normalize_website(url: str) -> str:
    """``https://www.Example.coop/`` and ``http://example.coop`` are both ``example.coop``."""
    return _WEBSITE_PREFIX.sub("", url.strip().lower()).rstrip("/")


def normalize_registry_id(scheme: str, value: str) -> str:
    number = _REGISTRY_NOISE.sub("", value).upper()
    if scheme == RegistryIdentifier.Scheme.COMPANIES_HOUSE and number.isdigit():
        number = number.zfill(8)
    return f"{scheme}:{number}"


def _postal_code(value: str) -> str:
    return value.replace(" ", "").upper()


def _place_keys(org: Organization) -> list[tuple[str, str, str]]:
    keys = []
    if org.postal_code.strip():
        keys.append(("postal_code", org.country.upper(), _postal_code(org.postal_code)))
    if org.locality.strip():
        keys.append(("locality", org.country.upper(), " ".join(org.locality.lower().split())))
    return keys


def similar_names(a: str, b: str) -> bool:
    """Two normalized names, equal or nearly so."""
    if not a or not b:
        return False
    if a == b:
        return True
    matcher = SequenceMatcher(None, a, b, autojunk=False)
    return (
        matcher.real_quick_ratio() >= SIMILARITY
        and matcher.quick_ratio() >= SIMILARITY
        and matcher.ratio() >= SIMILARITY
    )


def _similar_pairs(block: list[tuple[str, int]]) -> Iterable[tuple[int, int]]:
    """Pairs of ids with similar names in one block of (normalized name, id)."""
    block = sorted(block, key=lambda item: len(item[0]))
    # A ratio of 0.9 needs the shorter name to be at least 9/11 of the longer one.
    for i, (name, pk) in enumerate(block):
        for other_name, other_pk in block[i + 1 :]:
            if len(other_name) * SIMILARITY > len(name) * (2 - SIMILARITY):
                break
            if similar_names(name, other_name):
                yield pk, other_pk


def _pairs(
    orgs: dict[int, Organization], registry_ids: Iterable[tuple[int, str, str]]
) -> dict[tuple[int, int], str]:
    """Each probable pair (smaller id first) with its first reason."""
    found: dict[tuple[int, int], str] = {}

    def add(a: int, b: int, reason: str) -> None:
        if a != b:
            found.setdefault((min(a, b), max(a, b)), reason)

    def each_pair(groups: dict[object, set[int]], reason: str, limit: int = 0) -> None:
        for ids in groups.values():
            if limit and len(ids) > limit:
                continue
            ordered = sorted(ids)
            for i, a in enumerate(ordered):
                for b in ordered[i + 1 :]:
                    add(a, b, reason)

    by_registry: dict[object, set[int]] = defaultdict(set)
    for org_id, scheme, value in registry_ids:
        by_registry[normalize_registry_id(scheme, value)].add(org_id)
    each_pair(by_registry, REGISTRY_ID)

    by_website: dict[object, set[int]] = defaultdict(set)
    for org in orgs.values():
        if website := normalize_website(org.website):
            by_website[website].add(org.pk)
    each_pair(by_website, WEBSITE, limit=SHARED_WEBSITE_LIMIT)

    by_place: dict[tuple[str, str, str], list[tuple[str, int]]] = defaultdict(list)
    for org in orgs.values():
        name = normalize_name(org.name)
        for key in _place_keys(org):
            by_place[key].append((name, org.pk))
    for (kind, _country, _place), block in by_place.items():
        if len(block) < 2:
            continue
        if kind == "postal_code":
            # A postal code is a street or a building: a near-identical name there is likely
            # the same organization.
            for a, b in _similar_pairs(block):
                add(a, b, NAME_AND_PLACE)
        else:
            # A whole town holds many similar names ("North Camden" and "South Camden Housing
            # Co-operative"), so sharing only the town takes the same name.
            same_name: dict[object, set[int]] = defaultdict(set)
            for name, pk in block:
                same_name[name].add(pk)
            each_pair(same_name, NAME_AND_PLACE)
    return found


_FIELDS = ("pk", "name", "slug", "website", "country", "postal_code", "locality")


def find_duplicates(
    queryset: QuerySet[Organization] | None = None,
) -> list[tuple[Organization, Organization, str]]:
    """Every probable pair among the organizations, as (older, newer, reason)."""
    qs = Organization.objects.all() if queryset is None else queryset
    orgs = {o.pk: o for o in qs.only(*_FIELDS)}
    ids = RegistryIdentifier.objects.filter(organization__in=qs).values_list(
        "organization_id", "scheme", "value"
    )
    pairs = _pairs(orgs, ids)
    return [(orgs[a], orgs[b], reason) for (a, b), reason in sorted(pairs.items())]


def probable_duplicates(org: Organization) -> list[Duplicate]:
    """The organizations that are probably the same as ``org``."""
    candidates = Q(pk=org.pk)
    if website := normalize_website(org.website):
        candidates |= Q(website__icontains=website)
    place = Q()
    if org.postal_code.strip():
        place |= Q(postal_code_key=_postal_code(org.postal_code))
    if org.locality.strip():
        place |= Q(locality__iexact=org.locality.strip())
    if place:
        candidates |= Q(country__iexact=org.country) & place
    own_ids = list(org.registry_ids.values_list("scheme", "value"))
    for scheme, value in own_ids:
        # Another spelling of the same number ("1234567" for "01234567") is a duplicate too.
        digits = _REGISTRY_NOISE.sub("", value).lstrip("0")
        if digits:
            candidates |= Q(registry_ids__scheme=scheme, registry_ids__value__icontains=digits)
    qs = Organization.objects.annotate(
        postal_code_key=Replace(Upper("postal_code"), Value(" "), Value(""))
    ).filter(candidates)
    pairs = find_duplicates(qs.distinct())
    return [
        Duplicate(other=b if a.pk == org.pk else a, reason=reason)
        for a, b, reason in pairs
        if org.pk in (a.pk, b.pk)
    ]
