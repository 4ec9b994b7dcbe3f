"""Every route of setting order cycles up, for each persona: Alice (administrator of co-op A,
which coordinates the cycle and supplies it) manages it and her offers; Bob (a member of A
without a role of administrator), Charlie (a member of co-op B, a buying group of the cycle) and
platform staff get 403; an anonymous visitor is sent to sign in. The list of open and upcoming
cycles and a cycle's page are public. Refused requests change nothing."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import URLPattern
from django.utils import timezone

from intercoop.conftest import Personas
from intercoop.exchange import urls as exchange_urls
from intercoop.exchange.models import (
    CycleFee,
    CycleHub,
    CycleOffer,
    CycleSupplier,
    OrderCycle,
    PriceTier,
)
from intercoop.exchange.tests.cycle_setup_world import SetupWorld, build_setup_world
from intercoop.testing.factories import RoleFactory
from intercoop.testing.persona_routes import (
    ANONYMOUS,
    CASE,
    DONE,
    LOGIN,
    Expected,
    PersonaTable,
    Route,
    Row,
    writes_by,
)

pytestmark = pytest.mark.django_db

PERSONAS = ("alice", "bob", "charlie", "staff", ANONYMOUS)


@pytest.fixture
def world(personas: Personas) -> SetupWorld:
    return build_setup_world(personas)


def _local(days: int) -> str:
    return timezone.localtime(timezone.now() + timedelta(days=days)).strftime("%Y-%m-%dT%H:%M")


def _cycle(w: SetupWorld) -> list[object]:
    return ["coop-a", w.cycle.uuid]


ROUTES: dict[str, Route[SetupWorld]] = {
    "list": Route("exchange:cycles"),
    "page": Route("exchange:cycle", lambda w: [w.cycle.uuid]),
    "org_cycles": Route(
        "exchange:org_cycles",
        lambda w: ["coop-a"],
        lambda w: {
            "name": "Winter",
            "currency": "eur",
            "opens_at": _local(10),
            "closes_at": _local(17),
        },
    ),
    "manage": Route(
        "exchange:cycle_manage",
        _cycle,
        lambda w: {
            "name": "Harvest, renamed",
            "description": "Apples and flour.",
            "currency": "EUR",
            "opens_at": _local(2),
            "closes_at": _local(9),
        },
    ),
    "supplier_add": Route(
        "exchange:cycle_supplier_add", _cycle, lambda w: {"supplier-organization": "coop-c"}
    ),
    "supplier_remove": Route("exchange:cycle_supplier_remove", lambda w: [*_cycle(w), w.farm.pk]),
    "hub_add": Route("exchange:cycle_hub_add", _cycle, lambda w: {"hub-organization": "Co-op C"}),
    "hub_remove": Route("exchange:cycle_hub_remove", lambda w: [*_cycle(w), w.hub_b.pk]),
    "fee_add": Route(
        "exchange:cycle_fee_add",
        _cycle,
        lambda w: {
            "fee-name": "Packing",
            "fee-role": "distributor",
            "fee-basis": "per_item",
            "fee-amount": "0.50",
            "fee-rate": "",
            "fee-scope": f"h{w.hub_b.pk}",
        },
    ),
    "fee_remove": Route("exchange:cycle_fee_remove", lambda w: [*_cycle(w), w.fee.pk]),
    "offers": Route("exchange:cycle_offers", _cycle, lambda w: {"all": "1"}),
    "offer_edit": Route(
        "exchange:cycle_offer_edit",
        lambda w: [*_cycle(w), w.apples.pk],
        lambda w: {
            "unit_price": "2.40",
            "case_size": "6",
            "tier_1_cases": "3",
            "tier_1_price": "2.20",
        },
    ),
    "offer_remove": Route("exchange:cycle_offer_remove", lambda w: [*_cycle(w), w.apples.pk]),
}

PRIVATE: tuple[Expected, ...] = (403, 403, 403, LOGIN)

# route, method: expected for alice, bob, charlie, staff, anonymous
ROWS: list[Row] = [
    ("list", "GET", (200, 200, 200, 200, 200)),
    ("page", "GET", (200, 200, 200, 200, 200)),
    ("org_cycles", "GET", (200, *PRIVATE)),
    ("org_cycles", "POST", (DONE, *PRIVATE)),
    ("manage", "GET", (200, *PRIVATE)),
    ("manage", "POST", (DONE, *PRIVATE)),
    ("supplier_add", "POST", (DONE, *PRIVATE)),
    ("supplier_remove", "POST", (DONE, *PRIVATE)),
    ("hub_add", "POST", (DONE, *PRIVATE)),
    ("hub_remove", "POST", (DONE, *PRIVATE)),
    ("fee_add", "POST", (DONE, *PRIVATE)),
    ("fee_remove", "POST", (DONE, *PRIVATE)),
    ("offers", "GET", (200, *PRIVATE)),
    ("offers", "POST", (DONE, *PRIVATE)),
    ("offer_edit", "GET", (200, *PRIVATE)),
    ("offer_edit", "POST", (DONE, *PRIVATE)),
    ("offer_remove", "POST", (DONE, *PRIVATE)),
]


def protected_state(w: SetupWorld) -> list[object]:
    return [
        list(OrderCycle.objects.order_by("pk").values()),
        list(CycleSupplier.objects.order_by("pk").values()),
        list(CycleHub.objects.order_by("pk").values()),
        list(CycleFee.objects.order_by("pk").values()),
        list(CycleOffer.objects.order_by("pk").values()),
        list(PriceTier.objects.order_by("pk").values()),
    ]


TABLE = PersonaTable(
    routes=ROUTES,
    rows=ROWS,
    client=lambda w, who: w.client_for(who),
    state=protected_state,
    changes=writes_by(
        {(route, "POST"): ("alice",) for route, method, _ in ROWS if method == "POST"}
    ),
    personas=PERSONAS,
    login_before_method=True,
)


@pytest.mark.parametrize(CASE, TABLE.cases())
def test_route_answers_each_persona_as_the_table_says(
    world: SetupWorld, route: str, method: str, who: str, expected: Expected
) -> None:
    TABLE.check(world, route, method, who, expected)


@pytest.mark.parametrize(("route", "method", "who"), TABLE.other_method_cases())
def test_other_methods_are_refused_and_change_nothing(
    world: SetupWorld, route: str, method: str, who: str
) -> None:
    TABLE.check_other_method(world, route, method, who)


def test_every_cycle_setup_route_has_rows_in_the_table() -> None:
    names = {
        f"exchange:{p.name}"
        for p in exchange_urls.urlpatterns
        if isinstance(p, URLPattern) and p.callback.__module__.endswith("views.cycles")
    }

    assert len(names) == 13
    assert names - TABLE.url_names() == set(), "add persona rows for these routes"


def test_a_cycle_is_not_found_under_an_organization_that_does_not_coordinate_it(
    world: SetupWorld,
) -> None:
    # Alice administers B too, a buying group of the cycle: it is not B's to manage.
    RoleFactory.create(organization=world.personas.coop_b, user=world.personas.alice, role="admin")
    client = world.client_for("alice")
    before = protected_state(world)

    manage = client.get(f"/en/orgs/coop-b/exchange/cycles/{world.cycle.uuid}/manage/")
    remove = client.post(
        f"/en/orgs/coop-b/exchange/cycles/{world.cycle.uuid}/manage/fees/{world.fee.pk}/remove/"
    )
    offers = client.get(f"/en/orgs/coop-b/exchange/cycles/{world.cycle.uuid}/offers/")

    assert (manage.status_code, remove.status_code, offers.status_code) == (404, 404, 404)
    assert protected_state(world) == before


def test_a_supplier_cannot_change_another_supplier_s_offer(world: SetupWorld) -> None:
    # The Farm's administrator asks, under the Farm's address, for co-op A's offer.
    farm_admin = RoleFactory.create(organization=world.farm.supplier, role="admin").user
    client = world.client_for(ANONYMOUS)
    client.force_login(farm_admin)
    base = f"/en/orgs/the-farm/exchange/cycles/{world.cycle.uuid}/offers/{world.apples.pk}/"
    before = protected_state(world)

    page = client.get(base)
    removed = client.post(base + "remove/")

    assert (page.status_code, removed.status_code) == (404, 404)
    assert protected_state(world) == before
