"""Murmurations profiles (schema ``organizations_schema-v1.0.0``): an organization as a profile,
a profile checked against the official schema, and a profile as organization fields.

Validation reads the schema and its field definitions from ``data/murmurations/`` only: a
``$ref`` to anything else is an error, never a network request. ``validate`` and
``profile_to_fields`` are plain Python; ``profile`` reads an ``Organization``.
"""

from __future__ import annotations

import calendar
import json
import re
from collections.abc import Callable
from datetime import UTC, date, datetime
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from babel import Locale
from jsonschema import Draft7Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT7

from intercoop.directory.licences import licence
from intercoop.organizations import vocabularies

if TYPE_CHECKING:
    from intercoop.organizations.models import Organization

SCHEMA = "organizations_schema-v1.0.0"
DATA_DIR = Path(__file__).resolve().parent / "data" / "murmurations"

# Organization.status ↔ the schema's status. A dissolved organization has "completed".
_STATUS_OUT = {
    "forming": "in_planning",
    "active": "active",
    "dormant": "on_hold",
    "dissolved": "completed",
}
_STATUS_IN = {
    "in_planning": "forming",
    "active": "active",
    "on_hold": "dormant",
    "completed": "dissolved",
    "cancelled": "dissolved",
}
# Relationship.predicate → a predicate URL. "supplier of" has no agreed vocabulary term yet,
# so it is not published rather than published under an invented one.
_PREDICATES = {"member_of": "https://schema.org/memberOf"}
_HTTP_URL = re.compile(r"^https?://\S+$", re.IGNORECASE)
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_LOCAL_FILE = re.compile(r"^(schemas|fields)/[a-z0-9_.-]+\.json$")

# The longest value the directory stores for each field (Organization's field lengths).
_MAX_LENGTHS = {
    "nickname": 100,
    "website": 200,
    "phone": 50,
    "email": 254,
    "locality": 200,
    "region": 200,
    "postal_code": 32,
    "source_id": 100,
}


