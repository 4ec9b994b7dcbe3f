"""Every page carries the security headers, and its HTML needs nothing the CSP forbids.

The Content-Security-Policy allows scripts and styles from the site itself only ('self'), so an
inline <script>, a <style> element, a style="" attribute or an on*="" handler would be silently
blocked by the browser: the page would look or work differently in production than in a test.
"""

from __future__ import annotations

from html.parser import HTMLParser
from typing import Any

import pytest
from django.conf import settings
from django.http import HttpResponse

from intercoop.testing.browser import LANGS, MAIN_PAGES, MainPage, fill_main_pages

# More pages than the main ones: forms of allauth, the co-op creation, an error page, JSON.
OTHER_PAGES = (
    MainPage("org-create", "/{lang}/orgs/new/", "alice"),
    MainPage("password-reset", "/{lang}/accounts/password/reset/", "anonymous"),
    MainPage("email-addresses", "/{lang}/accounts/email/", "alice"),
    MainPage("password-change", "/{lang}/accounts/password/change/", "alice"),
    MainPage("mfa", "/{lang}/accounts/2fa/", "alice"),
    MainPage("forbidden", "/{lang}/orgs/coop-a/invitations/", "charlie", status=403),
    MainPage("health", "/healthz", "anonymous"),
    MainPage("api-json", "/api/v1/organizations", "anonymous"),
    MainPage("api-not-found", "/api/v1/no-such-endpoint", "anonymous", status=404),
)
PAGES = MAIN_PAGES + OTHER_PAGES

# A <script> of these types is a data block: browsers never execute it, so the CSP allows it.
DATA_BLOCK_TYPES = {"application/json", "application/ld+json"}


def _get(personas: Any, page: MainPage, lang: str) -> HttpResponse:
    client = personas.client_for(page.who)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = lang
    response = client.get(page.url(lang))
    assert response.status_code == page.status, (
        f"{page.url(lang)} as {page.who}: {response.status_code}, expected {page.status}"
    )
    return response


class _CspBreakers(HTMLParser):
    """Collects what a CSP with script-src and style-src 'self' blocks."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        named = dict(attrs)
        if tag == "script" and "src" not in named and named.get("type") not in DATA_BLOCK_TYPES:
            self.found.append(f"inline {self.get_starttag_text()}")
        if tag == "style":
            self.found.append("<style> element")
        for name, value in attrs:
            if name == "style":
                self.found.append(f'style="{value}" on <{tag}>')
            if name.startswith("on"):
                self.found.append(f'event handler {name}="{value}" on <{tag}>')
            if name in {"href", "src", "action"} and (value or "").strip().lower().startswith(
                "javascript:"
            ):
                self.found.append(f'{name}="{value}" on <{tag}>')


def _csp_directives(header: str) -> dict[str, list[str]]:
    directives = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            directives[words[0].lower()] = words[1:]
    return directives


@pytest.fixture
def filled(personas: Any) -> Any:
    fill_main_pages(personas)
    return personas


def _header_problems(response: HttpResponse) -> list[str]:
    problems = []
    csp = response.headers.get("Content-Security-Policy", "")
    if not csp:
        return ["no Content-Security-Policy header", *_other_header_problems(response)]
    for unsafe in ("'unsafe-inline'", "'unsafe-eval'"):
        if unsafe in csp:
            problems.append(f"{unsafe} in the CSP: {csp}")
    directives = _csp_directives(csp)
    for directive in ("default-src", "script-src", "style-src", "frame-ancestors", "object-src"):
        if directive not in directives:
            problems.append(f"{directive} missing from the CSP: {csp}")
    for directive, wanted in (
        ("script-src", ["'self'"]),
        ("style-src", ["'self'"]),
        ("frame-ancestors", ["'none'"]),
    ):
        if directive in directives and directives[directive] != wanted:
            problems.append(f"{directive} is {directives[directive]}, expected {wanted}")
    return problems + _other_header_problems(response)


def _other_header_problems(response: HttpResponse) -> list[str]:
    problems = []
    if response.headers.get("X-Frame-Options") != "DENY":
        problems.append(f"X-Frame-Options is {response.headers.get('X-Frame-Options')!r}")
    if response.headers.get("X-Content-Type-Options") != "nosniff":
        problems.append(
            f"X-Content-Type-Options is {response.headers.get('X-Content-Type-Options')!r}"
        )
    if not response.headers.get("Referrer-Policy"):
        problems.append("no Referrer-Policy header")
    return problems


def _html_problems(response: HttpResponse) -> list[str]:
    if not response.headers.get("Content-Type", "").startswith("text/html"):
        return []
    parser = _CspBreakers()
    parser.feed(response.content.decode())
    parser.close()
    return [f"the CSP would block: {found}" for found in parser.found]


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_page_has_the_security_headers_and_nothing_the_csp_blocks(
    filled: Any, page: MainPage, lang: str
) -> None:
    response = _get(filled, page, lang)
    problems = _header_problems(response) + _html_problems(response)
    assert not problems, f"{page.url(lang)} as {page.who}:\n  " + "\n  ".join(problems)
