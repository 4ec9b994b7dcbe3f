"""Reads of traceability: the stored economic resources, processes and events as the records of
``exchange.valueflows``, their track and trace, and their Valueflows JSON-LD documents.

For the co-op share, or any reader of a resource's trace::

    graph, steps = trace_graph(resource, depth=10)

``graph`` is a ``valueflows.graph.Graph`` of the records the walk needs (built from the
database, layer by layer, not from the whole of it); ``steps`` are the ``valueflows.trace.Step``
of the trace (where the resource came from), the resource itself first at depth 0, each with the
item it was reached from. Identifiers are IRIs (``resource_iri``, ``event_iri``,
``process_iri``); ``rows_of(graph)`` gives the database rows behind them (``EconomicEvent.value``
and ``currency``, the money of each event, are only there: Valueflows records carry no money).
``track_graph`` is the same forwards (where it went). ``resource_walks`` gives both at once, for
the resource's page and its document.

Identifiers are stable: built from ``settings.PUBLIC_URL`` and each record's ``uuid``
(``…/exchange/vf/resources/<uuid>``, ``…/events/<uuid>``, ``…/processes/<uuid>``); agents are
the organizations' directory IRIs (``…/orgs/<slug>/``); what a resource is, its catalogue
product's DFC IRI (``…/exchange/catalogues/<slug>/supplied_products/<sku>``, or the product's own
DFC IRI), else the resource's own specification (``<resource IRI>#specification``).

Orders: the public documents give each buying group's order in a cycle (the sum of its members'
orders, by offer) as an ``Agreement``, ``…/exchange/vf/cycles/<uuid>.jsonld#order-<hub>``, and
each offer it ordered as a ``Commitment`` of the supplier to the group,
``…#order-<hub>-offer-<id>``; members' own orders are not published. An event that delivers
order lines fulfils the commitment of their group and offer (the services allow one group and
one offer per event)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any
from urllib.parse import quote
from uuid import UUID

from django.conf import settings
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import pgettext_lazy

from intercoop.directory.jsonld import organization_iri
from intercoop.exchange.models import (
    CycleHub,
    CycleOffer,
    EconomicEvent,
    EconomicProcess,
    EconomicResource,
    OrderCycle,
    OrderLine,
    Product,
)
from intercoop.exchange.selectors.catalogues import catalogue_base_url
from intercoop.exchange.valueflows import model as vf
from intercoop.exchange.valueflows.graph import Graph
from intercoop.exchange.valueflows.jsonld import to_jsonld
from intercoop.exchange.valueflows.model import Kind
from intercoop.exchange.valueflows.trace import Step, trace, track
from intercoop.organizations.models import Organization

DEFAULT_DEPTH = 10
MAX_DEPTH = 50

# Units a resource is counted in (OM 2 names, as Valueflows measures take them), and the unit of
# effort (work, use).
RESOURCE_UNITS = ("one", "kilogram", "gram", "litre", "millilitre")
EFFORT_UNIT = "hour"
# Actions whose stored quantity is an effort (hours of work or of use), not a resource quantity.
EFFORT_ACTIONS = frozenset({"work", "use"})
# A catalogue product's unit (DFC) as the OM 2 unit a resource of it is counted in.
PRODUCT_UNITS = {
    "Kilogram": "kilogram",
    "Gram": "gram",
    "Litre": "litre",
    "Millilitre": "millilitre",
    "Piece": "one",
    "kg": "kilogram",
    "g": "gram",
    "l": "litre",
    "ml": "millilitre",
    "piece": "one",
}


UNIT_CHOICES = [
    ("one", pgettext_lazy("unit", "items")),
    ("kilogram", pgettext_lazy("unit", "kg")),
    ("gram", pgettext_lazy("unit", "g")),
    ("litre", pgettext_lazy("unit", "l")),
    ("millilitre", pgettext_lazy("unit", "ml")),
]
UNIT_LABELS: dict[str, Any] = {**dict(UNIT_CHOICES), "hour": pgettext_lazy("unit", "h")}


def unit_label(unit: str) -> str:
    """A unit as people read it, in their language."""
    return str(UNIT_LABELS.get(unit, unit))


# --- identifiers ----------------------------------------------------------------------------


def public_url(path: str) -> str:
    return settings.PUBLIC_URL.rstrip("/") + path


def _vf_base() -> str:
    # …/exchange/vf, where public_urls serves the documents.
    return public_url(reverse("exchange_public:resource_jsonld", args=[UUID(int=0)])).rsplit(
        "/resources/", 1
    )[0]


def resource_iri(uuid: UUID) -> str:
    return f"{_vf_base()}/resources/{uuid}"


def event_iri(uuid: UUID) -> str:
    return f"{_vf_base()}/events/{uuid}"


def process_iri(uuid: UUID) -> str:
    return f"{_vf_base()}/processes/{uuid}"


def agent_iri(org: Organization) -> str:
    return organization_iri(org.slug, base_url=settings.PUBLIC_URL)


def resource_jsonld_url(resource: EconomicResource) -> str:
    """The stable address of the resource's Valueflows document (its trace and track)."""
    return public_url(reverse("exchange_public:resource_jsonld", args=[resource.uuid]))


