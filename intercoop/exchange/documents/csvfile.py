"""A document's CSV file: UTF-8, a header row, numbers as they are, money with a dot and the
currency's decimals (12.50; 1250 for yen), and every text cell a spreadsheet would run as a
formula prefixed with a quote (``core.csvfile.csv_safe``)."""

from __future__ import annotations

import csv
import io

from intercoop.core.csvfile import csv_safe
from intercoop.exchange.closing.money import to_decimal

from .model import Cell, Document, Money


def csv_cell(cell: Cell) -> str:
    if isinstance(cell, Money):
        return str(to_decimal(cell.amount, cell.currency))
    if isinstance(cell, int):
        return str(cell)
    return csv_safe(cell)


def document_csv(document: Document) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(document.csv_columns)
    for row in document.csv_rows:
        writer.writerow([csv_cell(cell) for cell in row])
    return out.getvalue().encode("utf-8")
