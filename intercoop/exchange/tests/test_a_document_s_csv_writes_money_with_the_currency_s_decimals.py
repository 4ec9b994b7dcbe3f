"""A document's CSV writes money with a dot and exactly the currency's decimals (none for yen,
three for dinars), whole numbers as they are, and quotes every text cell a spreadsheet would
run as a formula; its pages write money in the reader's language."""

from __future__ import annotations

import csv
import io

from django.utils import translation

from intercoop.exchange.documents import Document, Money, Table
from intercoop.exchange.documents.csvfile import document_csv
from intercoop.exchange.documents.text import cell_text


def _document(rows: tuple[tuple[str | int | Money, ...], ...]) -> Document:
    return Document(
        title="t",
        facts=(),
        tables=(Table(caption="c", headers=("a",), rows=()),),
        csv_columns=("text", "number", "money"),
        csv_rows=rows,
        filename="f",
        language="en",
    )


def test_money_has_the_currency_s_decimals_and_a_dot() -> None:
    content = document_csv(
        _document(
            (
                ("yen", 3, Money(1250, "JPY")),
                ("euro", 0, Money(5, "EUR")),
                ("dinar", 12345, Money(1250, "KWD")),
            )
        )
    )

    rows = list(csv.reader(io.StringIO(content.decode("utf-8"))))
    assert rows == [
        ["text", "number", "money"],
        ["yen", "3", "1250"],
        ["euro", "0", "0.05"],
        ["dinar", "12345", "1.250"],
    ]


def test_every_formula_start_is_quoted() -> None:
    cells = ("=1+1", "+33 1 23", "-2", "@SUM(A1)", "\tx", "plain", "a=b")

    content = document_csv(_document(tuple((cell, 0, Money(0, "EUR")) for cell in cells)))

    written = [row[0] for row in csv.reader(io.StringIO(content.decode("utf-8")))][1:]
    assert written == ["'=1+1", "'+33 1 23", "'-2", "'@SUM(A1)", "'\tx", "plain", "a=b"]


def test_pages_write_money_in_the_reader_s_language() -> None:
    with translation.override("fr"):
        french = cell_text(Money(123456, "EUR"))
    with translation.override("en"):
        english = cell_text(Money(123456, "EUR"))
        yen = cell_text(Money(1250, "JPY"))

    assert french == "1\u202f234,56\u00a0€"
    assert english == "€1,234.56"
    assert yen == "¥1,250"