def cycle_jsonld_url(cycle: OrderCycle) -> str:
    """The stable address of the cycle's Valueflows document (its orders and deliveries)."""
    return public_url(reverse("exchange_public:cycle_jsonld", args=[cycle.uuid]))


def agreement_iri(hub: CycleHub) -> str:
    return f"{cycle_jsonld_url(hub.cycle)}#order-{hub.pk}"


def commitment_iri(hub: CycleHub, offer: CycleOffer) -> str:
    return f"{cycle_jsonld_url(hub.cycle)}#order-{hub.pk}-offer-{offer.pk}"


def product_iri(product: Product) -> str:
    if product.dfc_id:
        return product.dfc_id
    return f"{catalogue_base_url(product.supplier)}/supplied_products/{quote(product.sku, safe='')}"


def _uuid_of(iri: str) -> UUID | None:
    try:
        return UUID(iri.rsplit("/", 1)[-1])
    except ValueError:
        return None


# --- database rows as Valueflows records ----------------------------------------------------


def _aware(moment: datetime | None) -> datetime | None:
    if moment is None:
        return None
    return moment if timezone.is_aware(moment) else timezone.make_aware(moment)


def _measure(quantity: Decimal | None, unit: str) -> vf.Measure | None:
    if quantity is None or not unit:
        return None
    return vf.Measure(Decimal(quantity), unit)


def core_resource(resource: EconomicResource) -> vf.EconomicResource:
    """A stored resource as the core's record (its quantities as the database holds them)."""
    return vf.EconomicResource(
        id=resource_iri(resource.uuid),
        conforms_to=_specification_iri(resource),
        name=resource.name,
        tracking_identifier=resource.tracking_identifier or None,
        accounting_quantity=_measure(resource.accounting_quantity, resource.unit),
        onhand_quantity=_measure(resource.onhand_quantity, resource.unit),
        primary_accountable=agent_iri(resource.primary_accountable),
        note=resource.note or None,
    )


def _specification_iri(resource: EconomicResource) -> str:
    if resource.conforms_to is not None:
        return product_iri(resource.conforms_to)
    return resource_iri(resource.uuid) + "#specification"


def _specification(resource: EconomicResource) -> vf.ResourceSpecification:
    if resource.conforms_to is not None:
        return vf.ResourceSpecification(
            product_iri(resource.conforms_to), resource.conforms_to.name
        )
    return vf.ResourceSpecification(_specification_iri(resource), resource.name)


def core_process(process: EconomicProcess) -> vf.Process:
    return vf.Process(
        id=process_iri(process.uuid),
        name=process.name,
        note=process.note or None,
        has_beginning=_aware(process.has_beginning),
        has_end=_aware(process.has_end),
        finished=process.finished,
        in_scope_of=agent_iri(process.in_scope_of),
    )


