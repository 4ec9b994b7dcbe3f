"""The organization page lists what it offers, with each offer's kind and tags, to everyone; an
offer in another language than the page's is marked as such. The demo's co-ops offer some."""

from __future__ import annotations

import re

import pytest
from django.core.management import call_command
from django.test import Client

from intercoop.conftest import Personas
from intercoop.organizations import services
from intercoop.organizations.models import Organization
from intercoop.organizations.services import OfferData


def section(html: str) -> str:
    found = re.search(r"<h2>Products and services</h2>(.*?)</section>", html, flags=re.DOTALL)
    assert found, "no offers section"
    return found.group(1)


@pytest.fixture
def offers(personas: Personas) -> None:
    services.offers_replace(
        organization=personas.coop_a,
        by=personas.alice,
        offers=[
            OfferData(text="Sourdough bread", kind="product", tags=("bread", "organic")),
            OfferData(text="Livraison à vélo", tags=("livraison",), language="fr"),
        ],
    )


@pytest.mark.usefixtures("offers")
@pytest.mark.parametrize("who", ["alice", "bob", "charlie", "anonymous"])
def test_everyone_sees_the_offers_with_their_tags(personas: Personas, who: str) -> None:
    html = personas.client_for(who).get("/en/orgs/coop-a/").content.decode()

    offers = section(html)
    assert offers.index("Sourdough bread") < offers.index("Livraison à vélo")
    assert '<span class="badge">Product</span> <span>Sourdough bread</span>' in offers
    assert '<span class="badge">bread</span> <span class="badge">organic</span>' in offers
    assert '<span lang="fr">Livraison à vélo</span>' in offers
    assert '<span class="badge" lang="fr">livraison</span>' in offers
    editable = "/en/orgs/coop-a/offers/" in offers
    assert editable == (who == "alice")


@pytest.mark.usefixtures("offers")
def test_an_offer_in_the_page_s_language_is_not_marked(personas: Personas) -> None:
    html = Client().get("/fr/orgs/coop-a/").content.decode()

    assert "<span>Livraison à vélo</span>" in html
    assert '<span lang="en">' not in html  # the other offer has no language


def test_without_offers_the_admin_is_invited_to_add_some(personas: Personas) -> None:
    for who in ("alice", "bob", "anonymous"):
        html = personas.client_for(who).get("/en/orgs/coop-a/").content.decode()

        assert "<h2>Products and services</h2>" not in html
        invited = "Add the products and services the organization offers" in html
        assert invited == (who == "alice")


@pytest.mark.django_db
def test_each_demo_coop_offers_one_to_three_things_shown_on_its_page() -> None:
    call_command("demo", verbosity=0)
    call_command("demo", verbosity=0)  # again: nothing doubles

    # The federation's three member co-ops (the exchange's suppliers show their catalogues).
    coops = Organization.objects.filter(
        kind=Organization.Kind.COOP, links_out__predicate="member_of"
    ).distinct()
    assert coops.count() == 3
    client = Client()
    for coop in coops:
        offers = list(coop.offers.all())
        assert 1 <= len(offers) <= 3, coop.slug
        assert all(o.text and o.tag_list for o in offers), coop.slug
        assert {o.language for o in offers} == {coop.description_language}
        html = client.get(f"/en/orgs/{coop.slug}/").content.decode()
        for offer in offers:
            assert offer.text.replace("'", "&#x27;") in section(html)
