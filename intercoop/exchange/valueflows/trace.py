"""Track (forwards: where it went) and trace (backwards: where it came from), as the Valueflows
"track and trace" algorithms define them (valueflows/valueflows, mkdocs/docs/algorithms/track.md).

One step of a trace is ``previous``:

- a resource → the events that made it: process outputs and raises or lowers whose
  ``resourceInventoriedAs`` it is, and the flows whose ``toResourceInventoriedAs`` it is;
- a process → its input events;
- an event → its process if it is an output, else nothing for a raise or lower, else its
  ``resourceInventoriedAs``.

One step of a track is ``next``:

- a resource → every event whose ``resourceInventoriedAs`` it is;
- a process → its output events;
- an event → its process if it is an input, else its ``resourceInventoriedAs`` if it is an
  output, else its ``toResourceInventoriedAs``.

Paired actions keep a walk on the item it follows: going backwards, a process's ``pickup``,
``accept`` or ``combine`` input is followed only for a resource that a ``dropoff``, ``modify``
or ``separate`` output already on the walk let out (so tracing one gown out of a laundry bag
does not bring in every gown packed with it); going forwards, the mirror rules.

Unlike the reference pseudocode, which goes depth first, the walk here is breadth first, so that
a depth limit means a distance: every item at most ``depth`` steps away is returned, at its
shortest distance. Neighbours come in a fixed order (dated events by time, latest first going
backwards and earliest first going forwards, then by identifier), so the answer does not depend
on the order the records were stored in. Each item appears once, which makes cycles harmless.
The ``previousEvent`` breadcrumbs of the pseudocode are not in all_vf.ttl and are not used."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from .actions import VfError
from .model import EconomicEvent, Kind

__all__ = ["Flows", "Step", "following", "previous", "trace", "track"]


class Flows(Protocol):
    """What a walk reads: an in-memory ``Graph``, or any store that answers the same questions
    (a database, one query a step) with neighbours in the same orders."""

    def kind_of(self, item_id: str) -> Kind | None: ...
    def event(self, event_id: str) -> EconomicEvent: ...
    def events_making(self, resource_id: str) -> tuple[str, ...]: ...
    def events_on(self, resource_id: str) -> tuple[str, ...]: ...
    def inputs_of(self, process_id: str) -> tuple[str, ...]: ...
    def outputs_of(self, process_id: str) -> tuple[str, ...]: ...


@dataclass(frozen=True, slots=True)
class Step:
    """An item reached by a walk: ``depth`` steps from the start, through ``parent``."""

    id: str
    kind: Kind
    depth: int
    parent: str | None


def previous(graph: Flows, item_id: str) -> tuple[str, ...]:
    """The items one step backwards from ``item_id``, in trace order."""
    kind = _kind(graph, item_id)
    if kind is Kind.RESOURCE:
        return graph.events_making(item_id)
    if kind is Kind.PROCESS:
        return graph.inputs_of(item_id)
    event = graph.event(item_id)
    if event.output_of is not None:
        return (event.output_of,)
    if event.action in ("raise", "lower"):
        return ()
    if event.resource_inventoried_as is not None:
        return (event.resource_inventoried_as,)
    return ()


def following(graph: Flows, item_id: str) -> tuple[str, ...]:
    """The items one step forwards from ``item_id`` (Valueflows' ``next``), in track order."""
    kind = _kind(graph, item_id)
    if kind is Kind.RESOURCE:
        return graph.events_on(item_id)
    if kind is Kind.PROCESS:
        return graph.outputs_of(item_id)
    event = graph.event(item_id)
    if event.input_of is not None:
        return (event.input_of,)
    if event.output_of is not None and event.resource_inventoried_as is not None:
        return (event.resource_inventoried_as,)
    if event.to_resource_inventoried_as is not None:
        return (event.to_resource_inventoried_as,)
    return ()


# Going backwards, an input paired with an output is followed only for the resource the output
# let out; going forwards, the mirror. {action: (opens, closes)}: an event with action ``opens``
# on the walk allows one event ``closes`` on the same resource.
_TRACE_PAIRS = {"separate": "combine", "modify": "accept", "dropoff": "pickup"}
_TRACK_PAIRS = {"combine": "separate", "accept": "modify", "pickup": "dropoff"}


def trace(graph: Flows, item_id: str, depth: int) -> tuple[Step, ...]:
    """Where ``item_id`` (a resource, an event or a process) came from, ``depth`` steps back."""
    return _walk(graph, item_id, depth, previous, _TRACE_PAIRS)


def track(graph: Flows, item_id: str, depth: int) -> tuple[Step, ...]:
    """Where ``item_id`` (a resource, an event or a process) went, ``depth`` steps forwards."""
    return _walk(graph, item_id, depth, following, _TRACK_PAIRS)


def _kind(graph: Flows, item_id: str) -> Kind:
    kind = graph.kind_of(item_id)
    if kind is None:
        raise VfError(f"{item_id} is not an event, a process or a resource of this graph")
    return kind


def _walk(
    graph: Flows,
    start: str,
    depth: int,
    step: Callable[[Flows, str], tuple[str, ...]],
    pairs: dict[str, str],
) -> tuple[Step, ...]:
    if depth < 0:
        raise VfError("the depth of a walk cannot be negative")
    kind = _kind(graph, start)
    closing = set(pairs.values())
    # (closing action, resource) pairs the opening events on the walk have allowed, counted:
    # two modify outputs of a resource allow two accept inputs of it.
    allowed: Counter[tuple[str, str]] = Counter()
    event_of = graph.event
    kinds = graph.kind_of

    def opens(event_id: str) -> None:
        event = event_of(event_id)
        closes = pairs.get(event.action)
        if closes is not None and event.resource_inventoried_as is not None:
            allowed[(closes, event.resource_inventoried_as)] += 1

    if kind is Kind.EVENT:
        opens(start)
    steps = [Step(start, kind, 0, None)]
    visited = {start}
    frontier = [start]
    for distance in range(1, depth + 1):
        reached: list[str] = []
        for item in frontier:
            for candidate in step(graph, item):
                if candidate in visited:
                    continue
                candidate_kind = kinds(candidate)
                if candidate_kind is None:  # never: every neighbour is indexed
                    continue
                if candidate_kind is Kind.EVENT:
                    event = event_of(candidate)
                    if event.action in closing:
                        key = (event.action, event.resource_inventoried_as or "")
                        if allowed[key] <= 0:
                            continue
                        allowed[key] -= 1
                    else:
                        opens(candidate)
                visited.add(candidate)
                steps.append(Step(candidate, candidate_kind, distance, item))
                reached.append(candidate)
        if not reached:
            break
        frontier = reached
    return tuple(steps)
