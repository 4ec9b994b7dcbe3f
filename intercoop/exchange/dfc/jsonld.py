"""DFC catalogues as JSON-LD: read SuppliedProduct / CatalogItem / Offer / Price into
``Product`` values, and write products back.

Reading goes through JSON-LD flattening with the vendored DFC context (``loader``), so a
document is read by the IRIs its terms stand for, whatever prefixes, aliases, embedding or
``@graph`` layout it uses; nothing is fetched. A product is found from either side of its links:
``dfc-b:referencedBy`` / ``dfc-b:references`` between product and catalogue item,
``dfc-b:offeredThrough`` from the item to its offers, or ``dfc-b:offeredItem`` from an offer to
the product (Open Food Network writes both kinds).

Writing follows the DFC connectors' form: the DFC context URL, an ``@graph``, numbers as
decimal text (``"12.06"``), so amounts stay exact.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any
from urllib.parse import quote

from pyld import jsonld

from intercoop.exchange.dfc.catalogue import (
    CURRENCIES,
    CURRENCY_CODES,
    DFC_MEASURES,
    UNITS,
    Product,
    decimal_text,
    parse_decimal,
    to_minor_units,
    vat_from_percent,
    vat_to_percent,
)
from intercoop.exchange.dfc.errors import CatalogueError, Problem, gettext_noop, refuse
from intercoop.exchange.dfc.loader import DFC_CONTEXT, document_loader

DFC_B = "https://github.com/datafoodconsortium/ontology/releases/latest/download/DFC_BusinessOntology.owl#"
MAX_BYTES = 5 * 1024 * 1024

SUPPLIED_PRODUCT = DFC_B + "SuppliedProduct"
CATALOG_ITEM = DFC_B + "CatalogItem"
OFFER = DFC_B + "Offer"

Node = Mapping[str, Any]


# --- reading ------------------------------------------------------------------------------


def read_catalogue(document: bytes | str | Mapping[str, Any] | list[Any]) -> list[Product]:
    """The products a DFC document describes, in the order of their IRIs (JSON-LD flattening
    sorts nodes), or ``CatalogueError`` naming every problem found: the document is taken whole
    or not at all."""
    nodes = _flattened(_parsed(document))
    index = {node["@id"]: node for node in nodes if "@id" in node}
    products = [n for n in nodes if SUPPLIED_PRODUCT in n.get("@type", [])]
    if not products:
        raise refuse(
            "not_dfc",
            gettext_noop("The document describes no DFC product (dfc-b:SuppliedProduct)."),
        )
    links = _Links(nodes)
    found: list[Product] = []
    problems: list[Problem] = []
    seen: dict[str, str] = {}
    for node in products:
        # Two products with one sku are named even when one of them is refused otherwise.
        sku = _sku(node, _items(node, index, links)).strip()
        if sku and sku in seen:
            problems.append(
                Problem(
                    0,
                    gettext_noop("The sku %(sku)s is also the sku of %(other)s."),
                    {"sku": sku, "other": seen[sku]},
                    where=node["@id"],
                )
            )
        elif sku:
            seen[sku] = node["@id"]
        try:
            found.append(_product(node, index, links))
        except CatalogueError as exc:
            problems.extend(_about(node, exc.problems))
    if problems:
        raise CatalogueError("invalid_product", problems)
    return found


def _parsed(document: bytes | str | Mapping[str, Any] | list[Any]) -> Any:
    if isinstance(document, bytes | str):
        if len(document) > MAX_BYTES:
            raise refuse(
                "too_large",
                gettext_noop("The document is larger than %(mb)s MB."),
                mb=MAX_BYTES // (1024 * 1024),
            )
        try:
            document = json.loads(document)
        except (json.JSONDecodeError, UnicodeDecodeError, RecursionError) as exc:
            raise refuse(
                "not_json",
                gettext_noop("The document is not JSON (%(error)s)."),
                error=str(exc),
            ) from exc
    if not isinstance(document, Mapping | list):
        raise refuse("not_dfc", gettext_noop("The document is not a JSON-LD object or list."))
    return document


def _flattened(document: Any) -> list[dict[str, Any]]:
    try:
        flat = jsonld.flatten(document, None, {"documentLoader": document_loader})
    except RecursionError as exc:
        raise refuse(
            "not_dfc",
            gettext_noop("The document is not valid JSON-LD (%(error)s)."),
            error="nested too deeply",
        ) from exc
    except jsonld.JsonLdError as exc:
        held = _held_error(exc)
        if held is not None:
            raise held from exc
        raise refuse(
            "not_dfc",
            gettext_noop("The document is not valid JSON-LD (%(error)s)."),
            error=_jsonld_message(exc),
        ) from exc
    return list(flat) if isinstance(flat, list) else list(flat.get("@graph", []))


def _held_error(exc: BaseException) -> CatalogueError | None:
    """The loader's own error (an unknown context), which pyld wraps in its own."""
    seen: set[int] = set()
    current: Any = exc
    while current is not None and id(current) not in seen:
        if isinstance(current, CatalogueError):
            return current
        seen.add(id(current))
        current = getattr(current, "cause", None) or current.__cause__ or current.__context__
    return None