class ProfileRefused(ValueError):
    """The profile is not a valid Murmurations organization profile. ``errors`` says why."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__("; ".join(errors))
        self.errors = errors


# --- validation -------------------------------------------------------------------------


def _schema_path(root: Path) -> Path:
    return root / "schemas" / f"{SCHEMA}.json"


def _local_retriever(root: Path, base: str) -> Callable[[str], Resource[Any]]:
    """Resolve ``base``-relative URIs (the schema's ``$id`` is under ``base``) to files under
    ``root``; refuse every other URI instead of fetching it."""

    def retrieve(uri: str) -> Resource[Any]:
        relative = uri[len(base) :] if uri.startswith(base) else ""
        path = root / relative
        if not _LOCAL_FILE.match(relative) or not path.is_file():
            raise LookupError(f"{uri} is not one of the local Murmurations files in {root}")
        return Resource.from_contents(
            json.loads(path.read_text(encoding="utf-8")), default_specification=DRAFT7
        )

    return retrieve


@cache
def validator(root: Path = DATA_DIR) -> Draft7Validator:
    """A validator for the organizations schema kept under ``root`` (built once per root)."""
    schema = json.loads(_schema_path(root).read_text(encoding="utf-8"))
    # "https://…/v2/schemas/organizations_schema-v1.0.0" → "https://…/v2/"
    base = schema["$id"].rsplit("/", 2)[0] + "/"
    # ``retrieve`` is an attrs alias that mypy's attrs plugin does not see.
    registry: Registry[Any] = Registry(retrieve=_local_retriever(root, base))  # type: ignore[call-arg]
    return Draft7Validator(schema, registry=registry)


def _message(error: Any) -> str:
    where = "/".join(str(p) for p in error.absolute_path) or "profile"
    if error.validator == "enum" and len(error.validator_value) > 10:
        # The country list would be 249 codes long.
        return f"{where}: {error.instance!r} is not an allowed value"
    return f"{where}: {error.message}"


def validate(profile_dict: object, *, root: Path = DATA_DIR) -> list[str]:
    """The schema's complaints about the profile, one per line and in a stable order; none
    when it is valid."""
    errors = validator(root).iter_errors(profile_dict)
    return sorted(_message(e) for e in errors)


# --- publishing -------------------------------------------------------------------------


def page_url(org: Organization, *, base_url: str) -> str:
    """The organization's page on this site, in the default language."""
    from django.conf import settings
    from django.urls import reverse
    from django.utils import translation

    with translation.override(settings.LANGUAGE_CODE):
        path = reverse("organizations:detail", args=[org.slug])
    return base_url.rstrip("/") + path


def primary_url(org: Organization, *, base_url: str) -> str:
    """The organization's own website, or its page here when it has none."""
    if _HTTP_URL.match(org.website):
        return org.website
    return page_url(org, base_url=base_url)


@cache
def _countries() -> frozenset[str]:
    field = json.loads((DATA_DIR / "fields" / "country_iso_3166.json").read_text("utf-8"))
    return frozenset(field["enum"])


def _full_address(org: Organization) -> str:
    country = Locale("en").territories.get(org.country, org.country) if org.country else ""
    parts = [*org.street_address.splitlines(), org.locality, org.region, org.postal_code]
    return ", ".join(p.strip() for p in [*parts, country] if p.strip())


# The schema's limits on ``tags``.
_MAX_TAGS = 100
_MAX_TAG_LENGTH = 100


def _tags(org: Organization) -> list[str]:
    """The classification's English labels, then the tags of the organization's offers: each
    once (ignoring case), within the schema's limits."""
    terms: list[tuple[vocabularies.Scheme, str]] = [
        ("activity", org.activity),
        ("structure", org.structure),
    ]
    tags = [vocabularies.label(scheme, code, "en") for scheme, code in terms if code]
    tags += [tag for offer in org.offers.all() for tag in offer.tag_list]
    kept: dict[str, str] = {}
    for tag in tags:
        if len(tag) <= _MAX_TAG_LENGTH:
            kept.setdefault(tag.casefold(), tag)
    return list(kept.values())[:_MAX_TAGS]


def _relationships(org: Organization, *, base_url: str) -> list[dict[str, str]]:
    found = {
        (_PREDICATES[link.predicate], primary_url(link.object, base_url=base_url))
        for link in org.links_out.all()
        # Whatever the caller fetched, a pending relationship is not published.
        if link.predicate in _PREDICATES and link.is_confirmed
    }
    return [{"predicate_url": p, "object_url": o} for p, o in sorted(found)]


def profile(org: Organization, *, base_url: str) -> dict[str, Any]:
    """The organization as a Murmurations profile; empty fields are left out. The tags of its
    offers are among its ``tags``: the schema has no field for offers themselves.

    Besides the schema's fields, the profile carries the address in parts (``street_address``,
    ``locality``, ``region``, ``postal_code``: the Murmurations library's field names) and, for
    imported data, the ``attribution`` its licence requires. The schema allows such extra
    properties, and they let another Intercoop import the profile without losing the address.
    """
    page = page_url(org, base_url=base_url)
    primary = primary_url(org, base_url=base_url)
    urls = [{"name": "Website", "url": org.website}] if _HTTP_URL.match(org.website) else []
    urls.append({"name": "Intercoop", "url": page})
    known = licence(org.source_licence)
    out: dict[str, Any] = {
        "linked_schemas": [SCHEMA],
        "name": org.name,
        "nickname": org.nickname,
        "primary_url": primary,
        "tags": _tags(org),
        "urls": urls,
        "description": org.description,
        "mission": org.mission,
        "status": _STATUS_OUT.get(org.status, ""),
        "full_address": _full_address(org),
        "street_address": org.street_address,
        "locality": org.locality,
        "region": org.region,
        "postal_code": org.postal_code,
        "country_iso_3166": org.country if org.country in _countries() else "",
        "geolocation": (
            {"lat": org.latitude, "lon": org.longitude}
            if org.latitude is not None and org.longitude is not None
            else None
        ),
        "relationships": _relationships(org, base_url=base_url),
        "starts_at": calendar.timegm(org.founded_on.timetuple()) if org.founded_on else None,
        "contact_details": {"email": org.email} if org.email else None,
        "telephone": org.phone,
        "geographic_scope": org.geographic_scope,
        "attribution": _drop_empty(
            {
                "text": org.source_attribution,
                "licence": known.name if known else org.source_licence,
                "licence_url": known.url if known else "",
            }
        )
        if org.source_attribution
        else None,
    }
    return _drop_empty(out)


def _drop_empty(values: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in values.items() if v not in ("", None, [])}


# --- importing --------------------------------------------------------------------------


def _text(profile_dict: dict[str, Any], key: str) -> str:
    """An extra (non-schema) property, which the schema therefore has not checked."""
    value = profile_dict.get(key, "")
    if not isinstance(value, str):
        raise ProfileRefused([f"{key}: {value!r} is not a string"])
    return value.strip()


def profile_to_fields(profile_dict: object, *, url: str = "") -> dict[str, Any]:
    """The organization fields a valid profile gives, with ``source_id`` its primary URL (or
    ``url``, where it was fetched from, when it has none). Raises ``ProfileRefused`` with every
    reason when the profile is not a valid organization profile or does not fit the directory."""
    errors = validate(profile_dict)
    if errors:
        raise ProfileRefused(errors)
    assert isinstance(profile_dict, dict)  # noqa: S101 -- the schema requires an object
    p: dict[str, Any] = profile_dict
    if SCHEMA not in p["linked_schemas"]:
        raise ProfileRefused([f"linked_schemas: {SCHEMA} is not among {p['linked_schemas']}"])
    geolocation = p.get("geolocation")
    problems: list[str] = []
    parts = {key: _text(p, key) for key in ("street_address", "locality", "region", "postal_code")}
    fields: dict[str, Any] = {
        "source_id": p.get("primary_url") or url,
        "name": " ".join(p["name"].split()),
        "nickname": p.get("nickname", "").strip(),
        "description": p.get("description", "").strip(),
        "mission": p.get("mission", "").strip(),
        "website": p.get("primary_url", ""),
        "email": p.get("contact_details", {}).get("email", "").strip(),
        "phone": p.get("telephone", "").strip(),
        "status": _STATUS_IN.get(p.get("status", ""), "active"),
        # The address in parts when the profile has them (Intercoop's do), else the full one.
        "street_address": (
            parts["street_address"] if any(parts.values()) else p.get("full_address", "").strip()
        ),
        "locality": parts["locality"],
        "region": parts["region"],
        "postal_code": parts["postal_code"].upper(),
        "country": p.get("country_iso_3166", ""),
        "latitude": geolocation["lat"] if geolocation else None,
        "longitude": geolocation["lon"] if geolocation else None,
        "geographic_scope": p.get("geographic_scope", ""),
        "founded_on": _date(p.get("starts_at"), problems),
    }
    if not fields["source_id"]:
        problems.append("primary_url: missing, and the profile was not fetched from a URL")
    if not fields["name"]:
        problems.append("name: empty")
    if fields["email"] and not _EMAIL.match(fields["email"]):
        problems.append(f"contact_details/email: {fields['email']!r} is not an email address")
    if any("\x00" in v for v in fields.values() if isinstance(v, str)):
        problems.append("a text field contains a NUL character, which no database field holds")
    for key, limit in _MAX_LENGTHS.items():
        if len(fields[key]) > limit:
            problems.append(f"{key}: longer than the directory's {limit} characters")
    if problems:
        raise ProfileRefused(problems)
    return fields


def _date(starts_at: float | None, problems: list[str]) -> date | None:
    if starts_at is None:
        return None
    try:
        return datetime.fromtimestamp(starts_at, tz=UTC).date()
    except (OverflowError, OSError, ValueError):
        problems.append(f"starts_at: {starts_at!r} is not a usable date")
        return None
