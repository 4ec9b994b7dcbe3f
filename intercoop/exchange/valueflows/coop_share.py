"""The co-op share of a traced resource: how much of the value added along its chain was added
by co-operatives.

The chain is the trace of the resource (``trace.trace``, breadth first, each item once at its
shortest distance, within a depth limit). Its **steps** are the events of the trace whose action
adds value to what is passed on: ``produce``, ``modify``, ``transfer``, ``transferAllRights``,
``transferCustody``, ``deliverService``, ``work`` and ``use``. The other events (``consume``,
``accept``, ``pickup``, ``raise``...) move a resource within a process or an agent's custody:
they are walked through, never counted.

A step is **valued** when it carries a value in the chain's currency. The chain's currency is
the one most valued steps carry (ties: the first code in alphabetical order); a step valued in
another currency is listed as such and, like a step without a value, excluded.

**Value added.** Each valued step is the input of at most one other: the valued step nearest
downstream of it on the trace (the fewest steps towards the resource, along any path of the
trace; between equals, the nearest to the resource, then the first by identifier). A step's
value added is its value less the value of its inputs, or 0 if that is negative (a sale at a
loss adds nothing; it takes nothing away from anyone else either). As each value is subtracted
once at most, cycles and diamonds in the graph count nothing twice; without losses, the values
added add up to the value of the valued steps that are nobody's input: the resource's value.

**The share** is the value added by the steps whose provider is a co-operative, divided by the
value added by all valued steps. A step without a provider counts as a step of an agent that is
not a co-operative. The share is an exact fraction; it is ``None`` when nothing was added (no
valued step, or only zeros).

Everything is in integers and fractions: the same graph, given in any order, gives an equal
result."""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from enum import StrEnum
from fractions import Fraction

from .actions import VfError
from .model import Kind
from .trace import Flows, Step, previous, trace

__all__ = [
    "STEP_ACTIONS",
    "ChainStep",
    "CoopShare",
    "Status",
    "Value",
    "coop_share",
]

# The actions whose events add value to what is passed on; see the module's docstring.
STEP_ACTIONS = frozenset(
    {
        "produce",
        "modify",
        "transfer",
        "transferAllRights",
        "transferCustody",
        "deliverService",
        "work",
        "use",
    }
)


class Status(StrEnum):
    """Whether a step's value counts."""

    VALUED = "valued"
    NOT_VALUED = "not_valued"
    OTHER_CURRENCY = "other_currency"


@dataclass(frozen=True, slots=True)
class Value:
    """The value an event moved: ``amount`` in the minor unit of ``currency`` (ISO 4217)."""

    amount: int
    currency: str

    def __post_init__(self) -> None:
        if self.amount < 0:
            raise VfError("the value of an event cannot be negative")


@dataclass(frozen=True, slots=True)
class ChainStep:
    """One step of the chain, as evidence. ``inputs`` and ``added`` are in minor units of the
    chain's currency (0 for a step that is not valued); ``part`` is ``added`` over the chain's
    total value added (0 when nothing was added)."""

    event_id: str
    action: str
    agent_id: str | None
    is_coop: bool
    depth: int
    status: Status
    value: Value | None
    inputs: int
    added: int
    part: Fraction


@dataclass(frozen=True, slots=True)
class CoopShare:
    resource_id: str
    depth: int
    currency: str | None
    steps: tuple[ChainStep, ...]
    total_added: int
    coop_added: int
    # Whether the depth limit stopped the trace before its end.
    truncated: bool

    @property
    def share(self) -> Fraction | None:
        """The co-op share, from 0 to 1; None when no value was added."""
        if self.total_added == 0:
            return None
        return Fraction(self.coop_added, self.total_added)

    @property
    def valued_steps(self) -> int:
        return sum(1 for s in self.steps if s.status is Status.VALUED)

    @property
    def coverage(self) -> Fraction | None:
        """The part of the chain's steps that are valued; None when it has no step."""
        if not self.steps:
            return None
        return Fraction(self.valued_steps, len(self.steps))


