"""Every organization of the real Co-operatives UK file has a Murmurations profile that the
official schema accepts, checked against the MurmurationsLibrary's own files (beside the
checkout, in ../shared/standards/murmurations); and the copy Intercoop ships is that copy,
unchanged."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.management import call_command

import intercoop
from intercoop.directory import murmurations
from intercoop.directory.tests.conftest import UK_ROWS
from intercoop.organizations.models import Organization
from intercoop.testing.factories import RelationshipFactory
from intercoop.testing.requirements import require

pytestmark = pytest.mark.django_db

OFFICIAL = Path(intercoop.__file__).resolve().parents[2] / "shared/standards/murmurations"


@pytest.fixture(scope="module")
def official() -> Path:
    require(OFFICIAL.is_dir(), f"the official Murmurations schemas {OFFICIAL} are missing")
    return OFFICIAL


def test_the_shipped_schema_files_are_the_official_ones(official: Path) -> None:
    shipped = sorted(
        p.relative_to(murmurations.DATA_DIR) for p in murmurations.DATA_DIR.rglob("*.json")
    )
    assert Path("schemas/organizations_schema-v1.0.0.json") in shipped
    assert len(shipped) == 26  # the schema and the 25 field files it needs
    for relative in shipped:
        assert (murmurations.DATA_DIR / relative).read_bytes() == (
            official / relative
        ).read_bytes(), relative
    assert (murmurations.DATA_DIR / "LICENSE").read_bytes() == (official / "LICENSE").read_bytes()


def test_the_shipped_files_resolve_every_reference_of_the_schema() -> None:
    # A $ref the local files cannot resolve would fail here rather than be fetched.
    assert murmurations.validate({"linked_schemas": [murmurations.SCHEMA], "name": "X"}) == []
    errors = murmurations.validate(
        {
            "linked_schemas": [murmurations.SCHEMA],
            "name": "X",
            "geolocation": {"lat": 91, "lon": 0},
            "country_iso_3166": "XX",
        }
    )
    assert errors == [
        "country_iso_3166: 'XX' is not an allowed value",
        "geolocation/lat: 91 is greater than the maximum of 90",
    ]


def test_a_reference_to_anything_else_is_refused_not_fetched(tmp_path: Path) -> None:
    root = tmp_path / "murmurations"
    (root / "schemas").mkdir(parents=True)
    (root / "schemas" / f"{murmurations.SCHEMA}.json").write_text(
        '{"$id": "https://test-library.murmurations.network/v2/schemas/x",'
        ' "properties": {"name": {"$ref": "https://example.org/fields/name.json"}}}'
    )
    with pytest.raises(Exception, match=r"example\.org/fields/name\.json"):
        murmurations.validate({"name": "X"}, root=root)


def test_every_uk_organization_has_a_valid_profile(official: Path, uk_file: Path) -> None:
    # given the real file, imported, and a relationship between two of its co-ops
    call_command("import", "coops-uk", str(uk_file), "--no-progress")
    group = Organization.objects.get(source_id="R000001")
    member = Organization.objects.exclude(pk=group.pk).order_by("pk").first()
    assert member is not None
    RelationshipFactory.create(subject=member, predicate="member_of", object=group)

    # when every organization is published
    orgs = Organization.objects.prefetch_related("links_out__object").order_by("pk")
    profiles = [murmurations.profile(org, base_url="https://intercoop.example/") for org in orgs]

    # then every profile validates against the official schema
    assert len(profiles) == UK_ROWS
    invalid = {
        p["name"]: errors for p in profiles if (errors := murmurations.validate(p, root=official))
    }
    assert invalid == {}

    # and the profiles carry what the directory holds
    with_geo = sum("geolocation" in p for p in profiles)
    assert with_geo == 6970
    assert all(p["linked_schemas"] == ["organizations_schema-v1.0.0"] for p in profiles)
    assert all(
        p["attribution"]["licence"] == "Open Data Commons Attribution License v1.0"
        for p in profiles
    )
    first = murmurations.profile(group, base_url="https://intercoop.example/")
    assert first["name"] == "The Co-operative Group"
    assert first["primary_url"] == "http://www.co-operative.coop"
    assert first["country_iso_3166"] == "GB"
    assert first["geolocation"] == {"lat": 53.488061, "lon": -2.237449}
    assert (
        first["full_address"] == "1 Angel Square, Manchester, Manchester, M60 0AG, United Kingdom"
    )
    assert first["tags"] == [
        "Wholesale and retail trade",
        "Community Benefit Society / Industrial and Provident Society (IPS)",
    ]
    assert first["attribution"]["text"] == "Contains data from Co-operatives UK, ODC-By 1.0"
    assert first["urls"][1] == {
        "name": "Intercoop",
        "url": f"https://intercoop.example/en/orgs/{group.slug}/",
    }
    linked = murmurations.profile(member, base_url="https://intercoop.example/")
    assert linked["relationships"] == [
        {
            "predicate_url": "https://schema.org/memberOf",
            "object_url": "http://www.co-operative.coop",
        }
    ]
