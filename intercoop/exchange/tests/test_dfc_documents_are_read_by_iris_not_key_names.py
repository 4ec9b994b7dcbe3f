"""A DFC catalogue is read by what its terms mean once expanded with the DFC context, not by
how its keys are spelt: aliases of an inline context, full IRIs, embedded nodes and the
expanded form all give the same product, and a key that only looks like a DFC term is not
read as one."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import pytest
from pyld import jsonld

from intercoop.exchange.dfc.catalogue import Product
from intercoop.exchange.dfc.errors import CatalogueError
from intercoop.exchange.dfc.jsonld import DFC_B, read_catalogue
from intercoop.exchange.dfc.loader import DFC_CONTEXT, document_loader

M = "https://github.com/datafoodconsortium/taxonomies/releases/latest/download/measures.rdf#"
P = "https://coop.example/products/honey"

HONEY = Product(
    id=P,
    sku="HNY-500",
    name="Heather honey",
    description="500 g jar",
    unit="Gram",
    quantity=Decimal(500),
    price=675,
    currency="GBP",
    vat_rate=0,
    stock=24,
)

# The OFN layout: prefixed terms, a flat @graph, links by IRI.
PREFIXED: dict[str, Any] = {
    "@context": DFC_CONTEXT,
    "@graph": [
        {
            "@id": P,
            "@type": "dfc-b:SuppliedProduct",
            "dfc-b:name": "Heather honey",
            "dfc-b:description": "500 g jar",
            "dfc-b:hasQuantity": {
                "@type": "dfc-b:QuantitativeValue",
                "dfc-b:hasUnit": "dfc-m:Gram",
                "dfc-b:value": 500,
            },
            "dfc-b:referencedBy": P + "/item",
        },
        {
            "@id": P + "/item",
            "@type": "dfc-b:CatalogItem",
            "dfc-b:sku": "HNY-500",
            "dfc-b:stockLimitation": "24",
            "dfc-b:offeredThrough": P + "/offer",
        },
        {
            "@id": P + "/offer",
            "@type": "dfc-b:Offer",
            "dfc-b:hasPrice": {
                "@type": "dfc-b:Price",
                "dfc-b:value": "6.75",
                "dfc-b:VATrate": 0,
                "dfc-b:hasUnit": "dfc-m:PoundSterling",
            },
        },
    ],
}

# The same data with aliases of an inline context, the offer nested in the item and the item
# in the product, and the links written the other way round.
ALIASED: dict[str, Any] = {
    "@context": [
        DFC_CONTEXT,
        {
            "Produit": "dfc-b:SuppliedProduct",
            "Article": "dfc-b:CatalogItem",
            "Offre": "dfc-b:Offer",
            "nom": "dfc-b:name",
            "texte": "dfc-b:description",
            "reference": "dfc-b:sku",
            "stock": "dfc-b:stockLimitation",
            "prix": {"@id": "dfc-b:hasPrice"},
            "montant": "dfc-b:value",
            "tva": "dfc-b:VATrate",
            "unite": {"@id": "dfc-b:hasUnit", "@type": "@vocab"},
            "g": "dfc-m:Gram",
            "livre": "dfc-m:PoundSterling",
            "quantite": "dfc-b:hasQuantity",
            "designe": {"@id": "dfc-b:references", "@type": "@id"},
            "article": {"@reverse": "dfc-b:references"},
            "offres": "dfc-b:offeredThrough",
        },
    ],
    "@id": P,
    "@type": "Produit",
    "nom": "Heather honey",
    "texte": "500 g jar",
    "quantite": {"unite": "g", "montant": "500"},
    "article": {
        "@id": P + "/item",
        "@type": "Article",
        "reference": "HNY-500",
        "stock": 24,
        "offres": {
            "@id": P + "/offer",
            "@type": "Offre",
            "prix": {"@type": "dfc-b:Price", "montant": 6.75, "tva": "0", "unite": "livre"},
        },
    },
}


def expanded(document: dict[str, Any]) -> Any:
    return jsonld.expand(document, {"documentLoader": document_loader})


@pytest.mark.parametrize(
    "document",
    [PREFIXED, ALIASED, expanded(PREFIXED), expanded(ALIASED), json.dumps(ALIASED)],
    ids=["prefixed", "aliased", "expanded", "expanded-aliases", "text"],
)
def test_every_spelling_gives_the_same_product(document: Any) -> None:
    assert read_catalogue(document) == [HONEY]


def test_full_iris_need_no_context() -> None:
    document: dict[str, Any] = {
        "@id": P,
        "@type": DFC_B + "SuppliedProduct",
        DFC_B + "name": "Heather honey",
        DFC_B + "description": "500 g jar",
        DFC_B + "hasQuantity": {DFC_B + "hasUnit": {"@id": M + "Gram"}, DFC_B + "value": 500},
        DFC_B + "referencedBy": {
            "@id": P + "/item",
            "@type": DFC_B + "CatalogItem",
            DFC_B + "sku": "HNY-500",
            DFC_B + "stockLimitation": 24,
            DFC_B + "offeredThrough": {
                "@id": P + "/offer",
                "@type": DFC_B + "Offer",
                DFC_B + "hasPrice": {
                    DFC_B + "value": "6.75",
                    DFC_B + "VATrate": 0,
                    DFC_B + "hasUnit": {"@id": M + "PoundSterling"},
                },
            },
        },
    }
    assert read_catalogue(document) == [HONEY]


def test_a_key_that_only_looks_like_a_dfc_term_is_not_read() -> None:
    # "name" is not a DFC term without a context that says so: it is dropped, and the product
    # is refused for having no name rather than read from a key that happens to match.
    graph = json.loads(json.dumps(PREFIXED))
    product = graph["@graph"][0]
    product["name"] = product.pop("dfc-b:name")
    with pytest.raises(CatalogueError) as refused:
        read_catalogue(graph)
    assert [p.where for p in refused.value.problems] == [P]
    assert "It has no name (dfc-b:name)." in str(refused.value)
