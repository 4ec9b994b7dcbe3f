"""Setting a cycle up: the services check what they are given, refuse clearly what would reprice
an order members have placed, change nothing once the cycle is closed, and write nothing when
they refuse. Adding what is already there is harmless."""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from intercoop.conftest import Personas
from intercoop.core.errors import ServiceError
from intercoop.exchange.models import (
    CycleFee,
    CycleHub,
    CycleOffer,
    CycleSupplier,
    MemberOrder,
    OrderCycle,
    OrderLine,
    PriceTier,
    Product,
)
from intercoop.exchange.services import cycles as services
from intercoop.exchange.tests.cycle_setup_world import SetupWorld, build_setup_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(personas: Personas) -> SetupWorld:
    return build_setup_world(personas)


def snapshot() -> list[object]:
    return [
        list(OrderCycle.objects.order_by("pk").values()),
        list(CycleSupplier.objects.order_by("pk").values()),
        list(CycleHub.objects.order_by("pk").values()),
        list(CycleFee.objects.order_by("pk").values()),
        list(CycleOffer.objects.order_by("pk").values()),
        list(PriceTier.objects.order_by("pk").values()),
    ]


def refused(code: str, call: object, *args: object, **kwargs: object) -> ServiceError:
    """``call`` refuses with ``code`` and writes nothing."""
    before = snapshot()
    with pytest.raises(ServiceError) as caught:
        call(*args, **kwargs)  # type: ignore[operator]
    assert caught.value.code == code, caught.value.message
    assert snapshot() == before
    return caught.value


def order(world: SetupWorld, offer: CycleOffer, quantity: int = 6) -> OrderLine:
    """Charlie, of co-op B (a buying group), orders ``offer``: written straight to the
    database, as the buying page would."""
    placed, _ = MemberOrder.objects.get_or_create(
        cycle=world.cycle, member=world.personas.charlie, defaults={"hub": world.hub_b}
    )
    return OrderLine.objects.create(
        order=placed, offer=offer, quantity=quantity, seen_unit_price=offer.unit_price
    )


def times(days: int = 1, length: int = 7) -> tuple[datetime, datetime]:
    start = timezone.now() + timedelta(days=days)
    return start, start + timedelta(days=length)


# --- creating and changing a cycle ------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"name": "  "}, "invalid_name"),
        ({"name": "x" * 201}, "too_long"),
        ({"name": "Nul\x00"}, "invalid_text"),
        ({"currency": "XYZ"}, "invalid_currency"),
        ({"currency": "eur"}, "invalid_currency"),
        ({"closes_at": "opens_at"}, "invalid_times"),
        ({"opens_at": "naive"}, "invalid_times"),
        ({"closes_at": "past"}, "invalid_times"),
    ],
)
def test_a_bad_cycle_is_refused_with_its_reason(
    world: SetupWorld, changes: dict[str, str], code: str
) -> None:
    opens, closes = times()
    values: dict[str, object] = {
        "name": "Winter",
        "currency": "EUR",
        "opens_at": opens,
        "closes_at": closes,
    }
    values.update(changes)
    if changes.get("closes_at") == "opens_at":
        values["closes_at"] = opens
    if changes.get("opens_at") == "naive":
        values["opens_at"] = opens.replace(tzinfo=None)
    if changes.get("closes_at") == "past":
        values["opens_at"] = opens - timedelta(days=30)
        values["closes_at"] = opens - timedelta(days=20)

    refused(
        code,
        services.cycle_create,
        coordinator=world.personas.coop_a,
        by=world.personas.alice,
        **values,
    )


def test_the_same_cycle_sent_twice_is_set_up_once(world: SetupWorld) -> None:
    opens, closes = times()
    first = services.cycle_create(
        coordinator=world.personas.coop_a,
        by=world.personas.alice,
        name="Winter",
        currency="JPY",
        opens_at=opens,
        closes_at=closes,
    )

    with pytest.raises(services.DuplicateCycle) as caught:
        services.cycle_create(
            coordinator=world.personas.coop_a,
            by=world.personas.alice,
            name="winter ",
            currency="JPY",
            opens_at=opens,
            closes_at=closes,
        )

    assert caught.value.existing == first
    assert caught.value.status == 409
    assert OrderCycle.objects.filter(name="Winter").count() == 1


