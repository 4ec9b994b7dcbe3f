"""Valueflows JSON-LD in: the compact JSON-LD the Valueflows worked examples are written in,
read without a JSON-LD processor. It expands the prefixes its context defines, reads nested
``hasInput`` and ``hasOutput`` as ``inputOf`` and ``outputOf``, and reports, rather than guesses
at, what it does not read (planning and proposal records, unknown properties). The export is
``jsonld.to_jsonld``."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from .actions import VfError
from .graph import Graph
from .jsonld import _VF_HTTP, VF
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

__all__ = ["Imported", "from_jsonld"]

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
