"""Every main page weighs under 50 KB: its HTML plus every same-origin stylesheet and script it
references, uncompressed, images excluded. The directory is filled with a full page of
organizations, so the lists are measured at their largest.

Run with ``-rP`` (or ``-s``) to see the weight of every page and the heaviest one.
"""

from __future__ import annotations

from html.parser import HTMLParser
from typing import Any
from urllib.parse import urljoin, urlsplit

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.test import Client

from intercoop.testing.browser import LANGS, MAIN_PAGES, MainPage, fill_main_pages

BUDGET = 50 * 1024  # bytes


class _Assets(HTMLParser):
    """The stylesheets and scripts a page loads."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        named = dict(attrs)
        rels = (named.get("rel") or "").lower().split()
        if tag == "link" and "stylesheet" in rels and named.get("href"):
            self.urls.append(named["href"] or "")
        if tag == "script" and named.get("src"):
            self.urls.append(named["src"] or "")


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
    for asset in dict.fromkeys(parser.urls):  # a file referenced twice is downloaded once
        size = _asset_size(client, url, asset)
        if size is not None:
            parts.append((asset, size))
    return sum(size for _, size in parts), parts


@pytest.mark.parametrize("lang", LANGS)
def test_every_main_page_stays_under_50kb(personas: Any, lang: str) -> None:
    fill_main_pages(personas)
    weights: dict[str, tuple[int, list[tuple[str, int]]]] = {}
    for page in MAIN_PAGES:
        client = personas.client_for(page.who)
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = lang
        weights[page.url(lang)] = _weigh(client, page, lang)

    print(f"\nPage weights ({lang}), HTML + same-origin CSS and JS, budget {BUDGET} bytes:")
    for url, (total, parts) in sorted(weights.items(), key=lambda kv: -kv[1][0]):
        detail = ", ".join(f"{name} {size}" for name, size in parts)
        print(f"  {total:>7} bytes  {url}  ({detail})")
    heaviest, (heaviest_total, _) = max(weights.items(), key=lambda kv: kv[1][0])
    print(f"Heaviest page ({lang}): {heaviest}, {heaviest_total} bytes")

    over = {url: total for url, (total, _) in weights.items() if total >= BUDGET}
    assert not over, (
        f"pages over the {BUDGET}-byte budget: {over}; heaviest {heaviest} ({heaviest_total})"
    )
