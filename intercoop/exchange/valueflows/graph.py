"""A flow graph: the records of one export or one trace, indexed for ``previous`` and ``next``.

The graph is built once and not changed; its indexes keep every list of neighbours in the orders
the traversals use, so that a trace or a track gives the same answer whatever order the records
came in."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from types import MappingProxyType
from typing import Protocol, TypeVar

from .actions import VfError
from .model import (
    Agent,
    Agreement,
    Commitment,
    EconomicEvent,
    EconomicResource,
    Kind,
    Process,
    ResourceSpecification,
)

__all__ = ["Graph"]

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


class _Identified(Protocol):
    @property
    def id(self) -> str: ...


_T = TypeVar("_T", bound=_Identified)


def _timestamp(value: datetime | None) -> float | None:
    return None if value is None else (value - _EPOCH).total_seconds()


class Graph:
    """Economic events, processes and resources, with the agents, specifications, agreements and
    commitments they name. Identifiers are unique across all of them."""

    def __init__(
        self,
        *,
        events: Iterable[EconomicEvent] = (),
        processes: Iterable[Process] = (),
        resources: Iterable[EconomicResource] = (),
        agents: Iterable[Agent] = (),
        specifications: Iterable[ResourceSpecification] = (),
        agreements: Iterable[Agreement] = (),
        commitments: Iterable[Commitment] = (),
    ) -> None:
        seen: dict[str, str] = {}

        def index(records: Iterable[_T], what: str) -> dict[str, _T]:
            out: dict[str, _T] = {}
            for record in records:
                if record.id in seen:
                    raise VfError(f"{record.id} is given twice ({seen[record.id]} and {what})")
                seen[record.id] = what
                out[record.id] = record
            return out

        self._events = index(events, "EconomicEvent")
        self._processes = index(processes, "Process")
        self._resources = index(resources, "EconomicResource")
        self._agents = index(agents, "Agent")
        self._specifications = index(specifications, "ResourceSpecification")
        self._agreements = index(agreements, "Agreement")
        self._commitments = index(commitments, "Commitment")

        kinds: dict[str, Kind] = {}
        kinds.update(dict.fromkeys(self._resources, Kind.RESOURCE))
        kinds.update(dict.fromkeys(self._processes, Kind.PROCESS))
        outputs_of_resource: dict[str, list[str]] = defaultdict(list)
        into_resource: dict[str, list[str]] = defaultdict(list)
        on_resource: dict[str, list[str]] = defaultdict(list)
        inputs: dict[str, list[str]] = defaultdict(list)
        outputs: dict[str, list[str]] = defaultdict(list)
        realizing: dict[str, list[str]] = defaultdict(list)
        fulfilling: dict[str, list[str]] = defaultdict(list)
        # Sort keys: dated events first (earliest first going forwards, latest first going
        # backwards), then everything else by identifier.
        forward: dict[str, tuple[int, float, str]] = {}
        backward: dict[str, tuple[int, float, str]] = {}
        for event in self._events.values():
            for ref in (event.resource_inventoried_as, event.to_resource_inventoried_as):
                if ref is not None and kinds.setdefault(ref, Kind.RESOURCE) is not Kind.RESOURCE:
                    raise VfError(f"{event.id} names {ref} as a resource, but it is a process")
            for ref in (event.input_of, event.output_of):
                if ref is not None and kinds.setdefault(ref, Kind.PROCESS) is not Kind.PROCESS:
                    raise VfError(f"{event.id} names {ref} as a process, but it is a resource")
            resource = event.resource_inventoried_as
            if resource is not None:
                on_resource[resource].append(event.id)
                if event.output_of is not None or event.action in ("raise", "lower"):
                    outputs_of_resource[resource].append(event.id)
            if event.to_resource_inventoried_as is not None:
                into_resource[event.to_resource_inventoried_as].append(event.id)
            if event.input_of is not None:
                inputs[event.input_of].append(event.id)
            if event.output_of is not None:
                outputs[event.output_of].append(event.id)
            for agreement in (event.realization_of, event.reciprocal_realization_of):
                if agreement is not None:
                    realizing[agreement].append(event.id)
            for commitment in event.fulfills:
                fulfilling[commitment].append(event.id)
            stamp = _timestamp(event.when)
            if stamp is None:
                forward[event.id] = backward[event.id] = (1, 0.0, event.id)
            else:
                forward[event.id] = (0, stamp, event.id)
                backward[event.id] = (0, -stamp, event.id)
        for event in self._events.values():
            if event.id in kinds:
                raise VfError(f"{event.id} is both an event and a {kinds[event.id].value}")
            kinds[event.id] = Kind.EVENT
        self._kinds = kinds
        self._forward = forward
        self._backward = backward

        def frozen(
            table: Mapping[str, list[str]], key: Mapping[str, tuple[int, float, str]]
        ) -> Mapping[str, tuple[str, ...]]:
            return MappingProxyType(
                {k: tuple(sorted(dict.fromkeys(v), key=key.__getitem__)) for k, v in table.items()}
            )

        # Backwards: what made a resource, what went into a process.
        merged: dict[str, list[str]] = defaultdict(list)
        for table in (outputs_of_resource, into_resource):
            for k, v in table.items():
                merged[k].extend(v)
        self._made_resource = frozen(merged, backward)
        self._process_inputs = frozen(inputs, backward)
        # Forwards: what happened to a resource, what came out of a process.
        self._resource_events = frozen(on_resource, forward)
        self._process_outputs = frozen(outputs, forward)
        self._realizing = frozen(realizing, forward)
        self._fulfilling = frozen(fulfilling, forward)

    # Records.
    @property
    def events(self) -> Mapping[str, EconomicEvent]:
        return MappingProxyType(self._events)

    @property
    def processes(self) -> Mapping[str, Process]:
        return MappingProxyType(self._processes)

    @property
    def resources(self) -> Mapping[str, EconomicResource]:
        return MappingProxyType(self._resources)

    @property
    def agents(self) -> Mapping[str, Agent]:
        return MappingProxyType(self._agents)

    @property
    def specifications(self) -> Mapping[str, ResourceSpecification]:
        return MappingProxyType(self._specifications)

    @property
    def agreements(self) -> Mapping[str, Agreement]:
        return MappingProxyType(self._agreements)

    @property
    def commitments(self) -> Mapping[str, Commitment]:
        return MappingProxyType(self._commitments)

    def kind_of(self, item_id: str) -> Kind | None:
        """What ``item_id`` is in the flow graph: an event, a process or a resource (one that an
        event names counts, even without its record), or None."""
        return self._kinds.get(item_id)

    def event(self, event_id: str) -> EconomicEvent:
        return self._events[event_id]

    # Neighbours, in traversal order.
    def events_making(self, resource_id: str) -> tuple[str, ...]:
        """Process outputs, raises and lowers on the resource, and flows into it
        (``toResourceInventoriedAs``): latest first."""
        return self._made_resource.get(resource_id, ())

    def events_on(self, resource_id: str) -> tuple[str, ...]:
        """Every event whose ``resourceInventoriedAs`` is the resource: earliest first."""
        return self._resource_events.get(resource_id, ())

    def inputs_of(self, process_id: str) -> tuple[str, ...]:
        return self._process_inputs.get(process_id, ())

    def outputs_of(self, process_id: str) -> tuple[str, ...]:
        return self._process_outputs.get(process_id, ())

    def events_realizing(self, agreement_id: str) -> tuple[str, ...]:
        """The events that realize an agreement (an order), on either side."""
        return self._realizing.get(agreement_id, ())

    def events_fulfilling(self, commitment_id: str) -> tuple[str, ...]:
        """The events that fulfil a commitment (an order line)."""
        return self._fulfilling.get(commitment_id, ())

    def forward_key(self, item_id: str) -> tuple[int, float, str]:
        return self._forward.get(item_id, (1, 0.0, item_id))

    def backward_key(self, item_id: str) -> tuple[int, float, str]:
        return self._backward.get(item_id, (1, 0.0, item_id))
