"""Reader for Intercoop's generic CSV format (documented in docs/directory.md, "Generic CSV
format"): a UTF-8 CSV file whose header row names Intercoop's own columns. Any federation or
registry can export to it. The source's name and licence are given on the command line, so
this module names none. Pure Python."""

from __future__ import annotations

import csv
import re
from datetime import date
from typing import IO

from intercoop.directory.importers import validate
from intercoop.directory.importers.records import OrgRecord, Parsed
from intercoop.directory.importers.validate import FileRefused

# Given by ``intercoop import csv --source NAME [--licence CODE --attribution TEXT]``.
SOURCE = ""
LICENCE = ""
ATTRIBUTION = ""
# The optional fields this format carries: an empty cell (or a missing column) clears them.
EXTRA_FIELDS = (
    "nickname",
    "description",
    "description_language",
    "mission",
    "mission_language",
    "legal_name",
    "email",
    "phone",
    "status",
    "founded_on",
)
URL_MAX_BYTES = None  # read from a file only
BUNDLED = None  # no copy ships with Intercoop

REQUIRED_COLUMNS = ("id", "name")
COLUMNS = (
    "id",
    "name",
    "nickname",
    "description",
    "description_language",
    "mission",
    "mission_language",
    "legal_name",
    "legal_form",
    "status",
    "founded_on",
    "structure",
    "activity",
    "membership_type",
    "street_address",
    "locality",
    "region",
    "postal_code",
    "country",
    "latitude",
    "longitude",
    "website",
    "email",
    "phone",
    "companies_house",
    "siren",
    "neq",
)
# Organization's field lengths: a longer value is a bad row, not a database error.
_MAX_LENGTHS = {
    "nickname": 100,
    "legal_name": 300,
    "legal_form": 100,
    "locality": 200,
    "region": 200,
    "postal_code": 32,
    "website": 200,
    "email": 254,
    "phone": 50,
}
# settings.LANGUAGES, which this module cannot import; a test keeps them equal.
LANGUAGES = ("en", "fr", "es")
STATUSES = ("forming", "active", "dormant", "dissolved")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
_SIREN = re.compile(r"^[0-9]{9}$")
_NEQ = re.compile(r"^[0-9]{10}$")


def _choice(value: str, column: str, allowed: tuple[str, ...]) -> str:
    if value and value not in allowed:
        raise ValueError(f"{column} {value!r} is not one of {', '.join(allowed)}")
    return value


def _founded_on(value: str) -> date | None:
    if not value:
        return None
    try:
        if not _DATE.match(value):
            raise ValueError
        return date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"founded_on {value!r} is not a date written YYYY-MM-DD") from None


def _registry_ids(row: dict[str, str]) -> tuple[tuple[str, str], ...]:
    ids: list[tuple[str, str]] = []
    number = validate.companies_house(row["companies_house"], "companies_house")
    if number:
        ids.append(("gb-coh", number))
    # SIREN and NEQ numbers are often written in groups of digits.
    siren = re.sub(r"[\s.]", "", row["siren"])
    if siren:
        if not _SIREN.match(siren):
            raise ValueError(f"siren {row['siren']!r} is not 9 digits")
        ids.append(("fr-siren", siren))
    neq = re.sub(r"\s", "", row["neq"])
    if neq:
        if not _NEQ.match(neq):
            raise ValueError(f"neq {row['neq']!r} is not 10 digits")
        ids.append(("ca-qc-neq", neq))
    return tuple(ids)


def _record(row: dict[str, str]) -> OrgRecord:
    source_id = validate.identifier(row["id"], "id")
    name = validate.name(row["name"], "name")
    row["postal_code"] = row["postal_code"].upper()
    for column, limit in _MAX_LENGTHS.items():
        validate.max_length(row[column], column, limit)
    if row["email"] and not _EMAIL.match(row["email"]):
        raise ValueError(f"email {row['email']!r} is not an email address")
    latitude, longitude = validate.coordinates(row["latitude"], row["longitude"])
    return OrgRecord(
        source_id=source_id,
        name=name,
        nickname=row["nickname"],
        description=row["description"],
        description_language=_choice(
            row["description_language"], "description_language", LANGUAGES
        ),
        mission=row["mission"],
        mission_language=_choice(row["mission_language"], "mission_language", LANGUAGES),
        legal_name=row["legal_name"],
        legal_form=row["legal_form"],
        status=_choice(row["status"], "status", STATUSES) or "active",
        founded_on=_founded_on(row["founded_on"]),
        structure=validate.term("structure", "structure", row["structure"], codes=True),
        activity=validate.term("activity", "activity", row["activity"], codes=True),
        membership_type=validate.term(
            "membership_type", "membership_type", row["membership_type"], codes=True
        ),
        street_address=row["street_address"],
        locality=row["locality"],
        region=row["region"],
        postal_code=row["postal_code"],
        country=validate.country(row["country"], "country"),
        latitude=latitude,
        longitude=longitude,
        website=validate.website(row["website"], "website"),
        email=row["email"],
        phone=row["phone"],
        registry_ids=_registry_ids(row),
    )


def parse(stream: IO[str]) -> Parsed:
    """Read the whole file; each row becomes a record or an error with its line number."""
    reader = csv.DictReader(stream, strict=True)
    try:
        columns = reader.fieldnames or []
    except (csv.Error, UnicodeDecodeError) as exc:
        raise FileRefused(f"the file is not a readable UTF-8 CSV file: {exc}") from None
    columns = [c.strip() for c in columns]
    reader.fieldnames = columns
    unknown = [c for c in columns if c not in COLUMNS]
    if unknown:
        raise FileRefused(
            "unknown columns "
            + ", ".join(repr(c) for c in unknown)
            + " (the generic CSV format's columns are "
            + ", ".join(COLUMNS)
            + ")"
        )
    repeated = sorted({c for c in columns if columns.count(c) > 1})
    if repeated:
        raise FileRefused("repeated columns " + ", ".join(repeated))
    missing = [c for c in REQUIRED_COLUMNS if c not in columns]
    if missing:
        raise FileRefused("missing required columns " + ", ".join(missing))
    return validate.parse_rows(
        reader, id_column="id", record=_record, defaults=dict.fromkeys(COLUMNS, "")
    )
