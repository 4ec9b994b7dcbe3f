"""The real Co-operatives UK file goes through the real command: every row, every coordinate and
Companies House number, the licence and attribution on every record, one ImportRun."""

from __future__ import annotations

import hashlib
import io
from pathlib import Path

import pytest
from django.core.management import call_command

from intercoop.directory.models import ImportRun
from intercoop.directory.tests.conftest import UK_ROWS
from intercoop.organizations.models import Organization, RegistryIdentifier

pytestmark = pytest.mark.django_db

WITH_COORDINATES = 6970
COMPANIES_HOUSE_NUMBERS = 915


@pytest.fixture
def imported(db: None, uk_file: Path) -> str:
    """The command's output. Each test imports afresh: an import shared across tests would be
    committed outside their rolled-back transactions, with what triggers derive from it."""
    out = io.StringIO()
    call_command("import", "coops-uk", str(uk_file), "--no-progress", stdout=out)
    return out.getvalue()


def test_every_row_coordinate_and_registry_number_is_imported_in_one_run(
    imported: str, uk_file: Path
) -> None:
    orgs = Organization.objects.filter(source="coops-uk")
    assert orgs.count() == UK_ROWS
    assert Organization.objects.count() == UK_ROWS
    assert orgs.values("source_id").distinct().count() == UK_ROWS
    assert orgs.values("slug").distinct().count() == UK_ROWS
    assert f"{UK_ROWS} rows: {UK_ROWS} created, 0 updated, 0 unchanged, 0 skipped" in imported

    # coordinates come in pairs
    assert orgs.filter(latitude__isnull=False, longitude__isnull=False).count() == WITH_COORDINATES
    assert orgs.filter(latitude__isnull=True, longitude__isnull=True).count() == (
        UK_ROWS - WITH_COORDINATES
    )

    ids = RegistryIdentifier.objects.filter(organization__source="coops-uk")
    assert ids.count() == COMPANIES_HOUSE_NUMBERS
    assert set(ids.values_list("scheme", flat=True)) == {"gb-coh"}
    assert all(len(value) == 8 for value in ids.values_list("value", flat=True))

    run = ImportRun.objects.get()
    assert run.source == "coops-uk"
    assert run.file_name == uk_file.name
    assert run.file_sha256 == hashlib.sha256(uk_file.read_bytes()).hexdigest()
    assert (run.rows, run.created, run.updated, run.unchanged, run.skipped) == (
        UK_ROWS,
        UK_ROWS,
        0,
        0,
        0,
    )
    assert run.skipped_rows == []
    assert run.started_at <= run.finished_at


def test_known_rows_are_imported_field_by_field(imported: str) -> None:
    group = Organization.objects.get(source="coops-uk", source_id="R000001")
    assert group.name == "The Co-operative Group"
    assert group.kind == Organization.Kind.COOP
    assert group.street_address == "1 Angel Square"
    assert group.locality == "Manchester"
    assert group.region == "Manchester"
    assert group.postal_code == "M60 0AG"
    assert group.country == "GB"
    assert group.activity == "ICA260"
    assert group.structure == "OS130"
    assert group.membership_type == "BMT10"
    assert group.latitude == 53.488061
    assert group.longitude == -2.237449
    assert group.website == "http://www.co-operative.coop"
    assert group.legal_form == "Society"
    assert group.imported_at is not None

    # a quoted address with a line break keeps it
    central = Organization.objects.get(source="coops-uk", source_id="R000003")
    assert central.street_address == "Central House\nHermes Road"
    assert central.locality == "Lichfield"


def test_every_record_carries_the_licence_and_attribution(imported: str) -> None:
    orgs = Organization.objects.filter(source="coops-uk")
    assert set(orgs.values_list("source_licence", flat=True)) == {"ODC-By-1.0"}
    assert set(orgs.values_list("source_attribution", flat=True)) == {
        "Contains data from Co-operatives UK, ODC-By 1.0"
    }
    assert "Attribution: Contains data from Co-operatives UK, ODC-By 1.0." in imported
