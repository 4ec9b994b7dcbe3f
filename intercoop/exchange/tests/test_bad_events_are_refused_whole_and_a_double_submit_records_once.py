"""What the core or the rules refuse is refused with a clear code and nothing written: stock
taken below 0, another organization's resource, a quantity of 0 or with 4 decimals, order lines
of an open cycle, of another supplier, of another buying group or of two offers, units that do
not match, a process without outputs, a modify of what no accept took. A form or an API call
sent twice with the same uuid records once."""

from __future__ import annotations

from decimal import Decimal
from uuid import uuid4

import pytest

from intercoop.conftest import Personas
from intercoop.core.errors import ServiceError
from intercoop.exchange.models import EconomicEvent, EconomicProcess, EconomicResource
from intercoop.exchange.services import trace as services
from intercoop.exchange.tests.trace_world import TraceWorld, build_trace_world

pytestmark = pytest.mark.django_db


def stored() -> tuple[object, ...]:
    return (
        list(EconomicEvent.objects.order_by("pk").values_list("pk", flat=True)),
        list(EconomicProcess.objects.order_by("pk").values_list("pk", flat=True)),
        list(
            EconomicResource.objects.order_by("pk").values_list(
                "pk", "accounting_quantity", "onhand_quantity"
            )
        ),
    )


@pytest.fixture
def world(personas: Personas) -> TraceWorld:
    return build_trace_world(personas)


def transfer(world: TraceWorld, **changes: object) -> EconomicEvent:
    values: dict[str, object] = {
        "organization": world.mill,
        "by": world.miller,
        "action": "transfer",
        "resource": world.flour,
        "quantity": Decimal(10),
        "receiver": world.personas.coop_a,
    }
    values.update(changes)
    return services.event_record(**values)  # type: ignore[arg-type]


def refused(call: object, code: str) -> ServiceError:
    before = stored()
    with pytest.raises(ServiceError) as caught:
        call()  # type: ignore[operator]
    assert caught.value.code == code, caught.value.message
    assert stored() == before, "nothing is written"
    return caught.value


def test_stock_is_never_taken_below_zero(world: TraceWorld) -> None:
    error = refused(lambda: transfer(world, quantity=Decimal("200.001")), "insufficient")

    assert "Flour T80" in error.message and "200" in error.message


@pytest.mark.parametrize("quantity", ["0", "-1", "0.0001", "100000000000"])
def test_bad_quantities_are_refused(world: TraceWorld, quantity: str) -> None:
    refused(lambda: transfer(world, quantity=Decimal(quantity)), "invalid_quantity")


def test_an_organization_records_events_only_on_its_own_resources(world: TraceWorld) -> None:
    refused(
        lambda: transfer(world, organization=world.personas.coop_b, by=world.personas.charlie),
        "not_yours",
    )


def test_a_transfer_names_another_organization_and_a_move_stays_home(world: TraceWorld) -> None:
    refused(lambda: transfer(world, receiver=None), "invalid_receiver")
    refused(lambda: transfer(world, receiver=world.mill), "invalid_receiver")
    refused(lambda: transfer(world, action="move"), "invalid_receiver")
    refused(lambda: transfer(world, action="produce"), "invalid_action")


def test_a_receiver_s_resource_in_another_unit_is_refused_by_the_core(world: TraceWorld) -> None:
    sacks = services.resource_create(
        organization=world.personas.coop_a,
        by=world.personas.alice,
        new=services.NewResource(name="Flour sacks", unit="one"),
    )

    error = refused(lambda: transfer(world, to_resource=sacks), "valueflows")

    assert "kilogram" in error.message


def test_order_lines_must_be_of_a_closed_cycle_of_this_supplier_and_receiver(
    personas: Personas,
) -> None:
    open_world = build_trace_world(personas, closed=False)
    lines = list(open_world.cycles.cycle.orders.get(member=personas.alice).lines.all())

    refused(lambda: transfer(open_world, fulfils=lines), "invalid_fulfils")


