"""Catalogue files for the web layer: an uploaded CSV catalogue read all or nothing with the
upload checks every import shares (``intercoop.core.csvfile``: size, UTF-8, header), each row
by the pure reader (``intercoop.exchange.dfc.csvformat``), and every message in the reader's
language; the messages of a refused DFC document, translated the same way.

Nothing is written here: the catalogue's service stores what ``catalogue_from_csv`` returns,
updating the product of each ``Product.key`` (its sku) so that a re-import adds no duplicate.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from intercoop.core.csvfile import CsvRefused, CsvShape, read_csv
from intercoop.exchange.dfc.catalogue import Product
from intercoop.exchange.dfc.csvformat import (
    COLUMNS,
    MAX_ROWS,
    REQUIRED,
    duplicate_skus,
    product_from_row,
    write_catalogue_csv,
)
from intercoop.exchange.dfc.errors import CatalogueError, Problem

MAX_BYTES = 5 * 1024 * 1024

CATALOGUE_CSV = CsvShape(
    columns=COLUMNS,
    required=REQUIRED,
    max_bytes=MAX_BYTES,
    max_rows=MAX_ROWS,
    too_many=gettext_lazy("The file has more than %(n)s products."),
)


def problem_text(problem: Problem) -> str:
    """The problem in the active language, without its place (its line or product)."""
    message = _(problem.msgid)
    return message % dict(problem.params) if problem.params else message


def refusal_messages(error: CatalogueError) -> list[str]:
    """Each problem of a refused catalogue in the active language, with its place: the line of
    a CSV file, the product (its IRI) of a DFC document."""
    messages = []
    for problem in error.problems:
        text = problem_text(problem)
        if problem.line:
            text = _("Line %(line)s: %(problem)s") % {"line": problem.line, "problem": text}
        elif problem.where:
            text = _("%(product)s: %(problem)s") % {"product": problem.where, "problem": text}
        messages.append(text)
    return messages


def catalogue_from_csv(content: bytes) -> list[Product]:
    """The products of an uploaded CSV catalogue in file order, or ``CsvRefused`` listing every
    problem with its line (``ServiceError`` with status 413 for a file over ``MAX_BYTES``)."""
    _header, rows, errors = read_csv(content, CATALOGUE_CSV)
    products: list[Product] = []
    for line, cells in rows:
        try:
            products.append(product_from_row(cells))
        except CatalogueError as exc:
            errors.extend((line, problem_text(p)) for p in exc.problems)
    skus = ((line, cells.get("sku", "")) for line, cells in rows)
    errors.extend((p.line, problem_text(p)) for p in duplicate_skus(skus))
    if errors:
        raise CsvRefused(errors)
    return products


def catalogue_to_csv(products: Iterable[Product]) -> bytes:
    """The products as a CSV file (UTF-8), which ``catalogue_from_csv`` reads back."""
    return write_catalogue_csv(products).encode("utf-8")
