"""A document as data: facts (label, value) and tables whose cells are text, whole numbers or
money in minor units, and one flat table for its CSV file."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Money:
    amount: int  # minor units of ``currency``
    currency: str


Cell = str | int | Money


@dataclass(frozen=True, slots=True)
class Table:
    caption: str
    headers: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]
    # Totals, drawn after the rows (a page's <tfoot>).
    footer: tuple[tuple[Cell, ...], ...] = ()


@dataclass(frozen=True, slots=True)
class Document:
    title: str
    facts: tuple[tuple[str, Cell], ...]
    tables: tuple[Table, ...]
    # The CSV file: stable column names (not translated, so a spreadsheet formula or a script
    # keeps working in every language) and one row per line.
    csv_columns: tuple[str, ...]
    csv_rows: tuple[tuple[Cell, ...], ...]
    filename: str  # without its extension
    language: str
