"""The Valueflows JSON-LD served for a resource (its trace and track) and for an order cycle (its
orders by buying group, what each ordered of each offer, and the deliveries fulfilling them) is
``application/ld+json`` at a stable address outside the language prefix, names its records with
IRIs built from the public URL and their uuids, uses only terms of all_vf.ttl, validates object
by object against the Valueflows JSON Schemas, and holds no money and no member."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from intercoop.conftest import Personas
from intercoop.exchange.services import trace as services
from intercoop.exchange.tests.test_the_jsonld_export_uses_only_the_vocabulary_and_validates import (
    expanded,
    local,
    vocabulary_iris,
)
from intercoop.exchange.tests.trace_world import TraceWorld, build_trace_world
from intercoop.exchange.tests.valueflows_standard import schema_errors, ttl_kind, ttl_terms

pytestmark = pytest.mark.django_db

PUBLIC = "https://coops.example"


@pytest.fixture
def world(personas: Personas, settings: Any) -> TraceWorld:
    settings.PUBLIC_URL = PUBLIC
    world = build_trace_world(personas)
    services.cycle_deliveries_record(
        cycle=world.cycles.cycle,
        supplier=world.mill,
        by=world.miller,
        resources={world.cycles.offers["flour"].pk: world.flour},
    )
    return world


def served(path: str) -> dict[str, Any]:
    response = Client().get(path)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/ld+json; charset=utf-8"
    return json.loads(response.content)


def check_vocabulary(document: dict[str, Any]) -> None:
    properties, classes, actions = vocabulary_iris(expanded(document))
    terms = ttl_terms()
    for iri in properties:
        assert local(iri) in terms and ttl_kind(local(iri)) & {
            "owl:ObjectProperty",
            "owl:DatatypeProperty",
        }, iri
    for iri in classes:
        assert "owl:Class" in ttl_kind(local(iri)), iri
    for iri in actions:
        assert "vf:Action" in ttl_kind(local(iri)), iri


def check_schemas(document: dict[str, Any]) -> dict[str, int]:
    counted: dict[str, int] = {}
    for node in document["@graph"]:
        vf_class = "Agent" if node["@type"] in ("Person", "Organization") else node["@type"]
        counted[vf_class] = counted.get(vf_class, 0) + 1
        assert schema_errors(vf_class, node) == [], node["@id"]
    return counted


def test_a_resource_s_document_holds_its_trace_validates_and_uses_only_the_vocabulary(
    world: TraceWorld,
) -> None:
    at_a = world.flour.events.get(action="transfer").to_resource_inventoried_as
    assert at_a is not None

    document = served(f"/exchange/vf/resources/{at_a.uuid}.jsonld")

    check_vocabulary(document)
    counted = check_schemas(document)
    # Co-op A's flour, the Mill's, the wheat; the transfer, the milling's three events and the
    # wheat's inventory; the milling; co-op A's order and what it ordered of the flour.
    assert counted["EconomicResource"] == 3
    assert counted["EconomicEvent"] == 5
    assert counted["Process"] == 1
    assert counted["Agreement"] == 1 and counted["Commitment"] == 1
    ids = {node["@id"] for node in document["@graph"]}
    assert f"{PUBLIC}/exchange/vf/resources/{at_a.uuid}" in ids
    assert f"{PUBLIC}/exchange/vf/resources/{world.wheat.uuid}" in ids
    assert f"{PUBLIC}/orgs/mill/" in ids


def test_the_depth_limits_the_resource_s_document(world: TraceWorld) -> None:
    at_a = world.flour.events.get(action="transfer").to_resource_inventoried_as
    assert at_a is not None

    document = served(f"/exchange/vf/resources/{at_a.uuid}.jsonld?depth=2")

    types = sorted(node["@type"] for node in document["@graph"] if "Economic" in node["@type"])
    # Co-op A's flour, the transfer, the Mill's flour: the milling is 3 steps away.
    assert types == ["EconomicEvent", "EconomicResource", "EconomicResource"]


def test_a_cycle_s_document_gives_orders_by_group_and_their_deliveries(
    world: TraceWorld,
) -> None:
    cycle = world.cycles.cycle

    document = served(f"/exchange/vf/cycles/{cycle.uuid}.jsonld")

    check_vocabulary(document)
    counted = check_schemas(document)
    assert counted["Agreement"] == 2  # co-op A and Hub South
    assert counted["Commitment"] == 1  # only co-op A ordered: 20 units of flour
    assert counted["EconomicEvent"] == 1
    (commitment,) = [n for n in document["@graph"] if n["@type"] == "Commitment"]
    base = f"{PUBLIC}/exchange/vf/cycles/{cycle.uuid}.jsonld"
    assert (
        commitment["@id"]
        == f"{base}#order-{world.cycles.hub_a.pk}-offer-{world.cycles.offers['flour'].pk}"
    )
    assert commitment["resourceQuantity"]["hasNumericalValue"] == 20
    (event,) = [n for n in document["@graph"] if n["@type"] == "EconomicEvent"]
    assert event["fulfills"]["@id"] == commitment["@id"]
    assert event["realizationOf"] == f"{base}#order-{world.cycles.hub_a.pk}"
    text = json.dumps(document)
    # No money and no member. The order's 20 units at 1.40 come to 2800 cents: no value in the
    # document is that sum (a timestamp's microseconds or a uuid may hold the digits "2800").
    assert not {2800, 28, "2800", "28.00"} & set(leaves(document))
    assert "EUR" not in text
    assert "alice" not in text.lower() and "bob" not in text.lower()


def leaves(node: Any) -> list[Any]:
    """Every scalar value in a JSON document, however deep."""
    if isinstance(node, dict):
        return [leaf for value in node.values() for leaf in leaves(value)]
    if isinstance(node, list):
        return [leaf for value in node for leaf in leaves(value)]
    return [node]


def test_unknown_documents_are_not_found(world: TraceWorld) -> None:
    client = Client()
    assert client.get(f"/exchange/vf/resources/{world.cycles.cycle.uuid}.jsonld").status_code == 404
    assert client.get(f"/exchange/vf/cycles/{world.flour.uuid}.jsonld").status_code == 404
