"""After signing in, a person lands on "Needs my attention", in the language of the page
they signed in on."""

from __future__ import annotations

import pytest
from django.test import Client

from intercoop.conftest import Personas
from intercoop.testing.factories import PASSWORD


@pytest.mark.parametrize("language", ["en", "fr", "es"])
def test_signing_in_lands_on_the_attention_page(personas: Personas, language: str) -> None:
    client = Client()

    response = client.post(
        f"/{language}/accounts/login/", {"login": personas.bob.email, "password": PASSWORD}
    )

    assert response.status_code == 302
    assert response["Location"] == f"/{language}/attention/"
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert f'href="/{language}/attention/" aria-current="page"' in page.content.decode()
