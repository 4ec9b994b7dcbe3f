"""Pages speak the language of their address, and the language switcher keeps the page."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client

from intercoop.core.i18n import compile_catalogues


@pytest.fixture(autouse=True)
def _compiled_catalogues(settings: Any) -> Iterator[None]:
    """Compile stale catalogues (as `make install` does), then make Django reload them."""
    compile_catalogues()
    settings.LOCALE_PATHS = list(settings.LOCALE_PATHS)  # clears Django's catalogue cache
    yield


def page(client: Client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url", "lang", "expected"),
    [
        ("/fr/", "fr", ["Coopération entre les coopératives", "Que cherchez-vous ?"]),
        ("/es/", "es", ["Cooperación entre cooperativas", "¿Qué está buscando?"]),
        ("/en/", "en", ["Cooperation among cooperatives", "What are you looking for?"]),
        ("/fr/orgs/", "fr", ["Aucune organisation n'est encore répertoriée.", "Organisations"]),
        ("/es/orgs/", "es", ["Todavía no hay ninguna organización en el directorio."]),
        ("/fr/accounts/login/", "fr", ["Se connecter", "S'inscrire", "Connexion"]),
        ("/es/accounts/signup/", "es", ["Registrarse", "Iniciar sesión", "Contraseña"]),
    ],
)
def test_a_page_is_in_the_language_of_its_address(
    client: Client, url: str, lang: str, expected: list[str]
) -> None:
    html = page(client, url)
    assert f'<html lang="{lang}">' in html
    for text in expected:
        assert text in html, f"{text!r} not on {url}"


@pytest.mark.django_db
def test_the_english_words_are_gone_from_a_translated_page(client: Client) -> None:
    html = page(client, "/fr/")
    for english in ["Cooperation among cooperatives", "Skip to main content", "Who it is for"]:
        assert english not in html
    assert "Aller au contenu principal" in html


@pytest.mark.django_db
def test_an_organization_page_is_translated(client: Client) -> None:
    from intercoop.testing.factories import OrganizationFactory

    OrganizationFactory.create(name="Co-op A", slug="coop-a")
    html = page(client, "/es/orgs/coop-a/")
    assert '<html lang="es">' in html
    assert "Cooperativa" in html  # the kind
    assert "En el directorio desde el" in html


@pytest.mark.django_db
def test_the_language_switcher_keeps_the_page(client: Client) -> None:
    response = client.post("/i18n/setlang/", {"language": "fr", "next": "/en/orgs/"})
    assert response.status_code == 302
    assert response["Location"] == "/fr/orgs/"
    assert client.cookies["django_language"].value == "fr"
    assert '<html lang="fr">' in page(client, response["Location"])
