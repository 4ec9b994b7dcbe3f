"""The directory's search page, an ordinary GET form: words and facet checkboxes narrow the
list, and every facet shows how many results each value has."""

from __future__ import annotations

import html as html_lib
import re

import pytest
from django.test import Client

from intercoop.testing.factories import OrganizationFactory

pytestmark = pytest.mark.django_db


ORGANIZATIONS = [
    # name, slug, activity, country, region, locality, latitude, longitude
    ("Leeds Bakery", "leeds-bakery", "ICA20", "GB", "Yorkshire", "Leeds", 53.80, -1.55),
    ("Cardiff Books", "cardiff-books", "ICA130", "GB", "Wales", "Cardiff", 51.48, -3.18),
    ("Fromagerie de Lyon", "lyon", "ICA20", "FR", "Auvergne-Rhône-Alpes", "Lyon", 45.76, 4.84),
]


@pytest.fixture
def directory() -> None:
    for name, slug, activity, country, region, locality, lat, lon in ORGANIZATIONS:
        OrganizationFactory.create(
            name=name,
            slug=slug,
            activity=activity,
            country=country,
            region=region,
            locality=locality,
            latitude=lat,
            longitude=lon,
        )


def listed(html: str) -> list[str]:
    """The names in the results list, in order."""
    return re.findall(r'<h3><a href="/\w\w/orgs/[\w-]+/"[^>]*>([^<]+)</a></h3>', html)


def facet(html: str, name: str) -> dict[str, tuple[int, bool]]:
    """A facet's options: label → (count, checked)."""
    options = re.findall(
        rf'<input type="checkbox" id="f-{name}-\d+" name="{name}" value="[^"]*"( checked)?> '
        rf'<label for="f-{name}-\d+">([^<]+) <span class="count">\(([\d,]+)\)</span>',
        html,
    )
    return {label: (int(n.replace(",", "")), bool(checked)) for checked, label, n in options}


def test_every_facet_counts_its_values(client: Client, directory: None) -> None:
    html = client.get("/en/directory/").content.decode()

    assert sorted(listed(html)) == ["Cardiff Books", "Fromagerie de Lyon", "Leeds Bakery"]
    assert "3 organizations found" in html
    assert facet(html, "activity") == {"Dairy": (2, False), "Tourism": (1, False)}
    assert facet(html, "country") == {"United Kingdom": (2, False), "France": (1, False)}
    assert facet(html, "region") == {
        "Yorkshire": (1, False),
        "Wales": (1, False),
        "Auvergne-Rhône-Alpes": (1, False),
    }
    assert facet(html, "kind") == {"Co-operative": (3, False)}


def test_words_narrow_the_list(client: Client, directory: None) -> None:
    response = client.get("/en/directory/", {"q": "bakery"})

    html = response.content.decode()
    assert response.status_code == 200
    assert listed(html) == ["Leeds Bakery"]
    assert "1 organization found" in html
    assert 'name="q" value="bakery"' in html
    assert facet(html, "activity") == {"Dairy": (1, False)}


def test_a_checked_facet_narrows_the_list_and_stays_checked(
    client: Client, directory: None
) -> None:
    html = client.get("/en/directory/", {"activity": "ICA20"}).content.decode()

    assert sorted(listed(html)) == ["Fromagerie de Lyon", "Leeds Bakery"]
    assert facet(html, "activity")["Dairy"] == (2, True)
    assert facet(html, "country") == {"United Kingdom": (1, False), "France": (1, False)}


def test_facets_combine(client: Client, directory: None) -> None:
    html = client.get("/en/directory/?activity=ICA20&country=GB").content.decode()

    assert listed(html) == ["Leeds Bakery"]
    # The region facet links to the country's regions.
    assert '<a href="/en/regions/GB/">Regions of United Kingdom</a>' in html


def test_a_chosen_region_links_to_its_statistics(client: Client, directory: None) -> None:
    html = client.get("/en/directory/?region=Yorkshire").content.decode()

    assert listed(html) == ["Leeds Bakery"]
    assert '<a href="/en/regions/GB/Yorkshire/">Statistics of Yorkshire</a>' in html
    assert client.get("/en/regions/GB/Yorkshire/").status_code == 200


def test_nothing_found_says_so(client: Client, directory: None) -> None:
    html = client.get("/en/directory/", {"q": "submarine"}).content.decode()

    assert listed(html) == []
    assert "No organization matches this search." in html
    assert "0 organizations found" in html


def test_the_search_page_is_in_the_site_navigation(client: Client, directory: None) -> None:
    html = client.get("/en/").content.decode()
    assert 'href="/en/directory/"' in html


def test_a_long_facet_shows_its_largest_values_and_links_to_the_others(client: Client) -> None:
    # Given co-ops in 12 regions, region 0 having the most.
    for i in range(12):
        for _ in range(13 - i):
            OrganizationFactory.create(country="GB", region=f"Region {i:02}")

    html = client.get("/en/directory/", {"q": "co"}).content.decode()

    regions = facet(html, "region")
    assert list(regions) == [f"Region {i:02}" for i in range(10)]
    assert regions["Region 00"] == (13, False)
    more = re.search(
        r'<a href="([^"]*)">More choices<span class="visually-hidden">: Region</span>', html
    )
    assert more
    html = client.get("/en/directory/" + html_lib.unescape(more.group(1))).content.decode()
    assert list(facet(html, "region")) == [f"Region {i:02}" for i in range(12)]
    assert 'More choices<span class="visually-hidden">: Region' not in html
