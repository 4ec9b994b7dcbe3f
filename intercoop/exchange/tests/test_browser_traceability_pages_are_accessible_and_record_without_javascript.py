"""In Chromium: the Mill's administrator, with JavaScript off, records a transfer of flour to
co-op B from the traceability page and lands on the page of B's flour, whose trace goes back
through the milling to the wheat; the resource page (for a visitor) and the traceability page
(for the administrator), in English, French and Spanish, have no WCAG 2.1 A/AA violation that
axe-core finds (run as ``intercoop/core/tests/test_browser_pages_are_accessible.py`` runs it)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from django.conf import settings
from django.test import Client

from intercoop.core.tests.test_browser_pages_are_accessible import (
    AXE_OPTIONS,
    _axe_source,
    _describe,
)
from intercoop.exchange.models import EconomicEvent
from intercoop.exchange.tests.trace_world import TraceWorld, build_trace_world

if TYPE_CHECKING:
    from playwright.sync_api import BrowserContext, Page

pytestmark = [
    pytest.mark.browser,
    pytest.mark.usefixtures("transactional_db", "static_files_from_finders"),
]


def cookies(live_server: Any, world: TraceWorld, who: str, lang: str) -> list[Any]:
    found = [{"name": settings.LANGUAGE_COOKIE_NAME, "value": lang, "url": live_server.url}]
    if who == "miller":
        client = Client()
        client.force_login(world.miller)
        session = client.cookies[settings.SESSION_COOKIE_NAME].value
        found.append(
            {"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url}
        )
    return found


def test_the_mill_records_a_transfer_without_javascript_and_sees_its_trace(
    new_context: Callable[..., BrowserContext],
    live_server: Any,
    personas: Any,
    screenshot: Callable[[Page, str], Path],
) -> None:
    world = build_trace_world(personas)
    context = new_context(java_script_enabled=False)
    context.add_cookies(cookies(live_server, world, "miller", "en"))
    page = context.new_page()
    page.goto(f"{live_server.url}/en/orgs/mill/exchange/trace/")
    assert page.get_by_role("heading", name="Traceability of The Mill").is_visible()

    form = page.locator("form", has=page.get_by_role("button", name="Record it"))
    # The fields by their labels' ids (Django ends each label with a colon).
    form.locator("#id_event-action").select_option("transfer")
    form.locator("#id_event-resource").select_option(str(world.flour.pk))
    form.locator("#id_event-quantity").fill("25")
    form.locator("#id_event-receiver").fill("coop-b")
    screenshot(page, "form")
    with page.expect_navigation():
        form.get_by_role("button", name="Record it").click()

    event = EconomicEvent.objects.get(receiver=personas.coop_b)
    received = event.to_resource_inventoried_as
    assert received is not None
    assert page.url.endswith(f"/en/exchange/resources/{received.uuid}/")
    trace = page.locator("ul[aria-labelledby=trace]").inner_text()
    assert "Milling" in trace and "Wheat" in trace and "25 kg" in trace
    screenshot(page, "trace")


@pytest.mark.parametrize("lang", ["en", "fr", "es"])
def test_the_traceability_pages_have_no_axe_violations(
    new_context: Callable[..., BrowserContext],
    live_server: Any,
    personas: Any,
    screenshot: Callable[[Page, str], Path],
    lang: str,
) -> None:
    world = build_trace_world(personas)
    axe = _axe_source()
    failures = []
    for who, url in (
        ("anonymous", f"/{lang}/exchange/resources/{world.flour.uuid}/"),
        ("anonymous", f"/{lang}/exchange/resources/{world.wheat.uuid}/"),
        ("miller", f"/{lang}/orgs/mill/exchange/trace/"),
    ):
        context = new_context(bypass_csp=True)  # as in the core test: the CSP refuses axe-core
        context.add_cookies(cookies(live_server, world, who, lang))
        page = context.new_page()
        response = page.goto(live_server.url + url)
        assert response is not None
        assert response.status == 200, f"{url}: {response.status}"
        assert page.get_attribute("html", "lang") == lang
        screenshot(page, f"{who}-{lang}-{url.count('orgs')}")
        page.add_script_tag(content=axe)
        results = page.evaluate("options => axe.run(document, options)", AXE_OPTIONS)
        if results["violations"]:
            failures.append(f"  {url} as {who}:\n{_describe(results['violations'])}")
        context.close()
    assert not failures, "axe-core found WCAG 2.1 A/AA violations:\n" + "\n".join(failures)
