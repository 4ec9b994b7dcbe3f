"""An OFN file imported and exported again says the same about its products: both documents,
turned into RDF with the vendored DFC context, give each SuppliedProduct the same name,
description, quantity and unit, sku, stock, and Offer Price (value, currency, VAT rate).

The facts are read here from the RDF triples themselves, by following the DFC links from either
side, not with the importer: a writer that dropped or changed a value, or linked it to the wrong
node, fails whatever the reader makes of it."""

from __future__ import annotations

import json
from collections import defaultdict
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from pyld import jsonld

import intercoop
from intercoop.exchange.dfc.catalogue import DFC_MEASURES, Product
from intercoop.exchange.dfc.jsonld import DFC_B, read_catalogue, write_catalogue
from intercoop.exchange.dfc.loader import DFC_CONTEXT, document_loader
from intercoop.testing.requirements import require

OFFICIAL = Path(intercoop.__file__).resolve().parents[2] / "shared/standards/dfc"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
BASE = "https://intercoop.example/exchange/catalogues/7"

Term = tuple[str, str]  # ("IRI" | "blank node" | "literal", value)


class Graph:
    def __init__(self, document: dict[str, Any]) -> None:
        dataset = jsonld.to_rdf(document, {"documentLoader": document_loader})
        self.out: dict[str, dict[str, list[Term]]] = {}
        self.types: dict[str, set[str]] = defaultdict(set)
        for triple in dataset["@default"]:
            s, p, o = triple["subject"]["value"], triple["predicate"]["value"], triple["object"]
            self.out.setdefault(s, {}).setdefault(p, []).append((o["type"], o["value"]))
            if p == RDF_TYPE:
                self.types[s].add(o["value"])

    def objects(self, s: str, term: str) -> list[str]:
        # A literal naming an IRI counts as a link: OFN writes dfc-b:offeredItem as a string.
        return [value for _, value in self.out.get(s, {}).get(DFC_B + term, [])]

    def subjects(self, term: str, o: str) -> list[str]:
        return [s for s in list(self.out) if o in self.objects(s, term)]

    def of_type(self, name: str) -> list[str]:
        return [s for s, types in self.types.items() if DFC_B + name in types]


def number(text: str) -> Decimal:
    return Decimal(text)  # "19.99", "1.999E1" (a JSON number, xsd:double) and "0" alike


def facts(document: dict[str, Any]) -> dict[str, dict[str, Any]]:
    g = Graph(document)
    found: dict[str, dict[str, Any]] = {}
    for product in g.of_type("SuppliedProduct"):
        items = set(g.objects(product, "referencedBy")) | set(g.subjects("references", product))
        offers = {o for i in items for o in g.objects(i, "offeredThrough")}
        offers |= set(g.subjects("offeredItem", product))
        # OFN's backorder file names a CatalogItem it does not describe.
        items = {i for i in items if i in g.out}
        assert items <= set(g.of_type("CatalogItem"))
        assert offers <= set(g.of_type("Offer"))
        found[product] = {
            "name": set(g.objects(product, "name")),
            "description": set(g.objects(product, "description")),
            "quantity": {
                (number(v), u)
                for q in g.objects(product, "hasQuantity")
                for v in g.objects(q, "value")
                for u in g.objects(q, "hasUnit")
            },
            "sku": {s for i in items for s in g.objects(i, "sku")},
            "stock": {number(s) for n in items | offers for s in g.objects(n, "stockLimitation")},
            "price": {
                (
                    number(v),
                    u,
                    frozenset(number(r) for r in g.objects(price, "VATrate")),
                )
                for o in offers
                for price in g.objects(o, "hasPrice")
                for v in g.objects(price, "value")
                for u in g.objects(price, "hasUnit")
            },
        }
    return found


@pytest.fixture(scope="module")
def dfc_files() -> Path:
    require(OFFICIAL.is_dir(), f"the DFC files {OFFICIAL} are missing")
    return OFFICIAL


@pytest.mark.parametrize("name", ["ofn-product.GET.json", "ofn-fdc-send-backorder.json"])
def test_import_then_export_keeps_the_dfc_data(dfc_files: Path, name: str) -> None:
    # given an OFN file
    original = json.loads((dfc_files / name).read_text())

    # when it is imported and exported again
    exported = write_catalogue(read_catalogue(original), base_url=BASE)

    # then the export names the DFC context as OFN does, and says the same of each product
    assert exported["@context"] == DFC_CONTEXT
    before, after = facts(original), facts(exported)
    assert set(after) == set(before) != set()
    assert after == before
    for product in before.values():
        assert product["name"] and product["quantity"] and product["price"]


def test_the_facts_tell_a_changed_export_from_the_original(dfc_files: Path) -> None:
    # The comparison above can fail: a price written wrong is seen.
    original = json.loads((dfc_files / "ofn-product.GET.json").read_text())
    product = read_catalogue(original)[0]
    wrong = write_catalogue(
        [Product(**{**product.__dict__, "price": product.price + 1})], base_url=BASE
    )
    assert facts(wrong) != facts(original)
    unlimited = write_catalogue([Product(**{**product.__dict__, "stock": None})], base_url=BASE)
    assert facts(unlimited) != facts(original)


def test_a_csv_product_gets_iris_under_the_catalogue_and_reads_back() -> None:
    apples = Product(
        sku="APL/1 kg",
        name="Apples",
        description="Crisp",
        unit="Kilogram",
        quantity=Decimal(1),
        price=250,
        currency="EUR",
        vat_rate=550,
        stock=None,
    )
    exported = write_catalogue([apples], base_url=BASE + "/")
    (read,) = read_catalogue(json.dumps(exported))
    assert read.id == f"{BASE}/supplied_products/APL%2F1%20kg"
    assert read == Product(**{**apples.__dict__, "id": read.id})
    (fact,) = facts(exported).values()
    assert fact["sku"] == {"APL/1 kg"}
    assert fact["stock"] == set()  # no stockLimitation: unlimited, as DFC reads it
    assert fact["price"] == {(Decimal("2.50"), DFC_MEASURES + "Euro", frozenset({Decimal("5.5")}))}
