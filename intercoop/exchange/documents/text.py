"""Cells as people read them, in the active language: numbers grouped, money with its currency
(12,06 € in French, €12.06 in English) and the currency's own decimals
(``closing.money.to_decimal``)."""

from __future__ import annotations

from django.conf import settings
from django.utils.formats import number_format
from django.utils.translation import get_language

from intercoop.exchange.closing.money import to_decimal

from .model import Cell, Money, Table


def _locale() -> str:
    return (get_language() or settings.LANGUAGE_CODE).replace("-", "_")


def money_text(amount: int, currency: str) -> str:
    from babel.numbers import format_currency

    return format_currency(to_decimal(amount, currency), currency, locale=_locale())


def cell_text(cell: Cell) -> str:
    if isinstance(cell, Money):
        return money_text(cell.amount, cell.currency)
    if isinstance(cell, int):
        return number_format(cell, force_grouping=True)
    return cell


def is_number(cell: Cell) -> bool:
    return not isinstance(cell, str)


def table_text(table: Table) -> dict[str, object]:
    """What a page shows of a table: its cells as text."""
    return {
        "caption": table.caption,
        "headers": table.headers,
        "rows": [[cell_text(cell) for cell in row] for row in table.rows],
        "footer": [[cell_text(cell) for cell in row] for row in table.footer],
    }
