"""Every page of the demo writes counts with their plural forms ("1 ballot", never "1 ballots")
and percentages with the decimal sign of the page's language, charts included."""

from __future__ import annotations

import io
import re

import pytest
from django.core.management import call_command
from django.test import Client

from intercoop.accounts.models import User
from intercoop.core.i18n import compile_catalogues
from intercoop.tests.test_pages_show_no_raw_timestamps_or_codes import DEMO_COOP, crawl

pytestmark = pytest.mark.django_db

NOUNS = {
    "en": "ballots|votes|voters|members|organizations|entries|trustees|proposals|decisions|"
    "meetings|results|credentials|options|seats|days|colleges|comments|people|allies",
    "fr": "bulletins|votes|votants|membres|organisations|entrées|garants|propositions|"
    "décisions|assemblées|résultats|identifiants|options|sièges|jours|collèges|commentaires",
    "es": "papeletas|votos|votantes|miembros|organizaciones|entradas|custodios|propuestas|"
    "decisiones|asambleas|resultados|credenciales|opciones|puestos|días|colegios|comentarios",
}
WRONG_DECIMAL = {"en": r"\d,\d+\s?%", "fr": r"\d\.\d+\s?%", "es": r"\d\.\d+\s?%"}


@pytest.mark.parametrize("lang", ["en", "fr", "es"])
def test_the_demo_writes_counts_and_percentages_in_the_pages_language(lang: str) -> None:
    compile_catalogues()
    call_command("demo", stdout=io.StringIO())
    client = Client()
    client.force_login(User.objects.get(email="alice@demo.intercoop.coop"))

    pages = crawl(
        client,
        lang,
        [
            f"/{lang}/orgs/{DEMO_COOP}/",
            f"/{lang}/",
            f"/{lang}/directory/",
            f"/{lang}/directory/?q=coop",
            f"/{lang}/orgs/",
            f"/{lang}/regions/CA/",
        ],
    )

    assert any(url.endswith("/result/") for url in pages)
    assert any("/election/" in url for url in pages)
    one_many = re.compile(rf"(?<![\d.,\u00a0])\b1\s({NOUNS[lang]})\b")
    plurals = {url: one_many.findall(text) for url, text in pages.items()}
    assert {url: found for url, found in plurals.items() if found} == {}
    decimals = {url: re.findall(WRONG_DECIMAL[lang], text) for url, text in pages.items()}
    assert {url: found for url, found in decimals.items() if found} == {}
