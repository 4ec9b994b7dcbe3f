"""The JSON-LD export of a graph, or of what a trace reaches, is JSON-LD a processor expands
(pyld, offline: the context is inline), every property and class it uses is a term of
all_vf.ttl, every object validates against the Valueflows JSON Schema of its class, and reading
the export back gives the same graph."""

import json

import pytest
from pyld import jsonld

from intercoop.exchange.tests.valueflows_chain import X, chain
from intercoop.exchange.tests.valueflows_standard import VF, schema_errors, ttl_kind, ttl_terms
from intercoop.exchange.valueflows.jsonld import to_jsonld
from intercoop.exchange.valueflows.jsonld_import import from_jsonld
from intercoop.exchange.valueflows.trace import trace

RDF_TYPE = "@type"


def no_remote_documents(url, options=None):
    raise AssertionError(f"the export made the processor fetch {url}")


def expanded(document):
    return jsonld.expand(document, {"documentLoader": no_remote_documents})


def vocabulary_iris(nodes):
    """Every property and class IRI of an expanded document, and every IRI value of action."""
    properties: set[str] = set()
    classes: set[str] = set()
    actions: set[str] = set()

    def walk(value):
        if isinstance(value, list):
            for item in value:
                walk(item)
        elif isinstance(value, dict) and "@value" not in value:
            for key, item in value.items():
                if key == RDF_TYPE:
                    classes.update(item)
                elif not key.startswith("@"):
                    properties.add(key)
                    if key == VF + "action":
                        actions.update(v["@id"] for v in item)
                    walk(item)

    walk(nodes)
    return properties, classes, actions


def local(iri):
    assert iri.startswith(VF), iri
    return iri.removeprefix(VF)


@pytest.mark.parametrize(
    "document",
    [
        to_jsonld(chain()),
        to_jsonld(chain(), only=[s.id for s in trace(chain(), X + "bread-at-hub", 8)]),
    ],
    ids=["whole graph", "a trace"],
)
def test_every_term_of_the_export_is_defined_by_the_vocabulary(document):
    properties, classes, actions = vocabulary_iris(expanded(document))
    assert properties and classes and actions
    terms = ttl_terms()
    for iri in properties:
        assert local(iri) in terms and ttl_kind(local(iri)) & {
            "owl:ObjectProperty",
            "owl:DatatypeProperty",
        }, iri
    for iri in classes:
        assert local(iri) in terms and "owl:Class" in ttl_kind(local(iri)), iri
    for iri in actions:
        assert "vf:Action" in ttl_kind(local(iri)), iri


def test_references_expand_to_iris_and_times_to_typed_literals():
    (event,) = [n for n in expanded(to_jsonld(chain())) if n.get("@id") == X + "e/deliver-bread"]
    # Embedded where the schemas want an object, a reference all the same.
    assert [r["@id"] for r in event[VF + "resourceInventoriedAs"]] == [X + "bread"]
    assert [c["@id"] for c in event[VF + "fulfills"]] == [X + "order/1/line/1"]
    assert event[VF + "realizationOf"] == [{"@id": X + "order/1"}]
    assert event[VF + "action"] == [{"@id": VF + "transfer"}]
    assert event[VF + "hasPointInTime"] == [
        {
            "@value": "2026-09-06T09:00:00+00:00",
            "@type": "http://www.w3.org/2001/XMLSchema#dateTimeStamp",
        }
    ]


def test_every_exported_object_validates_against_the_schema_of_its_class():
    document = to_jsonld(chain())
    counted: dict[str, int] = {}
    for node in document["@graph"]:
        vf_class = "Agent" if node["@type"] in ("Person", "Organization") else node["@type"]
        counted[vf_class] = counted.get(vf_class, 0) + 1
        assert schema_errors(vf_class, node) == [], node["@id"]
    assert counted == {
        "Agent": 5,
        "ResourceSpecification": 5,
        "Agreement": 1,
        "Commitment": 1,
        "EconomicResource": 7,
        "Process": 3,
        "EconomicEvent": 11,
    }


def test_the_schemas_are_really_applied():
    # The same event without the provider's name, and with a time that is not RFC 3339.
    (node,) = [n for n in to_jsonld(chain())["@graph"] if n["@id"] == X + "e/sell-wheat"]
    broken = {**node, "provider": {"@id": X + "farm"}, "hasPointInTime": "2026-09-02 09:00"}
    errors = schema_errors("EconomicEvent", broken)
    assert any("'name' is a required property" in e for e in errors)
    assert any("is not a 'date-time'" in e for e in errors)


def test_the_export_of_a_trace_holds_what_it_reached_and_what_that_names():
    graph = chain()
    reached = [s.id for s in trace(graph, X + "bread-at-hub", 4)]
    document = to_jsonld(graph, only=reached)
    ids = {n["@id"] for n in document["@graph"]}
    assert set(reached) <= ids
    assert X + "milling" not in ids and X + "e/sell-flour" not in ids
    # The delivery's order, order line, agents and specification come with it.
    assert {X + "order/1", X + "order/1/line/1", X + "bakery", X + "hub", X + "spec/bread"} <= ids


def test_reading_the_export_back_gives_the_same_graph():
    graph = chain()
    document = json.loads(json.dumps(to_jsonld(graph)))
    imported = from_jsonld(document)
    assert imported.warnings == ()
    again = imported.graph
    assert dict(again.events) == dict(graph.events)
    assert dict(again.processes) == dict(graph.processes)
    assert dict(again.resources) == dict(graph.resources)
    assert dict(again.agents) == dict(graph.agents)
    assert dict(again.specifications) == dict(graph.specifications)
    assert dict(again.agreements) == dict(graph.agreements)
    assert dict(again.commitments) == dict(graph.commitments)
    assert to_jsonld(again) == to_jsonld(graph)
