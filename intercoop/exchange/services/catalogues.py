"""Writes of suppliers' catalogues: importing a CSV or DFC catalogue, all or nothing, and
changing or removing a product.

An import is the supplier's catalogue as it now stands:

- a product whose sku is already in the catalogue is updated (a re-import adds no duplicate);
- a product new to the catalogue is added;
- a product of the catalogue that the file leaves out is **kept, marked unavailable** (stock 0):
  nothing is deleted by an import, so what was ordered or traced keeps its product, and a file
  that lists it again makes it available again. A product is removed only by ``product_delete``.

DFC carries no case size: a DFC import keeps the case size a product already has (set in CSV or
on the page), and gives new products 1. A CSV product without a DFC IRI keeps the one it had.

Nothing is written unless the whole file is good: the file is read whole first (every problem
with its line, or its product's IRI), then checked against what the database holds (quantities
of 0 or more with at most 3 decimals, 0 meaning the source states none; stocks and case sizes
that fit), then written in one transaction, so an error while writing leaves the catalogue as
it was.

Who may: whoever may edit the organization's profile (``Perm.EDIT_PROFILE``, its
administrators); the views and the API authorize before calling.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from intercoop.accounts.models import User
from intercoop.core.csvfile import CsvRefused, read_csv
from intercoop.core.errors import ServiceError
from intercoop.exchange.catalogue_csv import CATALOGUE_CSV, catalogue_from_csv, problem_text
from intercoop.exchange.dfc import catalogue as dfc
from intercoop.exchange.dfc.errors import CatalogueError
from intercoop.exchange.dfc.jsonld import read_catalogue
from intercoop.exchange.models import Product
from intercoop.organizations.models import Organization

# What the columns of ``Product`` hold (its migration): a quantity of 14 digits, 3 of them
# decimals; a PostgreSQL integer for stocks and case sizes; an IRI of 500 characters.
MAX_QUANTITY = Decimal(10) ** 11
QUANTITY_DECIMALS = 3
MAX_INTEGER = 2**31 - 1
MAX_IRI = 500
MAX_NAME = 300


@dataclass(frozen=True)
class CatalogueImport:
    """What an import did: products added, updated (their sku was there), left as they were,
    and withdrawn (in the catalogue, not in the file: now unavailable)."""

    added: int
    updated: int
    unchanged: int
    withdrawn: int


class DfcRefused(ServiceError):
    """A DFC document was refused whole: nothing was written. ``problems`` lists (the product's
    IRI or "", what is wrong), in the reader's language."""

    code = "import_invalid"

    def __init__(self, problems: list[tuple[str, str]]) -> None:
        self.problems = problems
        super().__init__(
            ngettext(
                "The document was not imported: %(n)s problem was found.",
                "The document was not imported: %(n)s problems were found.",
                len(problems),
            )
            % {"n": len(problems)}
        )
        self.details = [{"loc": ["body", where], "msg": text} for where, text in problems]


def _storable_problems(product: dfc.Product) -> list[str]:
    """What the pure reader accepts but the catalogue's columns cannot hold, in the reader's
    language."""
    found = []
    # A quantity of 0 is kept: the source states none for one item (the reader refuses < 0).
    if product.quantity < 0:
        found.append(_("The quantity must be a number, 0 or more."))
    elif product.quantity >= MAX_QUANTITY or product.quantity != round(
        product.quantity, QUANTITY_DECIMALS
    ):
        found.append(
            _("The quantity must be below %(max)s, with at most %(n)s decimals.")
            % {"max": number_format(MAX_QUANTITY, force_grouping=True), "n": QUANTITY_DECIMALS}
        )
    if product.case_size > MAX_INTEGER:
        found.append(_("The case size must be at most %(n)s.") % {"n": MAX_INTEGER})
    if product.stock is not None and product.stock > MAX_INTEGER:
        found.append(_("The stock must be at most %(n)s.") % {"n": MAX_INTEGER})
    if product.id and len(product.id) > MAX_IRI:
        found.append(_("The product's IRI is longer than %(n)s characters.") % {"n": MAX_IRI})
    if len(product.name) > MAX_NAME:
        found.append(_("The name is longer than %(n)s characters.") % {"n": MAX_NAME})
    return found


