"""Every page carries the security headers, and its HTML needs nothing the CSP forbids.

The Content-Security-Policy allows scripts and styles from the site itself only ('self'), so an
inline <script>, a <style> element, a style="" attribute or an on*="" handler would be silently
blocked by the browser: the page would look or work differently in production than in a test.

One exception, the voting booth (``JAVASCRIPT_PAGES``): its script-src adds a nonce, for the
inline import map of libsodium.js's modules, and 'wasm-unsafe-eval', for libsodium's
WebAssembly; every inline script it has must carry that nonce, and 'unsafe-inline' and
'unsafe-eval' stay forbidden everywhere.

The pages are filled once per language (``fill_main_pages`` runs the governance and ballots
demos, cryptography included) and each page's problems are collected, so that one run names
every page at fault.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import Any

import pytest
from django.conf import settings
from django.http import HttpResponse

from intercoop.testing.browser import (
    JAVASCRIPT_PAGES,
    LANGS,
    MAIN_PAGES,
    MainPage,
    fill_main_pages,
)

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
    """Collects what a CSP with script-src and style-src 'self' (and ``nonce``, if given)
    blocks."""

    def __init__(self, nonce: str | None = None) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self.nonce = nonce

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        named = dict(attrs)
        inline = tag == "script" and "src" not in named
        allowed = self.nonce is not None and named.get("nonce") == self.nonce
        if inline and named.get("type") not in DATA_BLOCK_TYPES and not allowed:
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


_NONCE = re.compile(r"'nonce-([A-Za-z0-9+/=_-]+)'")


def _header_problems(page: MainPage, response: HttpResponse) -> list[str]:
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
    script_src = ["'self'"]
    if page.name in JAVASCRIPT_PAGES:
        found = _NONCE.search(csp)
        if found is None:
            problems.append(f"no nonce in the booth's CSP: {csp}")
        else:
            script_src = ["'self'", found.group(0), "'wasm-unsafe-eval'"]
    elif "'nonce-" in csp or "wasm-unsafe-eval" in csp:
        problems.append(f"a nonce or 'wasm-unsafe-eval' outside the booth: {csp}")
    for directive, wanted in (
        ("script-src", script_src),
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


def _html_problems(page: MainPage, response: HttpResponse) -> list[str]:
    if not response.headers.get("Content-Type", "").startswith("text/html"):
        return []
    nonce = None
    if page.name in JAVASCRIPT_PAGES:
        found = _NONCE.search(response.headers.get("Content-Security-Policy", ""))
        nonce = found.group(1) if found else None
    parser = _CspBreakers(nonce)
    parser.feed(response.content.decode())
    parser.close()
    return [f"the CSP would block: {found}" for found in parser.found]


@pytest.mark.parametrize("lang", LANGS)
def test_every_page_has_the_security_headers_and_nothing_the_csp_blocks(
    personas: Any, lang: str
) -> None:
    fill_main_pages(personas)
    problems = {}
    for page in PAGES:
        response = _get(personas, page, lang)
        found = _header_problems(page, response) + _html_problems(page, response)
        if found:
            problems[f"{page.url(lang)} as {page.who}"] = found
    assert not problems, "\n".join(
        f"{where}:\n  " + "\n  ".join(found) for where, found in problems.items()
    )


def test_the_policy_built_once_is_django_csps_own_and_follows_the_settings(
    client: Any, settings: Any, db: None
) -> None:
    from csp.utils import build_policy

    response = client.get("/en/")
    assert response["Content-Security-Policy"] == build_policy()
    settings.CONTENT_SECURITY_POLICY = {
        "DIRECTIVES": {**settings.CONTENT_SECURITY_POLICY["DIRECTIVES"], "img-src": ["'none'"]}
    }
    changed = client.get("/en/")["Content-Security-Policy"]
    assert "img-src 'none'" in changed
    assert changed == build_policy()