def core_event(
    event: EconomicEvent,
    *,
    fulfils: Iterable[OrderLine] = (),
    resources: Mapping[int, EconomicResource] | None = None,
) -> vf.EconomicEvent:
    """A stored (or about to be stored) event as the core's record. ``fulfils``: the order lines
    it delivers (with ``order__hub`` and ``offer`` loaded); ``resources``: its resources by pk,
    when the caller has them (else they are read)."""

    def resource_ref(pk: int | None) -> str | None:
        if pk is None:
            return None
        row = (resources or {}).get(pk) or EconomicResource.objects.only("uuid").get(pk=pk)
        return resource_iri(row.uuid)

    def process_ref(process: EconomicProcess | None) -> str | None:
        return None if process is None else process_iri(process.uuid)

    effort = event.action in EFFORT_ACTIONS
    quantity = _measure(event.resource_quantity, event.unit)
    commitments = sorted({commitment_iri(line.order.hub, line.offer) for line in fulfils})
    agreements = sorted({agreement_iri(line.order.hub) for line in fulfils})
    return vf.EconomicEvent(
        id=event_iri(event.uuid),
        action=event.action,
        provider=agent_iri(event.provider) if event.provider is not None else None,
        receiver=agent_iri(event.receiver) if event.receiver is not None else None,
        resource_inventoried_as=resource_ref(event.resource_inventoried_as_id),
        to_resource_inventoried_as=resource_ref(event.to_resource_inventoried_as_id),
        resource_quantity=None if effort else quantity,
        effort_quantity=quantity if effort else None,
        input_of=process_ref(event.input_of) if event.input_of_id else None,
        output_of=process_ref(event.output_of) if event.output_of_id else None,
        has_point_in_time=_aware(event.has_point_in_time),
        fulfills=tuple(commitments),
        realization_of=agreements[0] if len(agreements) == 1 else None,
        corrects=event_iri(event.corrects.uuid) if event.corrects is not None else None,
        note=event.note or None,
    )


# --- walks over the database ----------------------------------------------------------------

_EVENT_RELATED = (
    "provider",
    "receiver",
    "resource_inventoried_as",
    "to_resource_inventoried_as",
    "input_of",
    "output_of",
    "corrects",
)


def _events() -> QuerySet[EconomicEvent]:
    return EconomicEvent.objects.select_related(*_EVENT_RELATED)


class _Rows:
    """The rows a walk has read, by primary key."""

    def __init__(self) -> None:
        self.events: dict[int, EconomicEvent] = {}
        self.processes: dict[int, EconomicProcess] = {}
        self.resources: dict[int, EconomicResource] = {}

    def add_events(self, events: Iterable[EconomicEvent]) -> list[EconomicEvent]:
        new = []
        for event in events:
            if event.pk not in self.events:
                self.events[event.pk] = event
                new.append(event)
        return new

    def add_resources(self, ids: Iterable[int]) -> list[int]:
        missing = {pk for pk in ids if pk not in self.resources}
        if missing:
            for row in EconomicResource.objects.filter(pk__in=missing).select_related(
                "primary_accountable", "conforms_to__supplier"
            ):
                self.resources[row.pk] = row
        return sorted(missing)

    def add_processes(self, ids: Iterable[int]) -> list[int]:
        missing = {pk for pk in ids if pk not in self.processes}
        if missing:
            for row in EconomicProcess.objects.filter(pk__in=missing).select_related("in_scope_of"):
                self.processes[row.pk] = row
        return sorted(missing)


