"""Each kind of bad value in a generic CSV file is reported with its line and reason, and
nothing is written."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.management import CommandError

from intercoop.directory.importers import generic_csv
from intercoop.directory.tests.conftest import csv_text, write_csv
from intercoop.directory.tests.generic_csv import import_csv
from intercoop.organizations.models import Organization

pytestmark = pytest.mark.django_db

BAD = [
    ({"id": "a b"}, "id 'a b' is missing or malformed"),
    ({"name": " "}, "name is empty"),
    ({"name": "x" * 201}, "name is longer than 200 characters"),
    ({"nickname": "x" * 101}, "nickname is longer than 100 characters"),
    ({"description_language": "de"}, "description_language 'de' is not one of en, fr, es"),
    ({"mission_language": "pt"}, "mission_language 'pt' is not one of en, fr, es"),
    ({"status": "closed"}, "status 'closed' is not one of"),
    ({"founded_on": "01/05/1984"}, "founded_on '01/05/1984' is not a date written YYYY-MM-DD"),
    ({"founded_on": "1984-02-30"}, "founded_on '1984-02-30' is not a date"),
    ({"structure": "OS999"}, "structure 'OS999' is not a known ESSGlobal term"),
    ({"activity": "https://example.org/ICA140"}, "is not a known ESSGlobal term"),
    ({"membership_type": "ICA140"}, "membership_type 'ICA140' is not a known ESSGlobal term"),
    ({"country": "GBR"}, "country 'GBR' is not a two-letter ISO code"),
    ({"latitude": "53.8"}, "only one of latitude and longitude is given"),
    ({"latitude": "91", "longitude": "0"}, "latitude '91' is outside -90 to 90"),
    ({"latitude": "north", "longitude": "0"}, "latitude 'north' is not a number"),
    ({"website": "leeds.coop"}, "website 'leeds.coop' is not an http(s) address"),
    ({"email": "not-an-address"}, "email 'not-an-address' is not an email address"),
    ({"postal_code": "x" * 33}, "postal_code is longer than 32 characters"),
    ({"companies_house": "ABC"}, "companies_house 'ABC' is not 8 characters"),
    ({"siren": "12345"}, "siren '12345' is not 9 digits"),
    ({"neq": "12"}, "neq '12' is not 10 digits"),
]


def _row(identifier: str, **fields: str) -> dict[str, str]:
    return {"id": identifier, "name": f"Co-op {identifier}"} | fields


@pytest.mark.parametrize(("fields", "reason"), BAD)
def test_a_bad_value_is_reported_with_its_line(fields: dict[str, str], reason: str) -> None:
    text = csv_text(list(generic_csv.COLUMNS), [_row("good"), _row("bad", **fields)])

    parsed = generic_csv.parse(io.StringIO(text, newline=""))

    assert [r.source_id for r in parsed.records] == ["good"]
    [error] = parsed.errors
    assert error.line == 3
    assert reason in error.reason


def test_a_repeated_id_is_reported_with_the_first_line(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "f.csv", ["id", "name"], [_row("a"), _row("b"), _row("a")])

    with pytest.raises(CommandError, match="1 row"):
        import_csv(path, "--source", "fed")

    assert not Organization.objects.exists()


def test_lines_count_the_lines_of_quoted_fields(tmp_path: Path) -> None:
    rows = [_row("a", description="one\ntwo\nthree"), _row("b", status="gone")]
    text = csv_text(["id", "name", "description", "status"], rows)

    [error] = generic_csv.parse(io.StringIO(text, newline="")).errors

    assert (error.line, error.source_id) == (5, "b")


def test_bad_rows_can_be_skipped(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "f.csv", ["id", "name", "status"], [_row("a"), _row("b", status="x")]
    )

    run, _ = import_csv(path, "--source", "fed", "--skip-bad-rows")

    assert (run.created, run.skipped) == (1, 1)
    assert run.skipped_rows[0]["line"] == 3
