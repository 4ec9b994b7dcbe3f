"""In Chromium: Alice, with JavaScript off, asks for the co-op share label of her co-op's bread
from its co-op share page and lands on the label's page, which shows the share and checks the
label as valid; the co-op share page, in English, French and Spanish, for a visitor and for
Alice, has no WCAG 2.1 A/AA violation that axe-core finds (the way of running axe-core is
``intercoop/core/tests/test_browser_pages_are_accessible.py``'s)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from django.conf import LazySettings

from intercoop.core.tests.test_browser_pages_are_accessible import (
    AXE_OPTIONS,
    _axe_source,
    _describe,
    _session_cookies,
)
from intercoop.exchange.tests.coop_share_world import build_chain, share_issuer
from intercoop.labels.models import Credential

if TYPE_CHECKING:
    from playwright.sync_api import BrowserContext, Page

pytestmark = [
    pytest.mark.browser,
    pytest.mark.usefixtures("transactional_db", "static_files_from_finders"),
]


@pytest.fixture(autouse=True)
def _labels_key_file(tmp_path: Path, settings: LazySettings) -> None:
    settings.LABELS_KEY_FILE = tmp_path / "labels_key"


def test_alice_asks_for_the_label_without_javascript_and_it_checks_as_valid(
    new_context: Callable[..., BrowserContext],
    live_server: Any,
    personas: Any,
    settings: LazySettings,
    screenshot: Callable[[Page, str], Path],
) -> None:
    world = build_chain(personas)
    share_issuer(settings)
    context = new_context(java_script_enabled=False)
    context.add_cookies(_session_cookies(live_server, personas, "alice", "en"))
    page = context.new_page()
    page.goto(f"{live_server.url}/en/exchange/resources/{world.bread.uuid}/coop-share/")
    assert page.get_by_role("heading", name="Co-op share of Country loaf").is_visible()
    screenshot(page, "share")

    with page.expect_navigation():
        page.get_by_role("button", name="Ask for the co-op share label").click()

    credential = Credential.objects.get()
    assert page.url.endswith(f"/en/labels/credentials/{credential.uuid}/")
    assert "60.0%" in page.inner_text("main")
    assert page.get_by_role("link", name="The co-op share and its steps").is_visible()
    screenshot(page, "label")


@pytest.mark.parametrize("lang", ["en", "fr", "es"])
def test_the_co_op_share_page_has_no_axe_violations(
    new_context: Callable[..., BrowserContext],
    live_server: Any,
    personas: Any,
    settings: LazySettings,
    screenshot: Callable[[Page, str], Path],
    lang: str,
) -> None:
    world = build_chain(personas)
    share_issuer(settings)
    url = f"/{lang}/exchange/resources/{world.bread.uuid}/coop-share/"
    axe = _axe_source()
    failures = []
    for who in ("anonymous", "alice"):
        context = new_context(bypass_csp=True)  # as in the core test: the CSP refuses axe-core
        context.add_cookies(_session_cookies(live_server, personas, who, lang))
        page = context.new_page()
        response = page.goto(live_server.url + url)
        assert response is not None
        assert response.status == 200, f"{url}: {response.status}"
        assert page.get_attribute("html", "lang") == lang
        screenshot(page, f"{who}-{lang}")
        page.add_script_tag(content=axe)
        results = page.evaluate("options => axe.run(document, options)", AXE_OPTIONS)
        if results["violations"]:
            failures.append(f"  {url} as {who}:\n{_describe(results['violations'])}")
        context.close()
    assert not failures, "axe-core found WCAG 2.1 A/AA violations:\n" + "\n".join(failures)
