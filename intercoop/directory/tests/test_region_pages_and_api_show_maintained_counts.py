from __future__ import annotations

import pytest
from django.test import Client

from intercoop.organizations.models import Organization

pytestmark = pytest.mark.django_db


@pytest.fixture
def devon() -> None:
    def org(slug: str, **kw: str) -> None:
        Organization.objects.create(name=slug, slug=slug, country="GB", region="Devon", **kw)

    org("a", activity="ICA210", structure="OS130", source_attribution="Contains data from X")
    org("b", activity="ICA210", structure="OS50")
    org("c", activity="ICA10", structure="OS130", status="dissolved")
    Organization.objects.create(name="d", slug="d", country="GB", region="Cumbria")
    Organization.objects.create(name="e", slug="e", country="GB", region="")


def test_the_country_page_lists_regions_with_counts(client: Client, devon: None) -> None:
    html = client.get("/en/regions/GB/").content.decode()
    assert '<a href="/en/regions/GB/Devon/">Devon</a> (2)' in html
    assert "Region not given" in html  # listed, but not as a link to an empty name
    assert "4 organizations in this country." in html


def test_the_region_page_counts_by_kind_activity_and_structure_in_french(
    client: Client, devon: None
) -> None:
    html = client.get("/fr/regions/GB/Devon/").content.decode()
    assert "2 organisations" in html
    assert "<td>Logement</td><td><a href=" in html  # ICA210, in French, leading to them
    assert '>2<span class="visually-hidden">: Logement</span></a>' in html
    assert "Agriculture" not in html  # the dissolved one is not counted
    assert "Contains data from X" in html


def test_the_api_gives_the_same_counts(client: Client, devon: None) -> None:
    body = client.get("/api/v1/regions/GB/Devon", HTTP_ACCEPT_LANGUAGE="es").json()
    assert body["total"] == 2
    assert body["by_activity"] == [{"code": "ICA210", "label": "Vivienda", "count": 2}]
    assert {s["code"]: s["count"] for s in body["by_structure"]} == {"OS130": 1, "OS50": 1}
    assert body["attribution"] == ["Contains data from X"]
    assert client.get("/api/v1/regions/GB").json()[0] == {"region": "Devon", "count": 2}


def test_an_unknown_region_is_a_404(client: Client, devon: None) -> None:
    assert client.get("/en/regions/GB/Atlantis/").status_code == 404
    assert client.get("/api/v1/regions/GB/Atlantis").json()["error"]["code"] == "not_found"
    assert client.get("/en/regions/ZZ/").status_code == 404


def test_the_home_page_leads_to_each_country_s_regions(client: Client, devon: None) -> None:
    html = client.get("/es/").content.decode()
    assert '<a href="/es/regions/GB/">Reino Unido</a> (4)' in html
