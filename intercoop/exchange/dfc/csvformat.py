"""A catalogue as CSV: one product a row, in the columns ``COLUMNS``.

Reading is all or nothing: every bad row is reported with its line (a quoted cell may span lines;
the line is where the row starts), and no product is returned unless every row is good. A sku
given twice is an error naming both lines, so that a re-import updates products rather than adding
duplicates (``catalogue_key``).

Cells: ``unit`` is a code of ``UNITS`` (kg, g, l, cl, ml, piece) or a DFC measure name
(Kilogram); ``quantity``, ``price`` and ``vat_rate`` are decimal numbers (a decimal comma is
accepted when there is no point: 0,5); ``price`` is per item, excluding VAT, in ``currency``
(ISO 4217), with at most the currency's decimals; ``vat_rate`` is a percentage (5.5), empty when
not stated; ``case_size`` is the number of items in a case, 1 when empty; ``available`` is the
number of items in stock, empty for unlimited and 0 for none.

The web layer reads uploads with ``intercoop.core.csvfile`` and calls ``product_from_row`` and
``duplicate_skus`` (``intercoop/exchange/catalogue_csv.py``); ``read_catalogue_csv`` is the same
reading without Django, for tools and tests.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping
from decimal import Decimal

from intercoop.exchange.dfc.catalogue import (
    CURRENCIES,
    UNIT_CODES,
    UNITS,
    Product,
    catalogue_key,
    decimal_text,
    parse_decimal,
    to_minor_units,
    vat_from_percent,
    vat_to_percent,
)
from intercoop.exchange.dfc.errors import CatalogueError, Problem, gettext_noop

COLUMNS = (
    "sku",
    "name",
    "description",
    "unit",
    "quantity",
    "case_size",
    "price",
    "currency",
    "vat_rate",
    "available",
)
REQUIRED = ("sku", "name", "unit", "quantity", "price", "currency")
MAX_ROWS = 20_000

# What a spreadsheet takes for the start of a formula (CSV injection); as intercoop.core.csvfile.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

_UNIT_NAMES = {name.lower(): name for name in UNIT_CODES} | {
    code.lower(): name for code, name in UNITS.items()
}


def csv_safe(value: str) -> str:
    """A cell a spreadsheet will not run as a formula: a leading quote, which ``csv_unsafe``
    removes. A value whose quotes already stand before a formula sign ('=x) gets one more, so
    that it too reads back unchanged."""
    return "'" + value if value.lstrip("'").startswith(FORMULA_STARTS) else value


def csv_unsafe(value: str) -> str:
    if value.startswith("'") and value.lstrip("'").startswith(FORMULA_STARTS):
        return value[1:]
    return value


def _number(text: str) -> Decimal:
    text = text.strip()
    if "," in text and "." not in text and text.count(",") == 1:
        text = text.replace(",", ".")
    return parse_decimal(text)


def product_from_row(cells: Mapping[str, str]) -> Product:
    """The product a row describes (cells by column, stripped), or ``CatalogueError`` listing
    every problem of the row (with line 0: the caller knows the line)."""
    problems: list[Problem] = []

    def problem(msgid: str, **params: object) -> None:
        problems.append(Problem(0, msgid, params))

    def cell(column: str) -> str:
        return cells.get(column, "").strip()

    sku, name = cell("sku"), cell("name")
    if not sku:
        problem(gettext_noop("The sku is empty."))
    if not name:
        problem(gettext_noop("The name is empty."))

    unit = _UNIT_NAMES.get(cell("unit").lower())
    if unit is None:
        problem(
            gettext_noop("Unknown unit %(unit)s; the units are %(units)s."),
            unit=cell("unit"),
            units=", ".join(UNITS),
        )

    quantity = Decimal(0)
    try:
        quantity = _number(cell("quantity"))
        if quantity < 0:
            raise ValueError(quantity)
    except ValueError:
        problem(gettext_noop("The quantity must be a number, 0 or more."))

    case_size = 1
    if cell("case_size"):
        try:
            case_size = int(cell("case_size"))
            if case_size < 1:
                raise ValueError(case_size)
        except ValueError:
            problem(gettext_noop("The case size must be a whole number, 1 or more."))

    currency = cell("currency").upper()
    price = 0
    if currency not in CURRENCIES:
        problem(
            gettext_noop("Unknown currency %(currency)s; the currencies are %(currencies)s."),
            currency=cell("currency"),
            currencies=", ".join(CURRENCIES),
        )
    else:
        try:
            price = to_minor_units(_number(cell("price")), currency)
            if price < 0:
                raise ValueError(price)
        except ValueError:
            problem(
                gettext_noop(
                    "The price %(price)s is not an amount in %(currency)s, 0 or more, with at "
                    "most %(digits)s decimals."
                ),
                price=cell("price"),
                currency=currency,
                digits=CURRENCIES[currency][0],
            )

    vat_rate = None
    if cell("vat_rate"):
        try:
            vat_rate = vat_from_percent(_number(cell("vat_rate").removesuffix("%")))
            if not 0 <= vat_rate <= 10_000:
                raise ValueError(vat_rate)
        except ValueError:
            problem(
                gettext_noop("The VAT rate %(rate)s is not a percentage between 0 and 100."),
                rate=cell("vat_rate"),
            )

    stock = None
    if cell("available"):
        try:
            stock = int(cell("available"))
            if stock < 0:
                raise ValueError(stock)
        except ValueError:
            problem(
                gettext_noop(
                    "Available must be a whole number of items, 0 or more, or empty for unlimited."
                )
            )

    if problems:
        raise CatalogueError("invalid_csv", problems)
    assert unit is not None  # noqa: S101
    return Product(
        sku=sku,
        name=name,
        description=cell("description"),
        unit=unit,
        quantity=quantity,
        case_size=case_size,
        price=price,
        currency=currency,
        vat_rate=vat_rate,
        stock=stock,
    )


def duplicate_skus(skus: Iterable[tuple[int, str]]) -> list[Problem]:
    """A problem for every row (line, sku) whose sku an earlier row already has, compared by
    ``catalogue_key``; empty skus are left to ``product_from_row``."""
    first: dict[str, int] = {}
    problems: list[Problem] = []
    for line, sku in skus:
        key = catalogue_key(sku)
        if not key:
            continue
        if key in first:
            problems.append(
                Problem(
                    line,
                    gettext_noop("The sku %(sku)s is already on line %(line)s."),
                    {"sku": key, "line": first[key]},
                )
            )
        else:
            first[key] = line
    return problems


def read_catalogue_csv(content: bytes | str, *, max_rows: int = MAX_ROWS) -> list[Product]:
    """The file's products in file order, or ``CatalogueError`` listing every problem with
    its line."""
    try:
        text = content.decode("utf-8-sig") if isinstance(content, bytes) else content
    except UnicodeDecodeError as exc:
        assert isinstance(content, bytes)  # noqa: S101
        line = content[: exc.start].count(b"\n") + 1
        raise CatalogueError(
            "invalid_csv",
            [Problem(line, gettext_noop("The file is not UTF-8 text; save it as CSV (UTF-8)."))],
        ) from exc
    reader = csv.reader(io.StringIO(text, newline=""))
    header = _header(reader)
    rows: list[tuple[int, Product]] = []
    skus: list[tuple[int, str]] = []
    problems: list[Problem] = []
    while True:
        line = reader.line_num + 1
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            problems.append(
                Problem(line, gettext_noop("Not a readable CSV line (%(error)s)."), {"error": exc})
            )
            break
        if not any(c.strip() for c in cells):
            continue
        if len(rows) >= max_rows:
            problems.append(
                Problem(
                    line, gettext_noop("The file has more than %(n)s products."), {"n": max_rows}
                )
            )
            break
        if len(cells) != len(header):
            problems.append(
                Problem(
                    line,
                    gettext_noop("%(found)s cells where the header has %(expected)s."),
                    {"found": len(cells), "expected": len(header)},
                )
            )
            continue
        by_column = {h: csv_unsafe(c.strip()) for h, c in zip(header, cells, strict=True)}
        skus.append((line, by_column.get("sku", "")))
        try:
            rows.append((line, product_from_row(by_column)))
        except CatalogueError as exc:
            problems.extend(Problem(line, p.msgid, p.params) for p in exc.problems)
    problems.extend(duplicate_skus(skus))
    if problems:
        raise CatalogueError("invalid_csv", problems)
    return [product for _, product in rows]


def _header(reader: Iterable[list[str]]) -> list[str]:
    try:
        header = [h.strip().lower() for h in next(iter(reader))]
    except StopIteration:
        raise CatalogueError(
            "invalid_csv", [Problem(1, gettext_noop("The file is empty."))]
        ) from None
    except csv.Error as exc:
        raise CatalogueError(
            "invalid_csv",
            [Problem(1, gettext_noop("Not a readable CSV line (%(error)s)."), {"error": exc})],
        ) from exc
    problems: list[Problem] = []
    unknown = [h for h in header if h not in COLUMNS]
    missing = [h for h in REQUIRED if h not in header]
    repeated = sorted({h for h in header if header.count(h) > 1})
    if unknown:
        problems.append(
            Problem(
                1, gettext_noop("Unknown columns: %(columns)s."), {"columns": ", ".join(unknown)}
            )
        )
    if missing:
        problems.append(
            Problem(
                1, gettext_noop("Missing columns: %(columns)s."), {"columns": ", ".join(missing)}
            )
        )
    if repeated:
        problems.append(
            Problem(
                1,
                gettext_noop("Columns given twice: %(columns)s."),
                {"columns": ", ".join(repeated)},
            )
        )
    if problems:
        raise CatalogueError("invalid_csv", problems)
    return header


def catalogue_csv_row(product: Product) -> list[str]:
    """The product's cells, in ``COLUMNS`` order, protected against spreadsheet formulas."""
    return [
        csv_safe(product.sku),
        csv_safe(product.name),
        csv_safe(product.description),
        product.unit_code,
        decimal_text(product.quantity),
        str(product.case_size),
        str(product.price_decimal),
        product.currency,
        "" if product.vat_rate is None else str(vat_to_percent(product.vat_rate)),
        "" if product.stock is None else str(product.stock),
    ]


def write_catalogue_csv(products: Iterable[Product]) -> str:
    """The products as CSV text with a header, which ``read_catalogue_csv`` reads back to the
    same products (but for their DFC IRIs, which CSV does not carry)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    writer.writerows(catalogue_csv_row(p) for p in products)
    return out.getvalue()


__all__ = [
    "COLUMNS",
    "REQUIRED",
    "catalogue_key",
    "duplicate_skus",
    "product_from_row",
    "read_catalogue_csv",
    "write_catalogue_csv",
]