def _collect(rows: _Rows, start: EconomicResource, depth: int, *, backwards: bool) -> None:
    """Read every record within ``depth`` steps of ``start``, in one direction, without the
    pairing rules: a superset of what the walk reaches, so the graph built from it answers the
    walk exactly as the whole database would."""
    rows.add_resources([start.pk])
    resources: list[int] = [start.pk]
    processes: list[int] = []
    for _ in range(depth):
        found: list[EconomicEvent] = []
        if resources:
            if backwards:
                made = (
                    Q(resource_inventoried_as__in=resources)
                    & (Q(output_of__isnull=False) | Q(action__in=("raise", "lower")))
                ) | Q(to_resource_inventoried_as__in=resources)
            else:
                made = Q(resource_inventoried_as__in=resources)
            found += _events().filter(made)
        if processes:
            side = "input_of__in" if backwards else "output_of__in"
            found += _events().filter(**{side: processes})
        events = rows.add_events(found)
        # One step further from each event: its process or its resource.
        next_processes: set[int] = set()
        next_resources: set[int] = set()
        for event in events:
            if backwards:
                if event.output_of_id is not None:
                    next_processes.add(event.output_of_id)
                elif event.action not in ("raise", "lower") and event.resource_inventoried_as_id:
                    next_resources.add(event.resource_inventoried_as_id)
            elif event.input_of_id is not None:
                next_processes.add(event.input_of_id)
            elif event.output_of_id is not None and event.resource_inventoried_as_id:
                next_resources.add(event.resource_inventoried_as_id)
            elif event.to_resource_inventoried_as_id is not None:
                next_resources.add(event.to_resource_inventoried_as_id)
        # Everything an event names is a record of the graph, reached or not.
        rows.add_resources(
            pk
            for e in events
            for pk in (e.resource_inventoried_as_id, e.to_resource_inventoried_as_id)
            if pk is not None
        )
        rows.add_processes(
            pk for e in events for pk in (e.input_of_id, e.output_of_id) if pk is not None
        )
        resources = sorted(next_resources)
        processes = sorted(next_processes)
        if not resources and not processes:
            break


def _graph(rows: _Rows, extra_events: Iterable[EconomicEvent] = ()) -> Graph:
    rows.add_events(extra_events)
    lines = _fulfilled_lines(rows.events)
    orgs: dict[int, Organization] = {}
    for event in rows.events.values():
        for org in (event.provider, event.receiver):
            if org is not None:
                orgs[org.pk] = org
    for resource in rows.resources.values():
        orgs[resource.primary_accountable_id] = resource.primary_accountable
    for process in rows.processes.values():
        orgs[process.in_scope_of_id] = process.in_scope_of
    agreements: dict[str, vf.Agreement] = {}
    commitments: dict[str, vf.Commitment] = {}
    specs = {s.id: s for s in (_specification(r) for r in rows.resources.values())}
    for fulfilled in lines.values():
        for line in fulfilled:
            hub, offer = line.order.hub, line.offer
            orgs[hub.hub_id] = hub.hub
            orgs[offer.supplier.supplier_id] = offer.supplier.supplier
            agreements.setdefault(agreement_iri(hub), _agreement(hub))
            key = commitment_iri(hub, offer)
            if key not in commitments:
                spec = _offer_specification(offer)
                specs.setdefault(spec.id, spec)
                commitments[key] = _commitment(hub, offer, spec.id, None)
    return Graph(
        events=[
            core_event(e, fulfils=lines.get(e.pk, ()), resources=rows.resources)
            for e in rows.events.values()
        ],
        processes=[core_process(p) for p in rows.processes.values()],
        resources=[core_resource(r) for r in rows.resources.values()],
        agents=[vf.Agent(agent_iri(o), o.name) for o in orgs.values()],
        specifications=specs.values(),
        agreements=agreements.values(),
        commitments=commitments.values(),
    )


def _fulfilled_lines(events: Iterable[int]) -> dict[int, list[OrderLine]]:
    """The order lines each event fulfils, by the event's pk."""
    through = EconomicEvent.fulfills.through
    found: dict[int, list[OrderLine]] = {}
    links = through.objects.filter(economicevent_id__in=list(events)).select_related(
        "orderline__order__hub__hub",
        "orderline__order__hub__cycle",
        "orderline__offer__supplier__supplier",
        "orderline__offer__product__supplier",
        "orderline__offer__cycle",
    )
    for link in links.order_by("pk"):
        found.setdefault(link.economicevent_id, []).append(link.orderline)
    return found