def _jsonld_message(exc: BaseException) -> str:
    """The innermost of pyld's chained errors: the one that says what is wrong."""
    current: BaseException = exc
    while (cause := current.__cause__) is not None and isinstance(cause, jsonld.JsonLdError):
        current = cause
    message = str(current.args[0]) if current.args else type(current).__name__
    return message.splitlines()[0][:200].rstrip(".") if message else type(current).__name__


class _Links:
    """Who points at whom, from the objects' side: a catalogue item's ``references`` and an
    offer's ``offeredItem`` point at the product, which may not point back."""

    def __init__(self, nodes: Iterable[Node]) -> None:
        self.items_of: dict[str, list[str]] = {}
        self.offers_of: dict[str, list[str]] = {}
        for node in nodes:
            if "@id" not in node:
                continue
            types = node.get("@type", [])
            if CATALOG_ITEM in types:
                for target in _refs(node, "references"):
                    self.items_of.setdefault(target, []).append(node["@id"])
            if OFFER in types:
                for target in _refs(node, "offeredItem"):
                    self.offers_of.setdefault(target, []).append(node["@id"])


def _values(node: Node, term: str) -> list[Any]:
    return list(node.get(DFC_B + term, []))


def _refs(node: Node, term: str) -> list[str]:
    """The IRIs ``term`` points at: as a node reference, or as a plain string (OFN writes
    ``dfc-b:offeredItem``, which the context does not type as an IRI)."""
    refs: list[str] = []
    for value in _values(node, term):
        if "@id" in value:
            refs.append(value["@id"])
        elif isinstance(value.get("@value"), str):
            refs.append(value["@value"])
    return refs


def _literal(node: Node, term: str) -> Any:
    """The first literal of ``term``, or None."""
    for value in _values(node, term):
        if "@value" in value:
            return value["@value"]
    return None


def _number(value: Any) -> Decimal:
    if isinstance(value, bool) or value is None:
        raise ValueError(value)
    if isinstance(value, float):
        # The shortest text that reads back as this float: 19.99, not 19.989999999999998.
        return parse_decimal(repr(value))
    return parse_decimal(str(value))


def _problem(msgid: str, **params: Any) -> Problem:
    return Problem(0, msgid, params)


def _about(node: Node, problems: Iterable[Problem]) -> list[Problem]:
    return [Problem(p.line, p.msgid, p.params, where=node["@id"]) for p in problems]


def _product(node: Node, index: Mapping[str, Node], links: _Links) -> Product:
    problems: list[Problem] = []
    iri = node["@id"]
    name = _literal(node, "name")
    if not isinstance(name, str) or not name.strip():
        problems.append(_problem(gettext_noop("It has no name (dfc-b:name).")))
    description = _literal(node, "description")

    quantity, unit = _quantity(node, index, problems)

    items = _items(node, index, links)
    offer_ids = [o for item in items for o in _refs(item, "offeredThrough")]
    offer_ids += links.offers_of.get(iri, [])
    offers = [index[o] for o in dict.fromkeys(offer_ids) if o in index]

    sku = _sku(node, items)
    if not sku:
        problems.append(
            _problem(
                gettext_noop("It has neither an IRI nor a sku (dfc-b:sku of its CatalogItem).")
            )
        )

    stock = _stock(items, offers, problems)
    price = _price(offers, index, problems)

    if problems:
        raise CatalogueError("invalid_product", problems)
    assert price is not None and quantity is not None and unit is not None  # noqa: S101
    amount, currency, vat_rate = price
    return Product(
        id=None if iri.startswith("_:") else iri,
        sku=sku.strip(),
        name=name.strip(),
        description=description.strip() if isinstance(description, str) else "",
        unit=unit,
        quantity=quantity,
        price=amount,
        currency=currency,
        vat_rate=vat_rate,
        stock=stock,
    )


