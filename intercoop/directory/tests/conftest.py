"""The Co-operatives UK file, and small synthetic files written with its real header."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping
from pathlib import Path

import pytest

from intercoop.directory.importers import coops_uk

# The Co-operatives UK file ships with the project (intercoop/directory/data/coops-uk/).
UK_FILE: Path = coops_uk.BUNDLED or Path("missing")
UK_ROWS = 7272

ESS = "https://dev.lod.coop/essglobal/2.1/standard/"
STRUCTURE = ESS + "organisational-structure/"
ACTIVITY = ESS + "activities-ica/"
MEMBERSHIP = ESS + "base-membership-type/"


@pytest.fixture(scope="session")
def uk_file() -> Path:
    assert UK_FILE.is_file(), f"the shipped Co-operatives UK file {UK_FILE} is missing"
    return UK_FILE


@pytest.fixture(scope="session")
def uk_columns(uk_file: Path) -> list[str]:
    """The real file's header, so synthetic files cannot drift from it."""
    with uk_file.open(encoding="utf-8-sig", newline="") as f:
        return next(csv.reader(f))


def valid_row(identifier: str, **fields: str) -> dict[str, str]:
    """A row that imports cleanly; ``fields`` overrides columns by their header name."""
    row = {
        "Identifier": identifier,
        "Name": f"Co-op {identifier}",
        "Organisational Structure": STRUCTURE + "OS130",
        "Primary Activity": ACTIVITY + "ICA260",
        "Street Address": "1 High Street",
        "Locality": "Leeds",
        "Region": "West Yorkshire",
        "Postcode": "LS1 1AA",
        "Country ID": "GB",
        "Website": "https://example.coop",
        "Membership Type": MEMBERSHIP + "BMT10",
        "Geo Container Latitude": "53.8",
        "Geo Container Longitude": "-1.55",
        "Legal Form": "Society",
    }
    row.update(fields)
    return row


def csv_text(columns: list[str], rows: Iterable[Mapping[str, str] | list[str]]) -> str:
    """The file's text: a mapping becomes a full row; a list is written as it is (any length)."""
    out = io.StringIO()
    # Rows end in CRLF, csv's default: its writer quotes a field holding a lone CR only when
    # CR is part of the line terminator.
    writer = csv.writer(out)
    writer.writerow(columns)
    for row in rows:
        if isinstance(row, Mapping):
            unknown = set(row) - set(columns)
            assert not unknown, f"not columns of the file: {unknown}"
            writer.writerow([row.get(c, "") for c in columns])
        else:
            writer.writerow(row)
    return out.getvalue()


def write_csv(
    path: Path, columns: list[str], rows: Iterable[Mapping[str, str] | list[str]]
) -> Path:
    path.write_text(csv_text(columns, rows), encoding="utf-8", newline="")
    return path
