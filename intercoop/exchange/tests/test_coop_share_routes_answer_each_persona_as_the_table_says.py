"""Every route of the co-op share, for each of the four personas: the page of a resource's
co-op share is public; asking for the co-op share label of a resource of co-op A is for A's
administrators (Alice): Bob (member of A) and Charlie (member of B) get 403 and nothing is
issued, an anonymous visitor is sent to sign in. A member of the issuer does not ask either."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
from django.conf import LazySettings
from django.urls import URLPattern, reverse

from intercoop.conftest import Personas
from intercoop.exchange import urls as exchange_urls
from intercoop.exchange.tests.coop_share_world import ShareWorld, build_chain, share_issuer
from intercoop.labels.models import Credential, Issuer
from intercoop.organizations.models import Role
from intercoop.testing.factories import RoleFactory
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
    chain: ShareWorld
    issuer: Issuer


@pytest.fixture
def world(personas: Personas, settings: LazySettings, tmp_path: Path) -> World:
    settings.LABELS_KEY_FILE = tmp_path / "labels_key"
    return World(personas, build_chain(personas), share_issuer(settings))


ROUTES: dict[str, Route[World]] = {
    "page": Route("exchange:resource_coop_share", lambda w: [w.chain.bread.uuid]),
    "label": Route("exchange:resource_coop_share_label", lambda w: [w.chain.bread.uuid]),
}

# route, method: expected for alice, bob, charlie, anonymous
ROWS: list[Row] = [
    ("page", "GET", (200, 200, 200, 200)),
    ("label", "POST", (DONE, 403, 403, LOGIN)),
]


def protected_state(w: World) -> list[tuple[object, ...]]:
    return list(
        Credential.objects.order_by("pk").values_list(
            "pk", "recipient_organization", "revoked_at", "achievement"
        )
    )


TABLE = PersonaTable(
    routes=ROUTES,
    rows=ROWS,
    client=lambda w, who: w.personas.client_for(who),
    state=protected_state,
    changes=writes_by({("label", "POST"): ("alice",)}),
    hidden=lambda w, route, who: () if who == "alice" else ("Ask for the co-op share label",),
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


def test_every_coop_share_route_has_rows_in_the_table() -> None:
    names = {
        f"exchange:{p.name}"
        for p in exchange_urls.urlpatterns
        if isinstance(p, URLPattern) and "coop_share" in str(p.callback.__module__)
    }

    assert len(names) == 2
    assert names - TABLE.url_names() == set(), "add persona rows for these routes"


def test_an_administrator_of_the_issuer_does_not_ask_in_the_supplier_s_name(
    world: World,
) -> None:
    RoleFactory.create(
        organization=world.issuer.organization, user=world.personas.charlie, role=Role.Name.ADMIN
    )
    client = world.personas.client_for("charlie")

    response = client.post(
        reverse("exchange:resource_coop_share_label", args=[world.chain.bread.uuid])
    )

    assert response.status_code == 403
    assert Credential.objects.count() == 0
