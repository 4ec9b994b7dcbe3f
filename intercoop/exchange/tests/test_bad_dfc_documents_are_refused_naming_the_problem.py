"""A DFC document that cannot be imported is refused whole, with an error that names what is
wrong and, for a product, which product: not JSON, a context other than DFC's (never fetched),
no product, a product without a price, quantity or name, an unknown currency or unit, a price
finer than its currency, two products with one sku."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest

from intercoop.exchange.dfc.errors import CatalogueError
from intercoop.exchange.dfc.jsonld import read_catalogue
from intercoop.exchange.dfc.loader import DFC_CONTEXT

P = "https://coop.example/products/"


def catalogue(*names: str) -> dict[str, Any]:
    graph: list[dict[str, Any]] = []
    for name in names:
        graph += [
            {
                "@id": P + name,
                "@type": "dfc-b:SuppliedProduct",
                "dfc-b:name": name.title(),
                "dfc-b:hasQuantity": {"dfc-b:hasUnit": "dfc-m:Kilogram", "dfc-b:value": "1"},
                "dfc-b:referencedBy": {
                    "@id": P + name + "/item",
                    "@type": "dfc-b:CatalogItem",
                    "dfc-b:sku": name.upper(),
                    "dfc-b:offeredThrough": P + name + "/offer",
                },
            },
            {
                "@id": P + name + "/offer",
                "@type": "dfc-b:Offer",
                "dfc-b:hasPrice": {"dfc-b:value": "3.20", "dfc-b:hasUnit": "dfc-m:Euro"},
            },
        ]
    return {"@context": DFC_CONTEXT, "@graph": graph}


def refusal(document: Any) -> CatalogueError:
    with pytest.raises(CatalogueError) as refused:
        read_catalogue(document)
    return refused.value


def test_the_fixture_itself_imports() -> None:
    assert [p.sku for p in read_catalogue(catalogue("pears", "plums"))] == ["PEARS", "PLUMS"]


def test_text_that_is_not_json() -> None:
    error = refusal(b"<html>Not found</html>")
    assert error.code == "not_json"
    assert str(error).startswith("The document is not JSON (Expecting value: line 1 column 1")


def test_a_context_other_than_dfc_s_is_refused_not_fetched() -> None:
    document = catalogue("pears")
    document["@context"] = "https://schema.org/"
    error = refusal(document)
    assert error.code == "unknown_context"
    assert "Unknown JSON-LD context https://schema.org/" in str(error)
    assert "https://www.datafoodconsortium.org" in str(error)


def test_json_that_is_not_json_ld() -> None:
    error = refusal({"@context": DFC_CONTEXT, "@id": 12})
    assert error.code == "not_dfc"
    assert str(error) == (
        'The document is not valid JSON-LD (Invalid JSON-LD syntax; "@id" value must be a string).'
    )


def test_json_ld_without_a_product() -> None:
    error = refusal({"@context": DFC_CONTEXT, "@type": "dfc-b:Order", "@id": P + "o/1"})
    assert error.code == "not_dfc"
    assert str(error) == "The document describes no DFC product (dfc-b:SuppliedProduct)."


def test_a_product_without_a_price_is_named() -> None:
    document = catalogue("pears", "plums")
    del document["@graph"][3]["dfc-b:hasPrice"]
    error = refusal(document)
    assert error.code == "invalid_product"
    assert [(p.where, p.text) for p in error.problems] == [
        (
            P + "plums",
            "It has no price (an Offer with dfc-b:hasPrice, linked to the product or to its "
            "CatalogItem).",
        )
    ]


def test_every_problem_of_every_product_is_named_at_once() -> None:
    document = catalogue("pears", "plums", "figs")
    pears, pears_offer, plums, plums_offer, figs, _ = document["@graph"]
    del pears["dfc-b:name"]
    del pears["dfc-b:hasQuantity"]
    pears_offer["dfc-b:hasPrice"]["dfc-b:hasUnit"] = "dfc-m:Kilogram"
    plums["dfc-b:hasQuantity"]["dfc-b:hasUnit"] = "dfc-m:Bunch"
    plums_offer["dfc-b:hasPrice"]["dfc-b:value"] = "3.205"
    figs["dfc-b:referencedBy"]["dfc-b:sku"] = "PEARS"
    error = refusal(document)
    measures = (
        "https://github.com/datafoodconsortium/taxonomies/releases/latest/download/measures.rdf#"
    )
    assert [str(p) for p in error.problems] == [
        f"{P}pears: It has no name (dfc-b:name).",
        f"{P}pears: It has no quantity (dfc-b:hasQuantity with a value and a unit).",
        f"{P}pears: Its price's currency {measures}Kilogram is not one of dfc-m:Euro, "
        "dfc-m:PoundSterling, dfc-m:USDollar, dfc-m:AustralianDollar, dfc-m:CanadianDollar.",
        # products are read in the order of their IRIs: figs came first
        f"{P}pears: The sku PEARS is also the sku of {P}figs.",
        f"{P}plums: Its price 3.205 is not an amount in EUR (a number with at most 2 decimals).",
        f"{P}plums: Its unit {measures}Bunch is not one of dfc-m:Gram, dfc-m:Kilogram, "
        "dfc-m:Millilitre, dfc-m:Centilitre, dfc-m:Litre, dfc-m:Piece.",
    ]


def test_a_negative_stock_or_two_different_prices() -> None:
    document = catalogue("pears")
    pears, offer = document["@graph"]
    pears["dfc-b:referencedBy"]["dfc-b:stockLimitation"] = "-3"
    second = copy.deepcopy(offer)
    second["@id"] += "/2"
    second["dfc-b:hasPrice"]["dfc-b:value"] = "2.90"
    second["dfc-b:offeredItem"] = P + "pears"
    document["@graph"].append(second)
    assert [p.text for p in refusal(json.dumps(document)).problems] == [
        "It has 2 offers at different prices; a product has one price.",
        "Its stock -3 is not a whole number, 0 or more.",
    ]


def test_numbers_out_of_bounds_and_deep_nesting_are_refused_not_expanded() -> None:
    document = catalogue("pears")
    pears, offer = document["@graph"]
    pears["dfc-b:hasQuantity"]["dfc-b:value"] = "1e999999"
    offer["dfc-b:hasPrice"]["dfc-b:value"] = "1e14"
    assert [p.text for p in refusal(document).problems] == [
        "Its price 1e14 is not an amount in EUR (a number with at most 2 decimals).",
        "Its quantity has no numeric value (dfc-b:value).",
    ]
    nested = b'{"a":' * 100_000 + b"1" + b"}" * 100_000
    assert refusal(nested).code in {"not_json", "not_dfc"}
