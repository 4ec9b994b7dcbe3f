"""In Chromium with JavaScript off: Bob, a member of a buying group, goes from the site's main
navigation to the order cycles, orders from "Where you can order", and finds his order in the
closed cycle with its outcome and his invoice; the list of cycles, a closed cycle's "My order"
and page, and a buying group's list of its cycles have no WCAG 2.1 A/AA violation that axe-core
finds, in English, French and Spanish (run as in the core test
``intercoop/core/tests/test_browser_pages_are_accessible.py``)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from django.utils import timezone

from intercoop.core.tests.test_browser_pages_are_accessible import (
    AXE_OPTIONS,
    _axe_source,
    _describe,
    _session_cookies,
)
from intercoop.exchange.models import CycleHub, CycleSupplier, OrderCycle
from intercoop.exchange.tests.closing_world import ClosingWorld, closed_world

if TYPE_CHECKING:
    from playwright.sync_api import BrowserContext, Page

pytestmark = [
    pytest.mark.browser,
    pytest.mark.usefixtures("transactional_db", "static_files_from_finders"),
]


def _world(personas: Any) -> tuple[ClosingWorld, OrderCycle]:
    """The closed cycle of the closing's tests, and "Winter cycle", open, for co-op A."""
    closed = closed_world(personas)
    now = timezone.now()
    winter = OrderCycle.objects.create(
        coordinator=closed.cycles.coordinator,
        name="Winter cycle",
        currency="EUR",
        opens_at=now - timedelta(days=1),
        closes_at=now + timedelta(days=3),
    )
    CycleSupplier.objects.create(cycle=winter, supplier=closed.cycles.suppliers["orchard"].supplier)
    CycleHub.objects.create(cycle=winter, hub=personas.coop_a)
    return closed, winter


def test_bob_finds_where_to_order_and_his_closed_order_without_javascript(
    new_context: Callable[..., BrowserContext],
    live_server: Any,
    personas: Any,
    screenshot: Callable[[Page, str], Path],
) -> None:
    closed, winter = _world(personas)
    context = new_context(java_script_enabled=False)
    context.add_cookies(_session_cookies(live_server, personas, "bob", "en"))
    page = context.new_page()
    page.goto(live_server.url + "/en/")

    with page.expect_navigation():
        page.get_by_role("navigation", name="Main").get_by_role("link", name="Order cycles").click()
    screenshot(page, "cycles")
    with page.expect_navigation():
        page.get_by_role("link", name="Order in “Winter cycle”", exact=True).click()
    assert page.url.endswith(f"/en/exchange/cycles/{winter.uuid}/buy/")

    page.go_back()
    with page.expect_navigation():
        page.get_by_role("link", name="My order in Autumn cycle").click()
    assert page.get_by_role("rowheader", name="Apples").is_visible()
    assert page.get_by_text("An estimate").count() == 0
    screenshot(page, "closed-order")
    with page.expect_navigation():
        page.get_by_role("link", name="My invoice").click()
    assert page.url.endswith(f"/en/exchange/cycles/{closed.cycle.uuid}/my-order/invoice/")


@pytest.mark.parametrize("lang", ["en", "fr", "es"])
def test_the_pages_that_lead_to_a_cycle_s_pages_have_no_axe_violations(
    new_context: Callable[..., BrowserContext],
    live_server: Any,
    personas: Any,
    screenshot: Callable[[Page, str], Path],
    lang: str,
) -> None:
    closed, _winter = _world(personas)
    pages = {
        "cycles": ("bob", f"/{lang}/exchange/cycles/"),
        "closed-order": ("bob", f"/{lang}/exchange/cycles/{closed.cycle.uuid}/my-order/"),
        "cycle": ("bob", f"/{lang}/exchange/cycles/{closed.cycle.uuid}/"),
        "org-cycles": ("alice", f"/{lang}/orgs/coop-a/exchange/cycles/"),
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
            failures.append(f"  {url}:\n{_describe(results['violations'])}")
        context.close()
    assert not failures, "axe-core found WCAG 2.1 A/AA violations:\n" + "\n".join(failures)
