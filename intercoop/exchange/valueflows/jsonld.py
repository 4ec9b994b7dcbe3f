"""Valueflows JSON-LD: a graph (or the part of it a trace reaches) out, the worked examples in.

The export uses only terms of all_vf.ttl, under ``@vocab`` = the Valueflows namespace, with an
inline context (no remote context to fetch) that types references as IRIs, actions as
Valueflows individuals and times as ``xsd:dateTimeStamp``. Where the Valueflows JSON Schemas
want an object rather than a reference (an agent with its name, a resource with its
specification, a unit with its label), the reference is an embedded node object carrying those
fields; in RDF it is the same node. The schema of EconomicResource requires
``resourceConformsTo`` (the term of flows) where the vocabulary gives a resource ``conformsTo``:
a resource carries both, with the same value.

The import is ``jsonld_import.from_jsonld``."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from decimal import Decimal
from typing import Any

from .graph import Graph
from .model import (
    Agent,
    Agreement,
    Commitment,
    EconomicEvent,
    EconomicResource,
    Measure,
    Process,
    ResourceSpecification,
)

__all__ = ["CONTEXT", "VF", "to_jsonld"]

VF = "https://w3id.org/valueflows/ont/vf#"
# The namespace the worked examples' @vocab gives (http, not https).
_VF_HTTP = "http://w3id.org/valueflows/ont/vf#"
_XSD_DATETIMESTAMP = "http://www.w3.org/2001/XMLSchema#dateTimeStamp"

_REFERENCE_TERMS = (
    "inputOf",
    "outputOf",
    "provider",
    "receiver",
    "resourceInventoriedAs",
    "toResourceInventoriedAs",
    "conformsTo",
    "resourceConformsTo",
    "fulfills",
    "satisfies",
    "realizationOf",
    "reciprocalRealizationOf",
    "corrects",
    "primaryAccountable",
    "containedIn",
    "inScopeOf",
    "clauseOf",
)
_TIME_TERMS = ("hasPointInTime", "hasBeginning", "hasEnd", "created", "due")

CONTEXT: dict[str, Any] = {
    "@vocab": VF,
    "action": {"@type": "@vocab"},
    **{term: {"@type": "@id"} for term in _REFERENCE_TERMS},
    **{term: {"@type": _XSD_DATETIMESTAMP} for term in _TIME_TERMS},
}


# Export.


def _number(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


def _time(value: datetime | None) -> str | None:
    return None if value is None else value.isoformat()


def _measure(measure: Measure | None) -> dict[str, Any] | None:
    if measure is None:
        return None
    return {
        "@type": "Measure",
        "hasNumericalValue": _number(measure.has_numerical_value),
        "hasUnit": {"@type": "Unit", "label": measure.has_unit},
    }


def _clean(node: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in node.items() if v is not None and v != []}


class _Writer:
    def __init__(self, graph: Graph) -> None:
        self.graph = graph

    def agent(self, agent_id: str | None) -> Any:
        agent = self.graph.agents.get(agent_id or "")
        if agent is None:
            return agent_id
        return {"@id": agent.id, "@type": agent.kind, "name": agent.name}

    def specification(self, spec_id: str | None) -> Any:
        spec = self.graph.specifications.get(spec_id or "")
        if spec is None or spec.name is None:
            return spec_id
        return {"@id": spec.id, "@type": "ResourceSpecification", "name": spec.name}

    def resource(self, resource_id: str | None) -> Any:
        resource = self.graph.resources.get(resource_id or "")
        if resource is None:
            return resource_id
        spec = self.specification(resource.conforms_to)
        return _clean(
            {
                "@id": resource.id,
                "@type": "EconomicResource",
                "conformsTo": spec,
                "resourceConformsTo": spec,
            }
        )

    def commitment(self, commitment_id: str) -> Any:
        commitment = self.graph.commitments.get(commitment_id)
        if commitment is None:
            return commitment_id
        return {"@id": commitment.id, "@type": "Commitment", "action": commitment.action}

    def event_ref(self, event_id: str | None) -> Any:
        event = self.graph.events.get(event_id or "")
        if event is None:
            return event_id
        return {"@id": event.id, "@type": "EconomicEvent", "action": event.action}

    def node_agent(self, agent: Agent) -> dict[str, Any]:
        return _clean(
            {"@id": agent.id, "@type": agent.kind, "name": agent.name, "note": agent.note}
        )

    def node_specification(self, spec: ResourceSpecification) -> dict[str, Any]:
        return _clean(
            {"@id": spec.id, "@type": "ResourceSpecification", "name": spec.name, "note": spec.note}
        )

    def node_resource(self, resource: EconomicResource) -> dict[str, Any]:
        spec = self.specification(resource.conforms_to)
        return _clean(
            {
                "@id": resource.id,
                "@type": "EconomicResource",
                "name": resource.name,
                "conformsTo": spec,
                "resourceConformsTo": spec,
                "trackingIdentifier": resource.tracking_identifier,
                "accountingQuantity": _measure(resource.accounting_quantity),
                "onhandQuantity": _measure(resource.onhand_quantity),
                "primaryAccountable": self.agent(resource.primary_accountable),
                "containedIn": self.resource(resource.contained_in),
                "state": resource.state,
                "note": resource.note,
            }
        )

    def node_process(self, process: Process) -> dict[str, Any]:
        return _clean(
            {
                "@id": process.id,
                "@type": "Process",
                "name": process.name,
                "note": process.note,
                "hasBeginning": _time(process.has_beginning),
                "hasEnd": _time(process.has_end),
                "finished": process.finished,
                "inScopeOf": process.in_scope_of,
            }
        )

    def node_event(self, event: EconomicEvent) -> dict[str, Any]:
        fulfills = [self.commitment(c) for c in event.fulfills]
        return _clean(
            {
                "@id": event.id,
                "@type": "EconomicEvent",
                "action": event.action,
                "provider": self.agent(event.provider),
                "receiver": self.agent(event.receiver),
                "resourceInventoriedAs": self.resource(event.resource_inventoried_as),
                "toResourceInventoriedAs": self.resource(event.to_resource_inventoried_as),
                "resourceConformsTo": self.specification(event.resource_conforms_to),
                "resourceQuantity": _measure(event.resource_quantity),
                "effortQuantity": _measure(event.effort_quantity),
                "inputOf": event.input_of,
                "outputOf": event.output_of,
                "hasPointInTime": _time(event.has_point_in_time),
                "hasBeginning": _time(event.has_beginning),
                "hasEnd": _time(event.has_end),
                "fulfills": fulfills[0] if len(fulfills) == 1 else fulfills,
                "satisfies": list(event.satisfies)
                if len(event.satisfies) > 1
                else next(iter(event.satisfies), None),
                "realizationOf": event.realization_of,
                "reciprocalRealizationOf": event.reciprocal_realization_of,
                "corrects": self.event_ref(event.corrects),
                "state": event.state,
                "note": event.note,
            }
        )

    def node_agreement(self, agreement: Agreement) -> dict[str, Any]:
        return _clean(
            {
                "@id": agreement.id,
                "@type": "Agreement",
                "name": agreement.name,
                "created": _time(agreement.created),
                "note": agreement.note,
            }
        )

    def node_commitment(self, commitment: Commitment) -> dict[str, Any]:
        return _clean(
            {
                "@id": commitment.id,
                "@type": "Commitment",
                "action": commitment.action,
                "provider": self.agent(commitment.provider),
                "receiver": self.agent(commitment.receiver),
                "resourceConformsTo": self.specification(commitment.resource_conforms_to),
                "resourceQuantity": _measure(commitment.resource_quantity),
                "clauseOf": commitment.clause_of,
                "due": _time(commitment.due),
                "note": commitment.note,
            }
        )


def to_jsonld(graph: Graph, *, only: Iterable[str] | None = None) -> dict[str, Any]:
    """The graph as one Valueflows JSON-LD document. With ``only`` (the identifiers a trace or a
    track reached, say), just those events, processes and resources, with the agents,
    specifications, agreements and commitments they name."""
    keep = None if only is None else set(only)

    def kept(ids: Mapping[str, object]) -> list[str]:
        if keep is None:
            return sorted(ids)
        return sorted(i for i in keep if i in ids)

    resources = kept(graph.resources)
    processes = kept(graph.processes)
    events = kept(graph.events)
    if keep is None:
        agents = sorted(graph.agents)
        specs = sorted(graph.specifications)
        agreements = sorted(graph.agreements)
        commitments = sorted(graph.commitments)
    else:
        named: set[str] = set()
        for event_id in events:
            e = graph.events[event_id]
            named.update(
                x
                for x in (
                    e.provider,
                    e.receiver,
                    e.resource_conforms_to,
                    e.realization_of,
                    e.reciprocal_realization_of,
                )
                if x is not None
            )
            named.update(e.fulfills)
        for resource_id in resources:
            r = graph.resources[resource_id]
            named.update(x for x in (r.conforms_to, r.primary_accountable) if x is not None)
        commitments = sorted(named & graph.commitments.keys())
        for commitment_id in commitments:
            c = graph.commitments[commitment_id]
            named.update(
                x
                for x in (c.provider, c.receiver, c.resource_conforms_to, c.clause_of)
                if x is not None
            )
        agents = sorted(named & graph.agents.keys())
        specs = sorted(named & graph.specifications.keys())
        agreements = sorted(named & graph.agreements.keys())
    w = _Writer(graph)
    nodes: list[dict[str, Any]] = []
    nodes += [w.node_agent(graph.agents[i]) for i in agents]
    nodes += [w.node_specification(graph.specifications[i]) for i in specs]
    nodes += [w.node_agreement(graph.agreements[i]) for i in agreements]
    nodes += [w.node_commitment(graph.commitments[i]) for i in commitments]
    nodes += [w.node_resource(graph.resources[i]) for i in resources]
    nodes += [w.node_process(graph.processes[i]) for i in processes]
    nodes += [w.node_event(graph.events[i]) for i in events]
    return {"@context": CONTEXT, "@graph": nodes}
