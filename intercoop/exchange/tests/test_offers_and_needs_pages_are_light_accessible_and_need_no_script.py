"""The pages of offers and needs weigh under 50 KB with a full page of listings, carry no inline
style or script (the CSP forbids them), label every field, and filter and paginate with plain
links and a GET form, so they work without JavaScript."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from intercoop.conftest import Personas
from intercoop.exchange.models import Listing
from intercoop.exchange.tests.listing_world import PARIS, VERSAILLES, place, publish

pytestmark = pytest.mark.django_db


@pytest.fixture
def many(personas: Personas) -> Personas:
    place(personas.coop_a, PARIS)
    place(personas.coop_b, VERSAILLES)
    for n in range(25):
        publish(personas.coop_a, personas.alice, title=f"Offer number {n}", description="x" * 300)
    publish(personas.coop_b, personas.charlie, title="Need of B", kind="need")
    return personas


def test_each_page_is_light_without_inline_style_or_script(many: Personas) -> None:
    alice = many.client_for("alice")
    need = Listing.objects.get(organization=many.coop_b)
    offer = Listing.objects.filter(organization=many.coop_a).first()
    assert offer is not None
    pages = [
        "/en/exchange/listings/",
        f"/en/exchange/listings/{offer.uuid}/",
        f"/en/exchange/listings/{need.uuid}/",
        "/en/orgs/coop-a/exchange/listings/",
        f"/en/orgs/coop-a/exchange/listings/{offer.uuid}/edit/",
    ]
    for path in pages:
        response = alice.get(path)
        html = response.content.decode()
        assert response.status_code == 200, path
        assert len(response.content) < 50_000, path
        assert "style=" not in html, path
        assert "<script" not in html, path
        # every input, select and textarea has a label
        for field_id in re.findall(r'<(?:input|select|textarea)[^>]*\bid="([^"]+)"', html):
            assert f'for="{field_id}"' in html, (path, field_id)


def test_the_browse_page_filters_and_paginates_with_links(
    many: Personas, compiled_catalogues: None
) -> None:
    client = Client()

    first = client.get("/en/exchange/listings/?kind=offer&q=number").content.decode()
    second = client.get("/en/exchange/listings/?kind=offer&q=number&page=2").content.decode()
    needs = client.get("/en/exchange/listings/?kind=need").content.decode()

    assert "25 offers and needs" in first
    assert 'href="?kind=offer&amp;q=number&amp;page=2"' in first
    assert first.count("Offer number") == 20
    assert second.count("Offer number") == 5
    assert "Need of B" in needs and "Offer number" not in needs
    assert 'aria-current="page"' in first  # the main navigation's entry
    french = client.get("/fr/exchange/listings/?kind=need").content.decode()
    assert "1 offre ou besoin" in french
