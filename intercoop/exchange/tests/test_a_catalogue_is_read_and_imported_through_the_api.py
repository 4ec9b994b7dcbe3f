"""Through the API, anyone reads an organization's products a page at a time, and its
administrators import a DFC catalogue with a token, all or nothing: a refused document names
each product and its problem, and writes nothing."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from intercoop.accounts.models import User
from intercoop.accounts.services import api_token_create
from intercoop.conftest import Personas
from intercoop.exchange.models import Product
from intercoop.exchange.services.catalogues import catalogue_import_csv
from intercoop.exchange.tests.catalogue_files import HEADER, ofn_file

pytestmark = pytest.mark.django_db


def with_token(user: User) -> Client:
    secret = api_token_create(user=user, name="tests").secret
    return Client(enforce_csrf_checks=True, headers={"Authorization": f"Bearer {secret}"})


def test_products_come_50_a_page_by_name(personas: Personas) -> None:
    lines = "".join(f"P-{i:03},Product {i:03},,kg,0.5,1,1.10,EUR,5.5,\n" for i in range(120))
    catalogue_import_csv(
        supplier=personas.coop_a, content=(HEADER + lines).encode(), by=personas.alice
    )
    path = f"/api/v1/organizations/{personas.coop_a.pk}/products"

    first = Client().get(path).json()
    last = Client().get(path, {"page": 3}).json()
    beyond = Client().get(path, {"page": 9}).json()

    assert (first["count"], first["page"], first["pages"]) == (120, 1, 3)
    assert [p["sku"] for p in first["results"]] == [f"P-{i:03}" for i in range(50)]
    assert first["results"][0] | {"dfc_id": ""} == {
        "sku": "P-000",
        "name": "Product 000",
        "description": "",
        "unit": "kg",
        "quantity": "0.5",
        "case_size": 1,
        "price": 110,
        "currency": "EUR",
        "vat_rate": 550,
        "stock": None,
        "dfc_id": "",
    }
    assert len(last["results"]) == 20
    assert beyond["page"] == 3
    assert first["dfc"].endswith("/exchange/catalogues/coop-a/dfc.json")


def test_an_administrator_imports_a_dfc_catalogue_with_a_token(personas: Personas) -> None:
    path = f"/api/v1/organizations/{personas.coop_a.pk}/products/import"

    response = with_token(personas.alice).post(
        path, ofn_file("ofn-fdc-send-backorder.json"), content_type="application/ld+json"
    )
    again = with_token(personas.alice).post(
        path, ofn_file("ofn-fdc-send-backorder.json"), content_type="application/json"
    )

    assert response.status_code == 200, response.content
    assert response.json() == {"added": 1, "updated": 0, "unchanged": 0, "withdrawn": 0}
    assert again.json() == {"added": 0, "updated": 0, "unchanged": 1, "withdrawn": 0}
    assert Product.objects.filter(supplier=personas.coop_a).count() == 1


def test_a_refused_document_names_each_product_and_writes_nothing(personas: Personas) -> None:
    path = f"/api/v1/organizations/{personas.coop_a.pk}/products/import"

    # OFN's product file, its quantity made finer than the catalogue's 3 decimals
    document = json.loads(ofn_file("ofn-product.GET.json"))
    document["@graph"][0]["dfc-b:value"] = "0.0005"
    response = with_token(personas.alice).post(
        path, json.dumps(document), content_type="application/json"
    )
    not_json = with_token(personas.alice).post(path, b"{", content_type="application/json")

    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "import_invalid"
    ((detail),) = error["details"]
    assert detail["loc"][1].endswith("/SuppliedProducts/49055026544964")
    assert detail["msg"] == "The quantity must be below 100,000,000,000, with at most 3 decimals."
    assert not_json.status_code == 400
    assert not_json.json()["error"]["code"] == "import_invalid"
    assert Product.objects.count() == 0


def test_a_member_may_not_import(personas: Personas) -> None:
    response = with_token(personas.bob).post(
        f"/api/v1/organizations/{personas.coop_a.pk}/products/import",
        json.dumps({"@context": "https://www.datafoodconsortium.org"}),
        content_type="application/json",
    )

    assert response.status_code == 403
    assert Product.objects.count() == 0