def _items(node: Node, index: Mapping[str, Node], links: _Links) -> list[Node]:
    """The product's catalogue items, linked from either side."""
    ids = _refs(node, "referencedBy") + links.items_of.get(node["@id"], [])
    return [index[i] for i in dict.fromkeys(ids) if i in index]


def _sku(node: Node, items: list[Node]) -> str:
    """Its catalogue item's sku, else the product's IRI (a blank node has none)."""
    skus = [s for item in items if isinstance(s := _literal(item, "sku"), str) and s.strip()]
    if skus:
        return str(skus[0])
    return "" if node["@id"].startswith("_:") else str(node["@id"])


def _quantity(
    node: Node, index: Mapping[str, Node], problems: list[Problem]
) -> tuple[Decimal | None, str | None]:
    refs = _refs(node, "hasQuantity")
    value_node = index.get(refs[0]) if refs else None
    if value_node is None:
        problems.append(
            _problem(
                gettext_noop("It has no quantity (dfc-b:hasQuantity with a value and a unit).")
            )
        )
        return None, None
    unit = _measure(value_node, problems)
    try:
        quantity = _number(_literal(value_node, "value"))
    except ValueError:
        problems.append(_problem(gettext_noop("Its quantity has no numeric value (dfc-b:value).")))
        return None, unit
    if unit is not None and unit not in UNITS.values():
        problems.append(
            _problem(
                gettext_noop("Its unit %(unit)s is not one of %(units)s."),
                unit=DFC_MEASURES + unit,
                units=", ".join(f"dfc-m:{name}" for name in UNITS.values()),
            )
        )
        unit = None
    return quantity, unit


def _measure(node: Node, problems: list[Problem]) -> str | None:
    """The local name of the ``dfc-m:`` concept ``node``'s ``hasUnit`` names."""
    units = _refs(node, "hasUnit")
    if not units:
        problems.append(_problem(gettext_noop("A quantity or price has no unit (dfc-b:hasUnit).")))
        return None
    if not units[0].startswith(DFC_MEASURES):
        problems.append(
            _problem(
                gettext_noop("The unit %(unit)s is not a DFC measure (dfc-m:)."), unit=units[0]
            )
        )
        return None
    return units[0][len(DFC_MEASURES) :]


def _stock(items: list[Node], offers: list[Node], problems: list[Problem]) -> int | None:
    """The catalogue item's stock limitation, else an offer's; None (unlimited) if none says.
    DFC reads an absent stock limitation as unlimited."""
    for node in items + offers:
        raw = _literal(node, "stockLimitation")
        if raw is None:
            continue
        try:
            stock = _number(raw)
        except ValueError:
            stock = Decimal(-1)
        if stock < 0 or stock != stock.to_integral_value():
            problems.append(
                _problem(
                    gettext_noop("Its stock %(stock)s is not a whole number, 0 or more."),
                    stock=str(raw),
                )
            )
            return None
        return int(stock)
    return None


def _price(
    offers: list[Node], index: Mapping[str, Node], problems: list[Problem]
) -> tuple[int, str, int | None] | None:
    prices: list[tuple[int, str, int | None]] = []
    refused = 0
    for offer in offers:
        for ref in _refs(offer, "hasPrice"):
            if ref not in index:
                continue
            price = _one_price(index[ref], problems)
            if price is None:
                refused += 1
            else:
                prices.append(price)
    if not prices:
        if not refused:
            problems.append(
                _problem(
                    gettext_noop(
                        "It has no price (an Offer with dfc-b:hasPrice, linked to the product "
                        "or to its CatalogItem)."
                    )
                )
            )
        return None
    if len(set(prices)) > 1:
        problems.append(
            _problem(
                gettext_noop("It has %(n)s offers at different prices; a product has one price."),
                n=len(set(prices)),
            )
        )
        return None
    return prices[0]


