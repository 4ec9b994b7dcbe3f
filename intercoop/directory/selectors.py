"""What the directory's pages show of an organization, computed once here rather than in
templates: translated terms, vocabulary labels, country names, licences and attributions; and
what the services read of the search index before they compact it."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cache

from babel import Locale, UnknownLocaleError
from django.db import connection
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from intercoop.directory.importers import coops_uk, murmurations
from intercoop.directory.licences import licence
from intercoop.organizations import vocabularies
from intercoop.organizations.models import Organization


@dataclass(frozen=True)
class Source:
    name: str  # a proper name, shown as is in every language
    language: str  # the language of its attribution text


# Where imported records come from: ``Organization.source`` → the source's name.
SOURCES = {
    coops_uk.SOURCE: Source(name="Co-operatives UK", language="en"),
    murmurations.SOURCE: Source(name="Murmurations", language="en"),
}


@dataclass(frozen=True)
class Value:
    """One ``<dd>``: text, a link when ``href`` is set, in another language when ``lang`` is."""

    text: str
    href: str = ""
    external: bool = False  # a link to another site: rel="nofollow noopener"
    licence: bool = False  # a link to a licence: rel="license"
    lang: str = ""
    multiline: bool = False


@dataclass(frozen=True)
class Fact:
    """One ``<dt>`` and its values."""

    term: str
    values: list[Value]


@dataclass(frozen=True)
class FactGroup:
    """One heading and its definition list."""

    key: str  # stable, for the page's ids
    heading: str
    facts: list[Fact] = field(default_factory=list)


@dataclass(frozen=True)
class Attribution:
    text: str
    lang: str
    licence_name: str
    licence_url: str


@cache
def _locale(language: str) -> Locale | None:
    try:
        return Locale.parse(language.replace("-", "_"))
    except (ValueError, UnknownLocaleError):
        return None


def country_name(code: str, language: str) -> str:
    """The country's name in the language (``GB`` → ``Royaume-Uni``), or the code itself."""
    code = code.upper()
    locale = _locale(language) or _locale("en")
    names = locale.territories if locale is not None else {}
    return str(names.get(code, code))


def _date(value: date | datetime) -> str:
    if isinstance(value, datetime):
        value = timezone.localdate(value)
    return formats.date_format(value, "DATE_FORMAT")


def _coordinate(value: float) -> str:
    return formats.number_format(value, 5)


def _fact(term: str, *values: Value) -> Fact | None:
    kept = [v for v in values if v.text]
    return Fact(term, kept) if kept else None


def _group(key: str, heading: str, *facts: Fact | None) -> FactGroup | None:
    kept = [f for f in facts if f is not None]
    return FactGroup(key, heading, kept) if kept else None


def _legal_identity(org: Organization) -> FactGroup | None:
    registry_ids = sorted(org.registry_ids.all(), key=lambda r: (r.scheme, r.value))
    return _group(
        "legal",
        _("Legal identity"),
        _fact(_("Legal name"), Value(org.legal_name)),
        _fact(_("Legal form"), Value(org.legal_form)),
        _fact(
            pgettext("of an organization", "Status"),
            Value(org.get_status_display() if org.status else ""),
        ),
        _fact(_("Founded on"), Value(_date(org.founded_on) if org.founded_on else "")),
        _fact(
            ngettext("Registry identifier", "Registry identifiers", len(registry_ids)),
            *(
                Value(
                    _("%(registry)s: %(identifier)s")
                    % {"registry": r.get_scheme_display(), "identifier": r.value}
                )
                for r in registry_ids
            ),
        ),
    )


def _classification(org: Organization, language: str) -> FactGroup | None:
    schemes: list[tuple[vocabularies.Scheme, str]] = [
        ("structure", org.structure),
        ("activity", org.activity),
        ("membership_type", org.membership_type),
    ]
    return _group(
        "classification",
        _("Classification"),
        *(
            _fact(
                vocabularies.title(scheme, language),
                Value(vocabularies.label(scheme, code, language) if code else ""),
            )
            for scheme, code in schemes
        ),
    )


