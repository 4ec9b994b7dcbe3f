"""Events recorded through the services change the stored resources as the Valueflows core says:
a raise puts stock in, a transfer moves quantity (and rights) into the receiver's resource, made
for it when none is named, a transfer of custody keeps the rights with the provider, a move stays
within the organization, a process consumes its inputs and produces its outputs, and an accept
and a modify take a resource in for repair and give it back."""

from __future__ import annotations

from decimal import Decimal

import pytest

from intercoop.conftest import Personas
from intercoop.exchange.models import EconomicEvent, EconomicResource
from intercoop.exchange.services import trace as services
from intercoop.exchange.tests.trace_world import build_trace_world

pytestmark = pytest.mark.django_db


def kg(resource: EconomicResource) -> tuple[Decimal, Decimal]:
    resource.refresh_from_db()
    return resource.accounting_quantity, resource.onhand_quantity


def test_a_new_resource_with_a_quantity_is_raised_into_stock(personas: Personas) -> None:
    resource = services.resource_create(
        organization=personas.coop_a,
        by=personas.alice,
        new=services.NewResource(name="Apples", unit="kilogram", tracking_identifier="A-1"),
        quantity=Decimal("12.5"),
    )

    assert kg(resource) == (Decimal("12.5"), Decimal("12.5"))
    (raised,) = EconomicEvent.objects.filter(resource_inventoried_as=resource)
    assert raised.action == "raise" and raised.provider == personas.coop_a


def test_a_process_consumes_its_inputs_and_produces_its_outputs(personas: Personas) -> None:
    world = build_trace_world(personas)

    # 500 kg of wheat, 250 consumed by the milling, which produced 200 kg of flour.
    assert kg(world.wheat) == (Decimal(250), Decimal(250))
    assert kg(world.flour) == (Decimal(200), Decimal(200))
    assert world.flour.primary_accountable == world.mill
    assert world.flour.tracking_identifier == "F-12"


def test_a_transfer_moves_quantity_and_rights_into_a_new_resource_of_the_receiver(
    personas: Personas,
) -> None:
    world = build_trace_world(personas)

    event = services.event_record(
        organization=world.mill,
        by=world.miller,
        action="transfer",
        resource=world.flour,
        quantity=Decimal(30),
        receiver=personas.coop_b,
    )

    assert kg(world.flour) == (Decimal(170), Decimal(170))
    received = event.to_resource_inventoried_as
    assert received is not None and received.primary_accountable == personas.coop_b
    assert kg(received) == (Decimal(30), Decimal(30))
    # The same lot, of the same thing.
    assert (received.name, received.tracking_identifier, received.unit) == (
        "Flour T80",
        "F-12",
        "kilogram",
    )


def test_a_second_transfer_adds_to_the_receiver_s_resource_named(personas: Personas) -> None:
    world = build_trace_world(personas)
    first = services.event_record(
        organization=world.mill,
        by=world.miller,
        action="transfer",
        resource=world.flour,
        quantity=Decimal(30),
        receiver=personas.coop_b,
    )
    into = first.to_resource_inventoried_as
    assert into is not None

    services.event_record(
        organization=world.mill,
        by=world.miller,
        action="transfer",
        resource=world.flour,
        quantity=Decimal("5.250"),
        receiver=personas.coop_b,
        to_resource=into,
    )

    assert kg(into) == (Decimal("35.25"), Decimal("35.25"))
    assert kg(world.flour) == (Decimal("164.75"), Decimal("164.75"))


def test_a_transfer_of_custody_moves_only_the_onhand_quantity(personas: Personas) -> None:
    world = build_trace_world(personas)

    event = services.event_record(
        organization=world.mill,
        by=world.miller,
        action="transferCustody",
        resource=world.flour,
        quantity=Decimal(50),
        receiver=personas.coop_b,
    )

    held = event.to_resource_inventoried_as
    assert held is not None
    # The Mill keeps the rights (accounting) to all 200 kg; 50 are in B's hands.
    assert kg(world.flour) == (Decimal(200), Decimal(150))
    assert kg(held) == (Decimal(0), Decimal(50))
    assert held.primary_accountable == world.mill


def test_a_move_stays_within_the_organization(personas: Personas) -> None:
    world = build_trace_world(personas)

    event = services.event_record(
        organization=world.mill,
        by=world.miller,
        action="move",
        resource=world.flour,
        quantity=Decimal(20),
    )

    assert event.receiver == world.mill
    assert kg(world.flour) == (Decimal(180), Decimal(180))
    assert event.to_resource_inventoried_as is not None
    assert event.to_resource_inventoried_as.primary_accountable == world.mill


def test_a_lower_takes_stock_out(personas: Personas) -> None:
    world = build_trace_world(personas)

    services.event_record(
        organization=world.mill,
        by=world.miller,
        action="lower",
        resource=world.wheat,
        quantity=Decimal(10),
        note="Damp",
    )

    assert kg(world.wheat) == (Decimal(240), Decimal(240))


def test_an_accept_and_a_modify_take_a_resource_in_and_give_it_back(
    personas: Personas,
) -> None:
    oven = services.resource_create(
        organization=personas.coop_a,
        by=personas.alice,
        new=services.NewResource(name="Oven", unit="one"),
        quantity=Decimal(1),
    )
    parts = services.resource_create(
        organization=personas.coop_a,
        by=personas.alice,
        new=services.NewResource(name="Seals", unit="one"),
        quantity=Decimal(4),
    )

    services.process_record(
        organization=personas.coop_a,
        by=personas.alice,
        name="Repair of the oven",
        inputs=[
            services.ProcessInput("accept", oven, Decimal(1)),
            services.ProcessInput("consume", parts, Decimal(2)),
            services.ProcessInput("work", None, Decimal("1.5")),
        ],
        outputs=[services.ProcessOutput("modify", Decimal(1), resource=oven)],
    )

    assert kg(oven) == (Decimal(1), Decimal(1))
    assert kg(parts) == (Decimal(2), Decimal(2))
    work = EconomicEvent.objects.get(action="work")
    assert (work.resource_quantity, work.unit) == (Decimal("1.5"), "hour")
