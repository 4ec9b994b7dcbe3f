"""A supplier changes a product by hand, above all its case size, which DFC does not carry: a
later DFC import keeps it. A price finer than its currency, or a name too long, is refused and
nothing changes."""

from __future__ import annotations

import pytest

from intercoop.conftest import Personas
from intercoop.exchange.models import Product
from intercoop.exchange.services.catalogues import catalogue_import_dfc
from intercoop.exchange.tests.catalogue_files import ofn_file

pytestmark = pytest.mark.django_db


@pytest.fixture
def product(personas: Personas) -> Product:
    content = ofn_file("ofn-fdc-send-backorder.json")
    catalogue_import_dfc(supplier=personas.coop_a, content=content, by=personas.alice)
    return Product.objects.get(supplier=personas.coop_a)


def edit_path(product: Product) -> str:
    return f"/en/orgs/coop-a/exchange/catalogue/manage/products/{product.pk}/"


def test_the_case_size_set_on_the_page_survives_a_dfc_re_import(
    personas: Personas, product: Product
) -> None:
    client = personas.client_for("alice")
    form = client.get(edit_path(product)).content.decode()
    assert 'value="19.99"' in form  # the price as people write it, in AUD

    response = client.post(
        edit_path(product),
        {"name": product.name, "case_size": "6", "price": "18.50", "vat_rate": "10", "stock": ""},
    )

    assert response.status_code == 302
    product.refresh_from_db()
    assert (product.case_size, product.price, product.vat_rate, product.stock) == (
        6,
        1850,
        1000,
        None,
    )
    catalogue_import_dfc(
        supplier=personas.coop_a,
        content=ofn_file("ofn-fdc-send-backorder.json"),
        by=personas.alice,
    )
    product.refresh_from_db()
    assert (product.case_size, product.price) == (6, 1999)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("price", "2.555", "The price has more decimals than AUD has."),
        ("vat_rate", "5.555", "The VAT rate takes at most two decimals."),
        ("case_size", "0", "Ensure this value is greater than or equal to 1."),
        ("name", "x" * 201, "Ensure this value has at most 200 characters"),
    ],
)
def test_a_refused_change_changes_nothing(
    personas: Personas, product: Product, field: str, value: str, message: str
) -> None:
    before = Product.objects.values().get(pk=product.pk)
    data = {"name": product.name, "case_size": "1", "price": "19.99", "vat_rate": "", "stock": "4"}

    response = personas.client_for("alice").post(edit_path(product), data | {field: value})

    assert response.status_code == 400
    assert message in response.content.decode()
    assert Product.objects.values().get(pk=product.pk) == before
