"""An import owns only the fields its source carries. The Co-operatives UK file has no
description, email or telephone, so what was written on Intercoop stays when it is imported
again; a Murmurations profile carries them, so its import owns them."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.management import call_command

from intercoop.directory import services
from intercoop.directory.importers import coops_uk, murmurations
from intercoop.directory.tests.conftest import valid_row, write_csv
from intercoop.organizations.models import Organization

pytestmark = pytest.mark.django_db


def test_reimporting_the_uk_file_keeps_what_was_written_on_intercoop(
    tmp_path: Path, uk_columns: list[str]
) -> None:
    # given a co-op imported from the file, then described on Intercoop
    call_command(
        "import",
        "coops-uk",
        str(write_csv(tmp_path / "a.csv", uk_columns, [valid_row("R1")])),
        "--no-progress",
    )
    Organization.objects.update(
        description="Written here.", email="hi@example.coop", phone="0113", status="dormant"
    )

    # when a changed file is imported
    changed = write_csv(tmp_path / "b.csv", uk_columns, [valid_row("R1", Locality="York")])
    call_command("import", "coops-uk", str(changed), "--no-progress")

    # then the file's fields change and the others stay
    org = Organization.objects.get()
    assert org.locality == "York"
    assert (org.description, org.email, org.phone, org.status) == (
        "Written here.",
        "hi@example.coop",
        "0113",
        "dormant",
    )


def test_each_reader_names_only_fields_an_import_may_own() -> None:
    assert coops_uk.EXTRA_FIELDS == ()
    assert set(murmurations.EXTRA_FIELDS) <= set(services.OPTIONAL_IMPORTED_FIELDS)
    assert not set(services.OPTIONAL_IMPORTED_FIELDS) & set(services.IMPORTED_FIELDS)
