"""An uploaded CSV catalogue goes through the checks every upload shares (size, UTF-8, header)
and the catalogue's own, all or nothing: a good file gives its products, a bad one
``CsvRefused`` with every problem on its line, in the reader's language; a refused DFC
document's problems are told the same way, with the product they concern."""

from __future__ import annotations

from dataclasses import replace

import pytest
from django.utils import translation

from intercoop.core.csvfile import CsvRefused
from intercoop.core.errors import ServiceError
from intercoop.exchange import catalogue_csv
from intercoop.exchange.catalogue_csv import (
    catalogue_from_csv,
    catalogue_to_csv,
    refusal_messages,
)
from intercoop.exchange.dfc.errors import CatalogueError
from intercoop.exchange.dfc.jsonld import read_catalogue

HEADER = b"sku,name,unit,quantity,price,currency,case_size,available\n"


def test_a_good_file_gives_its_products_and_reads_back() -> None:
    content = HEADER + b'EG-6,Eggs,piece,6,"3,10",EUR,10,40\nFL-1,Flour,kg,1,1.85,EUR,,\n'
    eggs, flour = catalogue_from_csv(content)
    assert (eggs.key, eggs.price, eggs.case_size, eggs.stock) == ("EG-6", 310, 10, 40)
    assert (flour.key, flour.price, flour.case_size, flour.stock) == ("FL-1", 185, 1, None)
    assert catalogue_from_csv(catalogue_to_csv([eggs, flour])) == [eggs, flour]


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (
            "en",
            [
                (2, "The price 3.105 is not an amount in EUR, 0 or more, with at most 2 decimals."),
                (3, "Unknown unit dozen; the units are g, kg, ml, cl, l, piece."),
                (4, "The sku EG-6 is already on line 2."),
            ],
        ),
        (
            "fr",
            [
                (
                    2,
                    "Le prix 3.105 n\u2019est pas un montant en EUR, de 0 ou plus, avec au plus "
                    "2 décimales.",
                ),
                (3, "Unité inconnue\u00a0: dozen\u00a0; les unités sont g, kg, ml, cl, l, piece."),
                (4, "La référence (sku) EG-6 figure déjà à la ligne 2."),
            ],
        ),
        (
            "es",
            [
                (
                    2,
                    "El precio 3.105 no es un importe en EUR, de 0 o más, con 2 decimales como "
                    "máximo.",
                ),
                (3, "Unidad desconocida: dozen; las unidades son g, kg, ml, cl, l, piece."),
                (4, "La referencia (sku) EG-6 ya figura en la línea 2."),
            ],
        ),
    ],
)
def test_a_bad_file_is_refused_whole_in_the_reader_s_language(
    language: str, expected: list[tuple[int, str]]
) -> None:
    content = (
        HEADER
        + b"EG-6,Eggs,piece,6,3.105,EUR,10,40\n"
        + b"EG-12,Eggs,dozen,1,6,EUR,,\n"
        + b"EG-6,Eggs again,piece,6,3,EUR,,\n"
    )
    with translation.override(language), pytest.raises(CsvRefused) as refused:
        catalogue_from_csv(content)
    assert refused.value.errors == expected


def test_the_upload_checks_are_the_shared_ones(monkeypatch: pytest.MonkeyPatch) -> None:
    with translation.override("fr"), pytest.raises(CsvRefused) as refused:
        catalogue_from_csv(b"sku,nom\n")
    assert refused.value.errors == [
        (1, "Colonnes inconnues\u00a0: nom."),
        (1, "Colonnes manquantes\u00a0: name, unit, quantity, price, currency."),
    ]
    # a file over the size limit is refused before it is read
    small = replace(catalogue_csv.CATALOGUE_CSV, max_bytes=10)
    monkeypatch.setattr(catalogue_csv, "CATALOGUE_CSV", small)
    with pytest.raises(ServiceError) as too_large:
        catalogue_from_csv(HEADER)
    assert too_large.value.status == 413


def test_a_refused_dfc_document_is_told_in_the_reader_s_language() -> None:
    document = {
        "@context": "https://www.datafoodconsortium.org",
        "@id": "https://coop.example/p/1",
        "@type": "dfc-b:SuppliedProduct",
        "dfc-b:name": "Kale",
    }
    with pytest.raises(CatalogueError) as refused:
        read_catalogue(document)
    with translation.override("fr"):
        assert refusal_messages(refused.value) == [
            "https://coop.example/p/1\u00a0: Il n\u2019a pas de prix (une Offer avec "
            "dfc-b:hasPrice, liée au produit ou à son CatalogItem).",
            "https://coop.example/p/1\u00a0: Il n\u2019a pas de quantité (dfc-b:hasQuantity "
            "avec une valeur et une unité).",
        ]
    with pytest.raises(CatalogueError) as not_json:
        read_catalogue(b"{")
    with translation.override("es"):
        (message,) = refusal_messages(not_json.value)
    assert message.startswith("El documento no es JSON (Expecting property name")
