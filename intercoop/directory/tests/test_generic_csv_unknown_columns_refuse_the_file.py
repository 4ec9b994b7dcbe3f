"""A generic CSV file with a column the format does not know (a typo), a repeated column or
without id or name is refused as a whole, naming the columns."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.management import CommandError

from intercoop.directory.tests.conftest import write_csv
from intercoop.directory.tests.generic_csv import import_csv
from intercoop.organizations.models import Organization

pytestmark = pytest.mark.django_db


def refusal(path: Path) -> str:
    with pytest.raises(CommandError) as refused:
        import_csv(path, "--source", "fed")
    assert not Organization.objects.exists()
    return str(refused.value)


def test_an_unknown_column_is_named(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "f.csv", ["id", "name", "postcode", "webiste"], [])

    message = refusal(path)

    assert "unknown columns 'postcode', 'webiste'" in message
    assert "postal_code" in message  # the known columns are listed


def test_a_repeated_column_is_refused(tmp_path: Path) -> None:
    assert "repeated columns name" in refusal(
        write_csv(tmp_path / "f.csv", ["id", "name", "name"], [])
    )


@pytest.mark.parametrize("columns", [["name"], ["id"], ["website"]])
def test_id_and_name_are_required(tmp_path: Path, columns: list[str]) -> None:
    assert "missing required columns" in refusal(write_csv(tmp_path / "f.csv", columns, []))


def test_a_uk_file_is_not_a_generic_csv_file(tmp_path: Path, uk_columns: list[str]) -> None:
    assert "unknown columns 'Identifier'" in refusal(write_csv(tmp_path / "f.csv", uk_columns, []))