def _one_price(node: Node, problems: list[Problem]) -> tuple[int, str, int | None] | None:
    currency_name = _measure(node, problems)
    if currency_name is None:
        return None
    currency = CURRENCY_CODES.get(currency_name)
    if currency is None:
        problems.append(
            _problem(
                gettext_noop("Its price's currency %(unit)s is not one of %(currencies)s."),
                unit=DFC_MEASURES + currency_name,
                currencies=", ".join(f"dfc-m:{name}" for _, name in CURRENCIES.values()),
            )
        )
        return None
    raw = _literal(node, "value")
    try:
        amount = to_minor_units(_number(raw), currency)
    except ValueError:
        problems.append(
            _problem(
                gettext_noop(
                    "Its price %(value)s is not an amount in %(currency)s (a number with at "
                    "most %(digits)s decimals)."
                ),
                value=str(raw),
                currency=currency,
                digits=CURRENCIES[currency][0],
            )
        )
        return None
    vat_raw = _literal(node, "VATrate")
    vat_rate = None
    if vat_raw is not None:
        try:
            vat_rate = vat_from_percent(_number(vat_raw))
        except ValueError:
            problems.append(
                _problem(
                    gettext_noop("Its price's VAT rate %(value)s is not a percentage."),
                    value=str(vat_raw),
                )
            )
            return None
    return amount, currency, vat_rate


# --- writing ------------------------------------------------------------------------------


def write_catalogue(products: Iterable[Product], *, base_url: str) -> dict[str, Any]:
    """The products as a DFC document. A product without a DFC IRI gets one under
    ``base_url`` (the supplier's catalogue on this platform), as do every catalogue item and
    offer: ``{base_url}/supplied_products/{sku}``, ``…/catalog_items/{sku}``, ``…/offers/{sku}``.
    Case sizes are not written: DFC 1.16 has no property for them (see docs/exchange.md)."""
    base = base_url.rstrip("/")
    graph: list[dict[str, Any]] = []
    for product in products:
        slug = quote(product.sku, safe="")
        product_iri = product.id or f"{base}/supplied_products/{slug}"
        item_iri = f"{base}/catalog_items/{slug}"
        offer_iri = f"{base}/offers/{slug}"
        supplied: dict[str, Any] = {
            "@id": product_iri,
            "@type": "dfc-b:SuppliedProduct",
            "dfc-b:name": product.name,
        }
        if product.description:
            supplied["dfc-b:description"] = product.description
        supplied["dfc-b:hasQuantity"] = {
            "@type": "dfc-b:QuantitativeValue",
            "dfc-b:hasUnit": f"dfc-m:{product.unit}",
            "dfc-b:value": decimal_text(product.quantity),
        }
        supplied["dfc-b:referencedBy"] = item_iri
        item: dict[str, Any] = {"@id": item_iri, "@type": "dfc-b:CatalogItem"}
        if product.sku != product.id:
            item["dfc-b:sku"] = product.sku
        if product.stock is not None:
            item["dfc-b:stockLimitation"] = str(product.stock)
        item["dfc-b:references"] = product_iri
        item["dfc-b:offeredThrough"] = offer_iri
        price: dict[str, Any] = {
            "@type": "dfc-b:Price",
            "dfc-b:value": str(product.price_decimal),
            "dfc-b:hasUnit": f"dfc-m:{CURRENCIES[product.currency][1]}",
        }
        if product.vat_rate is not None:
            price["dfc-b:VATrate"] = str(vat_to_percent(product.vat_rate))
        offer = {
            "@id": offer_iri,
            "@type": "dfc-b:Offer",
            "dfc-b:offeredItem": {"@id": product_iri},
            "dfc-b:hasPrice": price,
        }
        graph += [supplied, item, offer]
    return {"@context": DFC_CONTEXT, "@graph": graph}
