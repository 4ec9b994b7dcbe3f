"""The generic CSV reader accepts exactly the columns docs/directory.md documents, and the
documentation's example imports."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings

from intercoop.directory.importers import generic_csv
from intercoop.directory.tests.generic_csv import (
    documented_columns,
    documented_example,
    import_csv,
)
from intercoop.organizations.models import Organization


def test_the_readers_columns_are_the_documented_ones() -> None:
    assert list(generic_csv.COLUMNS) == documented_columns()
    assert len(generic_csv.COLUMNS) > 20  # the documentation's table was found


def test_the_languages_are_the_sites() -> None:
    assert list(generic_csv.LANGUAGES) == [code for code, _ in settings.LANGUAGES]


@pytest.mark.django_db
def test_the_documented_example_imports(tmp_path: Path) -> None:
    path = tmp_path / "members.csv"
    path.write_text(documented_example(), encoding="utf-8")

    run, _ = import_csv(path, "--source", "my-federation")

    assert run.created == 2
    bread = Organization.objects.get(source="my-federation", source_id="m-001")
    assert (bread.activity, bread.structure, bread.postal_code) == ("ICA140", "OS130", "LS1 1AA")
    assert Organization.objects.get(source_id="m-002").activity == "ICA140"
