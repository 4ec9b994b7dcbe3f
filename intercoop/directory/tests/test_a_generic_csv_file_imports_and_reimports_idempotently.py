"""A good generic CSV file imports every column, with its source and licence from the command
line, and importing it again changes nothing; ESSGlobal codes and URIs are both accepted."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from intercoop.directory.tests.conftest import ACTIVITY, MEMBERSHIP, STRUCTURE, write_csv
from intercoop.directory.tests.generic_csv import import_csv
from intercoop.organizations.models import Organization, RegistryIdentifier

pytestmark = pytest.mark.django_db

FULL = {
    "id": "m-001",
    "name": "  Leeds   Bread Co-operative ",
    "nickname": "Leeds Bread",
    "description": "Bakers,\nowned by their workers.",
    "description_language": "en",
    "mission": "Bread for the whole street.",
    "mission_language": "en",
    "legal_name": "Leeds Bread Co-operative Limited",
    "legal_form": "Society",
    "status": "dormant",
    "founded_on": "1984-05-01",
    "structure": "OS130",
    "activity": "ICA140",
    "membership_type": "BMT10",
    "street_address": "1 High Street",
    "locality": "Leeds",
    "region": "West Yorkshire",
    "postal_code": "ls1 1aa",
    "country": "gb",
    "latitude": "53.8",
    "longitude": "-1.55",
    "website": "https://leedsbread.coop",
    "email": "hello@leedsbread.coop",
    "phone": "+44 113 000 0000",
    "companies_house": "1234567",
    "siren": "123 456 789",
    "neq": "1234567890",
}
URIS = {
    "id": "m-002",
    "name": "Boulangerie des Canuts",
    "structure": STRUCTURE + "OS130",
    "activity": ACTIVITY + "ICA140",
    "membership_type": MEMBERSHIP + "BMT10",
}
OPTIONS = ("--source", "my-federation", "--licence", "ODC-By-1.0", "--attribution", "My Fed")


def test_every_column_is_imported(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "f.csv", list(FULL), [FULL])

    run, out = import_csv(path, *OPTIONS)

    assert (run.source, run.created) == ("my-federation", 1)
    assert "Attribution: My Fed." in out
    org = Organization.objects.get(source="my-federation", source_id="m-001")
    assert org.name == "Leeds Bread Co-operative"
    assert org.description == "Bakers,\nowned by their workers."
    assert (org.mission, org.mission_language) == ("Bread for the whole street.", "en")
    assert (org.description_language, org.legal_name, org.status) == (
        "en",
        "Leeds Bread Co-operative Limited",
        "dormant",
    )
    assert org.founded_on == datetime.date(1984, 5, 1)
    assert (org.structure, org.activity, org.membership_type) == ("OS130", "ICA140", "BMT10")
    assert (org.postal_code, org.country, org.latitude, org.longitude) == (
        "LS1 1AA",
        "GB",
        53.8,
        -1.55,
    )
    assert (org.email, org.phone, org.nickname) == (
        "hello@leedsbread.coop",
        "+44 113 000 0000",
        "Leeds Bread",
    )
    assert (org.source_licence, org.source_attribution) == ("ODC-By-1.0", "My Fed")
    assert sorted(org.registry_ids.values_list("scheme", "value")) == [
        ("ca-qc-neq", "1234567890"),
        ("fr-siren", "123456789"),
        ("gb-coh", "01234567"),
    ]


def test_codes_and_uris_are_both_accepted(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "f.csv", list(FULL), [FULL, URIS])

    import_csv(path, *OPTIONS)

    by_code, by_uri = (Organization.objects.get(source_id=i) for i in ("m-001", "m-002"))
    fields = ("structure", "activity", "membership_type")
    assert [getattr(by_uri, f) for f in fields] == [getattr(by_code, f) for f in fields]


def test_the_same_file_twice_changes_nothing(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "f.csv", list(FULL), [FULL, URIS])
    import_csv(path, *OPTIONS)
    before = sorted(Organization.objects.values_list("pk", "slug", "updated_at", "name"))
    ids_before = sorted(RegistryIdentifier.objects.values_list("pk", "scheme", "value"))

    run, _ = import_csv(path, *OPTIONS)

    assert (run.created, run.updated, run.unchanged) == (0, 0, 2)
    assert sorted(Organization.objects.values_list("pk", "slug", "updated_at", "name")) == before
    assert sorted(RegistryIdentifier.objects.values_list("pk", "scheme", "value")) == ids_before


def test_a_changed_row_updates_its_organization_in_place(tmp_path: Path) -> None:
    import_csv(write_csv(tmp_path / "a.csv", list(FULL), [FULL]), *OPTIONS)
    pk = Organization.objects.get(source_id="m-001").pk

    run, _ = import_csv(
        write_csv(tmp_path / "b.csv", list(FULL), [FULL | {"name": "Leeds Loaves"}]), *OPTIONS
    )

    assert (run.created, run.updated) == (0, 1)
    assert Organization.objects.get(pk=pk).name == "Leeds Loaves"


def test_only_id_and_name_are_needed(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "f.csv", ["name", "id"], [{"id": "x1", "name": "Tiny Co-op"}])

    import_csv(path, "--source", "tiny")

    org = Organization.objects.get(source="tiny")
    assert (org.name, org.status, org.source_licence) == ("Tiny Co-op", "active", "")
