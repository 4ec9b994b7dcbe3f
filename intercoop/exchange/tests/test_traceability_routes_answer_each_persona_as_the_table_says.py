"""Every route of traceability, for each of the four personas: Alice (administrator of co-op A)
opens A's traceability page and records resources, events and processes; Bob (member of A) and
Charlie (member of B) get 403; an anonymous visitor is sent to sign in. The resource and process
pages and the Valueflows documents are public. Refused POSTs record nothing."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from uuid import uuid4

import pytest
from django.urls import URLPattern

from intercoop.conftest import Personas
from intercoop.exchange import public_urls
from intercoop.exchange import urls as exchange_urls
from intercoop.exchange.models import EconomicEvent, EconomicProcess, EconomicResource
from intercoop.exchange.services import trace as services
from intercoop.exchange.tests.trace_world import TraceWorld, build_trace_world
from intercoop.organizations.models import Role
from intercoop.testing.persona_routes import (
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


@dataclass
class World:
    personas: Personas
    trace: TraceWorld
    apples: EconomicResource  # co-op A's


@pytest.fixture
def world(personas: Personas) -> World:
    trace = build_trace_world(personas)
    apples = services.resource_create(
        organization=personas.coop_a,
        by=personas.alice,
        new=services.NewResource(name="Apples", unit="kilogram"),
        quantity=Decimal(10),
    )
    return World(personas, trace, apples)


def _process_data(w: World) -> dict[str, str]:
    return {
        "process-token": str(uuid4()),
        "process-name": "Pressing",
        "in-TOTAL_FORMS": "1",
        "in-INITIAL_FORMS": "0",
        "in-0-action": "consume",
        "in-0-resource": str(w.apples.pk),
        "in-0-quantity": "4",
        "out-TOTAL_FORMS": "1",
        "out-INITIAL_FORMS": "0",
        "out-0-action": "produce",
        "out-0-name": "Apple juice",
        "out-0-unit": "litre",
        "out-0-quantity": "2",
    }


ROUTES: dict[str, Route[World]] = {
    "page": Route("exchange:org_trace", lambda w: ["coop-a"]),
    "resource_create": Route(
        "exchange:trace_resource_create",
        lambda w: ["coop-a"],
        lambda w: {
            "resource-token": str(uuid4()),
            "resource-name": "Pears",
            "resource-unit": "kilogram",
            "resource-quantity": "3",
        },
    ),
    "event_create": Route(
        "exchange:trace_event_create",
        lambda w: ["coop-a"],
        lambda w: {
            "event-token": str(uuid4()),
            "event-action": "transfer",
            "event-resource": str(w.apples.pk),
            "event-quantity": "2",
            "event-receiver": "coop-b",
        },
    ),
    "process_create": Route("exchange:trace_process_create", lambda w: ["coop-a"], _process_data),
    # Co-op A supplied no cycle: its administrator finds no deliveries of this one to record.
    "deliveries_create": Route(
        "exchange:trace_deliveries_create",
        lambda w: ["coop-a"],
        lambda w: {"cycle": str(w.trace.cycles.cycle.uuid)},
    ),
    "resource": Route("exchange:resource", lambda w: [w.apples.uuid]),
    "process": Route(
        "exchange:process", lambda w: [EconomicProcess.objects.get(name="Milling").uuid]
    ),
    "resource_jsonld": Route("exchange_public:resource_jsonld", lambda w: [w.apples.uuid]),
    "cycle_jsonld": Route("exchange_public:cycle_jsonld", lambda w: [w.trace.cycles.cycle.uuid]),
}

# route, method: expected for alice, bob, charlie, anonymous
ROWS: list[Row] = [
    ("page", "GET", (200, 403, 403, LOGIN)),
    ("resource_create", "POST", (DONE, 403, 403, LOGIN)),
    ("event_create", "POST", (DONE, 403, 403, LOGIN)),
    ("process_create", "POST", (DONE, 403, 403, LOGIN)),
    ("deliveries_create", "POST", (404, 403, 403, LOGIN)),
    ("resource", "GET", (200, 200, 200, 200)),
    ("process", "GET", (200, 200, 200, 200)),
    ("resource_jsonld", "GET", (200, 200, 200, 200)),
    ("cycle_jsonld", "GET", (200, 200, 200, 200)),
]


def protected_state(w: World) -> list[object]:
    return [
        list(
            EconomicResource.objects.order_by("pk").values_list(
                "pk", "primary_accountable", "onhand_quantity", "accounting_quantity"
            )
        ),
        list(EconomicEvent.objects.order_by("pk").values_list("pk", "action")),
        list(EconomicProcess.objects.order_by("pk").values_list("pk", "name")),
    ]


def hidden(w: World, route: str, who: str) -> list[str]:
    # Nobody reads money or members on the public pages and documents.
    if route in ("resource", "process", "resource_jsonld", "cycle_jsonld"):
        return ["alice@", "bob@", "EUR", "€"]
    return []


TABLE = PersonaTable(
    routes=ROUTES,
    rows=ROWS,
    client=lambda w, who: w.personas.client_for(who),
    state=protected_state,
    changes=writes_by(
        {
            ("resource_create", "POST"): ("alice",),
            ("event_create", "POST"): ("alice",),
            ("process_create", "POST"): ("alice",),
        }
    ),
    hidden=hidden,
    login_before_method=True,
)


@pytest.mark.parametrize(CASE, TABLE.cases())
def test_route_answers_each_persona_as_the_table_says(
    world: World, route: str, method: str, who: str, expected: Expected
) -> None:
    TABLE.check(world, route, method, who, expected)


@pytest.mark.parametrize(("route", "method", "who"), TABLE.other_method_cases())
def test_other_methods_are_refused_and_change_nothing(
    world: World, route: str, method: str, who: str
) -> None:
    TABLE.check_other_method(world, route, method, who)


def _trace_names(patterns: list[URLPattern], namespace: str) -> set[str]:
    return {
        f"{namespace}:{p.name}"
        for p in patterns
        if isinstance(p, URLPattern) and p.callback.__module__.endswith("views.trace")
    }


def test_every_traceability_route_has_rows_in_the_table() -> None:
    names = _trace_names(exchange_urls.urlpatterns, "exchange") | _trace_names(
        public_urls.urlpatterns, "exchange_public"
    )

    assert len(names) == 9
    assert names - TABLE.url_names() == set(), "add persona rows for these routes"


def test_a_co_op_s_resource_cannot_be_used_under_another_co_op_s_address(world: World) -> None:
    # Charlie administers B: A's apples are not among B's resources to transfer.
    Role.objects.filter(organization=world.personas.coop_b, user=world.personas.charlie).update(
        role=Role.Name.ADMIN
    )
    client = world.personas.client_for("charlie")
    before = protected_state(world)

    response = client.post(
        "/en/orgs/coop-b/exchange/trace/events/",
        {
            "event-token": str(uuid4()),
            "event-action": "transfer",
            "event-resource": str(world.apples.pk),
            "event-quantity": "2",
            "event-receiver": "coop-a",
        },
    )

    assert response.status_code == 400
    assert protected_state(world) == before
