"""The main pages, in English, French and Spanish, have no WCAG 2.1 A/AA violation that axe-core
finds, and the skip link is the first thing the keyboard reaches."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from django.conf import settings
from django.test import Client
from django.utils import translation

from intercoop.testing.browser import LANGS, MAIN_PAGES, REPO_ROOT, fill_main_pages

ALL_LANGS = ("en", "fr", "es")

if TYPE_CHECKING:
    from playwright.sync_api import BrowserContext, Page

pytestmark = [
    pytest.mark.browser,
    pytest.mark.usefixtures("transactional_db", "static_files_from_finders"),
]

AXE = REPO_ROOT / "node_modules" / "axe-core" / "axe.min.js"
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "resultTypes": ["violations"],
}


def _axe_source() -> str:
    if not AXE.exists():
        reason = f"axe-core not found at {AXE} (npm ci installs it)"
        if os.environ.get("CI"):
            pytest.fail(f"{reason}: required in CI", pytrace=False)
        pytest.skip(reason)
    return AXE.read_text(encoding="utf-8")


def _session_cookies(live_server: Any, personas: Any, who: str, lang: str) -> list[Any]:
    cookies = [{"name": settings.LANGUAGE_COOKIE_NAME, "value": lang, "url": live_server.url}]
    if who != "anonymous":
        client = Client()
        client.force_login(getattr(personas, who))
        session = client.cookies[settings.SESSION_COOKIE_NAME].value
        cookies.append(
            {"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url}
        )
    return cookies


def _describe(violations: list[dict[str, Any]]) -> str:
    lines = []
    for v in violations:
        lines.append(f"    {v['id']} ({v['impact']}): {v['help']} — {v['helpUrl']}")
        for node in v["nodes"][:10]:
            lines.append(f"      at {' '.join(node['target'])}: {node['failureSummary']!r}")
    return "\n".join(lines)


def test_main_pages_have_no_axe_violations(
    new_context: Callable[..., BrowserContext],
    live_server: Any,
    personas: Any,
    screenshot: Callable[[Page, str], Path],
) -> None:
    """Every main page in each of the three languages, as the persona who sees it. One browser
    context goes through them all, its cookies swapped for each persona and language: a new
    context per page cost a third of the test's time."""
    axe = _axe_source()
    fill_main_pages(personas, base_url=live_server.url)
    # bypass_csp for this test only: the site's CSP (script-src 'self') rightly refuses the
    # axe-core script we inject; every other browser test runs under the real CSP.
    context = new_context(bypass_csp=True)
    page = context.new_page()
    failures = []
    for lang in ALL_LANGS:
        for main_page in MAIN_PAGES:
            context.clear_cookies()
            context.add_cookies(_session_cookies(live_server, personas, main_page.who, lang))
            response = page.goto(live_server.url + main_page.url(lang))
            assert response is not None
            assert response.status == main_page.status, f"{main_page.url(lang)}: {response.status}"
            assert page.get_attribute("html", "lang") == lang, main_page.url(lang)
            screenshot(page, f"{lang}-{main_page.name}")
            page.add_script_tag(content=axe)
            # Only the violations come back: the passes would be megabytes for nothing.
            violations = page.evaluate(
                "options => axe.run(document, options).then(results => results.violations)",
                AXE_OPTIONS,
            )
            if violations:
                failures.append(
                    f"  {main_page.url(lang)} as {main_page.who}:\n{_describe(violations)}"
                )
    assert not failures, "axe-core found WCAG 2.1 A/AA violations:\n" + "\n".join(failures)


@pytest.mark.parametrize("lang", LANGS)
def test_tab_first_reaches_the_skip_link_and_enter_moves_to_main(
    page: Page, live_server: Any, screenshot: Callable[[Page, str], Path], lang: str
) -> None:
    with translation.override(lang):
        skip_text = translation.gettext("Skip to main content")
    page.goto(f"{live_server.url}/{lang}/")

    page.keyboard.press("Tab")
    focused = page.evaluate(
        "() => ({text: document.activeElement.textContent.trim(),"
        " href: document.activeElement.getAttribute('href'),"
        " visible: document.activeElement.getBoundingClientRect().left >= 0})"
    )
    screenshot(page, "skip-link-focused")
    assert focused["text"] == skip_text, focused
    assert focused["href"] == "#main", focused
    assert focused["visible"], f"the focused skip link is off screen: {focused}"

    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "main"
    assert page.url.endswith("#main")
