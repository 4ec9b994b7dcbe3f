"""The search page speaks the language of its address, down to the facets' values: ESSGlobal
terms, country names and kinds of organization."""

from __future__ import annotations

import pytest
from django.test import Client

from intercoop.testing.factories import OrganizationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def directory() -> None:
    OrganizationFactory.create(name="Alpha", activity="ICA20", structure="OS115", country="GB")
    OrganizationFactory.create(name="Beta", activity="ICA50", country="DE")


@pytest.mark.parametrize(
    ("lang", "present", "absent"),
    [
        (
            "fr",
            ["Industrie laitière", "Pêche", "Royaume-Uni", "Allemagne", "Coopérative"],
            ["Dairy", "Fishing", "United Kingdom", "Germany"],
        ),
        (
            "es",
            ["Lechería", "Pesca", "Reino Unido", "Alemania"],
            ["Dairy", "Fishing", "United Kingdom", "Germany"],
        ),
        ("en", ["Dairy", "Fishing", "United Kingdom", "Germany", "Co-operative"], ["Pêche"]),
    ],
)
def test_facet_values_are_in_the_page_language(
    client: Client, directory: None, lang: str, present: list[str], absent: list[str]
) -> None:
    response = client.get(f"/{lang}/directory/")

    html = response.content.decode()
    assert response.status_code == 200
    assert f'<html lang="{lang}">' in html
    for label in present:
        assert f'>{label} <span class="count">' in html, label
    for label in absent:
        assert label not in html, label


def test_facet_titles_are_the_vocabularies_titles(client: Client, directory: None) -> None:
    html = client.get("/fr/directory/").content.decode()

    assert "<legend>Secteur économique</legend>" in html
    assert "<legend>Pays</legend>" in html
