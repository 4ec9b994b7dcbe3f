"""Moving between pages of results keeps the words, filters and order asked for."""

from __future__ import annotations

import html as html_lib
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.test import Client

from intercoop.testing.factories import OrganizationFactory

pytestmark = pytest.mark.django_db


def link(html: str, rel: str) -> str:
    found = re.search(rf'<a href="([^"]*)" rel="{rel}">', html)
    assert found, f'no rel="{rel}" link'
    return html_lib.unescape(found.group(1))


def test_next_and_previous_pages_keep_the_search(client: Client) -> None:
    # Given 45 bakeries in Britain and one elsewhere.
    for i in range(45):
        OrganizationFactory.create(name=f"Bakery {i:02}", country="GB", activity="ICA20")
    OrganizationFactory.create(name="Bakery abroad", country="FR", activity="ICA20")

    # When the first page is asked for, sorted by name.
    first = client.get("/en/directory/?q=bakery&country=GB&activity=ICA20&sort=name")
    html = first.content.decode()

    # Then it lists the first 20, and the next page's link keeps every parameter.
    assert first.status_code == 200
    assert "45 organizations found" in html
    assert "Page 1 of 3" in html
    assert 'rel="prev"' not in html
    next_url = link(html, "next")
    assert parse_qs(urlsplit(next_url).query) == {
        "q": ["bakery"],
        "country": ["GB"],
        "activity": ["ICA20"],
        "sort": ["name"],
        "page": ["2"],
    }

    # When the next page is followed.
    second = client.get("/en/directory/" + next_url).content.decode()

    # Then it continues the list where the first page stopped, numbered on.
    names = re.findall(r"<h3><a [^>]*>([^<]+)</a></h3>", second)
    assert names == [f"Bakery {i:02}" for i in range(20, 40)]
    assert '<ol class="result-list" start="21">' in second
    assert "Page 2 of 3" in second
    assert parse_qs(urlsplit(link(second, "prev")).query) == {
        "q": ["bakery"],
        "country": ["GB"],
        "activity": ["ICA20"],
        "sort": ["name"],
        "page": ["1"],
    }
    assert parse_qs(urlsplit(link(second, "next")).query)["page"] == ["3"]


def test_a_page_past_the_end_offers_the_first_page(client: Client) -> None:
    OrganizationFactory.create(name="Only one")

    html = client.get("/en/directory/?q=only&page=7").content.decode()

    assert "This page is past the last page of results." in html
    assert 'href="?q=only"' in html
