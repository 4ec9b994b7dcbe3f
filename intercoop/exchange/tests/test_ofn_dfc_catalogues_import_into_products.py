"""The Open Food Network DFC files (beside the checkout, in ../shared/standards/dfc) import into
catalogue products: name, description, quantity and unit, price in minor units with its ISO 4217
currency, VAT rate and stock, each read from wherever OFN put it (a CatalogItem's stock, an
Offer's stock, an Offer linked from its CatalogItem or pointing at its product)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

import intercoop
from intercoop.exchange.dfc.catalogue import Product
from intercoop.exchange.dfc.jsonld import read_catalogue
from intercoop.testing.requirements import require

OFFICIAL = Path(intercoop.__file__).resolve().parents[2] / "shared/standards/dfc"


@pytest.fixture(scope="module")
def dfc_files() -> Path:
    require(OFFICIAL.is_dir(), f"the DFC files {OFFICIAL} are missing")
    return OFFICIAL


def test_the_ofn_product_file_imports(dfc_files: Path) -> None:
    products = read_catalogue((dfc_files / "ofn-product.GET.json").read_bytes())

    iri = (
        "https://example-producer.jcloud-ver-jpe.ik-server.com/api/dfc/Enterprises/5c21b9-95/"
        "SuppliedProducts/49055026544964"
    )
    assert products == [
        Product(
            id=iri,
            # no dfc-b:sku in the file: the product is keyed by its IRI
            sku=iri,
            name="Fillet Steak - 201g x 1 Steak",
            description="",
            unit="Kilogram",
            quantity=Decimal(0),
            price=1206,
            currency="EUR",
            vat_rate=100,  # "VATrate": "1" is 1 %
            stock=11,  # the CatalogItem's stockLimitation
        )
    ]
    assert products[0].available


def test_the_ofn_backorder_file_imports_its_offered_product(dfc_files: Path) -> None:
    # The Order, OrderLine and SaleSession are not catalogue data and are left aside.
    products = read_catalogue((dfc_files / "ofn-fdc-send-backorder.json").read_text())

    assert products == [
        Product(
            id="http://test.host/api/dfc/enterprises/10000/supplied_products/10001",
            sku="http://test.host/api/dfc/enterprises/10000/supplied_products/10001",
            name="Apple",
            description="Red",
            unit="Gram",
            quantity=Decimal(1),
            price=1999,  # the JSON number 19.99, exactly
            currency="AUD",
            vat_rate=None,  # the file does not say
            stock=0,  # the Offer's stockLimitation
        )
    ]
    assert not products[0].available
    assert products[0].price_decimal == Decimal("19.99")
