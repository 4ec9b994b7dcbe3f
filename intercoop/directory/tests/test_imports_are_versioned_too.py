"""Imports write in bulk, bypassing save(), yet every organization they create or change gets a
version with the import's change reason; an unchanged organization gets none."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse

from intercoop.conftest import Personas
from intercoop.directory.tests.conftest import valid_row, write_csv
from intercoop.organizations.models import Organization, Role


def import_file(path: Path) -> None:
    call_command("import", "coops-uk", str(path), "--no-progress", stdout=io.StringIO())


@pytest.mark.django_db
def test_an_import_and_a_reimport_with_a_change_are_versions(
    tmp_path: Path, uk_columns: list[str], personas: Personas
) -> None:
    # given: two co-ops imported
    first = write_csv(tmp_path / "first.csv", uk_columns, [valid_row("A1"), valid_row("A2")])
    import_file(first)
    org = Organization.objects.get(source="coops-uk", source_id="A1")
    other = Organization.objects.get(source="coops-uk", source_id="A2")

    # when: the file comes back with one of them changed
    second = write_csv(
        tmp_path / "second.csv",
        uk_columns,
        [valid_row("A1", Locality="York"), valid_row("A2")],
    )
    import_file(second)

    # then
    versions = list(org.history.order_by("history_date", "pk"))
    assert [(v.history_type, v.history_change_reason) for v in versions] == [
        ("+", "import coops-uk first.csv"),
        ("~", "import coops-uk second.csv"),
    ]
    assert set(versions[1].diff_against(versions[0]).changed_fields) == {"locality", "imported_at"}
    assert other.history.count() == 1

    # and the history page shows them to the organization's members
    Role.objects.create(organization=org, user=personas.bob, role=Role.Name.MEMBER)
    page = personas.client_for("bob").get(reverse("organizations:history", args=[org.slug]))
    assert "import coops-uk second.csv" in page.content.decode()
    assert "town or city" in page.content.decode()
