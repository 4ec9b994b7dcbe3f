"""Every route of offers and needs, for each of the four personas: Alice (administrator of co-op
A) publishes, changes and withdraws A's offers and needs; Bob (member of A) and Charlie (member
of B) get 403; an anonymous visitor is sent to sign in. Browsing, a listing's page and its
Murmurations profile are public, but a listing's matches show only to the administrators of
either side. Refused POSTs change nothing; the forms are CSRF-protected."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client

from intercoop.conftest import Personas
from intercoop.exchange import public_urls
from intercoop.exchange import urls as exchange_urls
from intercoop.exchange.models import Listing, Match
from intercoop.exchange.tests.listing_world import PARIS, VERSAILLES, place, publish
from intercoop.organizations.models import Role
from intercoop.testing.factories import OrganizationFactory, RoleFactory, UserFactory
from intercoop.testing.persona_routes import (
    CASE,
    DONE,
    LOGIN,
    OTHER_METHOD_CASE,
    Expected,
    PersonaTable,
    Route,
    Row,
    url_names_of,
    writes_by,
)

pytestmark = pytest.mark.django_db

MATCH_TITLE = "Rye flour of Co-op C"


@dataclass
class World:
    personas: Personas
    need: Listing
    other: Listing


@pytest.fixture
def world(personas: Personas) -> World:
    place(personas.coop_a, PARIS)
    coop_c = place(OrganizationFactory.create(name="Co-op C", slug="coop-c"), VERSAILLES)
    carol = UserFactory.create(email="carol@example.org")
    RoleFactory.create(organization=coop_c, user=carol, role=Role.Name.ADMIN)
    other = publish(coop_c, carol, title=MATCH_TITLE)
    need = publish(personas.coop_a, personas.alice, kind="need", title="Flour for the bakery")
    assert Match.objects.filter(need=need, offer=other).exists()
    return World(personas, need, other)


def listing_form(title: str) -> dict[str, Any]:
    return {
        "kind": "offer",
        "item_type": "good",
        "category": "surplus",
        "title": title,
        "language": "en",
        "transaction_types": ["buy-sell", "receive-donate"],
        "geographic_scope": "local",
        "quantity": "12.5",
        "unit": "kg",
    }


ROUTES: dict[str, Route[World]] = {
    "browse": Route("exchange:listings"),
    "listing": Route("exchange:listing", lambda w: [w.need.uuid]),
    "org_listings": Route(
        "exchange:org_listings", lambda w: ["coop-a"], lambda w: listing_form("Spent grain")
    ),
    "edit": Route(
        "exchange:listing_edit",
        lambda w: ["coop-a", w.need.uuid],
        lambda w: {**listing_form("Flour, 2 t"), "kind": "need", "category": "food"},
    ),
    "withdraw": Route("exchange:listing_withdraw", lambda w: ["coop-a", w.need.uuid]),
    "murmurations": Route("exchange_public:listing_murmurations", lambda w: [w.need.uuid]),
}

# route, method: expected for alice, bob, charlie, anonymous
ROWS: list[Row] = [
    ("browse", "GET", (200, 200, 200, 200)),
    ("listing", "GET", (200, 200, 200, 200)),
    ("murmurations", "GET", (200, 200, 200, 200)),
    ("org_listings", "GET", (200, 403, 403, LOGIN)),
    ("org_listings", "POST", (DONE, 403, 403, LOGIN)),
    ("edit", "GET", (200, 403, 403, LOGIN)),
    ("edit", "POST", (DONE, 403, 403, LOGIN)),
    ("withdraw", "POST", (DONE, 403, 403, LOGIN)),
]


def protected_state(w: World) -> object:
    return (
        list(
            Listing.objects.order_by("pk").values_list(
                "pk", "title", "category", "quantity", "withdrawn_at"
            )
        ),
        list(Match.objects.order_by("pk").values_list("need_id", "offer_id")),
    )


def hidden(w: World, route: str, who: str) -> list[str]:
    # The need's match shows on its page to A's administrators only.
    return [MATCH_TITLE] if route == "listing" and who != "alice" else []


TABLE = PersonaTable(
    routes=ROUTES,
    rows=ROWS,
    client=lambda w, who: w.personas.client_for(who),
    state=protected_state,
    changes=writes_by(
        {
            ("org_listings", "POST"): ("alice",),
            ("edit", "POST"): ("alice",),
            ("withdraw", "POST"): ("alice",),
        }
    ),
    hidden=hidden,
)


@pytest.mark.parametrize(CASE, TABLE.cases())
def test_route_answers_each_persona_as_the_table_says(
    world: World, route: str, method: str, who: str, expected: Expected
) -> None:
    TABLE.check(world, route, method, who, expected)


@pytest.mark.parametrize(OTHER_METHOD_CASE, TABLE.other_method_cases())
def test_other_methods_are_refused(world: World, route: str, method: str, who: str) -> None:
    TABLE.check_other_method(world, route, method, who)


def test_every_route_of_offers_and_needs_has_rows_in_the_table() -> None:
    names = {
        n
        for n in url_names_of(exchange_urls.urlpatterns, "exchange")
        | url_names_of(public_urls.urlpatterns, "exchange_public")
        if "listing" in n
    }
    assert names - TABLE.url_names() == set(), "add persona rows for these routes"


def test_the_match_shows_to_the_other_side_s_administrator(world: World) -> None:
    carol = Client()
    carol.force_login(world.other.organization.roles.get().user)

    page = carol.get(f"/en/exchange/listings/{world.other.uuid}/")

    assert "Flour for the bakery" in page.content.decode()


def test_a_co_op_s_listing_is_not_found_under_another_co_op_s_address(world: World) -> None:
    # Alice administers B too: A's listing under B's address is not found, nothing withdrawn.
    RoleFactory.create(organization=world.personas.coop_b, user=world.personas.alice, role="admin")
    client = world.personas.client_for("alice")

    page = client.get(f"/en/orgs/coop-b/exchange/listings/{world.need.uuid}/edit/")
    withdraw = client.post(f"/en/orgs/coop-b/exchange/listings/{world.need.uuid}/withdraw/")

    assert page.status_code == withdraw.status_code == 404
    world.need.refresh_from_db()
    assert world.need.withdrawn_at is None


def test_forms_without_the_csrf_token_are_refused(world: World) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.personas.alice)
    before = protected_state(world)

    created = client.post("/en/orgs/coop-a/exchange/listings/", listing_form("Spent grain"))
    withdrawn = client.post(f"/en/orgs/coop-a/exchange/listings/{world.need.uuid}/withdraw/")

    assert created.status_code == withdrawn.status_code == 403
    assert protected_state(world) == before
