"""A catalogue written as CSV reads back to the same products (Hypothesis, on random
catalogues), a file exported from a spreadsheet with a decimal comma or a formula-looking name
reads as meant, and the sku is the key a re-import updates by: the same file twice gives the same
keys, never a second product."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from hypothesis import example, given
from hypothesis import strategies as st

from intercoop.exchange.dfc.catalogue import CURRENCIES, UNIT_CODES, Product
from intercoop.exchange.dfc.csvformat import COLUMNS, read_catalogue_csv, write_catalogue_csv

text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=30
).filter(lambda s: s.strip() == s)

products = st.builds(
    Product,
    sku=text,
    name=text,
    description=st.one_of(st.just(""), text),
    unit=st.sampled_from(sorted(UNIT_CODES)),
    quantity=st.decimals(min_value=0, max_value=10_000, places=3),
    case_size=st.integers(1, 500),
    price=st.integers(0, 10**9),
    currency=st.sampled_from(sorted(CURRENCIES)),
    vat_rate=st.one_of(st.none(), st.integers(0, 10_000)),
    stock=st.one_of(st.none(), st.integers(0, 10**6)),
)
catalogues = st.lists(products, max_size=15, unique_by=lambda p: p.key)


@given(catalogues)
@example(
    [Product(sku="'=1", name="'+x", unit="Piece", quantity=Decimal(1), price=1, currency="EUR")]
)
def test_what_is_written_reads_back(catalogue: list[Product]) -> None:
    assert read_catalogue_csv(write_catalogue_csv(catalogue).encode()) == catalogue


@given(catalogues)
def test_a_re_import_finds_the_same_keys(catalogue: list[Product]) -> None:
    # The model layer updates the product of each key: importing the same file again must
    # give each product the key it had, so that nothing is added.
    exported = write_catalogue_csv(catalogue)
    first = {p.key: p for p in read_catalogue_csv(exported)}
    second = {p.key: p for p in read_catalogue_csv(exported)}
    assert first == second
    assert len(first) == len(catalogue)


def test_a_spreadsheet_s_file_reads_as_meant() -> None:
    # given a file saved by a spreadsheet in French: a byte-order mark, a decimal comma, a
    # percent sign, columns in another order, blank lines, a protected formula-looking name
    content = (
        "\ufeffName;SKU\n".replace(";", ",").replace(
            "Name,SKU\n", "name,sku,unit,quantity,price,currency,vat_rate,case_size\n"
        )
        + '\'=Leeks,LK-1,kg,"0,5","1,20",eur,5.5%,10\r\n'
        + "\n"
        + ",,,,,,,\n"
        + "Oat milk,OM-1,L,1,2.10,EUR,,\n"
    ).encode()

    leeks, milk = read_catalogue_csv(content)

    assert leeks == Product(
        sku="LK-1",
        name="=Leeks",
        unit="Kilogram",
        quantity=Decimal("0.5"),
        price=120,
        currency="EUR",
        vat_rate=550,
        case_size=10,
    )
    assert milk == Product(
        sku="OM-1", name="Oat milk", unit="Litre", quantity=Decimal(1), price=210, currency="EUR"
    )
    assert (milk.stock, milk.available) == (None, True)

    # and written back, the formula stays protected and the columns are the documented ones
    written = write_catalogue_csv([leeks, milk])
    assert written.splitlines()[0] == ",".join(COLUMNS)
    assert written.splitlines()[1] == "LK-1,'=Leeks,,kg,0.5,10,1.20,EUR,5.5,"


def test_a_dfc_product_s_iri_is_its_sku_in_csv() -> None:
    iri = "https://ofn.example/api/dfc/enterprises/1/supplied_products/7"
    dfc = Product(
        id=iri, sku=iri, name="Apple", unit="Gram", quantity=Decimal(1), price=1999, currency="AUD"
    )
    (back,) = read_catalogue_csv(write_catalogue_csv([dfc]))
    assert back == replace(dfc, id=None)
    assert back.key == dfc.key
