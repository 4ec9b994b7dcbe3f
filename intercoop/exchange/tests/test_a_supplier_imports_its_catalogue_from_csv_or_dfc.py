"""A supplier imports its catalogue from CSV or from DFC (Open Food Network's files). A file is
the catalogue as it now stands: a re-import updates each product by its sku and adds no
duplicate; a product the file leaves out is kept and marked unavailable (stock 0); a DFC import
keeps the case sizes DFC does not carry."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from intercoop.conftest import Personas
from intercoop.exchange.models import Product
from intercoop.exchange.selectors.catalogues import catalogue_dfc
from intercoop.exchange.services.catalogues import (
    CatalogueImport,
    catalogue_import_csv,
    catalogue_import_dfc,
)
from intercoop.exchange.tests.catalogue_files import APPLES, CATALOGUE, FLOUR, HEADER, ofn_file
from intercoop.organizations.models import Organization

pytestmark = pytest.mark.django_db

BACKORDER_PRODUCT = "http://test.host/api/dfc/enterprises/10000/supplied_products/10001"
OFN_PRODUCT = (
    "https://example-producer.jcloud-ver-jpe.ik-server.com/api/dfc/Enterprises/5c21b9-95/"
    "SuppliedProducts/49055026544964"
)


def rows(supplier: Organization) -> list[tuple[object, ...]]:
    return list(
        Product.objects.filter(supplier=supplier)
        .order_by("sku")
        .values_list("sku", "name", "unit", "quantity", "case_size", "price", "vat_rate", "stock")
    )


def test_a_csv_catalogue_becomes_the_supplier_s_products(personas: Personas) -> None:
    result = catalogue_import_csv(supplier=personas.coop_a, content=CATALOGUE, by=personas.alice)

    assert result == CatalogueImport(added=3, updated=0, unchanged=0, withdrawn=0)
    assert rows(personas.coop_a) == [
        ("APL-1", "Apples", "Kilogram", Decimal("1.000"), 6, 250, 550, 40),
        ("FLR-5", "Flour T80", "Kilogram", Decimal("5.000"), 1, 720, 550, None),
        ("JUI-1", "Apple juice", "Litre", Decimal("0.750"), 12, 310, 2000, 0),
    ]
    assert rows(personas.coop_b) == []


def test_importing_the_same_file_again_adds_no_duplicate(personas: Personas) -> None:
    catalogue_import_csv(supplier=personas.coop_a, content=CATALOGUE, by=personas.alice)
    before = rows(personas.coop_a)

    again = catalogue_import_csv(supplier=personas.coop_a, content=CATALOGUE, by=personas.alice)

    assert again == CatalogueImport(added=0, updated=0, unchanged=3, withdrawn=0)
    assert rows(personas.coop_a) == before
    assert Product.objects.count() == 3


def test_a_re_import_updates_by_sku_and_marks_products_left_out_unavailable(
    personas: Personas,
) -> None:
    catalogue_import_csv(supplier=personas.coop_a, content=CATALOGUE, by=personas.alice)
    apples = Product.objects.get(sku="APL-1")
    # Apples cost more now; juice and flour are not in the new file; oats are new.
    new_file = (HEADER + APPLES.replace("2.50", "2.80") + "OAT-1,Oats,,kg,1,1,3,EUR,,\n").encode()

    result = catalogue_import_csv(supplier=personas.coop_a, content=new_file, by=personas.alice)

    # Juice was already unavailable: only flour is withdrawn.
    assert result == CatalogueImport(added=1, updated=1, unchanged=0, withdrawn=1)
    assert [
        (sku, price, stock) for sku, _n, _u, _q, _c, price, _v, stock in rows(personas.coop_a)
    ] == [
        ("APL-1", 280, 40),
        ("FLR-5", 720, 0),
        ("JUI-1", 310, 0),
        ("OAT-1", 300, None),
    ]
    assert Product.objects.get(sku="APL-1").pk == apples.pk
    # Listed again, flour is available again.
    catalogue_import_csv(
        supplier=personas.coop_a, content=(HEADER + FLOUR).encode(), by=personas.alice
    )
    assert Product.objects.get(sku="FLR-5").stock is None


def test_the_ofn_backorder_file_imports_with_its_iri_and_price(personas: Personas) -> None:
    result = catalogue_import_dfc(
        supplier=personas.coop_a,
        content=ofn_file("ofn-fdc-send-backorder.json"),
        by=personas.alice,
    )

    assert result.added == 1
    product = Product.objects.get(supplier=personas.coop_a)
    assert product.dfc_id == BACKORDER_PRODUCT
    assert (product.unit, product.quantity, product.price, product.currency) == (
        "Gram",
        Decimal(1),
        1999,
        "AUD",
    )


def test_a_dfc_re_import_keeps_the_case_size_set_in_csv(personas: Personas) -> None:
    content = ofn_file("ofn-fdc-send-backorder.json")
    catalogue_import_dfc(supplier=personas.coop_a, content=content, by=personas.alice)
    Product.objects.filter(supplier=personas.coop_a).update(case_size=12, price=1)

    result = catalogue_import_dfc(supplier=personas.coop_a, content=content, by=personas.alice)

    assert result == CatalogueImport(added=0, updated=1, unchanged=0, withdrawn=0)
    product = Product.objects.get(supplier=personas.coop_a)
    assert (product.case_size, product.price) == (12, 1999)


def test_both_ofn_files_import_into_one_supplier_s_catalogue(personas: Personas) -> None:
    # OFN writes a quantity of 0 kg for a product sold without a weight: the catalogue keeps 0,
    # "the source states no quantity for one item".
    steak = catalogue_import_dfc(
        supplier=personas.coop_a, content=ofn_file("ofn-product.GET.json"), by=personas.alice
    )
    after_steak = rows(personas.coop_a)
    apple = catalogue_import_dfc(
        supplier=personas.coop_a,
        content=ofn_file("ofn-fdc-send-backorder.json"),
        by=personas.alice,
    )

    assert steak == CatalogueImport(added=1, updated=0, unchanged=0, withdrawn=0)
    assert after_steak == [
        (OFN_PRODUCT, "Fillet Steak - 201g x 1 Steak", "Kilogram", Decimal(0), 1, 1206, 100, 11)
    ]
    # The backorder file is the catalogue as it now stands: the steak it leaves out is kept,
    # unavailable.
    assert apple == CatalogueImport(added=1, updated=0, unchanged=0, withdrawn=1)
    assert list(
        Product.objects.filter(supplier=personas.coop_a)
        .order_by("name")
        .values_list("name", "price", "currency", "quantity", "unit", "stock", "dfc_id")
    ) == [
        ("Apple", 1999, "AUD", Decimal(1), "Gram", 0, BACKORDER_PRODUCT),
        ("Fillet Steak - 201g x 1 Steak", 1206, "EUR", Decimal(0), "Kilogram", 0, OFN_PRODUCT),
    ]
    assert rows(personas.coop_b) == []


def test_a_quantity_of_zero_survives_the_dfc_export(personas: Personas) -> None:
    catalogue_import_dfc(
        supplier=personas.coop_a, content=ofn_file("ofn-product.GET.json"), by=personas.alice
    )

    exported = json.dumps(catalogue_dfc(personas.coop_a))
    catalogue_import_dfc(supplier=personas.coop_b, content=exported, by=personas.charlie)

    assert rows(personas.coop_b) == rows(personas.coop_a)
    assert Product.objects.get(supplier=personas.coop_b).quantity == 0
