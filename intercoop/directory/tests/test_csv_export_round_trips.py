"""The CSV export reads back with the csv module into the same values, with the documented
header and one row per organization, and its headers name the licence and attribution."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest
from django.test import Client

import intercoop
from intercoop.directory.tests.open_data import (
    BASE_URL,
    Directory,
    make_directory,
    streamed,
)
from intercoop.organizations.models import Organization

pytestmark = pytest.mark.django_db

DOC = Path(intercoop.__file__).resolve().parent.parent / "docs" / "directory.md"
ODC_BY = "https://opendatacommons.org/licenses/by/1-0/"
CC0 = "https://creativecommons.org/publicdomain/zero/1.0/"
ATTRIBUTION = "Contains data from Co-operatives UK, ODC-By 1.0"
AWKWARD = 'Commas, "quotes",\nnew lines,\r\nCRLF; and \u00e9\u00e8 \u2014 all kept'


def documented_columns() -> list[str]:
    section = DOC.read_text(encoding="utf-8").split("### CSV columns", 1)[1]
    return re.findall(r"^\| `([a-z_]+)` \|", section, flags=re.MULTILINE)


@pytest.fixture
def directory() -> Directory:
    d = make_directory()
    Organization.objects.create(name=AWKWARD, slug="awkward", description=AWKWARD)
    return d


def _export(client: Client) -> tuple[dict[str, str], list[dict[str, str]], list[str]]:
    response = client.get("/api/v1/exports/organizations.csv")
    assert response.status_code == 200
    text = streamed(response).decode("utf-8")
    reader = csv.reader(io.StringIO(text, newline=""))
    header = next(reader)
    rows = [dict(zip(header, row, strict=True)) for row in reader]
    return dict(response.items()), rows, header


def test_the_header_is_the_documented_column_list(client: Client, directory: Directory) -> None:
    _, _, header = _export(client)

    assert header == documented_columns()
    assert len(header) > 30  # the documentation's table was found


def test_one_row_per_organization_with_its_values(client: Client, directory: Directory) -> None:
    _, rows, _ = _export(client)

    assert sorted(int(r["id"]) for r in rows) == sorted(
        Organization.objects.values_list("pk", flat=True)
    )
    full = next(r for r in rows if r["id"] == str(directory.full.pk))
    assert full | {"updated_at": ""} == {
        "id": str(directory.full.pk),
        "url": f"{BASE_URL}/orgs/leeds-bread/",
        "name": 'Leeds Bread, "Co-op" </script><b>',
        "nickname": "Leeds Bread",
        "kind": "coop",
        "ally_category": "",
        "status": "active",
        "legal_name": "Leeds Bread Co-operative Limited",
        "legal_form": "Society",
        "founded_on": "1984-05-01",
        "registry_ids": "gb-coh:01234567 gb-fca:1234R",
        "structure": "OS130",
        "activity": "ICA140",
        "membership_type": "BMT10",
        "description": "Bakers since 1984,\nowned by the people who bake.",
        "description_language": "en",
        "mission": "Du bon pain pour tout le quartier.",
        "mission_language": "fr",
        "website": "https://bread.example.coop/",
        "email": "hello@bread.example.coop",
        "telephone": "+44 113 496 0000",
        "street_address": "1 High Street\nUnit 2",
        "locality": "Leeds",
        "region": "West Yorkshire",
        "postal_code": "LS1 1AA",
        "country": "GB",
        "latitude": "53.8",
        "longitude": "-1.55",
        "geographic_scope": "",
        "offers": "",
        "source": "coops-uk",
        "source_id": "R001",
        "licence": "ODC-By-1.0",
        "licence_url": ODC_BY,
        "attribution": ATTRIBUTION,
        "updated_at": "",
    }
    directory.full.refresh_from_db()
    assert full["updated_at"] == directory.full.updated_at.isoformat()
    bare = next(r for r in rows if r["id"] == str(directory.bare.pk))
    # entered on Intercoop: CC0, and no attribution to keep
    assert (bare["latitude"], bare["licence"], bare["attribution"]) == ("", "CC0-1.0", "")
    assert bare["licence_url"] == CC0


def test_commas_quotes_and_new_lines_survive(client: Client, directory: Directory) -> None:
    _, rows, _ = _export(client)

    awkward = next(r for r in rows if r["url"].endswith("/orgs/awkward/"))
    assert awkward["name"] == AWKWARD
    assert awkward["description"] == AWKWARD


def test_the_headers_name_the_licence_and_attribution(client: Client, directory: Directory) -> None:
    headers, _, _ = _export(client)

    assert headers["Content-Type"] == "text/csv; charset=utf-8"
    assert f'<{ODC_BY}>; rel="license"' in headers["Link"]
    assert '<http://testserver/api/v1/exports/LICENSE.txt>; rel="describedby"' in headers["Link"]
    assert headers["X-Attribution"] == ATTRIBUTION


def test_the_licence_file_lists_the_licences_and_attributions(
    client: Client, directory: Directory
) -> None:
    response = client.get("/api/v1/exports/LICENSE.txt")

    text = response.content.decode()
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert ATTRIBUTION in text
    assert "Open Data Commons Attribution License v1.0" in text
    assert ODC_BY in text
