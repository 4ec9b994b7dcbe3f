"""Dates and large numbers are written the way each language writes them.

The project leaves USE_THOUSAND_SEPARATOR off, so plain numbers are not grouped; the home page
groups its counts with humanize's locale-aware ``intcomma``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, date, datetime
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.template import Context, Template
from django.test import Client
from django.utils import translation

from intercoop.core.i18n import compile_catalogues
from intercoop.organizations.models import Organization

NBSP = "\u00a0"
NOV_26 = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _compiled_catalogues(settings: Any) -> Iterator[None]:
    compile_catalogues()
    settings.LOCALE_PATHS = list(settings.LOCALE_PATHS)  # clears Django's catalogue cache
    yield


def test_the_project_does_not_group_plain_numbers() -> None:
    assert django_settings.USE_THOUSAND_SEPARATOR is False


@pytest.mark.parametrize(
    ("lang", "long_date", "short_date", "grouped", "decimal"),
    [
        ("en", "26 November 2026", "26 Nov 2026", "1,234,567", "1234.5"),
        ("fr", "26 novembre 2026", "26/11/2026", f"1{NBSP}234{NBSP}567", "1234,5"),
        ("es", "26 de noviembre de 2026", "26/11/2026", f"1{NBSP}234{NBSP}567", "1234,5"),
    ],
)
def test_a_template_formats_dates_and_numbers_for_the_active_language(
    lang: str, long_date: str, short_date: str, grouped: str, decimal: str
) -> None:
    template = Template(
        "{% load humanize l10n %}"
        '{{ day|date:"DATE_FORMAT" }}|{{ day|date:"SHORT_DATE_FORMAT" }}|'
        "{{ big|intcomma }}|{{ ratio|localize }}"
    )
    context = Context({"day": date(2026, 11, 26), "big": 1234567, "ratio": 1234.5})
    with translation.override(lang):
        rendered = template.render(context)
    assert rendered == f"{long_date}|{short_date}|{grouped}|{decimal}"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url", "listed_since"),
    [
        ("/en/orgs/", "26 November 2026"),
        ("/fr/orgs/", "26 novembre 2026"),
        ("/es/orgs/", "26 de noviembre de 2026"),
        ("/fr/orgs/coop-a/", "Répertoriée depuis le 26 novembre 2026."),
        ("/es/orgs/coop-a/", "En el directorio desde el 26 de noviembre de 2026."),
    ],
)
def test_pages_show_dates_in_the_language_of_the_address(
    client: Client, url: str, listed_since: str
) -> None:
    Organization.objects.create(name="Co-op A", slug="coop-a", created_at=NOV_26)
    html = client.get(url).content.decode()
    assert listed_since in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url", "coops", "allies"),
    [
        ("/en/", "1,000 co-operatives", "1 ally"),
        ("/fr/", f"1{NBSP}000 coopératives", "1 allié"),
        ("/es/", f"1{NBSP}000 cooperativas", "1 aliado"),
    ],
)
def test_the_home_page_groups_large_counts_by_locale(
    client: Client, url: str, coops: str, allies: str
) -> None:
    Organization.objects.bulk_create(
        [Organization(name=f"Co-op {n}", slug=f"coop-{n}") for n in range(1000)]
        + [
            Organization(
                name="Federation",
                slug="federation",
                kind=Organization.Kind.ALLY,
                ally_category=Organization.AllyCategory.ASSOCIATION_OF_COOPS,
            )
        ]
    )
    html = client.get(url).content.decode()
    assert coops in html
    # the singular, whole: "1 allié" and not "1 alliés"
    assert re.search(re.escape(allies) + r"(?!\w)", html)
