"""Every route of a cycle's close, for each persona: Carol (administrator of the coordinator)
closes the cycle and reads its summary; the Orchard's administrator reads only the Orchard's
delivery list; Alice (administrator of co-op A, a buying group) only co-op A's packing list; Bob
(co-op A) and Dora (Hub South) each only their own invoice; Charlie, in no part of the cycle,
nothing; an anonymous visitor is sent to sign in. A cycle asked for under the address of an
organization that is not its coordinator, supplier or buying group is not found."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import URLPattern
from django.utils import timezone

from intercoop.conftest import Personas
from intercoop.exchange import urls as exchange_urls
from intercoop.exchange.models import CycleClosing, OrderCycle
from intercoop.testing.persona_routes import (
    CASE,
    DONE,
    LOGIN,
    OTHER_METHOD_CASE,
    Expected,
    Markers,
    PersonaTable,
    Route,
    Row,
    writes_by,
)
from intercoop.testing.shared_world import shared_world

from .closing_world import ClosingWorld, closed_world

pytestmark = pytest.mark.django_db

PERSONAS = ("carol", "orchard", "alice", "bob", "dora", "charlie", "anonymous")


@dataclass
class World:
    closed: ClosingWorld
    due: OrderCycle  # past its closing time, not closed


def build_world(personas: Personas) -> World:
    closed = closed_world(personas)
    now = timezone.now()
    due = OrderCycle.objects.create(
        coordinator=closed.cycles.coordinator,
        name="Due cycle",
        currency="EUR",
        opens_at=now - timedelta(days=3),
        closes_at=now - timedelta(minutes=5),
    )
    return World(closed=closed, due=due)


_built_world, world = shared_world(build_world)


def client_for(w: World, who: str) -> Client:
    users = {
        "carol": w.closed.cycles.carol,
        "orchard": w.closed.cycles.supplier_admins["orchard"],
        "dora": w.closed.cycles.dora,
    }
    if who not in users:
        return w.closed.cycles.personas.client_for(who)
    client = Client()
    client.force_login(users[who])
    return client


def _closed(slug: str) -> Callable[[World], list[object]]:
    return lambda w: [slug, w.closed.cycle.uuid]


def _own(w: World) -> list[object]:
    return [w.closed.cycle.uuid]


ROUTES: dict[str, Route[World]] = {
    "close": Route("exchange:cycle_close", lambda w: ["food-hub", w.due.uuid]),
    "closing": Route("exchange:cycle_closing", _closed("food-hub")),
    "closing_elsewhere": Route("exchange:cycle_closing", _closed("coop-a")),
    "invoice": Route("exchange:cycle_invoice", _own),
    "invoice_csv": Route("exchange:cycle_invoice_csv", _own),
    "invoice_pdf": Route("exchange:cycle_invoice_pdf", _own),
    "delivery": Route("exchange:cycle_delivery", _closed("orchard")),
    "delivery_csv": Route("exchange:cycle_delivery_csv", _closed("orchard")),
    "delivery_pdf": Route("exchange:cycle_delivery_pdf", _closed("orchard")),
    "delivery_mill": Route("exchange:cycle_delivery", _closed("mill")),
    "delivery_hub": Route("exchange:cycle_delivery", _closed("coop-a")),
    "packing": Route("exchange:cycle_packing", _closed("coop-a")),
    "packing_csv": Route("exchange:cycle_packing_csv", _closed("coop-a")),
    "packing_pdf": Route("exchange:cycle_packing_pdf", _closed("coop-a")),
    "packing_south": Route("exchange:cycle_packing", _closed("hub-south")),
    "packing_supplier": Route("exchange:cycle_packing", _closed("orchard")),
}

NOBODY: tuple[Expected, ...] = (403, 403, 403, 403, 403, 403, LOGIN)
# route, method: carol, orchard, alice, bob, dora, charlie, anonymous
ROWS: list[Row] = [
    ("close", "GET", (200, 403, 403, 403, 403, 403, LOGIN)),
    ("close", "POST", (DONE, 403, 403, 403, 403, 403, LOGIN)),
    ("closing", "GET", (200, 403, 403, 403, 403, 403, LOGIN)),
    ("closing_elsewhere", "GET", (403, 403, 404, 403, 403, 403, LOGIN)),
    ("invoice", "GET", (404, 404, 404, 200, 200, 404, LOGIN)),
    ("invoice_csv", "GET", (404, 404, 404, 200, 200, 404, LOGIN)),
    ("invoice_pdf", "GET", (404, 404, 404, 200, 200, 404, LOGIN)),
    ("delivery", "GET", (403, 200, 403, 403, 403, 403, LOGIN)),
    ("delivery_csv", "GET", (403, 200, 403, 403, 403, 403, LOGIN)),
    ("delivery_pdf", "GET", (403, 200, 403, 403, 403, 403, LOGIN)),
    ("delivery_mill", "GET", NOBODY),
    ("delivery_hub", "GET", (403, 403, 404, 403, 403, 403, LOGIN)),
    ("packing", "GET", (403, 403, 200, 403, 403, 403, LOGIN)),
    ("packing_csv", "GET", (403, 403, 200, 403, 403, 403, LOGIN)),
    ("packing_pdf", "GET", (403, 403, 200, 403, 403, 403, LOGIN)),
    ("packing_south", "GET", NOBODY),
    ("packing_supplier", "GET", (403, 404, 403, 403, 403, 403, LOGIN)),
]


def protected_state(w: World) -> list[tuple[object, ...]]:
    closings = list(CycleClosing.objects.order_by("pk").values_list("pk", "cycle", "digest"))
    cycles = list(OrderCycle.objects.order_by("pk").values_list("pk", "closed_at"))
    return [*closings, *cycles]


def hidden(w: World, route: str, who: str) -> Markers:
    """What must not show: other members on an invoice, other suppliers' goods on a delivery
    list, the other buying group's members on a packing list."""
    if route.startswith("invoice"):
        others = {"bob": ["Dora", "Zoë", "Дмитрий"], "dora": ["Bob", "Zoë", "Дмитрий"]}
        return others.get(who, [])
    if route.startswith("delivery"):
        return ["Flour", "Cheese", "The Mill", "The Dairy"]
    if route.startswith("packing"):
        return ["Dora", "Дмитрий", "Hub South"]
    return []


