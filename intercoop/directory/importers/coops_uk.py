"""Reader for the Co-operatives UK open data file (the "standard" CSV of the Digital Commons
Co-operative, 30 columns). Pure Python."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import IO

from intercoop.directory.importers import validate
from intercoop.directory.importers.records import OrgRecord, Parsed
from intercoop.directory.importers.validate import FileRefused

SOURCE = "coops-uk"
LICENCE = "ODC-By-1.0"
ATTRIBUTION = "Contains data from Co-operatives UK, ODC-By 1.0"
EXTRA_FIELDS: tuple[str, ...] = ()  # the file has no description, email…: those stay as they are
URL_MAX_BYTES = None  # read from a file only
# The copy shipped with Intercoop (`intercoop import coops-uk --bundled`); see its README.md.
BUNDLED: Path | None = (
    Path(__file__).resolve().parents[1] / "data" / "coops-uk" / "standard-2023-11-03.csv"
)

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
    return validate.parse_rows(reader, id_column="Identifier", record=_record)
