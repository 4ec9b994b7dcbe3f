"""A stored chain for the tests of the co-op share: a farm (a co-op) sells wheat to a mill (an
ally, not a co-op) that grinds it into flour sold to co-op A, which bakes the bread it holds.

Values, in euro cents: the wheat 100.00, the flour made 250.00 and sold 300.00, the bread
500.00; the harvest has none. So the steps add: bread 200.00 (co-op A), flour sold 50.00 and
made 150.00 (the mill), wheat 100.00 (the farm): a co-op share of 300/500, 60.0 %."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal

from django.conf import LazySettings

from intercoop.accounts.models import User
from intercoop.conftest import Personas
from intercoop.exchange.models import EconomicEvent, EconomicProcess, EconomicResource
from intercoop.labels.models import Issuer
from intercoop.labels.services import issuer_create
from intercoop.organizations.models import Organization
from intercoop.testing.factories import OrganizationFactory, UserFactory

AMOUNTS = ("100.00", "250.00", "300.00", "500.00", "10000", "25000", "30000", "50000")


@dataclass
class ShareWorld:
    personas: Personas
    farm: Organization
    mill: Organization
    bread: EconomicResource
    flour: EconomicResource
    events: dict[str, EconomicEvent]


def at(day: int) -> datetime:
    return datetime(2026, 9, day, 9, tzinfo=UTC)


def build_chain(personas: Personas) -> ShareWorld:
    coop_a = personas.coop_a
    farm = OrganizationFactory.create(
        name="Ferme des Sources", slug="farm", kind="coop", legal_form="SCIC"
    )
    mill = OrganizationFactory.create(name="Big Mill Ltd", slug="mill", kind="ally")

    def resource(name: str, holder: Organization) -> EconomicResource:
        return EconomicResource.objects.create(
            name=name, primary_accountable=holder, unit="kilogram"
        )

    def process(name: str, holder: Organization) -> EconomicProcess:
        return EconomicProcess.objects.create(name=name, in_scope_of=holder)

    wheat, wheat_at_mill = resource("Wheat", farm), resource("Wheat", mill)
    flour, flour_at_a = resource("Flour", mill), resource("Flour", coop_a)
    bread = resource("Country loaf", coop_a)
    growing, milling = process("Growing", farm), process("Milling", mill)
    baking = process("Baking", coop_a)
    kg = Decimal(100)

    def event(
        day: int,
        action: str,
        provider: Organization,
        *,
        receiver: Organization | None = None,
        value: int | None = None,
        **kw: object,
    ) -> EconomicEvent:
        return EconomicEvent.objects.create(
            action=action,
            provider=provider,
            receiver=receiver or provider,
            resource_quantity=kg,
            unit="kilogram",
            has_point_in_time=at(day),
            value=value,
            currency="EUR" if value is not None else "",
            **kw,
        )

    events = {
        "harvest": event(1, "produce", farm, resource_inventoried_as=wheat, output_of=growing),
        "sell-wheat": event(
            2,
            "transfer",
            farm,
            receiver=mill,
            resource_inventoried_as=wheat,
            to_resource_inventoried_as=wheat_at_mill,
            value=10000,
        ),
        "grind": event(3, "consume", mill, resource_inventoried_as=wheat_at_mill, input_of=milling),
        "flour-out": event(
            4, "produce", mill, resource_inventoried_as=flour, output_of=milling, value=25000
        ),
        "sell-flour": event(
            5,
            "transfer",
            mill,
            receiver=coop_a,
            resource_inventoried_as=flour,
            to_resource_inventoried_as=flour_at_a,
            value=30000,
        ),
        "knead": event(6, "consume", coop_a, resource_inventoried_as=flour_at_a, input_of=baking),
        "bread-out": event(
            7, "produce", coop_a, resource_inventoried_as=bread, output_of=baking, value=50000
        ),
    }
    return ShareWorld(personas, farm, mill, bread, flour, events)


def share_issuer(settings: LazySettings) -> Issuer:
    """A federation whose issuer signs the co-op share labels, as the setting names it."""
    federation = OrganizationFactory.create(name="Federation", slug="federation", kind="ally")
    admin: User = UserFactory.create(email="fed-admin@example.org")
    settings.EXCHANGE_COOP_SHARE_ISSUER = federation.slug
    return issuer_create(organization=federation, by=admin)
