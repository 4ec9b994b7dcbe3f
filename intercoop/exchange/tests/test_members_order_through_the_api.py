"""Through the API, a member of a cycle's buying group reads the offers as the buying page
shows them (price split, progress, their own line, nobody else's) and sets their whole order
all or nothing: a bad line refuses the whole order with every problem named, a repeated PUT
changes nothing, a cycle not open is a 409."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from intercoop.accounts.services import api_token_create
from intercoop.conftest import Personas
from intercoop.exchange.models import OrderLine
from intercoop.exchange.tests.cycle_world import CycleWorld, build_cycle_world, open_for, place_line

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(personas: Personas) -> CycleWorld:
    return build_cycle_world(personas)


def _client(user: Any) -> Client:
    secret = api_token_create(user=user, name="tests").secret
    return Client(headers={"Authorization": f"Bearer {secret}"})


def _put(client: Client, world: CycleWorld, body: Any) -> Any:
    return client.put(
        f"/api/v1/cycles/{world.cycle.uuid}/order",
        data=json.dumps(body),
        content_type="application/json",
    )


def _lines(world: CycleWorld) -> list[tuple[Any, ...]]:
    return list(
        OrderLine.objects.order_by("pk").values_list(
            "order__member__email", "offer__name", "quantity", "tolerance", "seen_unit_price"
        )
    )


def test_the_offers_carry_the_price_split_progress_and_only_the_caller_s_line(
    world: CycleWorld,
) -> None:
    place_line(world, world.personas.alice, "apples", 16, tolerance=2)
    place_line(world, world.personas.bob, "apples", 2)

    response = _client(world.personas.bob).get(f"/api/v1/cycles/{world.cycle.uuid}/offers?q=apples")

    assert response.status_code == 200
    body = response.json()
    assert (body["currency"], body["count"]) == ("EUR", 1)
    apples = body["results"][0]
    assert apples["price"] == {
        "supplier_price": 280,
        "fees": [
            {"name": "Coordinator rate", "role": "coordinator", "amount": 14},
            {"name": "Orchard item", "role": "supplier", "amount": 10},
            {"name": "Hub a item", "role": "distributor", "amount": 20},
        ],
        "total": 324,
    }
    assert apples["progress"]["ordered_units"] == 18
    assert apples["progress"]["tier_min_cases"] == 3
    assert apples["mine"]["quantity"] == 2
    assert "alice" not in response.content.decode().lower()


def test_a_put_sets_the_whole_order_and_a_repeat_changes_nothing(world: CycleWorld) -> None:
    bob = _client(world.personas.bob)
    place_line(world, world.personas.bob, "pears", 6)
    body = {
        "lines": [
            {"offer_id": world.offers["apples"].pk, "quantity": 7, "tolerance": 5},
            {"offer_id": world.offers["oats"].pk, "quantity": 3},
        ]
    }

    first = _put(bob, world, body)
    saved = _lines(world)
    again = _put(bob, world, body)

    assert first.status_code == again.status_code == 200
    assert first.json() == again.json()
    assert _lines(world) == saved
    assert saved == [
        ("bob@example.org", "Apples", 7, 5, 300),
        ("bob@example.org", "Oats", 3, 0, 200),
    ]
    assert first.json()["hub_name"] == "Co-op A"


@pytest.mark.parametrize(
    "line",
    [
        {"quantity": -1},
        {"quantity": "7"},
        {"quantity": True},
        {"quantity": 7.5},
        {"quantity": 10**12},
        {"tolerance": 6},  # the case holds 6: at most 5
        {"tolerance": -1},
        {"offer_id": 10**9},
        {"offer_id": "other cycle"},
    ],
)
def test_a_bad_line_refuses_the_whole_order(world: CycleWorld, line: dict[str, Any]) -> None:
    bob = _client(world.personas.bob)
    place_line(world, world.personas.bob, "pears", 6)
    before = _lines(world)
    bad = {"offer_id": world.offers["apples"].pk, "quantity": 7, **line}
    if line.get("offer_id") == "other cycle":
        other = build_other_cycle_offer(world)
        bad["offer_id"] = other

    response = _put(
        bob, world, {"lines": [{"offer_id": world.offers["oats"].pk, "quantity": 3}, bad]}
    )

    assert response.status_code == 422
    assert response.json()["error"]["code"] in ("invalid_order", "validation_error")
    assert response.json()["error"]["details"]
    assert _lines(world) == before


def build_other_cycle_offer(world: CycleWorld) -> int:
    from intercoop.exchange.models import CycleOffer, OrderCycle

    now = timezone.now()
    other = OrderCycle.objects.create(
        coordinator=world.coordinator,
        name="Other",
        currency="EUR",
        opens_at=now - timedelta(days=1),
        closes_at=now + timedelta(days=1),
    )
    offer = CycleOffer.objects.create(
        cycle=other,
        supplier=world.suppliers["orchard"],
        name="Elsewhere",
        unit="kg",
        unit_price=100,
    )
    return offer.pk


def test_a_cycle_past_its_close_refuses_with_409(world: CycleWorld) -> None:
    now = timezone.now()
    open_for(world.cycle, opens_at=now - timedelta(days=3), closes_at=now - timedelta(minutes=1))

    response = _put(
        _client(world.personas.bob),
        world,
        {"lines": [{"offer_id": world.offers["apples"].pk, "quantity": 6}]},
    )

    assert response.status_code == 409
    assert response.json()["error"]["code"] == "cycle_not_open"
    assert not OrderLine.objects.exists()


def test_outsiders_are_forbidden_and_the_caller_s_order_is_their_own(world: CycleWorld) -> None:
    place_line(world, world.personas.alice, "apples", 6)

    charlie = _client(world.personas.charlie).get(f"/api/v1/cycles/{world.cycle.uuid}/order")
    bob = _client(world.personas.bob).get(f"/api/v1/cycles/{world.cycle.uuid}/order")

    assert charlie.status_code == 403 and charlie.json()["error"]["code"] == "forbidden"
    assert bob.status_code == 200 and bob.json()["lines"] == []


def test_the_offers_filter_by_supplier_and_category(world: CycleWorld) -> None:
    bob = _client(world.personas.bob)
    base = f"/api/v1/cycles/{world.cycle.uuid}/offers"
    mill = world.suppliers["mill"].supplier_id

    by_supplier = bob.get(f"{base}?supplier={mill}").json()
    by_category = bob.get(f"{base}?category=farming").json()
    nobody = bob.get(f"{base}?supplier=999999").json()

    assert [o["name"] for o in by_supplier["results"]] == ["Flour", "Oats"]
    assert [o["name"] for o in by_category["results"]] == ["Oats"]
    assert nobody["count"] == 0