def test_the_currency_stays_once_the_cycle_has_offers(world: SetupWorld) -> None:
    cycle = world.cycle

    refused(
        "currency_fixed",
        services.cycle_update,
        cycle=cycle,
        by=world.personas.alice,
        name=cycle.name,
        currency="GBP",
        opens_at=cycle.opens_at,
        closes_at=cycle.closes_at,
    )


def test_the_opening_time_stays_once_members_ordered_but_the_close_may_move(
    world: SetupWorld,
) -> None:
    cycle = world.cycle
    order(world, world.apples)
    later = cycle.closes_at + timedelta(days=2)

    refused(
        "has_orders",
        services.cycle_update,
        cycle=cycle,
        by=world.personas.alice,
        name=cycle.name,
        currency="EUR",
        opens_at=cycle.opens_at + timedelta(hours=1),
        closes_at=later,
    )
    services.cycle_update(
        cycle=cycle,
        by=world.personas.alice,
        name="Harvest",
        currency="EUR",
        opens_at=cycle.opens_at,
        closes_at=later,
    )

    cycle.refresh_from_db()
    assert cycle.closes_at == later


def test_nothing_of_a_closed_cycle_changes(world: SetupWorld) -> None:
    OrderCycle.objects.filter(pk=world.cycle.pk).update(closed_at=timezone.now())
    cycle = OrderCycle.objects.get(pk=world.cycle.pk)
    alice = world.personas.alice
    apples = Product.objects.get(supplier=world.personas.coop_a, sku="APL-1")
    flour = Product.objects.get(supplier=world.personas.coop_a, sku="FLR-5")
    calls = [
        lambda: services.cycle_update(
            cycle=cycle,
            by=alice,
            name="Renamed",
            currency="EUR",
            opens_at=cycle.opens_at,
            closes_at=cycle.closes_at,
        ),
        lambda: services.cycle_supplier_add(cycle=cycle, supplier=world.coop_c, by=alice),
        lambda: services.cycle_supplier_remove(cycle_supplier=world.farm, by=alice),
        lambda: services.cycle_hub_add(cycle=cycle, hub=world.coop_c, by=alice),
        lambda: services.cycle_hub_remove(cycle_hub=world.hub_b, by=alice),
        lambda: services.cycle_fee_add(
            cycle=cycle, by=alice, name="New", role="coordinator", basis="per_order", amount=1
        ),
        lambda: services.cycle_fee_remove(fee=world.fee, by=alice),
        lambda: services.cycle_offers_add(
            cycle_supplier=world.own_supplier, by=alice, products=[flour]
        ),
        lambda: services.cycle_offer_update(
            offer=world.apples, by=alice, unit_price=1, case_size=1
        ),
        lambda: services.cycle_offer_remove(offer=world.apples, by=alice),
    ]
    assert apples.pk == world.apples.product_id

    for call in calls:
        refused("cycle_closed", call)


# --- suppliers and buying groups --------------------------------------------------------------


def test_adding_a_supplier_or_a_buying_group_twice_adds_it_once(world: SetupWorld) -> None:
    alice = world.personas.alice

    first = services.cycle_supplier_add(cycle=world.cycle, supplier=world.coop_c, by=alice)
    again = services.cycle_supplier_add(cycle=world.cycle, supplier=world.coop_c, by=alice)
    hub = services.cycle_hub_add(cycle=world.cycle, hub=world.coop_c, by=alice)
    hub_again = services.cycle_hub_add(cycle=world.cycle, hub=world.coop_c, by=alice)

    assert first == again and hub == hub_again
    assert CycleSupplier.objects.filter(cycle=world.cycle, supplier=world.coop_c).count() == 1
    assert CycleHub.objects.filter(cycle=world.cycle, hub=world.coop_c).count() == 1


