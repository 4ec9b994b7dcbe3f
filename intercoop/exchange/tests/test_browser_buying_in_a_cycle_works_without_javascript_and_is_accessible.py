"""In Chromium: Bob orders on a cycle's buying page with JavaScript off (a quantity and a
tolerance, one form for the page) and finds the order on his order's page; the buying page and
the order's page, in English, French and Spanish, have no WCAG 2.1 A/AA violation that axe-core
finds (run as in ``intercoop/core/tests/test_browser_pages_are_accessible.py``)."""

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
from intercoop.exchange.models import OrderLine
from intercoop.exchange.tests.cycle_world import build_cycle_world, place_line

if TYPE_CHECKING:
    from playwright.sync_api import BrowserContext, Page

pytestmark = [
    pytest.mark.browser,
    pytest.mark.usefixtures("transactional_db", "static_files_from_finders"),
]


def test_bob_orders_without_javascript_and_finds_his_order(
    new_context: Callable[..., BrowserContext],
    live_server: Any,
    personas: Any,
    screenshot: Callable[[Page, str], Path],
) -> None:
    world = build_cycle_world(personas)
    place_line(world, personas.alice, "apples", 10)
    apples = world.offers["apples"]
    context = new_context(java_script_enabled=False)
    context.add_cookies(_session_cookies(live_server, personas, "bob", "en"))
    page = context.new_page()
    page.goto(live_server.url + f"/en/exchange/cycles/{world.cycle.uuid}/buy/")

    page.get_by_label("Quantity of Apples").fill("2")
    page.get_by_label("Tolerance of Apples").fill("1")
    screenshot(page, "buy")
    with page.expect_navigation():
        page.get_by_role("button", name="Save the quantities of this page").click()

    assert page.get_by_text("Your order is saved.").is_visible()
    line = OrderLine.objects.get(order__member=personas.bob)
    assert (line.offer_id, line.quantity, line.tolerance) == (apples.pk, 2, 1)
    with page.expect_navigation():
        page.get_by_role("link", name="My order").click()
    assert page.get_by_role("rowheader", name="Apples").is_visible()
    assert page.get_by_label("Quantity of Apples").input_value() == "2"
    screenshot(page, "my-order")


@pytest.mark.parametrize("lang", ["en", "fr", "es"])
def test_the_buying_pages_have_no_axe_violations(
    new_context: Callable[..., BrowserContext],
    live_server: Any,
    personas: Any,
    screenshot: Callable[[Page, str], Path],
    lang: str,
) -> None:
    world = build_cycle_world(personas)
    place_line(world, personas.alice, "apples", 16, tolerance=2)
    place_line(world, personas.bob, "cheese", 3, tolerance=1)
    pages = {
        "buy": f"/{lang}/exchange/cycles/{world.cycle.uuid}/buy/",
        "mine": f"/{lang}/exchange/cycles/{world.cycle.uuid}/my-order/",
    }
    axe = _axe_source()
    failures = []
    for name, url in pages.items():
        context = new_context(bypass_csp=True)  # as in the core test: the CSP refuses axe-core
        context.add_cookies(_session_cookies(live_server, personas, "bob", lang))
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