def _agreement(hub: CycleHub) -> vf.Agreement:
    cycle = hub.cycle
    return vf.Agreement(
        id=agreement_iri(hub),
        name=f"{cycle.name}: {hub.hub.name}",
        created=_aware(cycle.closed_at or cycle.closes_at),
    )


def _offer_specification(offer: CycleOffer) -> vf.ResourceSpecification:
    if offer.product is not None:
        return vf.ResourceSpecification(product_iri(offer.product), offer.product.name)
    return vf.ResourceSpecification(f"{cycle_jsonld_url(offer.cycle)}#offer-{offer.pk}", offer.name)


def _commitment(hub: CycleHub, offer: CycleOffer, spec: str, units: int | None) -> vf.Commitment:
    return vf.Commitment(
        id=commitment_iri(hub, offer),
        action="transfer",
        provider=agent_iri(offer.supplier.supplier),
        receiver=agent_iri(hub.hub),
        resource_conforms_to=spec,
        resource_quantity=None if units is None else vf.Measure(Decimal(units), "one"),
        clause_of=agreement_iri(hub),
    )


@dataclass(frozen=True)
class ResourceWalks:
    """A resource's trace and track in one graph, with the rows behind the records."""

    graph: Graph
    start: str
    trace: tuple[Step, ...]
    track: tuple[Step, ...]
    depth: int


def clamp_depth(depth: int | str | None) -> int:
    """A depth as a page or the API gives it: DEFAULT_DEPTH when missing or not a number,
    within 0 and MAX_DEPTH."""
    try:
        value = int(depth) if depth is not None and depth != "" else DEFAULT_DEPTH
    except (TypeError, ValueError):
        return DEFAULT_DEPTH
    return max(0, min(MAX_DEPTH, value))


def trace_graph(
    resource: EconomicResource, depth: int = DEFAULT_DEPTH
) -> tuple[Graph, tuple[Step, ...]]:
    """Where the resource came from: the graph and the steps of its trace (see the module)."""
    rows = _Rows()
    _collect(rows, resource, depth, backwards=True)
    graph = _graph(rows)
    return graph, trace(graph, resource_iri(resource.uuid), depth)


def track_graph(
    resource: EconomicResource, depth: int = DEFAULT_DEPTH
) -> tuple[Graph, tuple[Step, ...]]:
    """Where the resource went: the graph and the steps of its track."""
    rows = _Rows()
    _collect(rows, resource, depth, backwards=False)
    graph = _graph(rows)
    return graph, track(graph, resource_iri(resource.uuid), depth)


def resource_walks(resource: EconomicResource, depth: int = DEFAULT_DEPTH) -> ResourceWalks:
    rows = _Rows()
    _collect(rows, resource, depth, backwards=True)
    _collect(rows, resource, depth, backwards=False)
    graph = _graph(rows)
    start = resource_iri(resource.uuid)
    return ResourceWalks(
        graph, start, trace(graph, start, depth), track(graph, start, depth), depth
    )


@dataclass(frozen=True)
class Rows:
    """The database rows behind a graph's records, by IRI."""

    events: dict[str, EconomicEvent]
    processes: dict[str, EconomicProcess]
    resources: dict[str, EconomicResource]


def rows_of(graph: Graph) -> Rows:
    """The stored events, processes and resources of ``graph`` (one query each)."""

    def uuids(ids: Iterable[str]) -> list[UUID]:
        return [u for u in (_uuid_of(i) for i in ids) if u is not None]

    return Rows(
        events={
            event_iri(e.uuid): e
            for e in _events()
            .filter(uuid__in=uuids(graph.events))
            .prefetch_related("fulfills__order__cycle")
        },
        processes={
            process_iri(p.uuid): p
            for p in EconomicProcess.objects.filter(uuid__in=uuids(graph.processes)).select_related(
                "in_scope_of"
            )
        },
        resources={
            resource_iri(r.uuid): r
            for r in EconomicResource.objects.filter(
                uuid__in=uuids(graph.resources)
            ).select_related("primary_accountable", "conforms_to")
        },
    )


