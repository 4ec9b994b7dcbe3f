"""A country's regions grouped as people look for them (UK: nation, region, local authority), a
country with no organization yet, and region pages that lead to the organizations they count."""

from __future__ import annotations

import csv
import re
from html import unescape
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from django.test import Client

from intercoop.directory import areas
from intercoop.organizations.models import Organization

pytestmark = pytest.mark.django_db


@pytest.fixture
def uk() -> None:
    def org(slug: str, region: str, **kw: str) -> None:
        Organization.objects.create(name=slug, slug=slug, country="GB", region=region, **kw)

    org("a", "Devon", activity="ICA210")
    org("b", "Devon", activity="ICA10")
    org("c", "Southwark")
    org("d", "Cardiff")
    org("e", "Belfast")
    org("f", "Atlantis")  # a name no grouping knows


def test_the_uk_page_groups_nations_then_regions_then_local_authorities(
    client: Client, uk: None
) -> None:
    html = client.get("/en/regions/GB/").content.decode()
    england = html.index('<h2 id="england">')
    south_west = html.index('<h3 id="england-south-west">')
    devon = html.index('<a href="/en/regions/GB/Devon/">Devon</a> (2)')
    wales = html.index('<h2 id="wales">')
    cardiff = html.index('<a href="/en/regions/GB/Cardiff/">Cardiff</a> (1)')
    assert england < south_west < devon < wales < cardiff
    # England (3) first, then the nations of one organization each, by name.
    assert re.search(r'id="england">England <span class="count">\(3\)', html)
    assert html.index('id="northern-ireland"') < html.index('id="wales"')
    # A region no grouping names is still listed, after the groups.
    assert html.index('<h2 id="other-regions">') < html.index(">Atlantis</a>")


def test_the_groups_are_translated(client: Client, uk: None) -> None:
    html = client.get("/fr/regions/GB/").content.decode()
    assert ">Angleterre <span" in html
    assert ">Pays de Galles <span" in html
    assert ">Sud-Ouest <span" in html


def test_every_uk_region_of_the_shipped_data_has_its_group() -> None:
    """Each local authority of the Co-operatives UK file is placed in a nation (and in England a
    region), and its organizations' postcodes agree with the nation."""
    nation_of = {
        name: nation
        for nation, parts in areas._groups("GB").items()
        for names in parts.values()
        for name in names
    }
    # Postcode areas wholly inside one nation (NP, SY, CH, LL, TD and DG cross a border).
    postcode_nation = {"BT": "Northern Ireland", "CF": "Wales", "SA": "Wales", "LD": "Wales"}
    scottish = ("AB", "DD", "EH", "FK", "G", "HS", "IV", "KA", "KW", "KY", "ML", "PA", "PH", "ZE")
    postcode_nation |= dict.fromkeys(scottish, "Scotland")
    (shipped,) = (Path(areas.__file__).parent / "data" / "coops-uk").glob("*.csv")
    with shipped.open(newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            if not row["Region"]:
                continue
            assert row["Region"] in nation_of, row["Region"]
            area = re.match(r"[A-Z]+", row["Postcode"] or "")
            expected = postcode_nation.get(area.group() if area else "")
            assert expected in (None, nation_of[row["Region"]]), (row["Region"], row["Postcode"])


def test_a_country_without_organizations_says_none_yet(client: Client) -> None:
    response = client.get("/en/regions/GB/")
    assert response.status_code == 200
    assert "The directory has no organization in this country yet." in response.content.decode()
    assert client.get("/fr/regions/DE/").status_code == 200
    assert client.get("/en/regions/ZZ/").status_code == 404  # not a country
    assert client.get("/en/regions/GBR/").status_code == 404


def _links(html: str) -> dict[str, str]:
    return {
        unescape(re.sub(r"<[^>]+>", "", text)).strip(): unescape(href)
        for href, text in re.findall(r'<a href="([^"]*directory/\?[^"]*)">(.*?)</a>', html)
    }


def test_a_region_page_links_to_the_organizations_it_counts(client: Client, uk: None) -> None:
    html = client.get("/en/regions/GB/Devon/").content.decode()
    links = _links(html)
    whole = links["See them in the directory"]
    assert parse_qs(urlsplit(whole).query) == {"country": ["GB"], "region": ["Devon"]}
    found = client.get(whole).content.decode()
    assert "2 organizations found" in found or ">2<" in found
    # Each count of the tables leads to the search of exactly those organizations.
    housing = next(href for text, href in links.items() if text == "1: Housing")
    assert parse_qs(urlsplit(housing).query) == {
        "country": ["GB"],
        "region": ["Devon"],
        "activity": ["ICA210"],
    }
    page = client.get(housing).content.decode()
    assert '/orgs/a/"' in page and '/orgs/b/"' not in page
