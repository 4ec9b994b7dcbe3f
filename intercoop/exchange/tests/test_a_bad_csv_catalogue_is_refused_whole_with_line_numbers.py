"""A CSV catalogue with any bad row gives no product at all, and every problem is named with
the line where its row starts: unknown or missing columns, bad numbers, unknown units and
currencies, a price finer than its currency, a sku given twice (which a re-import would
otherwise turn into a duplicate), a row with too many cells, text that is not UTF-8."""

from __future__ import annotations

import pytest

from intercoop.exchange.dfc.csvformat import read_catalogue_csv
from intercoop.exchange.dfc.errors import CatalogueError

HEADER = "sku,name,description,unit,quantity,case_size,price,currency,vat_rate,available\n"


def problems(content: bytes | str) -> list[str]:
    with pytest.raises(CatalogueError) as refused:
        read_catalogue_csv(content)
    assert refused.value.code == "invalid_csv"
    return [str(p) for p in refused.value.problems]


def test_every_bad_row_is_named_by_its_line() -> None:
    content = (
        HEADER
        + "A1,Apples,,kg,1,6,2.50,EUR,5.5,\n"  # line 2: good
        + 'B2,Pears,"two\nlines",kgs,-1,0,2.555,EUR,101,-4\n'  # lines 3-4
        + "\n"  # line 5: blank, skipped
        + "C3,,,piece,one,1.5,3,XYZ,,many\n"  # line 6
        + "A1,Apples again,,kg,1,1,2,EUR,,\n"  # line 7: A1 again
        + "D4,Dates,,g,250,1,4,EUR,,,extra\n"  # line 8: a cell too many
    )
    assert problems(content) == [
        "line 3: Available must be a whole number of items, 0 or more, or empty for unlimited.",
        "line 3: The VAT rate 101 is not a percentage between 0 and 100.",
        "line 3: The case size must be a whole number, 1 or more.",
        "line 3: The price 2.555 is not an amount in EUR, 0 or more, with at most 2 decimals.",
        "line 3: The quantity must be a number, 0 or more.",
        "line 3: Unknown unit kgs; the units are g, kg, ml, cl, l, piece.",
        "line 6: Available must be a whole number of items, 0 or more, or empty for unlimited.",
        "line 6: The case size must be a whole number, 1 or more.",
        "line 6: The name is empty.",
        "line 6: The quantity must be a number, 0 or more.",
        "line 6: Unknown currency XYZ; the currencies are EUR, GBP, USD, AUD, CAD.",
        "line 7: The sku A1 is already on line 2.",
        "line 8: 11 cells where the header has 10.",
    ]


def test_a_header_that_is_not_the_catalogue_s() -> None:
    assert problems("sku,nom,unit,quantity,price,currency,price\n") == [
        "line 1: Columns given twice: price.",
        "line 1: Missing columns: name.",
        "line 1: Unknown columns: nom.",
    ]
    assert problems("") == ["line 1: The file is empty."]


def test_text_that_is_not_utf_8_is_named_by_its_line() -> None:
    latin1 = (HEADER + "A1,Crème fraîche,,ml,200,1,2,EUR,,\n").encode("latin-1")
    assert problems(latin1) == ["line 2: The file is not UTF-8 text; save it as CSV (UTF-8)."]


def test_a_file_over_the_row_limit_is_refused() -> None:
    rows = "".join(f"S{i},P{i},,piece,1,1,1,EUR,,\n" for i in range(4))
    with pytest.raises(CatalogueError) as refused:
        read_catalogue_csv(HEADER + rows, max_rows=3)
    assert str(refused.value) == "line 5: The file has more than 3 products."
    assert len(read_catalogue_csv(HEADER + rows, max_rows=4)) == 4


def test_numbers_out_of_bounds_are_refused_not_expanded() -> None:
    assert problems(HEADER + "A1,Apples,,kg,1e999999,1,1e999999,EUR,,\n") == [
        "line 2: The price 1e999999 is not an amount in EUR, 0 or more, with at most 2 decimals.",
        "line 2: The quantity must be a number, 0 or more.",
    ]
