"""The buying page: each offer with its price split (the supplier's price and each per-item fee
of the reader's group), the tier reached so far and what the next needs, the case fill, and the
reader's own quantities; filtered by name, supplier and category, 50 a page, in a fixed number
of queries, light, without inline script or style; nothing of another member's order shows."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.utils import timezone

from intercoop.conftest import Personas
from intercoop.exchange.models import CycleOffer, PriceTier
from intercoop.exchange.tests.cycle_world import CycleWorld, build_cycle_world, place_line

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(personas: Personas) -> CycleWorld:
    return build_cycle_world(personas)


def _buy(world: CycleWorld, client: Client, query: str = "") -> str:
    response = client.get(f"/en/exchange/cycles/{world.cycle.uuid}/buy/{query}")
    assert response.status_code == 200
    return response.content.decode()


def _row(html: str, name: str) -> str:
    match = re.search(rf"<tr>\s*<th scope=\"row\">{name}<br>.*?</tr>", html, re.S)
    assert match, name
    return match.group(0)


def test_each_offer_shows_its_price_split_for_the_reader_s_group(
    world: CycleWorld, compiled_catalogues: None
) -> None:
    bob = world.personas.client_for("bob")
    dora = Client()
    dora.force_login(world.dora)

    apples_a = _row(_buy(world, bob), "Apples")
    apples_south = _row(_buy(world, dora), "Apples")

    # 3.00 + 5 % coordinator (0.15) + the Orchard's 0.10 + co-op A's 0.20 per item = 3.45
    assert "<b>€3.45</b>" in apples_a
    assert (
        "€3.00 supplier + €0.15 Coordinator rate + €0.10 Orchard item + €0.20 Hub a item"
        in apples_a
    )
    # Hub South has no per-item fee of its own
    assert "<b>€3.25</b>" in apples_south and "Hub a item" not in apples_south


def test_the_tier_so_far_the_next_one_and_the_case_fill_come_from_every_member_s_lines(
    world: CycleWorld, compiled_catalogues: None
) -> None:
    # Given 16 apples and 2 of tolerance (2 full cases and 4 of 6: the tolerance fills it), 4
    # pears without tolerance, 10 oats, nothing of flour
    place_line(world, world.personas.alice, "apples", 10, tolerance=2)
    place_line(world, world.dora, "apples", 6, hub=world.hub_south)
    place_line(world, world.dora, "pears", 4, hub=world.hub_south)
    place_line(world, world.dora, "oats", 10, hub=world.hub_south)

    html = _buy(world, world.personas.client_for("bob"))

    apples = _row(html, "Apples")
    assert "2 full cases; open case: 4 of 6 units, the tolerance offered fills it." in apples
    # 3 cases if it closed now: the tier of 3 cases (2.80), and 14 more units reach 5 cases
    assert "Tier of 3 cases reached. 14 more units for €2.50 each." in apples
    assert "<b>€3.24</b>" in apples
    assert "Open case: 4 of 6 units, 2 more to fill it." in _row(html, "Pears")
    assert "Sold by the unit; 10 ordered. Tier of 10 cases reached." in _row(html, "Oats")
    assert "No units ordered yet. 2 more cases for €1.40 each." in _row(html, "Flour")


def test_a_member_sees_only_totals_and_their_own_quantities(world: CycleWorld) -> None:
    place_line(world, world.personas.alice, "apples", 13, tolerance=5)
    place_line(world, world.personas.bob, "cheese", 3, tolerance=1)

    html = _buy(world, world.personas.client_for("bob"))

    assert f'name="q-{world.offers["cheese"].pk}" type="number" min="0" size="4" value="3"' in html
    assert f'name="q-{world.offers["apples"].pk}" type="number" min="0" size="4" value=""' in html
    for private in ("alice@example.org", "Alice", 'value="13"', 'value="5"'):
        assert private not in html


def test_the_offers_filter_by_name_supplier_and_category(world: CycleWorld) -> None:
    bob = world.personas.client_for("bob")
    mill = world.suppliers["mill"].pk

    by_name = _buy(world, bob, "?q=app")
    by_supplier = _buy(world, bob, f"?supplier={mill}")
    by_category = _buy(world, bob, "?category=farming")

    names = lambda html: re.findall(r'<th scope="row">(\w+)<br>', html)  # noqa: E731
    assert names(by_name) == ["Apples"]
    assert names(by_supplier) == ["Flour", "Oats"]
    assert names(by_category) == ["Oats"]


def _many_offers(world: CycleWorld, count: int) -> None:
    orchard = world.suppliers["orchard"]
    offers = CycleOffer.objects.bulk_create(
        CycleOffer(
            cycle=world.cycle,
            supplier=orchard,
            name=f"Variety {n:04d} of heritage apples from the hills",
            unit="kg",
            unit_price=250 + n,
            case_size=6,
        )
        for n in range(count)
    )
    PriceTier.objects.bulk_create(
        PriceTier(offer=offer, min_cases=m, unit_price=240 - m) for offer in offers for m in (2, 5)
    )


def test_a_page_of_50_offers_takes_a_fixed_number_of_queries(
    world: CycleWorld, django_assert_max_num_queries: object
) -> None:
    _many_offers(world, 120)
    place_line(world, world.personas.alice, "apples", 8, tolerance=3)
    place_line(world, world.personas.bob, "cheese", 4)
    bob = world.personas.client_for("bob")
    bob.get(f"/en/exchange/cycles/{world.cycle.uuid}/buy/")  # the session and caches warm

    with django_assert_max_num_queries(14):  # type: ignore[operator]
        html = _buy(world, bob, "?page=2")

    assert html.count('<th scope="row">') == 50


def test_the_page_is_light_labelled_and_without_inline_script_or_style(world: CycleWorld) -> None:
    _many_offers(world, 200)
    place_line(world, world.personas.bob, "apples", 7, tolerance=3)

    for path in ("buy/", "buy/?page=3", "my-order/"):
        response = world.personas.client_for("bob").get(
            f"/en/exchange/cycles/{world.cycle.uuid}/{path}"
        )
        html = response.content.decode()
        assert response.status_code == 200
        assert len(response.content) < 50_000, (path, len(response.content))
        assert "style=" not in html and "<script" not in html
        for field_id in re.findall(r'<(?:input|select|textarea)[^>]*\bid="([^"]+)"', html):
            assert f'for="{field_id}"' in html, (path, field_id)


def test_once_closed_the_pages_take_no_quantities_and_my_order_links_to_the_invoice(
    world: CycleWorld,
) -> None:
    place_line(world, world.personas.bob, "apples", 6)
    world.cycle.closed_at = timezone.now()
    world.cycle.save()
    bob = world.personas.client_for("bob")

    buy = _buy(world, bob)
    mine = bob.get(f"/en/exchange/cycles/{world.cycle.uuid}/my-order/").content.decode()

    assert 'type="number"' not in buy and 'type="number"' not in mine
    assert "Closed." in buy
    assert f'href="/en/exchange/cycles/{world.cycle.uuid}/my-order/invoice/"' in mine


def test_while_open_my_order_does_not_link_to_an_invoice(world: CycleWorld) -> None:
    place_line(world, world.personas.bob, "apples", 6)

    mine = world.personas.client_for("bob").get(f"/en/exchange/cycles/{world.cycle.uuid}/my-order/")

    assert "invoice/" not in mine.content.decode()
    assert 'name="q-' in mine.content.decode()


def test_the_pages_speak_the_reader_s_language(
    world: CycleWorld, compiled_catalogues: None
) -> None:
    place_line(world, world.dora, "apples", 16, tolerance=2, hub=world.hub_south)
    place_line(world, world.personas.bob, "apples", 2)
    bob = world.personas.client_for("bob")

    french = bob.get(f"/fr/exchange/cycles/{world.cycle.uuid}/buy/").content.decode()
    spanish = bob.get(f"/es/exchange/cycles/{world.cycle.uuid}/my-order/").content.decode()

    assert "3 caisses complètes." in french and "3,24" in french
    assert "Enregistrer les quantités de cette page" in french
    assert "Total estimado" in spanish and "Mi pedido en Autumn cycle" in spanish
