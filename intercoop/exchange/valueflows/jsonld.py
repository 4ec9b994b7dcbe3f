"""Valueflows JSON-LD: a graph (or the part of it a trace reaches) out, the worked examples in.

The export uses only terms of all_vf.ttl, under ``@vocab`` = the Valueflows namespace, with an
inline context (no remote context to fetch) that types references as IRIs, actions as
Valueflows individuals and times as ``xsd:dateTimeStamp``. Where the Valueflows JSON Schemas
want an object rather than a reference (an agent with its name, a resource with its
specification, a unit with its label), the reference is an embedded node object carrying those
fields; in RDF it is the same node. The schema of EconomicResource requires
``resourceConformsTo`` (the term of flows) where the vocabulary gives a resource ``conformsTo``:
a resource carries both, with the same value.

The import reads the compact JSON-LD the Valueflows examples are written in, without a JSON-LD
processor: it expands the prefixes its context defines, reads nested ``hasInput`` and
``hasOutput`` as ``inputOf`` and ``outputOf``, and reports, rather than guesses at, what it does
not read (planning and proposal records, unknown properties)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from .actions import VfError
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

__all__ = ["CONTEXT", "VF", "Imported", "from_jsonld", "to_jsonld"]

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


# Import.

_MODELLED = {
    "EconomicEvent",
    "EconomicResource",
    "Process",
    "Agent",
    "Person",
    "Organization",
    "EcologicalAgent",
    "ResourceSpecification",
    "Agreement",
    "Commitment",
}
# Properties the import reads, for each modelled type (agents share one list).
_READS: dict[str, tuple[str, ...]] = {
    "EconomicEvent": (
        "action", "provider", "receiver", "resourceInventoriedAs", "toResourceInventoriedAs",
        "resourceConformsTo", "resourceQuantity", "effortQuantity", "inputOf", "outputOf",
        "hasPointInTime", "hasBeginning", "hasEnd", "fulfills", "satisfies", "realizationOf",
        "reciprocalRealizationOf", "corrects", "state", "note",
    ),
    "EconomicResource": (
        "name", "conformsTo", "resourceConformsTo", "trackingIdentifier", "accountingQuantity",
        "onhandQuantity", "primaryAccountable", "containedIn", "state", "note",
    ),
    "Process": (
        "name", "note", "hasBeginning", "hasEnd", "finished", "inScopeOf", "hasInput", "hasOutput",
    ),
    "Agent": ("name", "note"),
    "ResourceSpecification": ("name", "note"),
    "Agreement": ("name", "created", "note"),
    "Commitment": (
        "action", "provider", "receiver", "resourceConformsTo", "resourceQuantity", "clauseOf",
        "due", "note",
    ),
}  # fmt: skip
# Properties of other namespaces that the vocabulary's own are sub-properties of.
_ALIASES = {
    "om2:hasUnit": "hasUnit",
    "om2:hasNumericalValue": "hasNumericalValue",
    "skos:note": "note",
}
_KNOWN_TERMS = {t for terms in _READS.values() for t in terms} | {"hasUnit", "hasNumericalValue"}
_BY_LOWER = {t.lower(): t for t in _KNOWN_TERMS}


@dataclass(frozen=True)
class Imported:
    """An imported document: its graph, what the import noticed, and the records of types it
    does not model (planning, proposals, claims…), counted by type."""

    graph: Graph
    warnings: tuple[str, ...] = ()
    skipped: Mapping[str, int] = field(default_factory=dict)


class _Reader:
    def __init__(self, prefixes: Mapping[str, str]) -> None:
        self.prefixes = prefixes
        self.warnings: list[str] = []
        self.skipped: Counter[str] = Counter()
        # id -> (type, properties), the last description kept, in first-seen order.
        self.records: dict[str, tuple[str, dict[str, Any]]] = {}
        self.described: Counter[str] = Counter()

    def warn(self, message: str) -> None:
        if message not in self.warnings:
            self.warnings.append(message)

    def iri(self, value: str) -> str:
        prefix, colon, rest = value.partition(":")
        if colon and not rest.startswith("//") and prefix in self.prefixes:
            return self.prefixes[prefix] + rest
        return value

    def term(self, key: str, where: str) -> str:
        if key.startswith("@"):
            return key
        if key in _ALIASES:
            return _ALIASES[key]
        for ns in (VF, _VF_HTTP, "vf:"):
            if key.startswith(ns):
                key = key[len(ns) :]
        if key not in _KNOWN_TERMS and key.lower() in _BY_LOWER:
            self.warn(f"{where}: {key!r} read as {_BY_LOWER[key.lower()]!r}")
            return _BY_LOWER[key.lower()]
        return key

    def type_of(self, node: Mapping[str, Any]) -> str | None:
        types = node.get("@type")
        if isinstance(types, list):
            types = next((t for t in types if isinstance(t, str)), None)
        if not isinstance(types, str):
            return None
        for ns in (VF, _VF_HTTP, "vf:"):
            if types.startswith(ns):
                return types[len(ns) :]
        return types

    def node(self, raw: Mapping[str, Any], implied: Mapping[str, str] | None = None) -> str | None:
        """Reads one node object and the nodes nested in it; returns its identifier."""
        vf_type = self.type_of(raw)
        raw_id = raw.get("@id")
        node_id = self.iri(raw_id) if isinstance(raw_id, str) else None
        where = f"{vf_type or 'node'} {node_id or '(no @id)'}"
        props: dict[str, Any] = {}
        nested: list[tuple[str, Mapping[str, Any]]] = []
        for key, value in raw.items():
            term = self.term(key, where)
            if term in ("hasInput", "hasOutput"):
                for child in value if isinstance(value, list) else [value]:
                    if isinstance(child, Mapping):
                        nested.append((term, child))
                    elif isinstance(child, str) and vf_type == "Process" and node_id is not None:
                        props.setdefault(term, []).append(self.iri(child))
                continue
            props[term] = self.value(value, where)
        for name, target in (implied or {}).items():
            props.setdefault(name, target)
        if vf_type not in _MODELLED:
            self.skipped[vf_type or "(no type)"] += 1
        elif node_id is None:
            self.warn(f"a {vf_type} without @id was not read")
        else:
            kind = "Agent" if vf_type in ("Person", "Organization", "EcologicalAgent") else vf_type
            unread = sorted(k for k in props if not k.startswith("@") and k not in _READS[kind])
            for key in unread:
                self.warn(f"{where}: {key!r} is not read")
            previous = self.records.get(node_id)
            self.described[node_id] += 1
            if previous is not None and previous[0] != vf_type:
                self.warn(
                    f"{node_id}: described as {previous[0]} and as {vf_type}, kept as {vf_type}"
                )
                previous = None
            if previous is None:
                self.records[node_id] = (vf_type, props)
            else:
                # Descriptions of one node merge, as in JSON-LD; where they disagree (the
                # examples' before and after states of a resource), the last one wins.
                merged = previous[1]
                if any(k in merged and merged[k] != v for k, v in props.items()):
                    self.warn(
                        f"{where} is described more than once, differently: the last one is kept"
                    )
                merged.update(props)
        # Children of hasInput / hasOutput: inputs and outputs of this process or, where an
        # example nests them in an event, of that event's process.
        for term, child in nested:
            process = node_id if vf_type == "Process" else None
            if vf_type == "EconomicEvent":
                process = props.get("inputOf") or props.get("outputOf")
                self.warn(f"{where}: {term} on an event read as its process's {term}")
            link = "inputOf" if term == "hasInput" else "outputOf"
            self.node(child, {link: process} if isinstance(process, str) else None)
        return node_id

    def value(self, value: Any, where: str) -> Any:
        if isinstance(value, list):
            return [self.value(v, where) for v in value]
        if isinstance(value, Mapping):
            if "@id" in value:
                return self.node(value) if len(value) > 1 else self.iri(str(value["@id"]))
            if "@type" in value and self.type_of(value) not in ("Measure", "Unit"):
                return self.node(value)
            return {self.term(k, where): self.value(v, where) for k, v in value.items()}
        if isinstance(value, str):
            return self.iri(value)
        return value

    # Properties to fields.
    def text(self, props: Mapping[str, Any], term: str) -> str | None:
        value = props.get(term)
        if isinstance(value, list):
            value = next(iter(value), None)
        return value if isinstance(value, str) else None

    def texts(self, props: Mapping[str, Any], term: str) -> tuple[str, ...]:
        value = props.get(term)
        values = value if isinstance(value, list) else [value]
        return tuple(v for v in values if isinstance(v, str))

    def time(self, props: Mapping[str, Any], term: str, where: str) -> datetime | None:
        value = self.text(props, term)
        if value is None:
            return None
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:
            self.warn(f"{where}: {term} {value!r} is not a date and time; not read")
            return None
        if moment.utcoffset() is None:
            self.warn(f"{where}: {term} {value!r} has no time zone; read as UTC")
            moment = moment.replace(tzinfo=UTC)
        return moment

    def measure(self, props: Mapping[str, Any], term: str, where: str) -> Measure | None:
        value = props.get(term)
        if not isinstance(value, Mapping):
            return None
        number, unit = value.get("hasNumericalValue"), value.get("hasUnit")
        if isinstance(unit, Mapping):
            unit = unit.get("label") or unit.get("@id")
        try:
            amount = Decimal(str(number))
        except InvalidOperation:
            self.warn(f"{where}: {term} has no number; not read")
            return None
        if not isinstance(unit, str) or not amount.is_finite():
            self.warn(f"{where}: {term} has no unit or no finite number; not read")
            return None
        for prefix in ("om2:", "http://www.ontology-of-units-of-measure.org/resource/om-2/"):
            unit = unit.removeprefix(prefix)
        return Measure(amount, unit)

    def build(self) -> Graph:
        events: list[EconomicEvent] = []
        processes: list[Process] = []
        resources: list[EconomicResource] = []
        agents: list[Agent] = []
        specs: list[ResourceSpecification] = []
        agreements: list[Agreement] = []
        commitments: list[Commitment] = []
        for node_id, (vf_type, p) in self.records.items():
            where = f"{vf_type} {node_id}"
            try:
                if vf_type == "EconomicEvent":
                    events.append(
                        EconomicEvent(
                            id=node_id,
                            action=self.text(p, "action") or "",
                            provider=self.text(p, "provider"),
                            receiver=self.text(p, "receiver"),
                            resource_inventoried_as=self.text(p, "resourceInventoriedAs"),
                            to_resource_inventoried_as=self.text(p, "toResourceInventoriedAs"),
                            resource_conforms_to=self.text(p, "resourceConformsTo"),
                            resource_quantity=self.measure(p, "resourceQuantity", where),
                            effort_quantity=self.measure(p, "effortQuantity", where),
                            input_of=self.text(p, "inputOf"),
                            output_of=self.text(p, "outputOf"),
                            has_point_in_time=self.time(p, "hasPointInTime", where),
                            has_beginning=self.time(p, "hasBeginning", where),
                            has_end=self.time(p, "hasEnd", where),
                            fulfills=self.texts(p, "fulfills"),
                            satisfies=self.texts(p, "satisfies"),
                            realization_of=self.text(p, "realizationOf"),
                            reciprocal_realization_of=self.text(p, "reciprocalRealizationOf"),
                            corrects=self.text(p, "corrects"),
                            state=self.text(p, "state"),
                            note=self.text(p, "note"),
                        )
                    )
                elif vf_type == "EconomicResource":
                    resources.append(
                        EconomicResource(
                            id=node_id,
                            conforms_to=self.text(p, "conformsTo")
                            or self.text(p, "resourceConformsTo"),
                            name=self.text(p, "name"),
                            tracking_identifier=self.text(p, "trackingIdentifier"),
                            accounting_quantity=self.measure(p, "accountingQuantity", where),
                            onhand_quantity=self.measure(p, "onhandQuantity", where),
                            primary_accountable=self.text(p, "primaryAccountable"),
                            contained_in=self.text(p, "containedIn"),
                            state=self.text(p, "state"),
                            note=self.text(p, "note"),
                        )
                    )
                elif vf_type == "Process":
                    finished = p.get("finished")
                    processes.append(
                        Process(
                            id=node_id,
                            name=self.text(p, "name"),
                            note=self.text(p, "note"),
                            has_beginning=self.time(p, "hasBeginning", where),
                            has_end=self.time(p, "hasEnd", where),
                            finished=finished if isinstance(finished, bool) else None,
                            in_scope_of=self.text(p, "inScopeOf"),
                        )
                    )
                elif vf_type in ("Agent", "Person", "Organization", "EcologicalAgent"):
                    name = self.text(p, "name")
                    if name is None:
                        self.warn(f"{where} has no name; not read")
                        continue
                    agents.append(
                        Agent(id=node_id, name=name, kind=vf_type, note=self.text(p, "note"))
                    )
                elif vf_type == "ResourceSpecification":
                    specs.append(
                        ResourceSpecification(
                            id=node_id, name=self.text(p, "name"), note=self.text(p, "note")
                        )
                    )
                elif vf_type == "Agreement":
                    agreements.append(
                        Agreement(
                            id=node_id,
                            name=self.text(p, "name"),
                            created=self.time(p, "created", where),
                            note=self.text(p, "note"),
                        )
                    )
                elif vf_type == "Commitment":
                    commitments.append(
                        Commitment(
                            id=node_id,
                            action=self.text(p, "action") or "",
                            provider=self.text(p, "provider"),
                            receiver=self.text(p, "receiver"),
                            resource_conforms_to=self.text(p, "resourceConformsTo"),
                            resource_quantity=self.measure(p, "resourceQuantity", where),
                            clause_of=self.text(p, "clauseOf"),
                            due=self.time(p, "due", where),
                            note=self.text(p, "note"),
                        )
                    )
            except VfError as error:
                self.warn(f"{where} was not read: {error}")
        return Graph(
            events=events,
            processes=processes,
            resources=resources,
            agents=agents,
            specifications=specs,
            agreements=agreements,
            commitments=commitments,
        )


def _contexts(context: Any) -> Iterator[Mapping[str, Any]]:
    for item in context if isinstance(context, list) else [context]:
        if isinstance(item, Mapping):
            yield item


def from_jsonld(document: Any) -> Imported:
    """Reads a Valueflows JSON-LD document (an object with ``@graph``, one node, or a list of
    nodes) into a graph. Raises VfError if its records contradict each other (one identifier
    for a process and a resource, say)."""
    if isinstance(document, list):
        context: Any = None
        nodes: list[Any] = document
    elif isinstance(document, Mapping):
        context = document.get("@context")
        graph_nodes = document.get("@graph")
        nodes = graph_nodes if isinstance(graph_nodes, list) else [document]
    else:
        raise VfError("a JSON-LD document is an object or a list")
    prefixes: dict[str, str] = {}
    vocab_ok = context is None
    for item in _contexts(context):
        for key, value in item.items():
            if key == "@vocab":
                vocab_ok = vocab_ok or value in (VF, _VF_HTTP)
            elif isinstance(value, str) and not key.startswith("@") and "://" in value:
                prefixes[key] = value
    reader = _Reader(prefixes)
    if not vocab_ok:
        reader.warn(
            "the context does not make Valueflows the vocabulary; its terms are read as Valueflows'"
        )
    for raw in nodes:
        if isinstance(raw, Mapping):
            reader.node(raw)
    graph = reader.build()
    return Imported(graph=graph, warnings=tuple(reader.warnings), skipped=dict(reader.skipped))
