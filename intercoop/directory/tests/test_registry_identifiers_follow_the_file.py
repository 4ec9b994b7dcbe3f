"""An organization's Companies House number is the one in the latest import of its row: removed
from the row, it disappears; changed, it is replaced; short, it is zero-padded to 8 characters."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.management import call_command

from intercoop.directory.models import ImportRun
from intercoop.directory.tests.conftest import valid_row, write_csv
from intercoop.organizations.models import Organization, RegistryIdentifier

pytestmark = pytest.mark.django_db

NUMBER = "Companies House Number"


def import_rows(path: Path, columns: list[str], *rows: dict[str, str]) -> None:
    write_csv(path, columns, rows)
    call_command("import", "coops-uk", str(path), "--no-progress", stdout=io.StringIO())


def numbers() -> dict[str, set[str]]:
    """Each organization's Companies House numbers, by its identifier in the file."""
    found: dict[str, set[str]] = {
        o: set() for o in Organization.objects.values_list("source_id", flat=True)
    }
    for source_id, value in RegistryIdentifier.objects.filter(scheme="gb-coh").values_list(
        "organization__source_id", "value"
    ):
        found[source_id].add(value)
    return found


def test_a_number_removed_from_its_row_disappears(tmp_path: Path, uk_columns: list[str]) -> None:
    # given
    import_rows(tmp_path / "a.csv", uk_columns, valid_row("C1", **{NUMBER: "01234567"}))
    assert numbers() == {"C1": {"01234567"}}

    # when
    import_rows(tmp_path / "b.csv", uk_columns, valid_row("C1", **{NUMBER: ""}))

    # then
    assert numbers() == {"C1": set()}
    assert not RegistryIdentifier.objects.exists()


def test_a_changed_number_replaces_the_old_one(tmp_path: Path, uk_columns: list[str]) -> None:
    # given
    import_rows(
        tmp_path / "a.csv",
        uk_columns,
        valid_row("C1", **{NUMBER: "01234567"}),
        valid_row("C2", **{NUMBER: "IP123456"}),
    )
    first_ids = dict(RegistryIdentifier.objects.values_list("value", "organization_id"))

    # when C1's number changes and C2's stays
    import_rows(
        tmp_path / "b.csv",
        uk_columns,
        valid_row("C1", **{NUMBER: "sc765432"}),
        valid_row("C2", **{NUMBER: "IP123456"}),
    )

    # then
    assert numbers() == {"C1": {"SC765432"}, "C2": {"IP123456"}}
    assert RegistryIdentifier.objects.get(value="SC765432").organization_id == first_ids["01234567"]
    assert not RegistryIdentifier.objects.filter(value="01234567").exists()


def test_numbers_swapped_between_two_rows_follow_them(
    tmp_path: Path, uk_columns: list[str]
) -> None:
    import_rows(
        tmp_path / "a.csv",
        uk_columns,
        valid_row("C1", **{NUMBER: "11111111"}),
        valid_row("C2", **{NUMBER: "22222222"}),
    )
    import_rows(
        tmp_path / "b.csv",
        uk_columns,
        valid_row("C1", **{NUMBER: "22222222"}),
        valid_row("C2", **{NUMBER: "11111111"}),
    )
    assert numbers() == {"C1": {"22222222"}, "C2": {"11111111"}}


@pytest.mark.parametrize(("in_file", "stored"), [("123456", "00123456"), ("7654321", "07654321")])
def test_a_short_number_is_zero_padded_to_8(
    tmp_path: Path, uk_columns: list[str], in_file: str, stored: str
) -> None:
    import_rows(tmp_path / "a.csv", uk_columns, valid_row("C1", **{NUMBER: in_file}))
    assert numbers() == {"C1": {stored}}

    # the padded number is the same number: importing again keeps the row as it is
    row = RegistryIdentifier.objects.get()
    import_rows(tmp_path / "b.csv", uk_columns, valid_row("C1", **{NUMBER: stored}))
    assert list(RegistryIdentifier.objects.values_list("pk", "value")) == [(row.pk, stored)]


def test_a_row_skipped_as_bad_keeps_its_number(tmp_path: Path, uk_columns: list[str]) -> None:
    # given C1 imported with its number
    import_rows(tmp_path / "a.csv", uk_columns, valid_row("C1", **{NUMBER: "01234567"}))

    # when a later file has C1 broken (skipped) and C2 good
    write_csv(
        tmp_path / "b.csv",
        uk_columns,
        [valid_row("C1", **{NUMBER: "01234567", "Website": "not a url"}), valid_row("C2")],
    )
    call_command(
        "import",
        "coops-uk",
        str(tmp_path / "b.csv"),
        "--no-progress",
        "--skip-bad-rows",
        stdout=io.StringIO(),
        stderr=io.StringIO(),
    )

    # then C1 keeps everything, its number included
    assert numbers() == {"C1": {"01234567"}, "C2": set()}


def test_a_change_of_number_alone_counts_as_an_update(
    tmp_path: Path, uk_columns: list[str]
) -> None:
    import_rows(tmp_path / "a.csv", uk_columns, valid_row("C1", **{NUMBER: "01234567"}))
    import_rows(tmp_path / "b.csv", uk_columns, valid_row("C1", **{NUMBER: "07654321"}))
    run = ImportRun.objects.order_by("finished_at").last()
    assert run is not None
    assert (run.updated, run.unchanged) == (1, 0)


def test_a_number_held_by_another_organization_is_flagged_not_moved(
    tmp_path: Path, uk_columns: list[str]
) -> None:
    # given an organization entered by hand with a Companies House number
    hand = Organization.objects.create(name="Entered by hand", slug="by-hand")
    RegistryIdentifier.objects.create(organization=hand, scheme="gb-coh", value="01234567")

    # when an imported row claims the same number
    err = io.StringIO()
    write_csv(tmp_path / "a.csv", uk_columns, [valid_row("C1", **{NUMBER: "01234567"})])
    call_command(
        "import",
        "coops-uk",
        str(tmp_path / "a.csv"),
        "--no-progress",
        stdout=io.StringIO(),
        stderr=err,
    )

    # then the import succeeds, the number stays where it was, and the clash is reported
    assert RegistryIdentifier.objects.get(value="01234567").organization == hand
    assert Organization.objects.filter(source_id="C1").exists()
    assert "gb-coh 01234567 of C1 is already held by 'Entered by hand'" in err.getvalue()
    run = ImportRun.objects.get()
    assert len(run.warnings) == 1
