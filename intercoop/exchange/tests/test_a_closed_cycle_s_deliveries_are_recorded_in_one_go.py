"""A supplier records the deliveries of a closed cycle in one go: one transfer per buying group
and offer of its delivery lines, of the units the closing allocated (in the resource's unit),
worth the goods the closing gives, fulfilling that group's order lines of the offer. Recording
again adds nothing; an open cycle, or an offer without its resource, is refused."""

from __future__ import annotations

from decimal import Decimal

import pytest

from intercoop.conftest import Personas
from intercoop.core.errors import ServiceError
from intercoop.exchange.models import EconomicEvent
from intercoop.exchange.services import trace as services
from intercoop.exchange.tests.cycle_world import place_line
from intercoop.exchange.tests.trace_world import build_trace_world, close_for_tests

pytestmark = pytest.mark.django_db


def test_one_transfer_per_group_and_offer_fulfils_its_lines_at_the_closing_s_value(
    personas: Personas,
) -> None:
    world = build_trace_world(personas, closed=False)
    # Dora orders 10 units of flour through Hub South: the third case.
    dora = place_line(world.cycles, world.cycles.dora, "flour", 10, hub=world.cycles.hub_south)
    close_for_tests(world.cycles.cycle)
    flour_offer = world.cycles.offers["flour"]

    result = services.cycle_deliveries_record(
        cycle=world.cycles.cycle,
        supplier=world.mill,
        by=world.miller,
        resources={flour_offer.pk: world.flour},
    )

    assert result.already == 0
    by_receiver = {e.receiver.slug: e for e in result.recorded if e.receiver}
    assert set(by_receiver) == {"coop-a", "hub-south"}
    to_a, to_south = by_receiver["coop-a"], by_receiver["hub-south"]
    # 20 and 10 units of 1 kg; 3 cases reach the tier of 1.40 a unit.
    assert (to_a.resource_quantity, to_a.value, to_a.currency) == (Decimal(20), 2800, "EUR")
    assert (to_south.resource_quantity, to_south.value) == (Decimal(10), 1400)
    lines = world.cycles.cycle.orders.filter(hub=world.cycles.hub_a)
    assert set(to_a.fulfills.all()) == {line for o in lines for line in o.lines.all()}
    assert list(to_south.fulfills.all()) == [dora]
    world.flour.refresh_from_db()
    assert world.flour.onhand_quantity == Decimal(170)
    assert to_a.to_resource_inventoried_as is not None
    assert to_a.to_resource_inventoried_as.primary_accountable == personas.coop_a


def test_recording_the_deliveries_again_adds_nothing(personas: Personas) -> None:
    world = build_trace_world(personas)
    resources = {world.cycles.offers["flour"].pk: world.flour}
    services.cycle_deliveries_record(
        cycle=world.cycles.cycle, supplier=world.mill, by=world.miller, resources=resources
    )

    again = services.cycle_deliveries_record(
        cycle=world.cycles.cycle, supplier=world.mill, by=world.miller, resources=resources
    )

    assert (again.recorded, again.already) == ([], 1)
    assert EconomicEvent.objects.filter(action="transfer").count() == 1


def test_an_open_cycle_or_a_missing_resource_is_refused(personas: Personas) -> None:
    world = build_trace_world(personas, closed=False)
    with pytest.raises(ServiceError) as caught:
        services.cycle_deliveries_record(
            cycle=world.cycles.cycle, supplier=world.mill, by=world.miller, resources={}
        )
    assert caught.value.code == "not_closed"

    close_for_tests(world.cycles.cycle)
    with pytest.raises(ServiceError) as caught:
        services.cycle_deliveries_record(
            cycle=world.cycles.cycle, supplier=world.mill, by=world.miller, resources={}
        )
    assert caught.value.code == "missing_resource"
    assert "Flour" in caught.value.message
    assert not EconomicEvent.objects.filter(action="transfer").exists()


def test_a_transfer_fulfilling_order_lines_takes_its_value_from_the_closing(
    personas: Personas,
) -> None:
    world = build_trace_world(personas)
    bob_line = world.cycles.cycle.orders.get(member=personas.bob).lines.get()

    event = services.event_record(
        organization=world.mill,
        by=world.miller,
        action="transfer",
        resource=world.flour,
        quantity=Decimal(8),
        receiver=personas.coop_a,
        fulfils=[bob_line],
    )

    # Bob's 8 units at the tier's 1.40.
    assert (event.value, event.currency) == (1120, "EUR")