TABLE = PersonaTable(
    routes=ROUTES,
    rows=ROWS,
    client=client_for,
    state=protected_state,
    changes=writes_by({("close", "POST"): ("carol",)}),
    hidden=hidden,
    personas=PERSONAS,
    # The close page checks who asks before the method.
    login_before_method=True,
)


@pytest.mark.parametrize(CASE, TABLE.cases())
def test_route_answers_each_persona_as_the_table_says(
    world: World, route: str, method: str, who: str, expected: Expected
) -> None:
    TABLE.check(world, route, method, who, expected)


@pytest.mark.parametrize(OTHER_METHOD_CASE, TABLE.other_method_cases())
def test_other_methods_are_refused_and_change_nothing(
    world: World, route: str, method: str, who: str
) -> None:
    TABLE.check_other_method(world, route, method, who)


def test_every_closing_route_has_rows_in_the_table() -> None:
    names = {
        f"exchange:{p.name}"
        for p in exchange_urls.urlpatterns
        if isinstance(p, URLPattern) and p.callback.__module__.endswith("views.closing")
    }

    assert len(names) == 11
    assert names - TABLE.url_names() == set(), "add persona rows for these routes"


def test_a_second_close_goes_to_the_summary_and_changes_nothing(world: World) -> None:
    carol = client_for(world, "carol")
    path = ROUTES["close"].path(world)
    first = carol.post(path)
    stored = list(CycleClosing.objects.values_list("pk", "digest"))

    again = carol.post(path)

    assert first.status_code == again.status_code == 302
    assert again["Location"] == ROUTES["closing"].path(world).replace(
        str(world.closed.cycle.uuid), str(world.due.uuid)
    )
    assert list(CycleClosing.objects.values_list("pk", "digest")) == stored


def test_closing_before_the_closing_time_is_refused_on_the_page(world: World) -> None:
    OrderCycle.objects.filter(pk=world.due.pk).update(closes_at=timezone.now() + timedelta(hours=2))
    carol = client_for(world, "carol")

    page = carol.get(ROUTES["close"].path(world))
    refused = carol.post(ROUTES["close"].path(world))

    assert page.status_code == 200
    assert b"can be closed once its closing time has passed" in page.content
    assert b"Close the cycle</button>" not in page.content
    assert refused.status_code == 409
    assert b"cannot be closed before its closing time" in refused.content
    assert not CycleClosing.objects.filter(cycle=world.due).exists()


def test_the_summary_of_a_cycle_not_closed_leads_to_the_close_page(world: World) -> None:
    carol = client_for(world, "carol")

    response = carol.get(f"/en/orgs/food-hub/exchange/cycles/{world.due.uuid}/closing/")

    assert response.status_code == 302
    assert response["Location"].endswith(f"/cycles/{world.due.uuid}/close/")
