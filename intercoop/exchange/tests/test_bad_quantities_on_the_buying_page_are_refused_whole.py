"""On the buying page, a form with any bad field (a negative or non-numeric quantity, a
tolerance of a whole case, an unknown offer or one of another cycle, a huge number) is refused
whole with a clear message, the page shows what was typed, and nothing is saved; the same form
sent twice gives the same order."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from intercoop.conftest import Personas
from intercoop.exchange.models import CycleOffer, OrderCycle, OrderLine
from intercoop.exchange.tests.cycle_world import CycleWorld, build_cycle_world, place_line

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(personas: Personas) -> CycleWorld:
    w = build_cycle_world(personas)
    place_line(w, personas.bob, "pears", 6)
    return w


def _state() -> list[tuple[Any, ...]]:
    return list(
        OrderLine.objects.order_by("pk").values_list(
            "order__member", "offer", "quantity", "tolerance", "seen_unit_price", "placed_at"
        )
    )


def _other_cycle_offer(world: CycleWorld) -> int:
    now = timezone.now()
    other = OrderCycle.objects.create(
        coordinator=world.coordinator,
        name="Another cycle",
        currency="EUR",
        opens_at=now - timedelta(days=1),
        closes_at=now + timedelta(days=1),
    )
    return CycleOffer.objects.create(
        cycle=other, supplier=world.suppliers["orchard"], name="Far", unit="kg", unit_price=1
    ).pk


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("q", "-3", "A quantity is a whole number from 0 to 100000."),
        ("q", "three", "Quantities and tolerances are whole numbers: “three” is not one."),
        ("q", "2.5", "Quantities and tolerances are whole numbers"),
        ("q", "9" * 30, "A quantity is a whole number from 0 to 100000."),
        ("t", "6", "The tolerance of “Apples” is at most 5."),
        ("t", "-1", "A tolerance is never negative."),
        ("unknown", "4", "An offer is not one of this cycle&#x27;s."),
        ("other", "4", "An offer is not one of this cycle&#x27;s."),
        ("junk", "4", "An offer is not one of this cycle&#x27;s."),
        ("huge", "4", "An offer is not one of this cycle&#x27;s."),
    ],
)
def test_a_bad_field_refuses_the_whole_form(
    world: CycleWorld, compiled_catalogues: None, field: str, value: str, message: str
) -> None:
    apples, oats = world.offers["apples"].pk, world.offers["oats"].pk
    data = {f"q-{oats}": "4", f"q-{apples}": "7", f"t-{apples}": "1"}
    if field in ("q", "t"):
        data[f"{field}-{apples}"] = value
    else:
        key = {
            "unknown": "987654",
            "other": str(_other_cycle_offer(world)),
            "junk": "x1",
            "huge": "9" * 25,
        }[field]
        data[f"q-{key}"] = value
    before = _state()

    response = world.personas.client_for("bob").post(
        f"/en/exchange/cycles/{world.cycle.uuid}/buy/", data
    )

    assert response.status_code == 400
    html = response.content.decode()
    assert "Nothing was saved" in html and message in html
    assert _state() == before
    assert f'name="q-{oats}" type="number" min="0" size="4" value="4"' in html


def test_the_same_form_sent_twice_gives_the_same_order(world: CycleWorld) -> None:
    apples = world.offers["apples"].pk
    bob = world.personas.client_for("bob")
    path = f"/en/exchange/cycles/{world.cycle.uuid}/buy/?q=a"

    first = bob.post(path, {f"q-{apples}": "7", f"t-{apples}": "2"})
    saved = _state()
    second = bob.post(path, {f"q-{apples}": "7", f"t-{apples}": "2"})

    assert first.status_code == second.status_code == 302
    assert first["Location"] == path
    assert _state() == saved
    assert OrderLine.objects.filter(order__member=world.personas.bob).count() == 2


def test_a_quantity_of_0_on_my_order_removes_the_line(world: CycleWorld) -> None:
    pears = world.offers["pears"].pk
    bob = world.personas.client_for("bob")

    response = bob.post(f"/en/exchange/cycles/{world.cycle.uuid}/my-order/", {f"q-{pears}": "0"})

    assert response.status_code == 302
    assert not OrderLine.objects.exists()
    assert (
        "You have ordered nothing in this cycle." in bob.get(response["Location"]).content.decode()
    )
