"""The footer's Status link opens a page for people, in their language; ``/healthz`` stays the
JSON answer the README documents for load balancers."""

from __future__ import annotations

import re
from unittest import mock

import pytest
from django.db import DatabaseError
from django.test import Client

from intercoop.core.i18n import compile_catalogues

pytestmark = pytest.mark.django_db

UP = {
    "en": "Up: it answered a query just now.",
    "fr": "En service\u00a0: elle vient de répondre à une requête.",
    "es": "En servicio: acaba de responder a una consulta.",
}


@pytest.mark.parametrize("lang", ["en", "fr", "es"])
def test_the_footer_links_to_a_status_page_in_the_readers_language(
    client: Client, lang: str
) -> None:
    compile_catalogues()
    home = client.get(f"/{lang}/").content.decode()
    footer = home[home.index('<footer class="site-footer">') :]
    link = re.search(r'<a href="([^"]+)">[^<]+</a></p>\s*</div>\s*</footer>', footer)
    assert link
    assert link.group(1) == f"/{lang}/status/"

    response = client.get(link.group(1))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    page = response.content.decode()
    assert f'<html lang="{lang}">' in page
    assert UP[lang] in page
    assert not re.search(r"\d{4}-\d\d-\d\dT\d\d:\d\d", re.sub(r"<[^>]+>", " ", page))


def test_the_status_page_says_when_the_database_is_down(client: Client) -> None:
    with mock.patch("django.db.backends.utils.CursorWrapper.execute", side_effect=DatabaseError):
        response = client.get("/en/status/")
    assert response.status_code == 503
    assert "Down: it cannot be reached." in response.content.decode()


def test_healthz_still_answers_json_for_load_balancers(client: Client) -> None:
    response = client.get("/healthz", HTTP_ACCEPT="text/html")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"status": "ok", "database": "ok"}
