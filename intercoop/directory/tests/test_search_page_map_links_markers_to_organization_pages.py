"""The search page draws its map on the server, as SVG: the page's results with a place are
numbered links to their pages, and links under the map zoom and pan it by changing ``bbox``."""

from __future__ import annotations

import html as html_lib
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.test import Client

from intercoop.directory import mapview
from intercoop.testing.factories import OrganizationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def directory() -> None:
    OrganizationFactory.create(
        name="Leeds Bakery", slug="leeds-bakery", latitude=53.80, longitude=-1.55, country="GB"
    )
    OrganizationFactory.create(
        name="Cardiff Books", slug="cardiff-books", latitude=51.48, longitude=-3.18, country="GB"
    )
    OrganizationFactory.create(name="Nowhere Co-op", slug="nowhere", country="GB")


def svg(html: str) -> str:
    found = re.search(r'<svg class="map-svg".*?</svg>', html, re.S)
    assert found, "no map"
    return found.group(0)


def listed(html: str) -> list[str]:
    return re.findall(r"<h3><a [^>]*>([^<]+)</a></h3>", html)


def control(html: str, key: str) -> str:
    found = re.search(rf'<a href="([^"]*)" class="map-{key}">', html)
    assert found, f"no {key} link"
    return html_lib.unescape(found.group(1))


def test_results_with_a_place_are_numbered_links_on_the_map(
    client: Client, directory: None
) -> None:
    html = client.get("/en/directory/?sort=name").content.decode()

    drawn = svg(html)
    # An accessible graphic: named and described.
    assert 'role="group" aria-labelledby="map-title" aria-describedby="map-desc"' in drawn
    assert '<title id="map-title">Map of the results</title>' in drawn
    assert "2 organizations found have a place" in drawn
    # The list is sorted by name: Cardiff 1, Leeds 2, Nowhere 3 (not on the map).
    pins = re.findall(r'<a class="map-pin" href="([^"]+)" aria-label="([^"]+)">', drawn)
    assert pins == [
        ("/en/orgs/cardiff-books/", "1. Cardiff Books"),
        ("/en/orgs/leeds-bakery/", "2. Leeds Bakery"),
    ]
    assert "Nowhere" not in drawn
    # Without a tile server: no image, only the background and the graticule.
    assert "<image" not in drawn
    assert '<path class="map-grid" d="M' in drawn


def test_the_map_has_no_inline_style_or_script(client: Client, directory: None) -> None:
    drawn = svg(client.get("/en/directory/").content.decode())
    assert "style=" not in drawn
    assert "<script" not in drawn
    assert not re.search(r"\son\w+=", drawn)


def test_zooming_in_and_moving_change_the_area_searched(client: Client, directory: None) -> None:
    # Given the map of both places, fitted to them.
    html = client.get("/en/directory/?sort=name").content.decode()
    assert len(re.findall(r'<a class="map-pin"', svg(html))) == 2
    first = mapview.choose_viewport(places=[(53.80, -1.55), (51.48, -3.18)])

    # When it is zoomed in, the closer window is centred on a result, not on the sea between
    # them: the one zoom closer cannot show both, and shows one.
    zoom_in = control(html, "zoom-in")
    params = parse_qs(urlsplit(zoom_in).query)
    assert params["sort"] == ["name"]
    box = tuple(float(v) for v in params["bbox"][0].split(","))
    assert mapview.fit(box).zoom == first.zoom + 1  # type: ignore[arg-type]
    html = client.get("/en/directory/" + zoom_in).content.decode()
    shown = listed(html)
    assert len(shown) == 1
    slug = {"Leeds Bakery": "leeds-bakery", "Cardiff Books": "cardiff-books"}[shown[0]]
    assert re.findall(r'<a class="map-pin" href="([^"]+)"', svg(html)) == [f"/en/orgs/{slug}/"]

    # When it is then moved, the area searched moves with it, at the same zoom.
    for key in ("north", "south", "west", "east"):
        moved = parse_qs(urlsplit(control(html, key)).query)["bbox"][0]
        box = tuple(float(v) for v in moved.split(","))
        assert mapview.fit(box).zoom == first.zoom + 1  # type: ignore[arg-type]

    # The area can be dropped from the search again.
    assert 'id="f-bbox" name="bbox"' in html
    everywhere = re.search(r'<a href="([^"]*)">Search everywhere</a>', html)
    assert everywhere
    assert "bbox" not in parse_qs(urlsplit(html_lib.unescape(everywhere.group(1))).query)
    html = client.get("/en/directory/" + html_lib.unescape(everywhere.group(1))).content.decode()
    assert listed(html) == ["Cardiff Books", "Leeds Bakery", "Nowhere Co-op"]


def test_many_places_are_drawn_as_clusters_with_their_count(client: Client) -> None:
    # Given 30 co-ops in one street of Leeds and one in Cardiff.
    for i in range(30):
        OrganizationFactory.create(latitude=53.8 + i * 1e-5, longitude=-1.55)
    # (Listed last by name, so not on the first page.)
    cardiff = OrganizationFactory.create(name="Zz Cardiff", latitude=51.48, longitude=-3.18)

    drawn = svg(client.get("/en/directory/").content.decode())

    clusters = re.search(r'<g class="map-clusters">(.*?)</g>', drawn, re.S)
    assert clusters
    counts = [int(n) for n in re.findall(r"<text [^>]*>(\d+)</text>", clusters.group(1))]
    assert counts == [30]
    # Named for assistive technologies, and a link that zooms in on them.
    assert "<title>30 organizations: zoom in on them</title>" in clusters.group(1)
    # The pins of the first page's results in Leeds would hide the count: the cluster stands
    # for them. Cardiff, alone and not on the first page, is a dot that links to its page.
    assert 'class="map-pin"' not in drawn
    assert (
        f'<a href="/en/orgs/{cardiff.slug}/" class="map-one"><title>{cardiff.name}</title>'
        in clusters.group(1)
    )
