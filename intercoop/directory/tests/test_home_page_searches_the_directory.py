"""The home page searches the directory itself, and its title has its separator."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from intercoop.organizations.models import Organization

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("language", ["en", "fr", "es"])
def test_the_home_page_has_a_search_form_that_finds_co_ops(client: Client, language: str) -> None:
    Organization.objects.create(name="Riverside Food Co-op", slug="riverside", country="GB")
    Organization.objects.create(name="Hillside Housing", slug="hillside", country="GB")
    html = client.get(f"/{language}/").content.decode()
    form = re.search(r'<form method="get" action="([^"]+)"[^>]*role="search"', html)
    assert form is not None
    assert form.group(1) == f"/{language}/directory/"
    assert 'name="q"' in html and 'name="near"' in html
    found = client.get(form.group(1), {"q": "food"}).content.decode()
    assert "Riverside Food Co-op" in found
    assert "Hillside Housing" not in found


@pytest.mark.parametrize(
    ("language", "title"),
    [
        ("en", "<title>Cooperation among cooperatives · Intercoop</title>"),
        ("fr", "<title>Coopération entre les coopératives · Intercoop</title>"),
    ],
)
def test_the_home_page_title_has_its_separator(client: Client, language: str, title: str) -> None:
    assert title in client.get(f"/{language}/").content.decode()