def test_a_supplier_with_an_ordered_offer_stays_and_one_without_goes_with_its_fees(
    world: SetupWorld,
) -> None:
    order(world, world.apples)

    error = refused(
        "has_orders",
        services.cycle_supplier_remove,
        cycle_supplier=world.own_supplier,
        by=world.personas.alice,
    )
    services.cycle_supplier_remove(cycle_supplier=world.farm, by=world.personas.alice)

    assert "Co-op A" in error.message
    assert not CycleSupplier.objects.filter(pk=world.farm.pk).exists()
    assert not CycleFee.objects.filter(pk=world.farm_fee.pk).exists()
    assert CycleFee.objects.filter(pk=world.fee.pk).exists()


def test_a_buying_group_whose_members_ordered_stays(world: SetupWorld) -> None:
    order(world, world.apples)

    refused("has_orders", services.cycle_hub_remove, cycle_hub=world.hub_b, by=world.personas.alice)


# --- fees -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"name": ""}, "invalid_name"),
        ({"role": "treasurer"}, "invalid_role"),
        ({"basis": "per_week"}, "invalid_basis"),
        ({"amount": -1}, "invalid_amount"),
        ({"amount": 10**15}, "invalid_amount"),
        ({"rate_bp": 10_001}, "invalid_rate"),
        ({"amount": 0, "rate_bp": 0}, "empty_fee"),
    ],
)
def test_a_bad_fee_is_refused_with_its_reason(
    world: SetupWorld, changes: dict[str, object], code: str
) -> None:
    values: dict[str, object] = {
        "name": "Packing",
        "role": "distributor",
        "basis": "per_item",
        "amount": 50,
        "rate_bp": 0,
    }
    values.update(changes)

    refused(code, services.cycle_fee_add, cycle=world.cycle, by=world.personas.alice, **values)


def test_a_fee_narrowed_to_another_cycle_s_supplier_is_refused(world: SetupWorld) -> None:
    opens, closes = times(3)
    other = services.cycle_create(
        coordinator=world.personas.coop_a,
        by=world.personas.alice,
        name="Other",
        currency="EUR",
        opens_at=opens,
        closes_at=closes,
    )

    refused(
        "invalid_scope",
        services.cycle_fee_add,
        cycle=other,
        by=world.personas.alice,
        name="Farm gate",
        role="supplier",
        basis="per_item",
        amount=5,
        supplier=world.farm,
    )


def test_the_same_fee_sent_twice_is_added_once(world: SetupWorld) -> None:
    values: dict[str, Any] = {
        "name": "Packing",
        "role": "distributor",
        "basis": "per_item",
        "amount": 50,
    }

    first = services.cycle_fee_add(
        cycle=world.cycle, by=world.personas.alice, hub=world.hub_b, **values
    )
    again = services.cycle_fee_add(
        cycle=world.cycle, by=world.personas.alice, hub=world.hub_b, **values
    )

    assert first == again
    assert CycleFee.objects.filter(cycle=world.cycle, name="Packing").count() == 1


def test_fees_stay_as_they_are_once_members_ordered(world: SetupWorld) -> None:
    order(world, world.apples)

    refused(
        "has_orders",
        services.cycle_fee_add,
        cycle=world.cycle,
        by=world.personas.alice,
        name="Late fee",
        role="coordinator",
        basis="per_order",
        amount=100,
    )
    refused("has_orders", services.cycle_fee_remove, fee=world.fee, by=world.personas.alice)


# --- offers -----------------------------------------------------------------------------------


def test_adding_products_copies_them_so_a_catalogue_change_does_not_reprice(
    world: SetupWorld,
) -> None:
    flour = world.product("FLR-5")

    result = services.cycle_offers_add(
        cycle_supplier=world.own_supplier, by=world.personas.alice, products=[flour]
    )
    Product.objects.filter(pk=flour.pk).update(price=999, name="Flour, dearer")

    (offer,) = result.added
    offer.refresh_from_db()
    assert (offer.name, offer.unit, offer.quantity, offer.unit_price) == (
        "Flour T80",
        flour.unit,
        Decimal(5),
        720,
    )
    assert (offer.case_size, offer.vat_rate, offer.supplier) == (1, 550, world.own_supplier)


