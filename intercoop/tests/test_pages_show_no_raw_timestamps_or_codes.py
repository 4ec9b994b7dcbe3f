"""Pages speak to people: no ISO timestamp, no audit action code, no raw JSON on screen.

The demo's pages are crawled as its co-op admin (who sees the most: the register, the audit log,
the election pages and bulletin boards) in each language. Machine-readable downloads (the
election record, the board, exports) keep their ISO timestamps and are not crawled; ``<time
datetime="…">`` attributes are markup, not text on screen.
"""

from __future__ import annotations

import io
import re
from collections import Counter

import pytest
from django.core.management import call_command
from django.test import Client

from intercoop.accounts.models import User
from intercoop.core.i18n import compile_catalogues
from intercoop.governance.audit_words import ACTIONS

pytestmark = pytest.mark.django_db

ISO_TIMESTAMP = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d")
ACTION_CODE = re.compile(r"\b(?:" + "|".join(re.escape(code) for code in ACTIONS) + r")\b")
DOWNLOAD = re.compile(r"\.(json|csv|zip|pdf|ics|svg)$")
CAST = {
    "en": "A ballot was cast.",
    "fr": "Un bulletin a été déposé.",
    "es": "Se emitió una papeleta.",
}
SAME_KIND = 8  # pages visited per address pattern (/members/1/, /members/2/… are one kind)
DEMO_COOP = "riverside-food-coop"


def visible_text(html: str) -> str:
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"<[^>]+>", " ", html)


def crawl(client: Client, lang: str, start: list[str]) -> dict[str, str]:
    """The text on screen of the pages ``start`` and of the demo co-op's pages they lead to."""
    pages: dict[str, str] = {}
    kinds: Counter[str] = Counter()
    todo, seen = list(start), set(start)
    while todo:
        url = todo.pop(0)
        response = client.get(url)
        if response.status_code != 200 or "text/html" not in response["Content-Type"]:
            continue
        html = response.content.decode()
        pages[url] = visible_text(html)
        for link in re.findall(rf'href="(/{lang}/orgs/{DEMO_COOP}/[^"#?]*)"', html):
            kind = re.sub(r"\d+", "N", link)
            if link in seen or DOWNLOAD.search(link) or kinds[kind] >= SAME_KIND:
                continue
            seen.add(link)
            kinds[kind] += 1
            todo.append(link)
    return pages


@pytest.mark.parametrize("lang", ["en", "fr", "es"])
def test_no_page_of_the_demo_shows_an_iso_timestamp_or_an_action_code(lang: str) -> None:
    compile_catalogues()
    call_command("demo", stdout=io.StringIO())
    client = Client()
    client.force_login(User.objects.get(email="alice@demo.intercoop.coop"))

    pages = crawl(
        client,
        lang,
        [
            f"/{lang}/orgs/{DEMO_COOP}/",
            f"/{lang}/notifications/",
            f"/{lang}/",
            f"/{lang}/accounts/profile/",
        ],
    )

    audit = f"/{lang}/orgs/riverside-food-coop/audit/"
    assert audit in pages
    assert any("/election/board/" in url for url in pages)
    assert len(pages) > 50
    timestamps = {url: ISO_TIMESTAMP.findall(text) for url, text in pages.items()}
    assert {url: found for url, found in timestamps.items() if found} == {}
    codes = {url: ACTION_CODE.findall(text) for url, text in pages.items()}
    assert {url: found for url, found in codes.items() if found} == {}
    # The audit log's details are laid out, not dumped as JSON.
    assert '{"' not in pages[audit]
    assert CAST[lang] in pages[audit]
