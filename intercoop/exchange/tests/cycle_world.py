"""A small order cycle for the tests, made directly with the models: any test of order cycles
may use it (keep it simple and stable).

- The coordinator, "Food Hub Coordination", administered by Carol.
- Three suppliers, each with an administrator: the Orchard (apples in cases of 6 with two
  tiers, pears in cases of 6), the Mill (flour in cases of 10 with a tier, oats by the unit
  with a tier, in the category "farming") and the Dairy (cheese in cases of 4 with a tier).
- Two buying groups: co-op A of the personas (Alice, its administrator, and Bob, a member) and
  "Hub South" (Dora, a member). Charlie (co-op B) is in none.
- Fees of each role: the coordinator's 5 % per item and 1.00 per order; the Orchard's 0.10 per
  item on its own offers; co-op A's 0.20 per item to its members, Hub South's 2.00 per order.

Money is in euro cents. The cycle opened a day ago and closes in six days (``open_for``
changes that).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal

from django.utils import timezone

from intercoop.accounts.models import User
from intercoop.conftest import Personas
from intercoop.exchange.models import (
    CycleFee,
    CycleHub,
    CycleOffer,
    CycleSupplier,
    MemberOrder,
    OrderCycle,
    OrderLine,
    PriceTier,
)
from intercoop.organizations.models import Organization, Role
from intercoop.testing.factories import OrganizationFactory, RoleFactory, UserFactory

# name: (supplier key, price, case size, category, tiers as (min cases, price))
OFFERS: dict[str, tuple[str, int, int, str, tuple[tuple[int, int], ...]]] = {
    "apples": ("orchard", 300, 6, "food", ((3, 280), (5, 250))),
    "pears": ("orchard", 350, 6, "food", ()),
    "flour": ("mill", 150, 10, "food", ((2, 140),)),
    "oats": ("mill", 200, 1, "farming", ((10, 180),)),
    "cheese": ("dairy", 1200, 4, "food", ((2, 1100),)),
}


@dataclass
class CycleWorld:
    personas: Personas
    cycle: OrderCycle
    coordinator: Organization
    carol: User  # administrator of the coordinator
    suppliers: dict[str, CycleSupplier]  # "orchard", "mill", "dairy"
    supplier_admins: dict[str, User]
    hub_a: CycleHub  # co-op A: Alice and Bob
    hub_south: CycleHub  # Hub South: Dora
    dora: User
    offers: dict[str, CycleOffer] = field(default_factory=dict)
    fees: dict[str, CycleFee] = field(default_factory=dict)


def build_cycle_world(personas: Personas, *, now: datetime | None = None) -> CycleWorld:
    now = now or timezone.now()
    coordinator = OrganizationFactory.create(name="Food Hub Coordination", slug="food-hub")
    carol = UserFactory.create(email="carol@example.org", name="Carol")
    RoleFactory.create(organization=coordinator, user=carol, role=Role.Name.ADMIN)
    cycle = OrderCycle.objects.create(
        coordinator=coordinator,
        name="Autumn cycle",
        currency="EUR",
        opens_at=now - timedelta(days=1),
        closes_at=now + timedelta(days=6),
        created_by=carol,
    )
    suppliers: dict[str, CycleSupplier] = {}
    admins: dict[str, User] = {}
    for key, name in (("orchard", "The Orchard"), ("mill", "The Mill"), ("dairy", "The Dairy")):
        org = OrganizationFactory.create(name=name, slug=key)
        admins[key] = UserFactory.create(email=f"{key}@example.org", name=f"{name} admin")
        RoleFactory.create(organization=org, user=admins[key], role=Role.Name.ADMIN)
        suppliers[key] = CycleSupplier.objects.create(cycle=cycle, supplier=org)
    south = OrganizationFactory.create(name="Hub South", slug="hub-south")
    dora = UserFactory.create(email="dora@example.org", name="Dora")
    RoleFactory.create(organization=south, user=dora, role=Role.Name.MEMBER)
    hub_a = CycleHub.objects.create(cycle=cycle, hub=personas.coop_a)
    hub_south = CycleHub.objects.create(cycle=cycle, hub=south)
    world = CycleWorld(
        personas=personas,
        cycle=cycle,
        coordinator=coordinator,
        carol=carol,
        suppliers=suppliers,
        supplier_admins=admins,
        hub_a=hub_a,
        hub_south=hub_south,
        dora=dora,
    )
    for name, (supplier, price, case_size, category, tiers) in OFFERS.items():
        offer = CycleOffer.objects.create(
            cycle=cycle,
            supplier=suppliers[supplier],
            name=name.capitalize(),
            unit="kg",
            quantity=Decimal(1),
            unit_price=price,
            case_size=case_size,
            category=category,
        )
        for min_cases, tier_price in tiers:
            PriceTier.objects.create(offer=offer, min_cases=min_cases, unit_price=tier_price)
        world.offers[name] = offer
    fees = {
        "coordinator_rate": {"role": "coordinator", "basis": "per_item", "rate_bp": 500},
        "coordinator_order": {"role": "coordinator", "basis": "per_order", "amount": 100},
        "orchard_item": {
            "role": "supplier",
            "basis": "per_item",
            "amount": 10,
            "supplier": suppliers["orchard"],
        },
        "hub_a_item": {"role": "distributor", "basis": "per_item", "amount": 20, "hub": hub_a},
        "south_order": {
            "role": "distributor",
            "basis": "per_order",
            "amount": 200,
            "hub": hub_south,
        },
    }
    for key, values in fees.items():
        world.fees[key] = CycleFee.objects.create(
            cycle=cycle, name=key.replace("_", " ").capitalize(), **values
        )
    return world


def open_for(cycle: OrderCycle, *, opens_at: datetime, closes_at: datetime) -> OrderCycle:
    """Move the cycle's times (to make it upcoming or past its close)."""
    OrderCycle.objects.filter(pk=cycle.pk).update(opens_at=opens_at, closes_at=closes_at)
    cycle.refresh_from_db()
    return cycle


def place_line(
    world: CycleWorld,
    member: User,
    offer: str,
    quantity: int,
    *,
    tolerance: int = 0,
    hub: CycleHub | None = None,
    seen_unit_price: int | None = None,
    placed_at: datetime | None = None,
) -> OrderLine:
    """An order line written straight to the database (no rule checked): for setting up books."""
    order, _ = MemberOrder.objects.get_or_create(
        cycle=world.cycle, member=member, defaults={"hub": hub or world.hub_a}
    )
    chosen = world.offers[offer]
    return OrderLine.objects.create(
        order=order,
        offer=chosen,
        quantity=quantity,
        tolerance=tolerance,
        seen_unit_price=chosen.unit_price if seen_unit_price is None else seen_unit_price,
        placed_at=placed_at or timezone.now(),
    )
