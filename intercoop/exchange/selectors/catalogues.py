"""Reads of suppliers' catalogues: a supplier's products, as rows for pages and the API and as
pure ``dfc.catalogue.Product`` values for the CSV and DFC exports."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from babel.numbers import format_currency, format_decimal
from django.conf import settings
from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import get_language, pgettext

from intercoop.exchange.catalogue_csv import catalogue_to_csv
from intercoop.exchange.closing.money import apply_rate
from intercoop.exchange.dfc import catalogue as dfc
from intercoop.exchange.dfc.jsonld import write_catalogue
from intercoop.exchange.models import Product
from intercoop.organizations.models import Organization


def products_of(supplier: Organization) -> QuerySet[Product]:
    """The supplier's products, by name."""
    return Product.objects.filter(supplier=supplier).order_by("name", "pk")


def product_value(product: Product) -> dfc.Product:
    """A stored product as the pure value the CSV and DFC writers take."""
    return dfc.Product(
        sku=product.sku,
        name=product.name,
        description=product.description,
        unit=product.unit,
        quantity=product.quantity,
        case_size=product.case_size,
        price=product.price,
        currency=product.currency,
        vat_rate=product.vat_rate,
        stock=product.stock,
        id=product.dfc_id or None,
    )


def catalogue_of(supplier: Organization) -> list[dfc.Product]:
    """The supplier's whole catalogue as pure values, by sku (so that exports are stable)."""
    return [product_value(p) for p in Product.objects.filter(supplier=supplier).order_by("sku")]


def catalogue_base_url(supplier: Organization) -> str:
    """Where the supplier's catalogue lives at a stable public address; the DFC export names
    the IRIs of its catalogue items and offers (and of products that have none) under it."""
    dfc_path = reverse("exchange_public:catalogue_dfc", args=[supplier.slug])
    return settings.PUBLIC_URL.rstrip("/") + dfc_path.rsplit("/", 1)[0]


def catalogue_dfc(supplier: Organization) -> dict[str, Any]:
    """The supplier's catalogue as a DFC JSON-LD document (SuppliedProduct, CatalogItem, Offer
    and Price, with the DFC context URL)."""
    return write_catalogue(catalogue_of(supplier), base_url=catalogue_base_url(supplier))


def catalogue_csv(supplier: Organization) -> bytes:
    """The supplier's catalogue as the CSV file its import reads back."""
    return catalogue_to_csv(catalogue_of(supplier))


# --- for people ---------------------------------------------------------------------------


def _locale() -> str:
    return (get_language() or settings.LANGUAGE_CODE).replace("-", "_")


def money_text(minor_units: int, currency: str) -> str:
    """An amount in the reader's language and its currency's own form: 12,06 € in French,
    €12.06 in English."""
    return format_currency(dfc.from_minor_units(minor_units, currency), currency, locale=_locale())


def vat_text(basis_points: int | None) -> str:
    """A VAT rate as a percentage in the reader's language (5,5 % in French); "" when unknown."""
    if basis_points is None:
        return ""
    percent = format_decimal(dfc.vat_to_percent(basis_points), locale=_locale())
    return pgettext("VAT rate", "%(percent)s%%") % {"percent": percent}


def unit_text(unit: str, quantity: Decimal) -> str:
    """What one item holds, in the reader's language: 0,5 kg; 1 pc."""
    amount = format_decimal(quantity.normalize(), locale=_locale())
    symbols = {
        "Gram": pgettext("unit", "g"),
        "Kilogram": pgettext("unit", "kg"),
        "Millilitre": pgettext("unit", "ml"),
        "Centilitre": pgettext("unit", "cl"),
        "Litre": pgettext("unit", "l"),
        "Piece": pgettext("unit", "pc"),
    }
    return f"{amount} {symbols.get(unit, unit)}"


def product_rows(products: Iterable[Product]) -> list[dict[str, Any]]:
    """What a catalogue page shows of each product, its numbers in the reader's language."""
    return [
        {
            "product": p,
            "holds": unit_text(p.unit, p.quantity),
            "price": money_text(p.price, p.currency),
            "vat": vat_text(p.vat_rate),
            "price_with_vat": (
                money_text(p.price + _vat_amount(p.price, p.vat_rate), p.currency)
                if p.vat_rate
                else ""
            ),
        }
        for p in products
    ]


def _vat_amount(price: int, basis_points: int | None) -> int:
    """The VAT on a price, in minor units, rounded half to even as every rate is
    (``closing.money.apply_rate``)."""
    return apply_rate(price, basis_points or 0)
