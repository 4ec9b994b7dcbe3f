"""A cycle being set up, for the tests of setting cycles up: co-op A of the personas (Alice
administers it, Bob is a member) coordinates "Harvest" and is also one of its suppliers, with
its catalogue (apples in cases of 6, flour, juice not available; ``catalogue_files``); co-op B
(Charlie) is a buying group; "The Farm" is another supplier, with a fee of its own; "Co-op C"
is in the directory, in no cycle. Platform staff (with a second factor) hold no role."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.test import Client
from django.utils import timezone

from intercoop.accounts.models import User
from intercoop.conftest import Personas
from intercoop.exchange.models import (
    CycleFee,
    CycleHub,
    CycleOffer,
    CycleSupplier,
    OrderCycle,
    Product,
)
from intercoop.exchange.services import cycles as services
from intercoop.exchange.services.catalogues import catalogue_import_csv
from intercoop.exchange.tests.catalogue_files import CATALOGUE
from intercoop.labels.tests.conftest import with_mfa
from intercoop.organizations.models import Organization
from intercoop.testing.factories import OrganizationFactory, UserFactory


@dataclass
class SetupWorld:
    personas: Personas
    staff: User
    cycle: OrderCycle
    own_supplier: CycleSupplier  # co-op A, supplying its own cycle
    farm: CycleSupplier
    hub_b: CycleHub
    fee: CycleFee  # the coordinator's, on the whole cycle
    farm_fee: CycleFee  # narrowed to the Farm
    apples: CycleOffer  # co-op A's offer of its apples
    coop_c: Organization

    def client_for(self, who: str) -> Client:
        if who == "staff":
            client = Client()
            client.force_login(self.staff)
            return client
        return self.personas.client_for(who)

    def product(self, sku: str) -> Product:
        return Product.objects.get(supplier=self.personas.coop_a, sku=sku)


def build_setup_world(personas: Personas, *, now: datetime | None = None) -> SetupWorld:
    now = now or timezone.now()
    alice = personas.alice
    staff = with_mfa(UserFactory.create(email="staff@example.org", name="Staff", is_staff=True))
    catalogue_import_csv(supplier=personas.coop_a, content=CATALOGUE, by=alice)
    farm_org = OrganizationFactory.create(name="The Farm", slug="the-farm")
    coop_c = OrganizationFactory.create(name="Co-op C", slug="coop-c")
    cycle = services.cycle_create(
        coordinator=personas.coop_a,
        by=alice,
        name="Harvest",
        currency="EUR",
        opens_at=now + timedelta(days=1),
        closes_at=now + timedelta(days=8),
    )
    own = services.cycle_supplier_add(cycle=cycle, supplier=personas.coop_a, by=alice)
    farm = services.cycle_supplier_add(cycle=cycle, supplier=farm_org, by=alice)
    hub_b = services.cycle_hub_add(cycle=cycle, hub=personas.coop_b, by=alice)
    fee = services.cycle_fee_add(
        cycle=cycle,
        by=alice,
        name="Coordination",
        role="coordinator",
        basis="per_item",
        rate_bp=250,
    )
    farm_fee = services.cycle_fee_add(
        cycle=cycle,
        by=alice,
        name="Farm gate",
        role="supplier",
        basis="per_order",
        amount=175,
        supplier=farm,
    )
    apples = Product.objects.get(supplier=personas.coop_a, sku="APL-1")
    (offer,) = services.cycle_offers_add(cycle_supplier=own, by=alice, products=[apples]).added
    return SetupWorld(
        personas=personas,
        staff=staff,
        cycle=cycle,
        own_supplier=own,
        farm=farm,
        hub_b=hub_b,
        fee=fee,
        farm_fee=farm_fee,
        apples=offer,
        coop_c=coop_c,
    )