def test_adding_every_product_skips_those_unavailable_offered_or_in_another_currency(
    world: SetupWorld,
) -> None:
    coop_a = world.personas.coop_a
    Product.objects.create(
        supplier=coop_a,
        sku="TEA-1",
        name="Tea",
        unit="Gram",
        quantity=100,
        price=300,
        currency="GBP",
    )

    result = services.cycle_offers_add(cycle_supplier=world.own_supplier, by=world.personas.alice)
    again = services.cycle_offers_add(cycle_supplier=world.own_supplier, by=world.personas.alice)

    assert [o.name for o in result.added] == ["Flour T80"]
    assert [p.sku for p in result.already] == ["APL-1"]
    ((tea, reason),) = result.refused
    assert tea.sku == "TEA-1" and "GBP" in reason and "EUR" in reason
    # Apple juice (stock 0) is not available: it is not even proposed.
    assert not CycleOffer.objects.filter(name="Apple juice").exists()
    assert again.added == [] and len(again.already) == 2
    assert CycleOffer.objects.filter(cycle=world.cycle).count() == 2


def test_chosen_products_are_added_all_or_nothing_with_every_reason(world: SetupWorld) -> None:
    coop_a = world.personas.coop_a
    tea = Product.objects.create(
        supplier=coop_a,
        sku="TEA-1",
        name="Tea",
        unit="Gram",
        quantity=100,
        price=300,
        currency="GBP",
    )
    theirs = Product.objects.create(
        supplier=world.coop_c,
        sku="X",
        name="Not ours",
        unit="Gram",
        quantity=1,
        price=1,
        currency="EUR",
    )

    error = refused(
        "product_refused",
        services.cycle_offers_add,
        cycle_supplier=world.own_supplier,
        by=world.personas.alice,
        products=[world.product("FLR-5"), tea, world.product("JUI-1"), theirs],
    )

    assert "Tea" in error.message and "GBP" in error.message
    assert "Apple juice" in error.message and "Not ours" in error.message
    assert "Flour" not in error.message


@pytest.mark.parametrize(
    ("tiers", "fragment"),
    [
        ([(0, 200)], "1 case"),
        ([(2, 200), (2, 190)], "same number"),
        ([(2, 260)], "offer's price"),
        ([(2, 200), (4, 220)], "below it"),
        ([(n, 200) for n in range(1, 12)], "at most"),
    ],
)
def test_bad_price_tiers_are_refused_and_the_offer_stays(
    world: SetupWorld, tiers: list[tuple[int, int]], fragment: str
) -> None:
    error = refused(
        "invalid_tiers",
        services.cycle_offer_update,
        offer=world.apples,
        by=world.personas.alice,
        unit_price=250,
        case_size=6,
        tiers=tiers,
    )

    assert fragment in error.message


def test_tiers_replace_the_offer_s_own_and_may_keep_a_price(world: SetupWorld) -> None:
    services.cycle_offer_update(
        offer=world.apples, by=world.personas.alice, unit_price=250, case_size=6, tiers=[(2, 240)]
    )

    services.cycle_offer_update(
        offer=world.apples,
        by=world.personas.alice,
        unit_price=260,
        case_size=12,
        tiers=[(10, 230), (5, 230), (1, 260)],
    )

    offer = CycleOffer.objects.get(pk=world.apples.pk)
    assert (offer.unit_price, offer.case_size) == (260, 12)
    assert list(offer.tiers.order_by("min_cases").values_list("min_cases", "unit_price")) == [
        (1, 260),
        (5, 230),
        (10, 230),
    ]


def test_an_ordered_offer_keeps_its_price_and_cannot_be_removed(world: SetupWorld) -> None:
    order(world, world.apples)

    error = refused(
        "offer_ordered",
        services.cycle_offer_update,
        offer=world.apples,
        by=world.personas.alice,
        unit_price=100,
        case_size=6,
    )
    refused(
        "offer_ordered", services.cycle_offer_remove, offer=world.apples, by=world.personas.alice
    )

    assert "Apples" in error.message


def test_an_offer_nobody_ordered_is_removed_with_its_tiers(world: SetupWorld) -> None:
    services.cycle_offer_update(
        offer=world.apples, by=world.personas.alice, unit_price=250, case_size=6, tiers=[(2, 240)]
    )

    services.cycle_offer_remove(offer=world.apples, by=world.personas.alice)

    assert not CycleOffer.objects.filter(pk=world.apples.pk).exists()
    assert not PriceTier.objects.exists()
