"""Every route of the catalogues, for each of the four personas: Alice (administrator of co-op
A) manages A's catalogue (imports, removes products); Bob (member of A) and Charlie (member of
B) get 403 there; an anonymous visitor is sent to sign in. The public catalogue page, its CSV
download and its DFC document are public. Refused POSTs change nothing."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern

from intercoop.conftest import Personas
from intercoop.exchange import public_urls
from intercoop.exchange import urls as exchange_urls
from intercoop.exchange.models import Product
from intercoop.exchange.services.catalogues import catalogue_import_csv
from intercoop.exchange.tests.catalogue_files import CATALOGUE, HEADER, ofn_file
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
    product: Product


@pytest.fixture
def world(personas: Personas) -> World:
    catalogue_import_csv(supplier=personas.coop_a, content=CATALOGUE, by=personas.alice)
    return World(personas, Product.objects.get(supplier=personas.coop_a, sku="APL-1"))


ROUTES: dict[str, Route[World]] = {
    "catalogue": Route("exchange:catalogue", lambda w: ["coop-a"]),
    "csv": Route("exchange:catalogue_csv", lambda w: ["coop-a"]),
    "dfc": Route("exchange_public:catalogue_dfc", lambda w: ["coop-a"]),
    "manage": Route("exchange:catalogue_manage", lambda w: ["coop-a"]),
    "import_csv": Route(
        "exchange:catalogue_import_csv",
        lambda w: ["coop-a"],
        lambda w: {
            "csv-file": SimpleUploadedFile(
                "c.csv", (HEADER + "OAT-1,Oats,,kg,1,1,3,EUR,,\n").encode()
            )
        },
    ),
    "import_dfc": Route(
        "exchange:catalogue_import_dfc",
        lambda w: ["coop-a"],
        lambda w: {
            "dfc-file": SimpleUploadedFile("c.json", ofn_file("ofn-fdc-send-backorder.json"))
        },
    ),
    "edit": Route(
        "exchange:product_edit",
        lambda w: ["coop-a", w.product.pk],
        lambda w: {"name": "Apples", "case_size": "12", "price": "2.75", "vat_rate": "5.5"},
    ),
    "delete": Route("exchange:product_delete", lambda w: ["coop-a", w.product.pk]),
}

# route, method: expected for alice, bob, charlie, anonymous
ROWS: list[Row] = [
    ("catalogue", "GET", (200, 200, 200, 200)),
    ("csv", "GET", (200, 200, 200, 200)),
    ("dfc", "GET", (200, 200, 200, 200)),
    ("manage", "GET", (200, 403, 403, LOGIN)),
    ("import_csv", "POST", (DONE, 403, 403, LOGIN)),
    ("import_dfc", "POST", (DONE, 403, 403, LOGIN)),
    ("edit", "GET", (200, 403, 403, LOGIN)),
    ("edit", "POST", (DONE, 403, 403, LOGIN)),
    ("delete", "POST", (DONE, 403, 403, LOGIN)),
]


def protected_state(w: World) -> list[tuple[object, ...]]:
    return list(
        Product.objects.order_by("pk").values_list(
            "pk", "supplier", "sku", "price", "case_size", "stock"
        )
    )


TABLE = PersonaTable(
    routes=ROUTES,
    rows=ROWS,
    client=lambda w, who: w.personas.client_for(who),
    state=protected_state,
    changes=writes_by(
        {
            ("import_csv", "POST"): ("alice",),
            ("import_dfc", "POST"): ("alice",),
            ("edit", "POST"): ("alice",),
            ("delete", "POST"): ("alice",),
        }
    ),
    # The manager's routes check who asks before the method.
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


def _catalogue_names(patterns: list[URLPattern], namespace: str) -> set[str]:
    return {
        f"{namespace}:{p.name}"
        for p in patterns
        if isinstance(p, URLPattern) and "catalogue" in str(p.callback.__module__)
    }


def test_every_catalogue_route_has_rows_in_the_table() -> None:
    names = _catalogue_names(exchange_urls.urlpatterns, "exchange") | _catalogue_names(
        public_urls.urlpatterns, "exchange_public"
    )

    assert len(names) == 8
    assert names - TABLE.url_names() == set(), "add persona rows for these routes"


def test_a_co_op_s_product_is_not_found_under_another_co_op_s_address(world: World) -> None:
    # Alice administers B too: A's product asked for under B's address is not found, and stays.
    RoleFactory.create(organization=world.personas.coop_b, user=world.personas.alice, role="admin")
    client = world.personas.client_for("alice")

    response = client.post(
        f"/en/orgs/coop-b/exchange/catalogue/manage/products/{world.product.pk}/delete/"
    )

    assert response.status_code == 404
    assert Product.objects.filter(pk=world.product.pk).exists()