def test_order_lines_of_another_supplier_hub_or_two_offers_are_refused(
    world: TraceWorld,
) -> None:
    from intercoop.exchange.tests.cycle_world import place_line

    flour_lines = list(world.cycles.cycle.orders.get(member=world.personas.alice).lines.all())
    # Dora orders through Hub South; Alice's pears are the Orchard's.
    dora_line = place_line(world.cycles, world.cycles.dora, "flour", 1, hub=world.cycles.hub_south)
    oats = place_line(world.cycles, world.personas.alice, "oats", 1)
    pears = place_line(world.cycles, world.personas.bob, "pears", 1)

    refused(lambda: transfer(world, fulfils=[dora_line]), "invalid_fulfils")
    refused(lambda: transfer(world, fulfils=[*flour_lines, oats]), "invalid_fulfils")
    refused(lambda: transfer(world, fulfils=[pears]), "invalid_fulfils")
    refused(
        lambda: transfer(world, action="move", receiver=None, fulfils=flour_lines),
        "invalid_fulfils",
    )


def test_a_process_needs_inputs_and_outputs_and_a_modify_needs_an_accept(
    world: TraceWorld,
) -> None:
    def process(inputs: list, outputs: list) -> EconomicProcess:
        return services.process_record(
            organization=world.mill, by=world.miller, name="Sifting", inputs=inputs, outputs=outputs
        )

    consume = services.ProcessInput("consume", world.flour, Decimal(10))
    refused(lambda: process([consume], []), "invalid_process")
    refused(
        lambda: process([consume], [services.ProcessOutput("modify", Decimal(1), world.wheat)]),
        "invalid_output",
    )
    refused(
        lambda: process(
            [services.ProcessInput("produce", world.flour, Decimal(1))],
            [services.ProcessOutput("produce", Decimal(1), world.flour)],
        ),
        "invalid_action",
    )
    # The second output is refused by the stock of its input: nothing of the first stays.
    too_much = services.ProcessInput("consume", world.wheat, Decimal(251))
    refused(
        lambda: process(
            [consume, too_much],
            [
                services.ProcessOutput(
                    "produce",
                    Decimal(5),
                    new=services.NewResource(name="Bran", unit="kilogram"),
                )
            ],
        ),
        "insufficient",
    )


def test_the_same_uuid_sent_twice_records_once(world: TraceWorld) -> None:
    token = uuid4()

    first = transfer(world, uuid=token)
    again = transfer(world, uuid=token)

    assert again.pk == first.pk and first.uuid == token
    assert EconomicEvent.objects.filter(action="transfer").count() == 1
    world.flour.refresh_from_db()
    assert world.flour.onhand_quantity == Decimal(190)


def test_another_organization_cannot_reuse_a_uuid(world: TraceWorld) -> None:
    token = uuid4()
    transfer(world, uuid=token)
    mine = services.resource_create(
        organization=world.personas.coop_b,
        by=world.personas.charlie,
        new=services.NewResource(name="Oats", unit="kilogram"),
        quantity=Decimal(5),
    )

    refused(
        lambda: services.event_record(
            organization=world.personas.coop_b,
            by=world.personas.charlie,
            action="lower",
            resource=mine,
            quantity=Decimal(1),
            uuid=token,
        ),
        "conflict",
    )


def test_a_resource_or_a_process_sent_twice_is_made_once(world: TraceWorld) -> None:
    token = uuid4()
    new = services.NewResource(name="Rye", unit="kilogram")
    one = services.resource_create(
        organization=world.mill, by=world.miller, new=new, quantity=Decimal(3), uuid=token
    )
    two = services.resource_create(
        organization=world.mill, by=world.miller, new=new, quantity=Decimal(3), uuid=token
    )
    assert one.pk == two.pk
    one.refresh_from_db()
    assert one.onhand_quantity == Decimal(3)

    token = uuid4()
    args = {
        "organization": world.mill,
        "by": world.miller,
        "name": "Sifting",
        "inputs": [services.ProcessInput("consume", world.flour, Decimal(10))],
        "outputs": [
            services.ProcessOutput(
                "produce", Decimal(9), new=services.NewResource(name="Fine", unit="kilogram")
            )
        ],
        "uuid": token,
    }
    assert services.process_record(**args).pk == services.process_record(**args).pk  # type: ignore[arg-type]
    world.flour.refresh_from_db()
    assert world.flour.onhand_quantity == Decimal(190)
