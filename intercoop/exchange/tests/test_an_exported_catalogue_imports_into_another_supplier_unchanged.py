"""A supplier's catalogue, downloaded in CSV or fetched in DFC from its public address, imports
into another supplier as the same products; and the DFC export, expanded offline with the
vendored DFC context, says the same of each SuppliedProduct, CatalogItem, Offer and Price as
the file the catalogue was imported from."""

from __future__ import annotations

import json

import pytest
from django.test import Client
from django.urls import reverse

from intercoop.conftest import Personas
from intercoop.exchange.dfc.loader import DFC_CONTEXT
from intercoop.exchange.models import Product
from intercoop.exchange.services.catalogues import catalogue_import_csv, catalogue_import_dfc
from intercoop.exchange.tests.catalogue_files import CATALOGUE, ofn_file
from intercoop.exchange.tests.test_an_exported_dfc_catalogue_expands_to_the_imported_data import (
    facts,
)
from intercoop.organizations.models import Organization

pytestmark = pytest.mark.django_db

FIELDS = (
    "sku",
    "name",
    "description",
    "unit",
    "quantity",
    "price",
    "currency",
    "vat_rate",
    "stock",
)


def products(supplier: Organization, *fields: str) -> list[tuple[object, ...]]:
    return list(Product.objects.filter(supplier=supplier).order_by("sku").values_list(*fields))


def test_the_csv_download_imports_into_another_supplier_as_the_same_products(
    personas: Personas,
) -> None:
    catalogue_import_csv(supplier=personas.coop_a, content=CATALOGUE, by=personas.alice)

    response = Client().get(reverse("exchange:catalogue_csv", args=["coop-a"]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    catalogue_import_csv(supplier=personas.coop_b, content=response.content, by=personas.charlie)

    fields = (*FIELDS, "case_size")
    assert products(personas.coop_b, *fields) == products(personas.coop_a, *fields) != []


def test_the_dfc_document_imports_into_another_supplier_as_the_same_products(
    personas: Personas,
) -> None:
    catalogue_import_csv(supplier=personas.coop_a, content=CATALOGUE, by=personas.alice)

    response = Client().get(reverse("exchange_public:catalogue_dfc", args=["coop-a"]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/ld+json")
    catalogue_import_dfc(supplier=personas.coop_b, content=response.content, by=personas.charlie)

    # DFC carries no case size: the other supplier's products are sold by the item.
    assert products(personas.coop_b, *FIELDS) == products(personas.coop_a, *FIELDS) != []
    assert {c for (c,) in products(personas.coop_b, "case_size")} == {1}
    # Products from CSV get IRIs under the catalogue's public address, which the copy keeps.
    iri = str(products(personas.coop_b, "dfc_id")[0][0])
    assert iri.startswith("http") and "/exchange/catalogues/coop-a/supplied_products/" in iri


def test_the_dfc_export_expands_to_the_data_of_the_imported_ofn_file(personas: Personas) -> None:
    content = ofn_file("ofn-fdc-send-backorder.json")
    catalogue_import_dfc(supplier=personas.coop_a, content=content, by=personas.alice)

    response = Client().get(reverse("exchange_public:catalogue_dfc", args=["coop-a"]))
    exported = json.loads(response.content)

    assert exported["@context"] == DFC_CONTEXT
    before, after = facts(json.loads(content)), facts(exported)
    assert set(after) == set(before) != set()
    assert after == before


def test_the_comparison_sees_a_changed_price(personas: Personas) -> None:
    # The comparison above can fail: a price changed in the catalogue shows in the facts.
    content = ofn_file("ofn-fdc-send-backorder.json")
    catalogue_import_dfc(supplier=personas.coop_a, content=content, by=personas.alice)
    Product.objects.update(price=1)

    response = Client().get(reverse("exchange_public:catalogue_dfc", args=["coop-a"]))

    assert facts(json.loads(response.content)) != facts(json.loads(content))
