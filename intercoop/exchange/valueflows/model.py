"""The Valueflows records the traceability works on: agents, resource specifications, economic
resources, processes, economic events, and the agreements (orders) and commitments (order lines)
that events fulfil. Identifiers are IRIs (strings); references between records are identifiers,
so a record may name another that the graph does not hold."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from enum import StrEnum

from .actions import VfError, action_spec

__all__ = [
    "Agent",
    "Agreement",
    "Commitment",
    "EconomicEvent",
    "EconomicResource",
    "Kind",
    "Measure",
    "Process",
    "ResourceSpecification",
    "VfError",
]


class Kind(StrEnum):
    """What a node of the flow graph is; the values are the Valueflows class names."""

    RESOURCE = "EconomicResource"
    EVENT = "EconomicEvent"
    PROCESS = "Process"


def _aware(name: str, value: datetime | None) -> None:
    if value is not None and value.utcoffset() is None:
        raise VfError(f"{name} must carry a time zone offset")


@dataclass(frozen=True, slots=True)
class Measure:
    """A quantity; ``has_unit`` is a unit label, an OM 2 unit name (``kilogram``, ``one``)."""

    has_numerical_value: Decimal
    has_unit: str


@dataclass(frozen=True, slots=True)
class Agent:
    id: str
    name: str
    kind: str = "Organization"  # Agent, Person, Organization or EcologicalAgent
    note: str | None = None

    def __post_init__(self) -> None:
        if self.kind not in ("Agent", "Person", "Organization", "EcologicalAgent"):
            raise VfError(f"{self.kind!r} is not a kind of Valueflows agent")


@dataclass(frozen=True, slots=True)
class ResourceSpecification:
    id: str
    name: str | None = None
    note: str | None = None


@dataclass(frozen=True, slots=True)
class EconomicResource:
    id: str
    conforms_to: str | None = None
    name: str | None = None
    tracking_identifier: str | None = None
    accounting_quantity: Measure | None = None
    onhand_quantity: Measure | None = None
    primary_accountable: str | None = None
    contained_in: str | None = None
    state: str | None = None
    note: str | None = None


@dataclass(frozen=True, slots=True)
class Process:
    id: str
    name: str | None = None
    note: str | None = None
    has_beginning: datetime | None = None
    has_end: datetime | None = None
    finished: bool | None = None
    in_scope_of: str | None = None

    def __post_init__(self) -> None:
        _aware("hasBeginning", self.has_beginning)
        _aware("hasEnd", self.has_end)


@dataclass(frozen=True, slots=True)
class EconomicEvent:
    """An observed flow. ``fulfills`` names the commitments (order lines) it fulfils,
    ``realization_of`` the agreement (order) it realizes, ``satisfies`` the intents (offers,
    needs) it satisfies without a commitment."""

    id: str
    action: str
    provider: str | None = None
    receiver: str | None = None
    resource_inventoried_as: str | None = None
    to_resource_inventoried_as: str | None = None
    resource_conforms_to: str | None = None
    resource_quantity: Measure | None = None
    effort_quantity: Measure | None = None
    input_of: str | None = None
    output_of: str | None = None
    has_point_in_time: datetime | None = None
    has_beginning: datetime | None = None
    has_end: datetime | None = None
    fulfills: tuple[str, ...] = ()
    satisfies: tuple[str, ...] = ()
    realization_of: str | None = None
    reciprocal_realization_of: str | None = None
    corrects: str | None = None
    state: str | None = None
    note: str | None = None

    def __post_init__(self) -> None:
        spec = action_spec(self.action) if self.action else None
        if spec is None:
            raise VfError("an economic event needs an action")
        if self.input_of is not None and not spec.may_be_input:
            raise VfError(f"a {self.action} event cannot be the input of a process")
        if self.output_of is not None and not spec.may_be_output:
            raise VfError(f"a {self.action} event cannot be the output of a process")
        if self.input_of is not None and self.input_of == self.output_of:
            raise VfError("an event cannot be both an input and an output of the same process")
        _aware("hasPointInTime", self.has_point_in_time)
        _aware("hasBeginning", self.has_beginning)
        _aware("hasEnd", self.has_end)

    @property
    def when(self) -> datetime | None:
        """When it happened: its point in time, else its end, else its beginning."""
        return self.has_point_in_time or self.has_end or self.has_beginning


@dataclass(frozen=True, slots=True)
class Agreement:
    """An order, for instance: the events that deliver it are its realizations."""

    id: str
    name: str | None = None
    created: datetime | None = None
    note: str | None = None

    def __post_init__(self) -> None:
        _aware("created", self.created)


@dataclass(frozen=True, slots=True)
class Commitment:
    """An order line, for instance: a promised flow that events fulfil."""

    id: str
    action: str
    provider: str | None = None
    receiver: str | None = None
    resource_conforms_to: str | None = None
    resource_quantity: Measure | None = None
    clause_of: str | None = None
    due: datetime | None = None
    note: str | None = None

    def __post_init__(self) -> None:
        action_spec(self.action)
        _aware("due", self.due)
