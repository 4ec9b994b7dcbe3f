"""Reader for the Co-operatives UK open data file (the "standard" CSV of the Digital Commons
Co-operative, 30 columns). Pure Python."""

from __future__ import annotations

import csv
from collections.abc import Iterable
from typing import IO

from intercoop.directory.importers import validate
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
# The longest value the directory stores for each column (Organization's field lengths): a longer
# one is a bad row, not a database error half-way through the import.
_MAX_LENGTHS = {"Legal Form": 100, "Locality": 200, "Region": 200, "Postcode": 32, "Website": 200}


class FileRefused(Exception):
    """The file as a whole cannot be read (wrong columns, not UTF-8 CSV)."""


def _record(row: dict[str, str]) -> OrgRecord:
    source_id = validate.identifier(row["Identifier"], "Identifier")
    for column, limit in _MAX_LENGTHS.items():
        value = row[column].upper() if column == "Postcode" else row[column]
        validate.max_length(value, column, limit)
    name = validate.name(row["Name"], "Name")
    latitude, longitude = validate.coordinates(
        row["Geo Container Latitude"], row["Geo Container Longitude"]
    )
    country = validate.country(row["Country ID"], "Country ID")
    website = validate.website(row["Website"], "Website")
    number = validate.companies_house(row["Companies House Number"], "Companies House Number")
    registry_ids = (("gb-coh", number),) if number else ()
    return OrgRecord(
        source_id=source_id,
        name=name,
        legal_form=row["Legal Form"],
        structure=validate.term(
            "structure", "Organisational Structure", row["Organisational Structure"]
        ),
        activity=validate.term("activity", "Primary Activity", row["Primary Activity"]),
        membership_type=validate.term("membership_type", "Membership Type", row["Membership Type"]),
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
