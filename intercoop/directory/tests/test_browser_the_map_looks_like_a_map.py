"""In Chromium, without a tile server, the directory's map looks like a map: land and sea in
their colours, clusters with their counts that a click zooms into, every place of the cluster
still on the map and in the list. Look at the screenshots (test-artifacts/screenshots/)."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from django.conf import settings

from intercoop.directory import basemap
from intercoop.testing.factories import OrganizationFactory
from intercoop.testing.requirements import require

if TYPE_CHECKING:
    from playwright.sync_api import BrowserContext, Page

pytestmark = [
    pytest.mark.browser,
    pytest.mark.usefixtures("transactional_db", "static_files_from_finders"),
]

LAND, SEA = (0xF4, 0xF1, 0xE6), (0xD6, 0xE6, 0xF0)  # .map-land and .map-bg in directory.css


def _share(image: Any, colour: tuple[int, int, int]) -> float:
    pixels = list(image.convert("RGB").getdata())
    near = sum(1 for p in pixels if all(abs(a - b) <= 6 for a, b in zip(p, colour, strict=True)))
    return near / len(pixels)


def test_the_map_has_land_sea_and_clusters_that_zoom_in(
    page: Page, live_server: Any, screenshot: Callable[[Page, str], Path]
) -> None:
    require(
        (settings.MAP_WORLD_ATLAS / basemap.FILES["110m"]).exists(), "world-atlas is not installed"
    )
    from PIL import Image  # fpdf2's dependency

    # Given 12 co-ops in Leeds, 5 in Glasgow, one in Buenos Aires and one in Montreal.
    for i in range(12):
        OrganizationFactory.create(
            name=f"Leeds co-op {i}", latitude=53.80 + i * 0.01, longitude=-1.55
        )
    for i in range(5):
        OrganizationFactory.create(
            name=f"Glasgow co-op {i}", latitude=55.86, longitude=-4.25 + i * 0.01
        )
    OrganizationFactory.create(name="La Minga", latitude=-34.6, longitude=-58.38)
    OrganizationFactory.create(name="Riverside", latitude=45.5, longitude=-73.57)

    page.goto(f"{live_server.url}/en/directory/")
    screenshot(page, "1-world")

    # Land and sea, each a good part of the map.
    drawn = Image.open(io.BytesIO(page.locator("svg.map-svg").screenshot()))
    assert _share(drawn, LAND) > 0.15
    assert _share(drawn, SEA) > 0.15
    # The 17 co-ops of Britain are one cluster at this zoom, named for screen readers.
    cluster = page.locator("g.map-clusters a", has_text="17")
    assert cluster.count() == 1
    assert cluster.get_attribute("href")
    assert page.get_by_role("link", name="17 organizations: zoom in on them").count() == 1
    assert "Natural Earth" in page.locator(".map-attribution").inner_text()

    # When the cluster is clicked, the map zooms in on Britain and keeps all 17.
    with page.expect_navigation():
        cluster.click()
    screenshot(page, "2-britain")
    assert page.locator("#results-title").inner_text() == "17 organizations found"
    counts = [int(t) for t in page.locator("g.map-clusters text").all_text_contents()]
    pins = page.locator("a.map-pin").count()
    dots = page.locator("g.map-clusters a.map-one").count()
    assert sum(counts) + pins + dots == 17
    drawn = Image.open(io.BytesIO(page.locator("svg.map-svg").screenshot()))
    assert _share(drawn, LAND) > 0.1 and _share(drawn, SEA) > 0.1


def test_the_map_with_clusters_and_an_empty_view_has_no_axe_violation(
    new_context: Callable[..., BrowserContext], live_server: Any
) -> None:
    from intercoop.core.tests.test_browser_pages_are_accessible import (
        AXE_OPTIONS,
        _axe_source,
        _describe,
    )

    axe = _axe_source()
    for i in range(30):
        OrganizationFactory.create(latitude=53.8 + i / 1000, longitude=-1.55 + i / 1000)
    OrganizationFactory.create(name="Zz La Minga", latitude=-34.6, longitude=-58.38)
    # The site's CSP rightly refuses the injected axe-core script (as in the main pages' test).
    page = new_context(bypass_csp=True).new_page()
    for path in ("/en/directory/", "/fr/directory/?bbox=-170,-20,-150,0"):
        page.goto(live_server.url + path)
        assert page.locator("g.map-clusters a").count() >= 1 or "bbox" in path
        page.add_script_tag(content=axe)
        results = page.evaluate("options => axe.run(document, options)", AXE_OPTIONS)
        assert not results["violations"], f"{path}:\n{_describe(results['violations'])}"