def _place(org: Organization, language: str) -> FactGroup | None:
    coordinates: list[Value] = []
    if org.latitude is not None and org.longitude is not None:
        lat, lon = round(org.latitude, 5), round(org.longitude, 5)
        coordinates = [
            Value(
                _("latitude %(latitude)s, longitude %(longitude)s")
                % {"latitude": _coordinate(lat), "longitude": _coordinate(lon)}
            ),
            Value(
                _("Show on OpenStreetMap"),
                href=f"https://www.openstreetmap.org/?mlat={lat}&mlon={lon}#map=16/{lat}/{lon}",
                external=True,
            ),
        ]
    return _group(
        "place",
        _("Place"),
        _fact(_("Street address"), Value(org.street_address.strip(), multiline=True)),
        _fact(_("Town or city"), Value(org.locality)),
        _fact(_("Region"), Value(org.region)),
        _fact(_("Postal code"), Value(org.postal_code)),
        _fact(_("Country"), Value(country_name(org.country, language) if org.country else "")),
        _fact(_("Coordinates"), *coordinates),
        _fact(
            _("Geographic scope"),
            Value(org.get_geographic_scope_display() if org.geographic_scope else ""),
        ),
    )


def _contact(org: Organization) -> FactGroup | None:
    phone_digits = "".join(c for c in org.phone if c.isdigit() or c == "+")
    return _group(
        "contact",
        _("Contact"),
        _fact(_("Website"), Value(org.website, href=org.website, external=True)),
        _fact(_("Email address"), Value(org.email, href=f"mailto:{org.email}")),
        _fact(
            _("Telephone"),
            Value(org.phone, href=f"tel:{phone_digits}" if phone_digits else ""),
        ),
    )


def _provenance(org: Organization) -> FactGroup | None:
    if not org.source:
        return None
    source = SOURCES.get(org.source)
    parts = [source.name if source else org.source]
    if org.source_id:
        parts.append(_("identifier %(identifier)s") % {"identifier": org.source_id})
    if org.imported_at:
        parts.append(_("imported on %(date)s") % {"date": _date(org.imported_at)})
    known = licence(org.source_licence)
    return _group(
        "provenance",
        _("Provenance"),
        _fact(_("Source"), Value(", ".join(parts))),
        _fact(
            _("Licence"),
            Value(known.name, href=known.url, licence=True) if known else Value(org.source_licence),
        ),
        _fact(
            _("Attribution"),
            Value(org.source_attribution, lang=source.language if source else ""),
        ),
    )


def profile_facts(org: Organization, language: str) -> list[FactGroup]:
    """The organization's profile as headed groups of terms and values, in the language;
    only the facts that have a value, only the groups that have a fact."""
    with translation.override(language):
        groups = [
            _legal_identity(org),
            _classification(org, language),
            _place(org, language),
            _contact(org),
            _provenance(org),
        ]
    return [g for g in groups if g is not None]


def attributions(orgs: Iterable[Organization]) -> list[Attribution]:
    """The distinct attributions (with their licences) that these organizations' data requires,
    in a stable order."""
    return source_attributions((o.source, o.source_attribution, o.source_licence) for o in orgs)


def source_attributions(sources: Iterable[tuple[str, str, str]]) -> list[Attribution]:
    """The same, of records given as (source, attribution, licence)."""
    found: dict[tuple[str, str], Attribution] = {}
    for source_name, attribution, code in sources:
        if not attribution:
            continue
        key = (attribution, code)
        if key not in found:
            known = licence(code)
            source = SOURCES.get(source_name)
            found[key] = Attribution(
                text=attribution,
                lang=source.language if source else "",
                licence_name=known.name if known else code,
                licence_url=known.url if known else "",
            )
    return [found[key] for key in sorted(found)]


@dataclass(frozen=True)
class ListRow:
    org: Organization
    activity: str


def list_rows(orgs: Iterable[Organization], language: str) -> list[ListRow]:
    """The directory list's rows: each organization with its activity's label in the language."""
    return [
        ListRow(org, vocabularies.label("activity", org.activity, language) if org.activity else "")
        for org in orgs
    ]


def map_names(ids: Iterable[int]) -> dict[int, tuple[str, str]]:
    """The (slug, name) of the organizations the map draws alone, each a link to its page."""
    wanted = list(ids)
    if not wanted:
        return {}
    rows = Organization.objects.filter(pk__in=wanted).values_list("pk", "slug", "name")
    return {pk: (slug, name) for pk, slug, name in rows}


def search_rows_order() -> float:
    """PostgreSQL: the correlation, from the last ANALYZE, between the search rows' key and
    their physical order (1 when in order; 1 too when there are no rows)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT correlation FROM pg_stats WHERE schemaname = current_schema() "
            "AND tablename = 'directory_search_row' AND attname = 'key'"
        )
        row = cursor.fetchone()
    return 1.0 if row is None or row[0] is None else float(row[0])
