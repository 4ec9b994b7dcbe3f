"""Map tiles come from the tile server configured in INTERCOOP_MAP_TILES_URL, and only the map
pages may load images from it. Nothing is fetched here: the tests read the page and its
headers. Without a tile server (the default, and the tests' setting) there is no tile at all."""

from __future__ import annotations

import math
import re
from typing import Any

import pytest
from django.test import Client

from intercoop.testing.factories import OrganizationFactory

pytestmark = pytest.mark.django_db

TILES = "https://tiles.example.org/osm/{z}/{x}/{y}.png"
# 22.5 degrees around Greenwich: 512 pixels wide at zoom 5 (1,024 at zoom 6, too wide).
BBOX = "-11.25,50,11.25,55"


def img_src(response: Any) -> list[str]:
    csp = response.headers["Content-Security-Policy"]
    for directive in csp.split(";"):
        words = directive.split()
        if words and words[0] == "img-src":
            return words[1:]
    raise AssertionError(f"no img-src in {csp}")


def wiki_tile_y(lat: float, zoom: int) -> float:
    """The OpenStreetMap wiki's formula for a latitude's (fractional) tile row."""
    return (1 - math.asinh(math.tan(math.radians(lat))) / math.pi) / 2 * 2**zoom


@pytest.fixture
def tile_server(settings: Any) -> None:
    settings.MAP_TILES_URL = TILES
    settings.MAP_ATTRIBUTION = "© OpenStreetMap contributors"


def test_tiles_are_the_right_ones_and_the_csp_allows_their_server(
    client: Client, tile_server: None
) -> None:
    OrganizationFactory.create(latitude=53.8, longitude=-1.55)

    response = client.get("/en/directory/", {"bbox": BBOX})

    html = response.content.decode()
    assert response.status_code == 200
    # The window is 640 pixels wide: 2.8125 degrees more on each side, so columns 14 to 17;
    # 400 pixels high around the middle of the box, whose rows the wiki's formula gives.
    middle = (wiki_tile_y(50, 5) + wiki_tile_y(55, 5)) / 2
    rows = range(math.floor(middle - 200 / 256), math.floor(middle + 200 / 256) + 1)
    expected = {f"https://tiles.example.org/osm/5/{x}/{y}.png" for x in range(14, 18) for y in rows}
    images = re.findall(r'<image href="([^"]+)" x="(-?[\d.]+)" y="(-?[\d.]+)"', html)
    assert {href for href, _x, _y in images} == expected
    assert len(images) == len(expected)
    # Column 16 starts at the box's middle meridian, i.e. at the middle of the window.
    x16 = {float(x) for href, x, _y in images if "/5/16/" in href}
    assert x16 == {320.0}

    assert "https://tiles.example.org" in img_src(response)
    assert "'unsafe-inline'" not in response.headers["Content-Security-Policy"]
    assert '<p class="map-attribution">Map: © OpenStreetMap contributors</p>' in html


def test_pages_without_the_map_do_not_allow_the_tile_server(
    client: Client, tile_server: None
) -> None:
    response = client.get("/en/orgs/")
    assert img_src(response) == ["'self'", "data:"]


def test_without_a_tile_server_there_is_no_tile(client: Client) -> None:
    OrganizationFactory.create(latitude=53.8, longitude=-1.55)

    response = client.get("/en/directory/", {"bbox": BBOX})

    html = response.content.decode()
    assert '<svg class="map-svg"' in html
    assert "<image" not in html
    assert "Map: " not in html  # no tile server to credit (Natural Earth's land is credited)
    assert img_src(response) == ["'self'", "data:"]


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("ftp://tiles.example.org/{z}/{x}/{y}.png", "must start with one of"),
        ("https://tiles.example.org/{z}/{x}.png", "must contain {y}"),
        ("https:///{z}/{x}/{y}.png", "has no host name"),
    ],
)
def test_a_malformed_tile_url_stops_start_up(value: str, message: str) -> None:
    from intercoop.env import ConfigError
    from intercoop.settings import _map_tiles_url

    with pytest.raises(ConfigError, match=re.escape(message)):
        _map_tiles_url("INTERCOOP_MAP_TILES_URL", value)
    assert _map_tiles_url("INTERCOOP_MAP_TILES_URL", "") == ""
    assert _map_tiles_url("INTERCOOP_MAP_TILES_URL", TILES) == TILES