def catalogue_import_csv(*, supplier: Organization, content: bytes, by: User) -> CatalogueImport:
    """Import a CSV catalogue (columns in ``dfc.csvformat``), all or nothing: ``CsvRefused``
    lists every bad row with its line, and nothing is written."""
    products = catalogue_from_csv(content)
    problems = [(i, text) for i, p in enumerate(products) for text in _storable_problems(p)]
    if problems:
        # The rows the reader took, in the same order as the products, give the lines.
        _header, rows, _errors = read_csv(content, CATALOGUE_CSV)
        raise CsvRefused([(rows[i][0], text) for i, text in problems])
    return _store(supplier=supplier, products=products, keeps_case_sizes=False)


def catalogue_import_dfc(
    *, supplier: Organization, content: bytes | str, by: User
) -> CatalogueImport:
    """Import a DFC catalogue (JSON-LD), all or nothing: ``DfcRefused`` names every problem
    with the IRI of the product it is about, and nothing is written."""
    try:
        products = read_catalogue(content)
    except CatalogueError as exc:
        raise DfcRefused(
            [(p.where, text) for p, text in zip(exc.problems, _texts(exc), strict=True)]
        ) from exc
    problems = [(p.id or p.sku, text) for p in products for text in _storable_problems(p)]
    if problems:
        raise DfcRefused(problems)
    return _store(supplier=supplier, products=products, keeps_case_sizes=True)


def _texts(error: CatalogueError) -> list[str]:
    """Each problem's message in the reader's language, without its place (given beside it)."""
    return [problem_text(p) for p in error.problems]


_FIELDS = (
    "name",
    "description",
    "unit",
    "quantity",
    "case_size",
    "price",
    "currency",
    "vat_rate",
    "stock",
    "dfc_id",
)


def _store(
    *, supplier: Organization, products: Sequence[dfc.Product], keeps_case_sizes: bool
) -> CatalogueImport:
    """Write checked products as the supplier's catalogue (see the module's docstring), in one
    transaction: any database error leaves the catalogue as it was."""
    with transaction.atomic():
        # Locked, so that two imports of one catalogue at once do not both add a product.
        existing = {p.sku: p for p in Product.objects.select_for_update().filter(supplier=supplier)}
        changed: list[Product] = []
        new: list[Product] = []
        unchanged = 0
        for product in products:
            sku = product.key
            row = existing.get(sku)
            values = {
                "name": product.name,
                "description": product.description,
                "unit": product.unit,
                "quantity": product.quantity,
                "case_size": product.case_size,
                "price": product.price,
                "currency": product.currency,
                "vat_rate": product.vat_rate,
                "stock": product.stock,
                "dfc_id": product.id or "",
            }
            if row is None:
                new.append(Product(supplier=supplier, sku=sku, **values))
                continue
            if keeps_case_sizes:
                values["case_size"] = row.case_size
            if not product.id:
                values["dfc_id"] = row.dfc_id
            if all(getattr(row, f) == v for f, v in values.items()):
                unchanged += 1
                continue
            for field, value in values.items():
                setattr(row, field, value)
            changed.append(row)
        listed = {p.key for p in products}
        withdrawn = [row for sku, row in existing.items() if sku not in listed and row.stock != 0]
        for row in withdrawn:
            row.stock = 0
        now = timezone.now()
        for row in [*changed, *withdrawn]:
            row.updated_at = now
        Product.objects.bulk_update([*changed, *withdrawn], [*_FIELDS, "updated_at"], 500)
        Product.objects.bulk_create(new, batch_size=500)
    return CatalogueImport(
        added=len(new), updated=len(changed), unchanged=unchanged, withdrawn=len(withdrawn)
    )


def product_update(
    *,
    product: Product,
    by: User,
    name: str,
    description: str,
    case_size: int,
    price: int,
    vat_rate: int | None,
    stock: int | None,
) -> Product:
    """Change what the supplier sets by hand: above all the case size, which DFC does not carry.
    Its sku, unit, quantity and currency stay (a new file changes those). ``ServiceError`` names
    what is refused, and nothing is written."""
    try:
        value = dfc.Product(
            sku=product.sku,
            name=name,
            description=description,
            unit=product.unit,
            quantity=product.quantity,
            case_size=case_size,
            price=price,
            currency=product.currency,
            vat_rate=vat_rate,
            stock=stock,
            id=product.dfc_id or None,
        )
    except CatalogueError as exc:
        raise ServiceError(" ".join(_texts(exc))) from exc
    problems = _storable_problems(value)
    if problems:
        raise ServiceError(" ".join(problems))
    product.name, product.description = value.name, value.description
    product.case_size, product.price = value.case_size, value.price
    product.vat_rate, product.stock = value.vat_rate, value.stock
    product.save()
    return product


def product_delete(*, product: Product, by: User) -> None:
    """Remove a product from its supplier's catalogue."""
    product.delete()
