"""The public page of a resource's co-op share: the share as a percentage, how many steps carry a
value, each step with its organization, whether the directory lists it as a co-op (and its kind
and legal form) and its part of the value added; never an amount of any supplier. In French and
Spanish too, light, and without inline script or style."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from intercoop.conftest import Personas
from intercoop.exchange.models import EconomicEvent
from intercoop.exchange.selectors.coop_share import resource_coop_share
from intercoop.exchange.tests.coop_share_world import AMOUNTS, ShareWorld, at, build_chain

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(personas: Personas) -> ShareWorld:
    return build_chain(personas)


def page(client: Client, world: ShareWorld, language: str = "en", **query: int) -> str:
    with translation.override(language):
        url = reverse("exchange:resource_coop_share", args=[world.bread.uuid])
    response = client.get(url, query)
    assert response.status_code == 200
    return response.content.decode()


def text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_the_stored_chain_gives_the_share_computed_by_hand(world: ShareWorld) -> None:
    share = resource_coop_share(world.bread)

    assert str(share.share_percent) == "60.0"
    assert share.result.total_added == 50000
    assert share.result.valued_steps == 4
    parts = {row.event.pk: row.part_percent for row in share.rows}
    assert parts[world.events["bread-out"].pk] == 40
    assert parts[world.events["sell-flour"].pk] == 10
    assert parts[world.events["flour-out"].pk] == 30
    assert parts[world.events["sell-wheat"].pk] == 20
    assert parts[world.events["harvest"].pk] is None
    coops = {row.organization.slug: row.is_coop for row in share.rows if row.organization}
    assert coops == {"coop-a": True, "mill": False, "farm": True}


def test_anyone_sees_the_share_its_steps_and_their_parts(client: Client, world: ShareWorld) -> None:
    html = page(client, world)
    words = text(html)

    assert "60.0%" in words
    assert "4 of its 5 steps carry a value." in words
    assert "80.0% — 4 of its 5 steps" in words
    assert "Ferme des Sources" in words and "Yes — Co-operative, SCIC" in words
    assert "Big Mill Ltd" in words and "No — Ally" in words
    for part in ("40.0%", "10.0%", "30.0%", "20.0%"):
        assert part in words
    assert "Not valued" in words
    assert "<caption>" in html and 'scope="col"' in html and 'scope="row"' in html


def test_the_page_shows_no_amount_of_any_supplier(client: Client, world: ShareWorld) -> None:
    words = text(page(client, world))

    for amount in AMOUNTS:
        assert amount not in words
    assert "€" not in words


def test_a_shorter_depth_says_the_chain_goes_further(client: Client, world: ShareWorld) -> None:
    words = text(page(client, world, depth=4))

    assert "The chain goes further" in words
    assert "100.0%" in words  # only the bread's own step is counted


def test_a_step_valued_in_another_currency_is_not_counted(
    client: Client, world: ShareWorld
) -> None:
    sale = world.events["sell-wheat"]
    EconomicEvent.objects.filter(pk=sale.pk).update(currency="CHF")

    share = resource_coop_share(world.bread)

    assert share.result.currency == "EUR"
    assert "Not counted: valued in another currency" in text(page(client, world))
    # The farm's wheat no longer counts; the mill's flour adds its whole 250.00.
    assert str(share.share_percent) == "40.0"


def test_a_chain_without_values_has_no_share(client: Client, world: ShareWorld) -> None:
    EconomicEvent.objects.update(value=None, currency="")

    words = text(page(client, world))

    assert "Not known: no value added is recorded along its chain." in words


def test_the_page_reads_in_french_and_spanish(client: Client, world: ShareWorld) -> None:
    french = text(page(client, world, "fr"))
    spanish = text(page(client, world, "es"))

    assert "Part coopérative de Country loaf" in french
    assert "60,0" in french
    assert "Participación cooperativa de Country loaf" in spanish
    assert "60,0" in spanish


def test_the_page_is_light_and_carries_no_inline_script_or_style(
    client: Client, world: ShareWorld
) -> None:
    html = page(client, world)

    assert len(html.encode()) < 50_000
    assert "<script>" not in html and not re.search(r"<script(?![^>]*\ssrc=)", html)
    assert " style=" not in html and "<style" not in html


def test_an_unknown_resource_is_not_found(client: Client, world: ShareWorld) -> None:
    response = client.get(
        reverse("exchange:resource_coop_share", args=["00000000-0000-0000-0000-000000000000"])
    )

    assert response.status_code == 404


def test_each_event_counts_once_when_the_same_stock_is_delivered_twice(
    client: Client, world: ShareWorld
) -> None:
    # A second delivery of flour into co-op A's stock, without a value: the share is unchanged.
    flour = world.events["sell-flour"]
    EconomicEvent.objects.create(
        action="transfer",
        provider=world.mill,
        receiver=world.personas.coop_a,
        resource_inventoried_as=flour.resource_inventoried_as,
        to_resource_inventoried_as=flour.to_resource_inventoried_as,
        has_point_in_time=at(5),
    )

    share = resource_coop_share(world.bread)

    assert str(share.share_percent) == "60.0"
    assert share.result.valued_steps == 4
    assert len(share.rows) == 6
