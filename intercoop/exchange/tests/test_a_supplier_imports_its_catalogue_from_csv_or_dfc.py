"""A supplier imports its catalogue from CSV or from DFC (Open Food Network's files). A file is
the catalogue as it now stands: a re-import updates each product by its sku and adds no
duplicate; a product the file leaves out is kept and marked unavailable (stock 0); a DFC import
keeps the case sizes DFC does not carry."""

from __future__ import annotations

from decimal import Decimal

import pytest

from intercoop.conftest import Personas
from intercoop.exchange.models import Product
from intercoop.exchange.services.catalogues import (
    CatalogueImport,
    DfcRefused,
    catalogue_import_csv,
    catalogue_import_dfc,
)
from intercoop.exchange.tests.catalogue_files import APPLES, CATALOGUE, FLOUR, HEADER, ofn_file
from intercoop.organizations.models import Organization

pytestmark = pytest.mark.django_db

BACKORDER_PRODUCT = "http://test.host/api/dfc/enterprises/10000/supplied_products/10001"


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


def test_the_ofn_product_file_of_zero_kilograms_is_refused_by_its_iri(personas: Personas) -> None:
    # OFN writes a quantity of 0 kg for a product sold without a weight; a catalogue's product
    # holds more than 0 (the model's constraint), so the document is refused, naming it.
    with pytest.raises(DfcRefused) as refused:
        catalogue_import_dfc(
            supplier=personas.coop_a, content=ofn_file("ofn-product.GET.json"), by=personas.alice
        )

    ((where, text),) = refused.value.problems
    assert where.endswith("/SuppliedProducts/49055026544964")
    assert text == "The quantity must be more than 0."
    assert Product.objects.count() == 0
