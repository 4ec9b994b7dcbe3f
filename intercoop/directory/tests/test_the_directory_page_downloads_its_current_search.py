"""The directory page offers its current search, on all pages, as CSV, GeoJSON and JSON-LD: each
download holds exactly the search's results; records entered here carry their licence, and the
forms where they are entered say so."""

from __future__ import annotations

import csv
import io
import json
import re
from html import unescape
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from intercoop.directory.search.query import parse
from intercoop.directory.search.service import matching_ids
from intercoop.directory.tests.open_data import streamed
from intercoop.organizations.models import Organization
from intercoop.testing.factories import OrganizationFactory

pytestmark = pytest.mark.django_db

CC0 = "https://creativecommons.org/publicdomain/zero/1.0/"


@pytest.fixture
def orgs() -> dict[str, Organization]:
    def org(slug: str, **kw: Any) -> Organization:
        return Organization.objects.create(slug=slug, **{"name": slug, **kw})

    return {
        "bread": org(
            "bread",
            name="Leeds Bread Food Co-op",
            country="GB",
            region="Leeds",
            latitude=53.80,
            longitude=-1.55,
            activity="ICA140",
        ),
        "veg": org(
            "veg",
            name="Veg Box Food Co-op",
            country="GB",
            region="Devon",
            latitude=50.72,
            longitude=-3.53,
            activity="ICA140",
        ),
        "gone": org("gone", name="Old Food Co-op", country="GB", status="dissolved"),
        "homes": org(
            "homes",
            name="Homes Co-op",
            country="GB",
            region="Leeds",
            latitude=53.79,
            longitude=-1.54,
            activity="ICA210",
        ),
        "paris": org("paris", name="Food Co-op de Paris", country="FR"),
    }


def _downloads(html: str) -> dict[str, str]:
    section = html.split('id="downloads-title"', 1)[1].split("</section>", 1)[0]
    return {
        name: unescape(href)
        for href, name in re.findall(r'<a href="([^"]+)" download>([^<]+)</a>', section)
    }


def _csv_slugs(client: Client, href: str) -> list[str]:
    response = client.get(href)
    assert response.status_code == 200
    rows = csv.DictReader(io.StringIO(streamed(response).decode(), newline=""))
    return sorted(r["url"].rstrip("/").rsplit("/", 1)[1] for r in rows)


def test_each_download_holds_the_search_s_results(
    client: Client, orgs: dict[str, Organization]
) -> None:
    # given a search for food in the UK, as on the page
    html = client.get("/en/directory/", {"q": "food", "country": "GB"}).content.decode()
    assert "Download these 2 results" in html
    links = _downloads(html)
    assert set(links) == {"CSV", "GeoJSON", "JSON-LD"}

    # then the CSV has the two live UK food co-ops, not the dissolved one, Paris or the homes
    assert _csv_slugs(client, links["CSV"]) == ["bread", "veg"]
    geojson = json.loads(streamed(client.get(links["GeoJSON"])))
    assert sorted(f["properties"]["name"] for f in geojson["features"]) == [
        "Leeds Bread Food Co-op",
        "Veg Box Food Co-op",
    ]
    jsonld = json.loads(streamed(client.get(links["JSON-LD"])))
    assert sorted(n["name"] for n in jsonld["@graph"]) == [
        "Leeds Bread Food Co-op",
        "Veg Box Food Co-op",
    ]
    assert jsonld["license"] == [CC0]


def test_a_place_and_a_facet_narrow_the_download(
    client: Client, orgs: dict[str, Organization]
) -> None:
    html = client.get(
        "/fr/directory/", {"near": "53.8,-1.55", "radius_km": "5", "activity": "ICA210"}
    ).content.decode()
    assert "Télécharger ce résultat" in html
    assert _csv_slugs(client, _downloads(html)["CSV"]) == ["homes"]


def test_the_page_s_sort_and_page_are_not_part_of_the_download(
    client: Client, orgs: dict[str, Organization]
) -> None:
    html = client.get("/en/directory/", {"q": "food", "sort": "name", "page": "1"}).content
    query = urlsplit(_downloads(html.decode())["CSV"]).query
    assert query == "q=food"


def test_a_search_that_cannot_run_is_a_422_not_a_file(client: Client) -> None:
    response = client.get("/api/v1/exports/organizations.csv", {"radius_km": "5000"})
    assert response.status_code == 422
    assert response["Content-Type"] == "application/json"
    assert response.json()["error"]["code"] == "validation_error"  # at most 1000 km


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    words=st.sampled_from(["", "food", "co-op", "leeds"]),
    country=st.sampled_from([None, "GB", "FR"]),
    activity=st.sampled_from([None, "ICA140", "ICA210"]),
)
def test_an_export_holds_every_page_of_the_search(
    client: Client, words: str, country: str | None, activity: str | None
) -> None:
    if not Organization.objects.exists():
        for i in range(45):  # more than two pages of 20
            OrganizationFactory(
                name=f"{['Leeds food', 'Paris co-op', 'Homes'][i % 3]} {i}",
                country=["GB", "FR"][i % 2],
                activity=["ICA140", "ICA210", ""][i % 3],
            )
    asked = {"q": words, "country": country, "activity": activity}
    params: dict[str, str] = {k: v for k, v in asked.items() if v}
    paged: list[int] = []
    page = 1
    while True:
        body = client.get("/api/v1/organizations", {**params, "page": str(page)}).json()
        paged += [hit["id"] for hit in body["results"]]
        if page >= body["pages"]:
            break
        page += 1
    if params:
        assert matching_ids(parse({k: [v] for k, v in params.items()})) == sorted(paged)
        response = client.get("/api/v1/exports/organizations.csv", params)
        rows = csv.DictReader(io.StringIO(streamed(response).decode(), newline=""))
        assert [int(r["id"]) for r in rows] == sorted(paged)


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", "published under Creative Commons Zero v1.0 Universal"),
        ("fr", "publiée sous Creative Commons Zero v1.0 Universal"),
        ("es", "publicados bajo Creative Commons Zero v1.0 Universal"),
    ],
)
def test_the_forms_say_under_which_licence_a_profile_is_published(
    client: Client, language: str, text: str
) -> None:
    from intercoop.testing.factories import RoleFactory, UserFactory

    user = UserFactory.create()
    client.force_login(user)
    html = client.get(f"/{language}/orgs/new/").content.decode()
    assert text in html
    assert f'href="{CC0}" rel="license"' in html
    imported = OrganizationFactory.create()
    RoleFactory.create(user=user, organization=imported, role="admin")
    imported.source, imported.source_licence = "coops-uk", "ODC-By-1.0"
    imported.source_attribution = "Contains data from Co-operatives UK, ODC-By 1.0"
    imported.save()
    html = client.get(f"/{language}/orgs/{imported.slug}/edit/").content.decode()
    assert "Contains data from Co-operatives UK" in html
    assert "Open Data Commons Attribution License v1.0" in html
