"""In Chromium: Alice publishes a need from her co-op's page with JavaScript off, it meets
Co-op B's offer, and its page shows the match to her; the pages of offers and needs, in
English, French and Spanish, have no WCAG 2.1 A/AA violation that axe-core finds (the way of
running axe-core is ``intercoop/core/tests/test_browser_pages_are_accessible.py``'s)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from intercoop.core.tests.test_browser_pages_are_accessible import (
    AXE_OPTIONS,
    _axe_source,
    _describe,
    _session_cookies,
)
from intercoop.exchange.models import Listing, Match
from intercoop.exchange.tests.listing_world import PARIS, VERSAILLES, place, publish
from intercoop.organizations.models import Role
from intercoop.testing.factories import RoleFactory, UserFactory

if TYPE_CHECKING:
    from playwright.sync_api import BrowserContext, Page

pytestmark = [
    pytest.mark.browser,
    pytest.mark.usefixtures("transactional_db", "static_files_from_finders"),
]


def _world(personas: Any) -> Listing:
    place(personas.coop_a, PARIS)
    place(personas.coop_b, VERSAILLES)
    dora = UserFactory.create(email="dora@example.org", language="fr")
    RoleFactory.create(organization=personas.coop_b, user=dora, role=Role.Name.ADMIN)
    return publish(personas.coop_b, dora, title="Organic wheat flour", quantity=500, unit="kg")


def test_a_need_is_published_without_javascript_and_meets_an_offer(
    new_context: Callable[..., BrowserContext],
    live_server: Any,
    personas: Any,
    screenshot: Callable[[Page, str], Path],
) -> None:
    _world(personas)
    context = new_context(java_script_enabled=False)
    context.add_cookies(_session_cookies(live_server, personas, "alice", "en"))
    page = context.new_page()
    page.goto(live_server.url + "/en/orgs/coop-a/exchange/listings/")
    assert page.locator(".org-nav [aria-current=page]").inner_text() == "Offers and needs"

    page.select_option("#id_kind", "need")
    page.select_option("#id_category", "food")
    page.fill("#id_title", "Flour for our bakery")
    page.fill("#id_quantity", "200")
    page.fill("#id_unit", "kg")
    page.select_option("#id_geographic_scope", "local")
    screenshot(page, "form")
    with page.expect_navigation():
        page.get_by_role("button", name="Publish").click()

    need = Listing.objects.get(title="Flour for our bakery")
    assert page.url.endswith(f"/en/exchange/listings/{need.uuid}/")
    assert Match.objects.filter(need=need).count() == 1
    assert page.get_by_role("heading", name="Matches").is_visible()
    assert page.get_by_role("link", name="Organic wheat flour").is_visible()
    screenshot(page, "need")


@pytest.mark.parametrize("lang", ["en", "fr", "es"])
def test_offers_and_needs_pages_have_no_axe_violations(
    new_context: Callable[..., BrowserContext],
    live_server: Any,
    personas: Any,
    screenshot: Callable[[Page, str], Path],
    lang: str,
) -> None:
    offer = _world(personas)
    need = publish(personas.coop_a, personas.alice, kind="need", title="Flour for our bakery")
    pages = {
        "browse": ("anonymous", f"/{lang}/exchange/listings/"),
        "offer": ("anonymous", f"/{lang}/exchange/listings/{offer.uuid}/"),
        "need": ("alice", f"/{lang}/exchange/listings/{need.uuid}/"),
        "own": ("alice", f"/{lang}/orgs/coop-a/exchange/listings/"),
        "edit": ("alice", f"/{lang}/orgs/coop-a/exchange/listings/{need.uuid}/edit/"),
    }
    axe = _axe_source()
    failures = []
    for name, (who, url) in pages.items():
        context = new_context(bypass_csp=True)  # as in the core test: the CSP refuses axe-core
        context.add_cookies(_session_cookies(live_server, personas, who, lang))
        page = context.new_page()
        response = page.goto(live_server.url + url)
        assert response is not None
        assert response.status == 200, f"{url}: {response.status}"
        assert page.get_attribute("html", "lang") == lang, url
        screenshot(page, f"{name}-{lang}")
        page.add_script_tag(content=axe)
        results = page.evaluate("options => axe.run(document, options)", AXE_OPTIONS)
        if results["violations"]:
            failures.append(f"  {url} as {who}:\n{_describe(results['violations'])}")
        context.close()
    assert not failures, "axe-core found WCAG 2.1 A/AA violations:\n" + "\n".join(failures)
