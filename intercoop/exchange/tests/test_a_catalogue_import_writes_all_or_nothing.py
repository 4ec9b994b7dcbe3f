"""A catalogue import writes all or nothing: a file with a bad row, even its last, writes
nothing and names every problem with its line (or, in DFC, its product); an error of the
database while the products are written leaves the catalogue as it was."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from intercoop.conftest import Personas
from intercoop.core.csvfile import CsvRefused
from intercoop.exchange.dfc.catalogue import Product as Value
from intercoop.exchange.models import Product
from intercoop.exchange.services import catalogues
from intercoop.exchange.services.catalogues import (
    DfcRefused,
    catalogue_import_csv,
    catalogue_import_dfc,
)
from intercoop.exchange.tests.catalogue_files import APPLES, CATALOGUE, FLOUR, HEADER

pytestmark = pytest.mark.django_db


def state() -> list[tuple[object, ...]]:
    return list(Product.objects.order_by("pk").values_list("pk", "sku", "price", "stock"))


def test_a_bad_last_row_writes_nothing_and_names_its_line(personas: Personas) -> None:
    catalogue_import_csv(supplier=personas.coop_a, content=CATALOGUE, by=personas.alice)
    before = state()
    # Good rows that would update and add, then a bad one, last (line 5).
    content = (
        HEADER
        + APPLES.replace("2.50", "9.99")
        + "NEW-1,New,,kg,1,1,1,EUR,,\n"
        + FLOUR
        + "BAD-1,Bad,,kg,1,1,1.234,EUR,,\n"
    ).encode()

    with pytest.raises(CsvRefused) as refused:
        catalogue_import_csv(supplier=personas.coop_a, content=content, by=personas.alice)

    assert [line for line, _reason in refused.value.errors] == [5]
    assert state() == before


def test_every_bad_row_is_named_with_its_line(personas: Personas) -> None:
    content = (
        HEADER
        + "A-1,No unit,,furlong,1,1,1,EUR,,\n"
        + APPLES
        + "A-2,Nothing inside,,kg,0,1,1,EUR,,\n"
        + APPLES
    ).encode()

    with pytest.raises(CsvRefused) as refused:
        catalogue_import_csv(supplier=personas.coop_a, content=content, by=personas.alice)

    # Line 2: an unknown unit; line 5: the sku of line 3 again. (Line 4 holds 0 kg, which a
    # catalogue keeps: its source states no quantity.)
    errors = dict(refused.value.errors)
    assert sorted(errors) == [2, 5]
    assert "furlong" in errors[2]
    assert "3" in errors[5]
    assert Product.objects.count() == 0


def test_a_quantity_the_column_cannot_hold_is_refused_by_its_line(personas: Personas) -> None:
    # A quantity of 0 is kept (its source states none); one with 4 decimals is not.
    content = (
        HEADER + "A-0,Unweighed,,kg,0,1,1,EUR,,\n" + APPLES + "A-2,Too fine,,kg,0.0005,1,1,EUR,,\n"
    ).encode()

    with pytest.raises(CsvRefused) as refused:
        catalogue_import_csv(supplier=personas.coop_a, content=content, by=personas.alice)

    assert refused.value.errors == [
        (4, "The quantity must be below 100,000,000,000, with at most 3 decimals.")
    ]
    assert Product.objects.count() == 0


def test_the_database_keeps_a_quantity_of_zero_and_refuses_one_below(
    personas: Personas,
) -> None:
    fields = {"supplier": personas.coop_a, "name": "N", "unit": "Kilogram", "price": 1}
    fields["currency"] = "EUR"
    Product.objects.create(sku="ZERO", quantity=Decimal(0), **fields)

    with pytest.raises(IntegrityError, match="product_quantity"), transaction.atomic():
        Product.objects.create(sku="BELOW", quantity=Decimal("-0.001"), **fields)

    assert list(Product.objects.values_list("sku", "quantity")) == [("ZERO", Decimal("0.000"))]


def test_a_bad_dfc_product_writes_nothing_and_names_the_product(personas: Personas) -> None:
    document = {
        "@context": "https://www.datafoodconsortium.org",
        "@graph": [
            {
                "@id": "https://shop.example/p/1",
                "@type": "dfc-b:SuppliedProduct",
                "dfc-b:name": "Honey",
                "dfc-b:hasQuantity": {"dfc-b:hasUnit": "dfc-m:Gram", "dfc-b:value": "500"},
            }
        ],
    }
    with pytest.raises(DfcRefused) as refused:
        catalogue_import_dfc(
            supplier=personas.coop_a, content=json.dumps(document), by=personas.alice
        )

    assert [where for where, _text in refused.value.problems] == ["https://shop.example/p/1"]
    assert Product.objects.count() == 0


def test_a_database_error_on_the_last_product_leaves_the_catalogue_as_it_was(
    personas: Personas,
) -> None:
    # given a catalogue, and products each past the checks of a product, of which the last one
    # repeats the sku of a new one: the readers refuse that in a file, but the writing checks
    # nothing across products, and only the database's unique constraint sees it
    catalogue_import_csv(supplier=personas.coop_a, content=CATALOGUE, by=personas.alice)
    before = state()
    updated = Value(
        sku="APL-1", name="Apples", unit="Kilogram", quantity=Decimal(1), price=999, currency="EUR"
    )
    added = Value(
        sku="NEW-1", name="New", unit="Kilogram", quantity=Decimal(1), price=1, currency="EUR"
    )
    broken = Value(
        sku="NEW-1", name="Again", unit="Kilogram", quantity=Decimal(2), price=1, currency="EUR"
    )
    assert catalogues._storable_problems(broken) == []

    # when they are written
    with pytest.raises(IntegrityError, match=r"(?i)product_sku_once|unique.*sku"):
        catalogues._store(
            supplier=personas.coop_a, products=[updated, added, broken], keeps_case_sizes=False
        )

    # then the update written before the error, and the withdrawals, are undone
    assert state() == before
