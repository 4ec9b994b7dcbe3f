"""A supply chain recorded through the traceability services, for the tests of traceability: the
Mill (a supplier of the shared order cycle, ``cycle_world``) grinds wheat into flour, and
delivers it to co-op A (Alice's, a buying group of the cycle) against its members' order lines
once the cycle is closed; co-op A bakes bread with it.

The cycle is closed here with the closing core and stored as ``CycleClosing`` (its result in the
canonical JSON form: each dataclass an object of its fields)."""

from __future__ import annotations

import dataclasses
import hashlib
import json
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from intercoop.accounts.models import User
from intercoop.conftest import Personas
from intercoop.exchange.closing import close_cycle
from intercoop.exchange.models import CycleClosing, EconomicResource, OrderCycle
from intercoop.exchange.selectors.cycles import closing_inputs
from intercoop.exchange.services import trace as services
from intercoop.exchange.tests.cycle_world import CycleWorld, build_cycle_world, place_line
from intercoop.organizations.models import Organization


def close_for_tests(cycle: OrderCycle) -> CycleClosing:
    """Close the cycle now (its close time moved to the past), storing the closing."""
    now = timezone.now()
    OrderCycle.objects.filter(pk=cycle.pk).update(
        opens_at=now - timedelta(days=8), closes_at=now - timedelta(hours=1), closed_at=now
    )
    cycle.refresh_from_db()
    result = json.loads(json.dumps(dataclasses.asdict(close_cycle(*closing_inputs(cycle)))))
    text = json.dumps(result, sort_keys=True, separators=(",", ":"))
    return CycleClosing.objects.create(
        cycle=cycle, result=text, digest=hashlib.sha256(text.encode()).hexdigest()
    )


@dataclass
class TraceWorld:
    cycles: CycleWorld
    wheat: EconomicResource  # the Mill's, 500 kg
    flour: EconomicResource  # the Mill's, 200 kg, made from 250 kg of wheat

    @property
    def personas(self) -> Personas:
        return self.cycles.personas

    @property
    def mill(self) -> Organization:
        return self.cycles.suppliers["mill"].supplier

    @property
    def miller(self) -> User:
        return self.cycles.supplier_admins["mill"]


def build_trace_world(personas: Personas, *, closed: bool = True) -> TraceWorld:
    cycles = build_cycle_world(personas)
    # Alice and Bob order 20 units of flour (2 cases of 10) through co-op A.
    place_line(cycles, personas.alice, "flour", 12)
    place_line(cycles, personas.bob, "flour", 8)
    if closed:
        close_for_tests(cycles.cycle)
    mill = cycles.suppliers["mill"].supplier
    miller = cycles.supplier_admins["mill"]
    wheat = services.resource_create(
        organization=mill,
        by=miller,
        new=services.NewResource(name="Wheat", unit="kilogram", tracking_identifier="W-7"),
        quantity=Decimal(500),
    )
    milling = services.process_record(
        organization=mill,
        by=miller,
        name="Milling",
        inputs=[
            services.ProcessInput("consume", wheat, Decimal(250)),
            services.ProcessInput("work", None, Decimal(6)),
        ],
        outputs=[
            services.ProcessOutput(
                "produce",
                Decimal(200),
                new=services.NewResource(
                    name="Flour T80", unit="kilogram", tracking_identifier="F-12"
                ),
            )
        ],
    )
    flour = EconomicResource.objects.get(events__output_of=milling)
    wheat.refresh_from_db()
    return TraceWorld(cycles, wheat, flour)
