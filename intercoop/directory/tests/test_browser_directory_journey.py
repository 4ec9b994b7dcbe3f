"""A citizen's journey through the real UK directory, in Chromium: search co-ops near a town,
narrow to housing, open one, find its JSON-LD and Murmurations profile, switch to French and
see the facets in French, then open the region's statistics."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from django.core.management import call_command

from intercoop.directory import stats
from intercoop.directory.tests.conftest import UK_FILE
from intercoop.testing.requirements import require

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = [
    pytest.mark.browser,
    pytest.mark.usefixtures("transactional_db", "static_files_from_finders"),
]


def _submit(page: Page, button: str) -> None:
    with page.expect_navigation():
        page.get_by_role("button", name=button, exact=True).click()


def test_find_housing_co_ops_near_manchester_then_their_region(
    page: Page, live_server: Any, screenshot: Callable[[Page, str], Path]
) -> None:
    require(UK_FILE.exists(), f"the Co-operatives UK file is missing: {UK_FILE}")
    call_command("import", "coops-uk", str(UK_FILE), verbosity=0)
    base = live_server.url

    # Words, a town and a distance, as a visitor types them.
    page.goto(f"{base}/en/directory/")
    page.fill("#f-near", "Manchester")
    page.fill("#f-radius", "10")
    _submit(page, "Search")
    screenshot(page, "1-near-manchester")
    heading = page.locator("h2", has_text="organizations found").inner_text()
    near_count = int(heading.split()[0].replace(",", ""))
    assert near_count > 100, heading

    # Narrow to housing with the activity facet.
    page.get_by_role("checkbox", name="Housing").first.check()
    _submit(page, "Apply the filters")
    screenshot(page, "2-housing")
    heading = page.locator("h2", has_text="found").inner_text()
    housing_count = int(heading.split()[0].replace(",", ""))
    assert 0 < housing_count < near_count
    results = page.locator("main ol li")
    assert results.count() == min(housing_count, 20)
    for i in range(results.count()):
        assert "Housing" in results.nth(i).inner_text()
        assert " km away" in results.nth(i).inner_text()

    # Open the nearest one.
    first = results.first.locator("a").first
    name = first.inner_text()
    with page.expect_navigation():
        first.click()
    screenshot(page, "3-organization")
    assert page.locator("h1").inner_text() == name
    structured = json.loads(page.locator('script[type="application/ld+json"]').inner_text())
    assert structured["name"] == name
    assert "Organization" in str(structured["@type"])
    href = page.locator('link[rel="alternate"][title="Murmurations"]').get_attribute("href")
    assert href
    profile = page.request.get(base + href)
    assert profile.ok
    assert profile.json()["name"] == name
    assert "organizations_schema-v1.0.0" in profile.json()["linked_schemas"]
    page.go_back()

    # The same search in French: facet titles and values are French.
    page.select_option("header select[name=language]", "fr")
    with page.expect_navigation():
        page.locator("header form button[type=submit]").click()
    screenshot(page, "4-in-french")
    assert "/fr/directory/" in page.url
    assert page.get_by_role("checkbox", name="Logement").first.is_checked()
    assert page.get_by_role("group", name="Secteur économique").count() == 1
    assert page.locator("h2", has_text="trouvée").count() == 1

    # Narrow to the Manchester region and open its statistics.
    page.get_by_role("checkbox", name="Manchester", exact=False).first.check()
    _submit(page, "Appliquer les filtres")
    with page.expect_navigation():
        page.get_by_role("link", name="Statistiques de Manchester").click()
    screenshot(page, "5-region")
    expected = stats.region_stats(country="GB", region="Manchester").total
    assert page.locator("h1").inner_text().startswith("Manchester")
    assert f"{expected}" in page.locator("main").inner_text().replace("\u202f", "")