def _chain_currency(values: list[Value]) -> str | None:
    counts = Counter(v.currency for v in values)
    if not counts:
        return None
    return min(counts, key=lambda code: (-counts[code], code))


def _consumers(graph: Flows, walked: tuple[Step, ...], valued: set[str]) -> dict[str, str]:
    """For each valued step, the valued step it is an input of: the nearest one downstream of it
    on the trace (fewest steps towards the resource; between equals, the nearest to the
    resource, then the first by identifier), if any. Walking every path, not only the one the
    trace reached it by, keeps a second, unvalued route to the same stock from taking a step's
    value elsewhere."""
    order = {s.id: (s.depth, s.id) for s in walked}
    downstream: dict[str, list[str]] = {}
    for step in walked:
        for upstream in previous(graph, step.id):
            if upstream in order:
                downstream.setdefault(upstream, []).append(step.id)
    consumers: dict[str, str] = {}
    for start in sorted(valued, key=order.__getitem__):
        seen, frontier = {start}, [start]
        while frontier:
            reached = sorted(
                {d for item in frontier for d in downstream.get(item, ()) if d not in seen},
                key=order.__getitem__,
            )
            found = [d for d in reached if d in valued]
            if found:
                consumers[start] = found[0]
                break
            seen.update(reached)
            frontier = reached
    return consumers


def coop_share(
    graph: Flows,
    resource_id: str,
    *,
    values: Mapping[str, Value],
    coops: Collection[str],
    depth: int,
) -> CoopShare:
    """The co-op share of ``resource_id``: ``values`` gives the value of each valued event (by
    its identifier; an event it does not name has none), ``coops`` the identifiers of the agents
    that are co-operatives, ``depth`` the trace's limit (``trace.trace``)."""
    if graph.kind_of(resource_id) is not Kind.RESOURCE:
        raise VfError(f"{resource_id} is not a resource of this graph")
    walked = trace(graph, resource_id, depth)
    events = [s for s in walked if s.kind is Kind.EVENT]
    chain = [(s, graph.event(s.id)) for s in events if graph.event(s.id).action in STEP_ACTIONS]
    currency = _chain_currency([values[s.id] for s, _e in chain if s.id in values])

    def status(step: Step) -> Status:
        value = values.get(step.id)
        if value is None:
            return Status.NOT_VALUED
        return Status.VALUED if value.currency == currency else Status.OTHER_CURRENCY

    statuses = {s.id: status(s) for s, _e in chain}
    valued = {i for i, st in statuses.items() if st is Status.VALUED}

    # Each valued step's value goes to the inputs of the nearest valued step downstream of it.
    inputs: Counter[str] = Counter()
    for step_id, consumer in _consumers(graph, walked, valued).items():
        inputs[consumer] += values[step_id].amount

    added = {i: max(0, values[i].amount - inputs[i]) for i in valued}
    total = sum(added.values())
    coop_total = 0
    out: list[ChainStep] = []
    for step, event in chain:
        is_coop = event.provider is not None and event.provider in coops
        step_added = added.get(step.id, 0)
        if is_coop:
            coop_total += step_added
        out.append(
            ChainStep(
                event_id=step.id,
                action=event.action,
                agent_id=event.provider,
                is_coop=is_coop,
                depth=step.depth,
                status=statuses[step.id],
                value=values.get(step.id),
                inputs=inputs[step.id],
                added=step_added,
                part=Fraction(step_added, total) if total else Fraction(0),
            )
        )
    # One step further reaches more only if the limit cut the trace short.
    truncated = len(trace(graph, resource_id, depth + 1)) > len(walked)
    return CoopShare(
        resource_id=resource_id,
        depth=depth,
        currency=currency,
        steps=tuple(out),
        total_added=total,
        coop_added=coop_total,
        truncated=truncated,
    )