def step_labels(steps: Iterable[Step]) -> dict[str, tuple[UUID, str]]:
    """Each step's uuid and what to call it: a resource's or a process's name, an event's
    action (one query per kind)."""
    wanted: dict[Kind, dict[UUID, str]] = {}
    for step in steps:
        uuid = _uuid_of(step.id)
        if uuid is not None:
            wanted.setdefault(step.kind, {})[uuid] = step.id
    found: dict[str, tuple[UUID, str]] = {}
    for kind, model, field in (
        (Kind.EVENT, EconomicEvent, "action"),
        (Kind.PROCESS, EconomicProcess, "name"),
        (Kind.RESOURCE, EconomicResource, "name"),
    ):
        ids = wanted.get(kind, {})
        for uuid, label in model.objects.filter(uuid__in=list(ids)).values_list("uuid", field):
            found[ids[uuid]] = (uuid, label)
    return found


# --- documents ------------------------------------------------------------------------------


def resource_document(resource: EconomicResource, depth: int = DEFAULT_DEPTH) -> dict[str, Any]:
    """The resource, its trace and its track within ``depth``, as Valueflows JSON-LD."""
    walks = resource_walks(resource, depth)
    reached = {s.id for s in walks.trace} | {s.id for s in walks.track}
    return to_jsonld(walks.graph, only=sorted(reached))


def cycle_graph(cycle: OrderCycle) -> Graph:
    """The cycle's orders (one per buying group, ``Agreement``), what each ordered of each offer
    (``Commitment``: the units the closing allocated once it is closed, else those ordered so
    far), and the events that deliver them with the resources they name."""
    hubs = list(CycleHub.objects.filter(cycle=cycle).select_related("hub", "cycle"))
    offers = {
        o.pk: o
        for o in CycleOffer.objects.filter(cycle=cycle).select_related(
            "supplier__supplier", "product__supplier", "cycle"
        )
    }
    units = _units_by_hub_and_offer(cycle, hubs)
    agents = {h.hub_id: h.hub for h in hubs}
    agents.update({o.supplier.supplier_id: o.supplier.supplier for o in offers.values()})
    specs = {s.id: s for s in (_offer_specification(o) for o in offers.values())}
    commitments: dict[str, vf.Commitment] = {}
    for hub in hubs:
        for offer_id, count in sorted(units.get(hub.hub_id, {}).items()):
            offer = offers[offer_id]
            commitment = _commitment(hub, offer, _offer_specification(offer).id, count)
            commitments[commitment.id] = commitment
    rows = _Rows()
    delivering = _events().filter(fulfills__order__cycle=cycle).distinct()
    events = rows.add_events(delivering)
    rows.add_resources(
        pk
        for e in events
        for pk in (e.resource_inventoried_as_id, e.to_resource_inventoried_as_id)
        if pk is not None
    )
    delivered = _graph(rows)
    for spec in delivered.specifications.values():
        specs.setdefault(spec.id, spec)
    # A delivery of units the closing dropped still names its order: keep what it fulfils.
    for commitment in delivered.commitments.values():
        commitments.setdefault(commitment.id, commitment)
    named = {agent_iri(o): vf.Agent(agent_iri(o), o.name) for o in agents.values()}
    named.update(delivered.agents)
    agreements = {agreement_iri(h): _agreement(h) for h in hubs}
    agreements.update(delivered.agreements)
    return Graph(
        events=delivered.events.values(),
        resources=delivered.resources.values(),
        agents=named.values(),
        specifications=specs.values(),
        agreements=agreements.values(),
        commitments=commitments.values(),
    )


