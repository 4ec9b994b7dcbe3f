"""Every main page weighs under 50 KB: its HTML plus every same-origin stylesheet and script it
references, uncompressed, images excluded. Scripts count with the modules they import, and with
those an import map names. The directory is filled with a full page of organizations, so the
lists are measured at their largest.

One exception, the voting booth, which encrypts in the browser: it may exceed the budget by the
files of its cryptography (``JAVASCRIPT_ALLOWANCE``: libsodium.js and booth-crypto.js) and
nothing else.

Run with ``-rP`` (or ``-s``) to see the weight of every page and the heaviest one.
"""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urljoin, urlsplit

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.test import Client

from intercoop.testing.browser import (
    JAVASCRIPT_ALLOWANCE,
    JAVASCRIPT_PAGES,
    LANGS,
    MAIN_PAGES,
    MainPage,
    fill_main_pages,
)

BUDGET = 50 * 1024  # bytes


class _Assets(HTMLParser):
    """The stylesheets and scripts a page loads, and the modules its import map names."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.urls: list[str] = []
        self._in_import_map = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        named = dict(attrs)
        rels = (named.get("rel") or "").lower().split()
        if tag == "link" and "stylesheet" in rels and named.get("href"):
            self.urls.append(named["href"] or "")
        if tag == "script" and named.get("src"):
            self.urls.append(named["src"] or "")
        self._in_import_map = tag == "script" and named.get("type") == "importmap"

    def handle_endtag(self, tag: str) -> None:
        self._in_import_map = False

    def handle_data(self, data: str) -> None:
        if self._in_import_map and data.strip():
            self.urls.extend(json.loads(data)["imports"].values())


_IMPORT = re.compile(r"""(?:\bfrom|\bimport)\s*["'](\.{1,2}/[^"']+)["']""")


def _imports(client: Client, page_url: str, url: str) -> list[str]:
    """The relative modules a script imports (static imports, as a browser fetches them)."""
    absolute = urljoin("http://testserver" + page_url, url)
    path = urlsplit(absolute).path
    if not path.endswith((".js", ".mjs")) or not path.startswith(settings.STATIC_URL):
        return []
    name = path.removeprefix(settings.STATIC_URL)
    found = (
        staticfiles_storage.path(name) if staticfiles_storage.exists(name) else finders.find(name)
    )
    if not found:
        return []
    with open(str(found), encoding="utf-8") as f:
        text = f.read()
    return [urljoin(absolute, m).removeprefix("http://testserver") for m in _IMPORT.findall(text)]


def _asset_size(client: Client, page_url: str, url: str) -> int | None:
    """Size of a same-origin asset, or None for another origin (not ours to weigh)."""
    absolute = urljoin("http://testserver" + page_url, url)
    parts = urlsplit(absolute)
    if parts.hostname != "testserver":
        return None
    if parts.path.startswith(settings.STATIC_URL):
        # The file as served: collected (hashed) in STATIC_ROOT, else found in an app.
        name = parts.path.removeprefix(settings.STATIC_URL)
        found = (
            staticfiles_storage.path(name)
            if staticfiles_storage.exists(name)
            else finders.find(name)
        )
        assert found, f"{url}, referenced by {page_url}, is not a static file"
        with open(found, "rb") as f:
            return len(f.read())
    response = client.get(parts.path + (f"?{parts.query}" if parts.query else ""))
    assert response.status_code == 200, f"{url}, referenced by {page_url}: {response.status_code}"
    return len(response.content)


def _weigh(client: Client, page: MainPage, lang: str) -> tuple[int, list[tuple[str, int]]]:
    url = page.url(lang)
    response = client.get(url)
    assert response.status_code == page.status, f"{url}: {response.status_code}"
    parts = [(url, len(response.content))]
    parser = _Assets()
    parser.feed(response.content.decode())
    queue, seen = list(parser.urls), set()
    while queue:  # a file referenced twice is downloaded once
        asset = queue.pop(0)
        if asset in seen:
            continue
        seen.add(asset)
        size = _asset_size(client, url, asset)
        if size is not None:
            parts.append((asset, size))
            queue.extend(_imports(client, url, asset))
    return sum(size for _, size in parts), parts


def _allowed(page: MainPage, parts: list[tuple[str, int]]) -> int:
    """The bytes a page may carry beyond the budget: the booth's cryptography, on the booth."""
    if page.name not in JAVASCRIPT_PAGES:
        return 0
    prefixes = tuple(settings.STATIC_URL + name for name in JAVASCRIPT_ALLOWANCE)
    return sum(size for name, size in parts if name.startswith(prefixes))


@pytest.mark.parametrize("lang", LANGS)
def test_every_main_page_stays_under_50kb(personas: Any, lang: str) -> None:
    fill_main_pages(personas)
    weights: dict[str, tuple[int, list[tuple[str, int]]]] = {}
    allowances: dict[str, int] = {}
    for page in MAIN_PAGES:
        client = personas.client_for(page.who)
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = lang
        weights[page.url(lang)] = _weigh(client, page, lang)
        allowances[page.url(lang)] = _allowed(page, weights[page.url(lang)][1])

    print(f"\nPage weights ({lang}), HTML + same-origin CSS and JS, budget {BUDGET} bytes:")
    for url, (total, parts) in sorted(weights.items(), key=lambda kv: -kv[1][0]):
        detail = ", ".join(f"{name} {size}" for name, size in parts)
        print(f"  {total:>7} bytes  {url}  ({detail})")
    heaviest, (heaviest_total, _) = max(weights.items(), key=lambda kv: kv[1][0])
    print(f"Heaviest page ({lang}): {heaviest}, {heaviest_total} bytes")

    for url, allowance in allowances.items():
        if allowance:
            print(f"  {url}: {allowance} bytes of the booth's cryptography beyond the budget")
    booth = [url for url, allowance in allowances.items() if allowance]
    assert booth, "the booth no longer loads libsodium.js: is the exception still needed?"
    over = {url: total for url, (total, _) in weights.items() if total - allowances[url] >= BUDGET}
    assert not over, (
        f"pages over the {BUDGET}-byte budget: {over}; heaviest {heaviest} ({heaviest_total})"
    )
