"""Reader for the Co-operatives UK open data file (the "standard" CSV of the Digital Commons
Co-operative, 30 columns). Pure Python."""

from __future__ import annotations

import csv
import math
import re
from collections.abc import Iterable
from typing import IO

from intercoop.directory import vocabularies
from intercoop.directory.importers.records import OrgRecord, Parsed, RowError

SOURCE = "coops-uk"
LICENCE = "ODC-By-1.0"
ATTRIBUTION = "Contains data from Co-operatives UK, ODC-By 1.0"
EXTRA_FIELDS: tuple[str, ...] = ()  # the file has no description, email…: those stay as they are
URL_MAX_BYTES = None  # read from a file only

REQUIRED_COLUMNS = (
    "Identifier",
    "Name",
    "Organisational Structure",
    "Primary Activity",
    "Membership Type",
    "Street Address",
    "Locality",
    "Region",
    "Postcode",
    "Country ID",
    "Website",
    "Companies House Number",
    "Geo Container Latitude",
    "Geo Container Longitude",
    "Legal Form",
)
_IDENTIFIER = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")
_COMPANIES_HOUSE = re.compile(r"^(?:[0-9]{8}|[A-Z]{2}[0-9]{6})$")
_URL = re.compile(r"^https?://[^\s/$.?#][^\s]*$", re.IGNORECASE)
# The longest value the directory stores for each column (Organization's field lengths): a longer
# one is a bad row, not a database error half-way through the import.
_MAX_LENGTHS = {"Legal Form": 100, "Locality": 200, "Region": 200, "Postcode": 32, "Website": 200}


class FileRefused(Exception):
    """The file as a whole cannot be read (wrong columns, not UTF-8 CSV)."""


def _coordinate(value: str, low: float, high: float, what: str) -> float:
    try:
        number = float(value)
    except ValueError:
        raise ValueError(f"{what} {value!r} is not a number") from None
    if not math.isfinite(number) or not low <= number <= high:
        raise ValueError(f"{what} {value!r} is outside {low:g} to {high:g}")
    return number


def _term(scheme: vocabularies.Scheme, column: str, value: str) -> str:
    if not value:
        return ""
    code = vocabularies.code_from_uri(scheme, value)
    if code is None:
        raise ValueError(f"{column} {value!r} is not a known ESSGlobal term")
    return code


def _record(row: dict[str, str]) -> OrgRecord:
    source_id = row["Identifier"]
    if not _IDENTIFIER.match(source_id):
        raise ValueError(f"Identifier {source_id!r} is missing or malformed")
    for column, limit in _MAX_LENGTHS.items():
        value = row[column].upper() if column == "Postcode" else row[column]
        if len(value) > limit:
            raise ValueError(f"{column} is longer than {limit} characters")
    name = " ".join(row["Name"].split())
    if not name:
        raise ValueError("Name is empty")
    if len(name) > 200:
        raise ValueError("Name is longer than 200 characters")
    lat, lon = row["Geo Container Latitude"], row["Geo Container Longitude"]
    if bool(lat) != bool(lon):
        raise ValueError("only one of latitude and longitude is given")
    latitude = _coordinate(lat, -90, 90, "latitude") if lat else None
    longitude = _coordinate(lon, -180, 180, "longitude") if lon else None
    country = row["Country ID"].upper()
    if country and not re.fullmatch(r"[A-Z]{2}", country):
        raise ValueError(f"Country ID {row['Country ID']!r} is not a two-letter ISO code")
    website = row["Website"]
    if website and not _URL.match(website):
        raise ValueError(f"Website {website!r} is not an http(s) address")
    registry_ids: tuple[tuple[str, str], ...] = ()
    number = row["Companies House Number"].upper()
    if number.isdigit() and len(number) < 8:
        number = number.zfill(8)  # Companies House numbers are zero-padded to 8 characters
    if number:
        if not _COMPANIES_HOUSE.match(number):
            raise ValueError(f"Companies House Number {number!r} is not 8 characters")
        registry_ids = (("gb-coh", number),)
    return OrgRecord(
        source_id=source_id,
        name=name,
        legal_form=row["Legal Form"],
        structure=_term("structure", "Organisational Structure", row["Organisational Structure"]),
        activity=_term("activity", "Primary Activity", row["Primary Activity"]),
        membership_type=_term("membership_type", "Membership Type", row["Membership Type"]),
        street_address=row["Street Address"],
        locality=row["Locality"],
        region=row["Region"],
        postal_code=row["Postcode"].upper(),
        country=country,
        latitude=latitude,
        longitude=longitude,
        website=website,
        registry_ids=registry_ids,
    )


def parse(stream: IO[str]) -> Parsed:
    """Read the whole file; each row becomes a record or an error with its line number."""
    reader = csv.DictReader(stream, strict=True)
    try:
        columns = reader.fieldnames or []
    except (csv.Error, UnicodeDecodeError) as exc:
        raise FileRefused(f"the file is not a readable UTF-8 CSV file: {exc}") from None
    missing = [c for c in REQUIRED_COLUMNS if c not in columns]
    if missing:
        raise FileRefused(
            "this is not a Co-operatives UK open data file: missing columns " + ", ".join(missing)
        )
    parsed = Parsed()
    seen: dict[str, int] = {}
    rows: Iterable[dict[str, str | None]] = reader
    line = reader.line_num + 1
    while True:
        try:
            row = next(iter(rows))
        except StopIteration:
            break
        except (csv.Error, UnicodeDecodeError) as exc:
            raise FileRefused(f"line {line}: the file cannot be read as CSV: {exc}") from None
        if any("\x00" in v for v in row.values() if isinstance(v, str)):
            # Python's csv reads NUL bytes, but no database text field can hold one.
            raise FileRefused(
                f"line {line}: the file cannot be read as CSV: it contains a NUL byte"
            )
        parsed.rows += 1
        clean = {k: (v or "").strip() for k, v in row.items() if k is not None}
        source_id = clean.get("Identifier", "")
        try:
            if None in row or any(v is None for v in row.values()):
                raise ValueError("the row does not have the file's number of columns")
            if source_id in seen:
                raise ValueError(f"Identifier repeats the row at line {seen[source_id]}")
            parsed.records.append(_record(clean))
            seen[source_id] = line
        except ValueError as exc:
            parsed.errors.append(RowError(line=line, source_id=source_id, reason=str(exc)))
        line = reader.line_num + 1
    return parsed
