"""Each bad row is reported with the line of the file where it starts (quoted fields may span
lines) and why. By default nothing is imported; with --skip-bad-rows the good rows are, and the
ImportRun keeps the list of skipped rows."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from intercoop.directory.models import ImportRun
from intercoop.directory.tests.conftest import ACTIVITY, valid_row, write_csv
from intercoop.organizations.models import Organization

pytestmark = pytest.mark.django_db

UNKNOWN_ACTIVITY = ACTIVITY + "ICA999"
LONG_LOCALITY = "L" * 201

# (line where the row starts, Identifier, reason)
EXPECTED_ERRORS = [
    (4, "R2", f"Primary Activity {UNKNOWN_ACTIVITY!r} is not a known ESSGlobal term"),
    (5, "R3", "latitude '123' is outside -90 to 90"),
    (6, "R4", "only one of latitude and longitude is given"),
    (7, "R5", "Website 'www.example.coop' is not an http(s) address"),
    (9, "R6", "Identifier repeats the row at line 8"),
    (10, "R7", "Name is empty"),
    (11, "R8", "the row does not have the file's number of columns"),
    (15, "R10", "the row does not have the file's number of columns"),
    (16, "R11", f"Organisational Structure {ACTIVITY + 'ICA10'!r} is not a known ESSGlobal term"),
    (17, "R12", "Locality is longer than 200 characters"),
]
GOOD = {"R1", "R6", "R9"}


@pytest.fixture
def bad_file(tmp_path: Path, uk_columns: list[str]) -> Path:
    too_many = [*[valid_row("R10").get(c, "") for c in uk_columns], "one more"]
    return write_csv(
        tmp_path / "bad-rows.csv",
        uk_columns,
        [
            valid_row("R1", **{"Street Address": "Unit 1\nThe Arches"}),  # lines 2-3
            valid_row("R2", **{"Primary Activity": UNKNOWN_ACTIVITY}),  # 4
            valid_row("R3", **{"Geo Container Latitude": "123"}),  # 5
            valid_row("R4", **{"Geo Container Longitude": ""}),  # 6
            valid_row("R5", Website="www.example.coop"),  # 7
            valid_row("R6", Name="The first R6"),  # 8
            valid_row("R6", Name="The second R6"),  # 9
            valid_row("R7", Name="   "),  # 10
            ["R8", "Too short"],  # 11
            valid_row("R9", **{"Street Address": "Floor 2\nMill Lane\nBradford"}),  # 12-14
            too_many,  # 15
            valid_row("R11", **{"Organisational Structure": ACTIVITY + "ICA10"}),  # 16
            valid_row("R12", Locality=LONG_LOCALITY),  # 17
        ],
    )


def test_by_default_the_file_is_refused_and_every_bad_row_named(bad_file: Path) -> None:
    # given
    err = io.StringIO()

    # when
    with pytest.raises(CommandError) as refused:
        call_command("import", "coops-uk", str(bad_file), "--no-progress", stderr=err)

    # then
    assert str(refused.value) == (
        f"{len(EXPECTED_ERRORS)} row(s) have errors, so nothing was imported. Correct them, or "
        "import the other rows and skip these with --skip-bad-rows."
    )
    assert err.getvalue().splitlines() == [
        f"{bad_file}: line {line} ({source_id}): {reason}"
        for line, source_id, reason in EXPECTED_ERRORS
    ]
    assert not Organization.objects.exists()
    assert not ImportRun.objects.exists()


def test_skipping_bad_rows_imports_the_good_ones_and_lists_the_others(bad_file: Path) -> None:
    # when
    call_command(
        "import",
        "coops-uk",
        str(bad_file),
        "--skip-bad-rows",
        "--no-progress",
        stdout=io.StringIO(),
        stderr=io.StringIO(),
    )

    # then
    assert set(Organization.objects.values_list("source_id", flat=True)) == GOOD
    assert Organization.objects.get(source_id="R6").name == "The first R6"
    assert Organization.objects.get(source_id="R9").street_address == "Floor 2\nMill Lane\nBradford"
    run = ImportRun.objects.get()
    assert (run.rows, run.created, run.skipped) == (13, len(GOOD), len(EXPECTED_ERRORS))
    assert run.skipped_rows == [
        {"line": line, "source_id": source_id, "reason": reason}
        for line, source_id, reason in EXPECTED_ERRORS
    ]


def test_the_first_row_after_the_header_is_line_2(tmp_path: Path, uk_columns: list[str]) -> None:
    path = write_csv(tmp_path / "one.csv", uk_columns, [valid_row("A1", Name="")])
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import", "coops-uk", str(path), "--no-progress", stderr=err)
    assert err.getvalue() == f"{path}: line 2 (A1): Name is empty\n"


def test_more_than_fifty_errors_are_summarised(tmp_path: Path, uk_columns: list[str]) -> None:
    path = write_csv(
        tmp_path / "many.csv", uk_columns, [valid_row(f"B{n}", Name="") for n in range(60)]
    )
    err = io.StringIO()
    with pytest.raises(CommandError, match=r"^60 row"):
        call_command("import", "coops-uk", str(path), "--no-progress", stderr=err)
    lines = err.getvalue().splitlines()
    assert len(lines) == 51
    assert lines[49] == f"{path}: line 51 (B49): Name is empty"
    assert lines[50] == "… and 10 more rows."
    assert not Organization.objects.exists()
