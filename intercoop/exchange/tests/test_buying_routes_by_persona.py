"""Every route of buying in a cycle, for each persona: the people of the cycle's buying groups
(Alice and Bob of co-op A, Dora of Hub South) open the buying page and their order and save
quantities; Charlie (co-op B), the coordinator's administrator (Carol) and a supplier's (the
Orchard's) are in no buying group and get 403; an anonymous visitor is sent to sign in. Refused
POSTs change nothing, and no page shows another person's address."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from intercoop.conftest import Personas
from intercoop.exchange import urls as exchange_urls
from intercoop.exchange.models import OrderLine
from intercoop.exchange.tests.cycle_world import CycleWorld, build_cycle_world, place_line
from intercoop.testing.persona_routes import (
    CASE,
    DONE,
    LOGIN,
    OTHER_METHOD_CASE,
    PERSONAS,
    Expected,
    PersonaTable,
    Route,
    Row,
    writes_by,
)

pytestmark = pytest.mark.django_db

WHO = (*PERSONAS, "dora", "carol", "orchard")
BUYERS = ("alice", "bob", "dora")
EMAILS = {
    "alice": "alice@example.org",
    "bob": "bob@example.org",
    "charlie": "charlie@example.org",
    "dora": "dora@example.org",
    "carol": "carol@example.org",
    "orchard": "orchard@example.org",
}


@pytest.fixture
def world(personas: Personas) -> CycleWorld:
    w = build_cycle_world(personas)
    place_line(w, personas.alice, "cheese", 3, tolerance=1)
    return w


def _client(w: CycleWorld, who: str) -> Client:
    extra: dict[str, Any] = {
        "dora": w.dora,
        "carol": w.carol,
        "orchard": w.supplier_admins["orchard"],
    }
    if who not in extra:
        return w.personas.client_for(who)
    client = Client()
    client.force_login(extra[who])
    return client


def _order(w: CycleWorld) -> dict[str, str]:
    return {f"q-{w.offers['apples'].pk}": "6", f"t-{w.offers['apples'].pk}": "2"}


ROUTES: dict[str, Route[CycleWorld]] = {
    "buy": Route("exchange:cycle_buy", lambda w: [w.cycle.uuid], _order),
    "my_order": Route("exchange:cycle_my_order", lambda w: [w.cycle.uuid], _order),
}

# route, method: expected for alice, bob, charlie, anonymous, dora, carol, orchard
ROWS: list[Row] = [
    ("buy", "GET", (200, 200, 403, LOGIN, 200, 403, 403)),
    ("buy", "POST", (DONE, DONE, 403, LOGIN, DONE, 403, 403)),
    ("my_order", "GET", (200, 200, 403, LOGIN, 200, 403, 403)),
    ("my_order", "POST", (DONE, DONE, 403, LOGIN, DONE, 403, 403)),
]


def protected_state(w: CycleWorld) -> list[tuple[object, ...]]:
    return list(
        OrderLine.objects.order_by("pk").values_list(
            "order__member", "offer", "quantity", "tolerance", "seen_unit_price", "placed_at"
        )
    )


def hidden(w: CycleWorld, route: str, who: str) -> list[str]:
    return [email for person, email in EMAILS.items() if person != who]


TABLE = PersonaTable(
    routes=ROUTES,
    rows=ROWS,
    client=_client,
    state=protected_state,
    changes=writes_by({("buy", "POST"): BUYERS, ("my_order", "POST"): BUYERS}),
    hidden=hidden,
    personas=WHO,
    methods=("GET", "POST", "PUT", "DELETE"),
)


@pytest.mark.parametrize(CASE, TABLE.cases())
def test_route_answers_each_persona_as_the_table_says(
    world: CycleWorld, route: str, method: str, who: str, expected: Expected
) -> None:
    TABLE.check(world, route, method, who, expected)


@pytest.mark.parametrize(OTHER_METHOD_CASE, TABLE.other_method_cases())
def test_other_methods_are_refused_and_change_nothing(
    world: CycleWorld, route: str, method: str, who: str
) -> None:
    TABLE.check_other_method(world, route, method, who)


def test_every_buying_route_has_rows_in_the_table() -> None:
    names = {
        f"exchange:{p.name}"
        for p in exchange_urls.urlpatterns
        if "views.orders" in str(getattr(p, "callback", "").__module__)
    }

    assert names == {"exchange:cycle_buy", "exchange:cycle_my_order"}
    assert names - TABLE.url_names() == set()


def test_an_unknown_cycle_is_not_found(world: CycleWorld) -> None:
    response = world.personas.client_for("bob").get(
        "/en/exchange/cycles/00000000-0000-0000-0000-000000000000/buy/"
    )

    assert response.status_code == 404
