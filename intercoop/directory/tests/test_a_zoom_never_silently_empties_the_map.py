"""Zooming in follows the results, and a view of the map without any says where they are.

On the demo's directory (Buenos Aires and three co-ops in Quebec) the first "Zoom in" was centred
on the window's middle, in the Atlantic, and gave "0 organizations found"."""

from __future__ import annotations

import html as html_lib
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.test import Client

from intercoop.testing.factories import OrganizationFactory

pytestmark = pytest.mark.django_db

DEMO = {
    "la-minga": (-34.6037, -58.3816),
    "monts": (49.124, -66.492),
    "saint-laurent": (46.8139, -71.208),
    "riverside": (45.5019, -73.5674),
}


@pytest.fixture
def demo() -> None:
    for slug, (lat, lon) in DEMO.items():
        OrganizationFactory.create(slug=slug, name=slug, latitude=lat, longitude=lon)


def found(html: str) -> int:
    heading = re.search(r'<h2 id="results-title">([\d,]+) organizations? found</h2>', html)
    assert heading, "no results heading"
    return int(heading.group(1).replace(",", ""))


def link(html: str, pattern: str) -> str:
    match = re.search(pattern, html)
    assert match, pattern
    return "/en/directory/" + html_lib.unescape(match.group(1))


def test_the_first_zoom_in_on_the_demo_keeps_results(client: Client, demo: None) -> None:
    html = client.get("/en/directory/").content.decode()
    assert found(html) == 4

    zoomed = client.get(link(html, r'<a href="([^"]*)" class="map-zoom-in">')).content.decode()

    # The closer window is centred on the co-ops of Quebec, the most it can hold.
    assert found(zoomed) == 3
    assert "la-minga" not in re.findall(r"<h3><a [^>]*>([^<]+)</a></h3>", zoomed)
    # And again: each zoom in keeps some.
    again = client.get(link(zoomed, r'<a href="([^"]*)" class="map-zoom-in">')).content.decode()
    assert found(again) > 0


def test_a_view_without_results_says_how_many_are_elsewhere(client: Client, demo: None) -> None:
    # Given the map moved over the Pacific.
    html = client.get("/fr/directory/", {"bbox": "-170,-20,-150,0", "q": ""}).content.decode()

    assert found_fr(html) == 0
    notice = re.search(r'<p class="map-empty" role="status">(.*?)</p>', html, re.S)
    assert notice, "the empty view does not say where the results are"
    text = html_lib.unescape(notice.group(1))
    assert (
        "Aucun résultat dans cette partie de la carte, mais 4 organisations correspondent" in text
    )
    show_all = re.search(r'<a href="([^"]*)">Afficher les 4 résultats</a>', text)
    assert show_all
    assert "bbox" not in parse_qs(urlsplit(show_all.group(1)).query)
    everything = client.get("/fr/directory/" + show_all.group(1)).content.decode()
    assert found_fr(everything) == 4
    assert ">Dézoomer</a>" in text


def found_fr(html: str) -> int:
    heading = re.search(
        r'<h2 id="results-title">([\d\s\u202f\xa0]+) organisations? trouvées?', html
    )
    assert heading, "no results heading"
    return int(re.sub(r"\D", "", heading.group(1)))


def test_a_search_with_no_result_anywhere_adds_nothing(client: Client, demo: None) -> None:
    html = client.get("/en/directory/", {"bbox": "-170,-20,-150,0", "q": "zzzz"}).content.decode()

    assert found(html) == 0
    assert "map-empty" not in html