def _units_by_hub_and_offer(cycle: OrderCycle, hubs: list[CycleHub]) -> dict[int, dict[int, int]]:
    """{hub organization pk: {offer pk: units}}: the closing's delivery lines once the cycle is
    closed, else the units ordered so far."""
    found: dict[int, dict[int, int]] = {}
    closing = getattr(cycle, "closing", None) if cycle.closed_at is not None else None
    if closing is not None:
        for delivery in json.loads(closing.result).get("deliveries", []):
            for line in delivery.get("lines", []):
                if line["units"]:
                    hub = found.setdefault(int(line["hub_id"]), {})
                    hub[int(line["offer_id"])] = hub.get(int(line["offer_id"]), 0) + line["units"]
        return found
    for line in OrderLine.objects.filter(order__cycle=cycle).select_related("order__hub"):
        hub = found.setdefault(line.order.hub.hub_id, {})
        hub[line.offer_id] = hub.get(line.offer_id, 0) + line.quantity
    return found


def cycle_document(cycle: OrderCycle) -> dict[str, Any]:
    return to_jsonld(cycle_graph(cycle))


# --- pages ----------------------------------------------------------------------------------


def resource_by_uuid(uuid: UUID) -> EconomicResource | None:
    return (
        EconomicResource.objects.select_related("primary_accountable", "conforms_to")
        .filter(uuid=uuid)
        .first()
    )


def process_by_uuid(uuid: UUID) -> EconomicProcess | None:
    return EconomicProcess.objects.select_related("in_scope_of").filter(uuid=uuid).first()


def cycle_by_uuid(uuid: UUID) -> OrderCycle | None:
    return OrderCycle.objects.filter(uuid=uuid).first()


def resources_of(org: Organization) -> QuerySet[EconomicResource]:
    return EconomicResource.objects.filter(primary_accountable=org).select_related("conforms_to")


def processes_of(org: Organization) -> QuerySet[EconomicProcess]:
    return EconomicProcess.objects.filter(in_scope_of=org)


def recent_events_of(org: Organization, limit: int = 20) -> list[EconomicEvent]:
    """The organization's latest events, as provider or receiver."""
    return list(
        _events()
        .filter(Q(provider=org) | Q(receiver=org))
        .order_by("-has_point_in_time", "-pk")[:limit]
    )


def process_events(process: EconomicProcess) -> tuple[list[EconomicEvent], list[EconomicEvent]]:
    """The process's inputs and outputs, by time."""
    inputs = list(_events().filter(input_of=process).order_by("has_point_in_time", "pk"))
    outputs = list(_events().filter(output_of=process).order_by("has_point_in_time", "pk"))
    return inputs, outputs


def deliverable_lines(org: Organization) -> QuerySet[OrderLine]:
    """Order lines of closed cycles whose offer ``org`` supplied: what its deliveries may
    fulfil."""
    return (
        OrderLine.objects.filter(
            offer__supplier__supplier=org, order__cycle__closed_at__isnull=False
        )
        .select_related("order__hub__hub", "order__cycle", "offer")
        .order_by("-order__cycle__closes_at", "order__hub__pk", "offer__name", "pk")
    )


def delivery_lines(cycle: OrderCycle, supplier: Organization) -> list[dict[str, int]]:
    """The closing's delivery lines of ``supplier`` (hub organization pk, offer pk, units,
    goods in minor units); none before the cycle is closed."""
    closing = getattr(cycle, "closing", None) if cycle.closed_at is not None else None
    if closing is None:
        return []
    for delivery in json.loads(closing.result).get("deliveries", []):
        if str(delivery.get("supplier_id")) == str(supplier.pk):
            return [
                {
                    "hub": int(line["hub_id"]),
                    "offer": int(line["offer_id"]),
                    "units": int(line["units"]),
                    "goods": int(line["goods"]),
                }
                for line in delivery.get("lines", [])
            ]
    return []
