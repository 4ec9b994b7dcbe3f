"""Imported records carry the attribution their licence requires, with a link to the licence,
wherever they are shown: on the organization's page and on the directory list. Organizations
entered on Intercoop carry none."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.test import Client

from intercoop.organizations.models import Organization
from intercoop.organizations.tests.conftest import profile_facts_in
from intercoop.testing.factories import OrganizationFactory

pytestmark = pytest.mark.django_db

ATTRIBUTION = "Contains data from Co-operatives UK, ODC-By 1.0"
LICENCE_LINK = '<a href="https://opendatacommons.org/licenses/by/1-0/" rel="license">'


def imported(**fields: object) -> Organization:
    values: dict[str, object] = {
        "source": "coops-uk",
        "source_licence": "ODC-By-1.0",
        "source_attribution": ATTRIBUTION,
        "imported_at": datetime(2023, 11, 3, tzinfo=UTC),
        **fields,
    }
    org: Organization = OrganizationFactory.create(**values)
    return org


def html_of(client: Client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def test_an_imported_organization_page_shows_source_licence_and_attribution(
    client: Client,
) -> None:
    imported(slug="pioneers", source_id="R000001")

    html = html_of(client, "/en/orgs/pioneers/")

    assert profile_facts_in(html)["Provenance"] == {
        "Source": ["Co-operatives UK, identifier R000001, imported on 3 November 2023"],
        "Licence": ["Open Data Commons Attribution License v1.0"],
        "Attribution": [ATTRIBUTION],
    }
    assert LICENCE_LINK in html


def test_the_list_shows_each_attribution_once_with_its_licence(client: Client) -> None:
    imported(name="Alpha Co-op", source_id="R000001")
    imported(name="Beta Co-op", source_id="R000002")
    OrganizationFactory.create(name="Gamma Co-op")

    html = html_of(client, "/en/orgs/")

    assert "Alpha Co-op" in html
    assert html.count(ATTRIBUTION) == 1
    assert html.count(LICENCE_LINK) == 1


def test_an_organization_without_a_source_shows_no_attribution(client: Client) -> None:
    OrganizationFactory.create(name="Local Bakery", slug="bakery")

    page = html_of(client, "/en/orgs/bakery/")
    listing = html_of(client, "/en/orgs/")

    assert "Local Bakery" in listing
    for html in (page, listing):
        assert "Provenance" not in html
        assert "Contains data from" not in html
        assert 'rel="license"' not in html
        assert "opendatacommons.org" not in html


def test_the_list_shows_the_attributions_of_its_page_only(client: Client) -> None:
    OrganizationFactory.create_batch(50, name="A local co-op")
    imported(name="Zeta Co-op", source_id="R000001")  # sorted last: on the second page

    assert ATTRIBUTION not in html_of(client, "/en/orgs/")
    assert ATTRIBUTION in html_of(client, "/en/orgs/?page=2")


@pytest.mark.usefixtures("compiled_catalogues")
def test_the_attribution_keeps_its_wording_and_says_its_language(client: Client) -> None:
    imported(slug="pioneers", source_id="R000001")

    for url in ("/fr/orgs/pioneers/", "/fr/orgs/"):
        html = html_of(client, url)
        assert f' lang="en">{ATTRIBUTION}<' in html, url
        assert LICENCE_LINK in html, url
