"""Traceability in the API: a resource (public) with the address of its Valueflows document, its
trace and its track as nodes and edges (public), an order cycle's Valueflows document address
(public), and recording an event on a resource of an organization (its administrators, with a
token or the session). Three routers, added in ``apps.py`` under ``/resources``, ``/cycles``
(beside the order cycles' operations) and ``/organizations``."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Annotated, Literal
from uuid import UUID

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from intercoop.accounts.api_auth import token_or_session
from intercoop.accounts.http import AuthedRequest
from intercoop.api.errors import AUTHENTICATED, errors
from intercoop.api.types import A_NUMBER, Integer, Number, Text
from intercoop.core.errors import ServiceError
from intercoop.exchange.dfc.catalogue import decimal_text
from intercoop.exchange.models import EconomicEvent, EconomicResource, OrderLine
from intercoop.exchange.selectors import trace as selectors
from intercoop.exchange.services import trace as services
from intercoop.exchange.valueflows.trace import Step
from intercoop.organizations.models import Organization
from intercoop.organizations.policy import Perm, authorize

resources_router = Router(tags=["traceability"])
cycles_router = Router(tags=["traceability"])
organizations_router = Router(tags=["traceability"])


class ResourceOut(Schema):
    uuid: UUID
    name: str
    tracking_identifier: str = Field(..., description="Its lot or tracking number; may be empty.")
    unit: str = Field(..., description="OM 2 unit: `one` (items), `kilogram`, `gram`, `litre`…")
    accounting_quantity: str = Field(..., description="Decimal text.")
    onhand_quantity: str = Field(..., description="Decimal text.")
    organization_id: int = Field(..., description="Its primary accountable organization.")
    organization_slug: str
    iri: str = Field(..., description="Its Valueflows identifier.")
    url: str = Field(..., description="Its page, with its trace and track.")
    jsonld_url: str = Field(
        ..., description="Its Valueflows JSON-LD document (`?depth=` as for the trace)."
    )


class NodeOut(Schema):
    id: str = Field(..., description="The IRI of the resource, event or process.")
    kind: str = Field(..., description="`EconomicResource`, `EconomicEvent` or `Process`.")
    depth: int = Field(..., description="Steps from the start.")
    parent: str | None = Field(..., description="The node it was reached from.")
    uuid: UUID | None
    label: str = Field(..., description="A resource's or process's name, an event's action.")


class EdgeOut(Schema):
    source: str = Field(..., description="The node nearer the start.")
    target: str


class WalkOut(Schema):
    start: str
    depth: int
    direction: Literal["trace", "track"]
    nodes: list[NodeOut]
    edges: list[EdgeOut]


class DepthParams(Schema):
    depth: int = Field(
        selectors.DEFAULT_DEPTH,
        ge=0,
        le=selectors.MAX_DEPTH,
        description=f"Steps to follow, from 0 to {selectors.MAX_DEPTH}.",
    )


class CycleValueflowsOut(Schema):
    uuid: UUID
    name: str
    closed: bool
    jsonld_url: str = Field(
        ...,
        description=(
            "The cycle's Valueflows JSON-LD: each buying group's order (Agreement), what it "
            "ordered of each offer (Commitment) and the events that deliver them."
        ),
    )


def _resource_out(resource: EconomicResource) -> ResourceOut:
    org = resource.primary_accountable
    return ResourceOut(
        uuid=resource.uuid,
        name=resource.name,
        tracking_identifier=resource.tracking_identifier,
        unit=resource.unit,
        accounting_quantity=decimal_text(resource.accounting_quantity),
        onhand_quantity=decimal_text(resource.onhand_quantity),
        organization_id=org.pk,
        organization_slug=org.slug,
        iri=selectors.resource_iri(resource.uuid),
        url=selectors.public_url(reverse("exchange:resource", args=[resource.uuid])),
        jsonld_url=selectors.resource_jsonld_url(resource),
    )


def _resource(resource_uuid: UUID) -> EconomicResource:
    resource = selectors.resource_by_uuid(resource_uuid)
    if resource is None:
        raise ServiceError(_("No such resource."), code="not_found", status=404)
    return resource


def _walk_out(
    steps: tuple[Step, ...], start: str, depth: int, direction: Literal["trace", "track"]
) -> WalkOut:
    labels = selectors.step_labels(steps)
    return WalkOut(
        start=start,
        depth=depth,
        direction=direction,
        nodes=[
            NodeOut(
                id=s.id,
                kind=s.kind.value,
                depth=s.depth,
                parent=s.parent,
                uuid=labels[s.id][0] if s.id in labels else None,
                label=labels[s.id][1] if s.id in labels else "",
            )
            for s in steps
        ],
        edges=[EdgeOut(source=s.parent, target=s.id) for s in steps if s.parent is not None],
    )


@resources_router.get(
    "/{resource_uuid}",
    response={200: ResourceOut, **errors(404, 422)},
    operation_id="resources_get",
    auth=None,
    summary="An economic resource, with its page and its Valueflows document",
)
def resources_get(request: HttpRequest, resource_uuid: UUID) -> ResourceOut:
    return _resource_out(_resource(resource_uuid))


@resources_router.get(
    "/{resource_uuid}/trace",
    response={200: WalkOut, **errors(404, 422)},
    operation_id="resources_trace",
    auth=None,
    summary="Where a resource came from: the Valueflows trace, as nodes and edges",
    description=(
        "Breadth first: every resource, event and process at most `depth` steps back, once, "
        "at its shortest distance, with the node it was reached from (docs/exchange.md)."
    ),
)
def resources_trace(
    request: HttpRequest, resource_uuid: UUID, params: Query[DepthParams]
) -> WalkOut:
    resource = _resource(resource_uuid)
    _graph, steps = selectors.trace_graph(resource, params.depth)
    return _walk_out(steps, selectors.resource_iri(resource.uuid), params.depth, "trace")


@resources_router.get(
    "/{resource_uuid}/track",
    response={200: WalkOut, **errors(404, 422)},
    operation_id="resources_track",
    auth=None,
    summary="Where a resource went: the Valueflows track, as nodes and edges",
)
def resources_track(
    request: HttpRequest, resource_uuid: UUID, params: Query[DepthParams]
) -> WalkOut:
    resource = _resource(resource_uuid)
    _graph, steps = selectors.track_graph(resource, params.depth)
    return _walk_out(steps, selectors.resource_iri(resource.uuid), params.depth, "track")


@cycles_router.get(
    "/{cycle_uuid}/valueflows",
    response={200: CycleValueflowsOut, **errors(404, 422)},
    operation_id="cycles_valueflows",
    auth=None,
    summary="The address of an order cycle's Valueflows document",
)
def cycles_valueflows(request: HttpRequest, cycle_uuid: UUID) -> CycleValueflowsOut:
    cycle = selectors.cycle_by_uuid(cycle_uuid)
    if cycle is None:
        raise ServiceError(_("No such order cycle."), code="not_found", status=404)
    return CycleValueflowsOut(
        uuid=cycle.uuid,
        name=cycle.name,
        closed=cycle.closed_at is not None,
        jsonld_url=selectors.cycle_jsonld_url(cycle),
    )


Action = Literal["transfer", "transferCustody", "move", "raise", "lower"]


class EventIn(Schema):
    uuid: UUID | None = Field(
        None,
        description=(
            "The new event's uuid, chosen by the client: sending it again returns the event "
            "already recorded instead of recording it twice."
        ),
    )
    action: Action
    resource: UUID = Field(..., description="One of the organization's resources.")
    quantity: Number = Field(..., gt=0, lt=1e11, description="At most 3 decimals.")
    receiver_id: Integer | None = Field(
        None, description="The receiving organization (a transfer); none for the others."
    )
    to_resource: UUID | None = Field(
        None, description="The receiver's resource it goes into; none: a new one."
    )
    fulfils: list[Annotated[int, A_NUMBER]] = Field(
        [],
        max_length=1000,
        description=(
            "Order lines of a closed cycle it delivers: of one offer this organization "
            "supplied, ordered through the receiver."
        ),
    )
    value: Annotated[int, Field(ge=0, lt=10**15), A_NUMBER] | None = Field(
        None,
        description="Minor units of `currency`; none with `fulfils`: what the closing invoiced.",
    )
    currency: str = Field("", pattern=r"^([A-Z]{3})?$", description="ISO 4217.")
    note: Text = Field("", max_length=2000)
    at: datetime | None = Field(None, description="With a time zone; none: now.")


class EventOut(Schema):
    uuid: UUID
    action: str
    provider_id: int | None
    receiver_id: int | None
    resource: UUID | None
    to_resource: UUID | None
    quantity: str | None = Field(..., description="Decimal text.")
    unit: str
    has_point_in_time: datetime
    fulfils: list[int]
    value: int | None = Field(..., description="Minor units of `currency`.")
    currency: str
    iri: str


def _event_out(event: EconomicEvent) -> EventOut:
    source, target = event.resource_inventoried_as, event.to_resource_inventoried_as
    return EventOut(
        uuid=event.uuid,
        action=event.action,
        provider_id=event.provider_id,
        receiver_id=event.receiver_id,
        resource=source.uuid if source else None,
        to_resource=target.uuid if target else None,
        quantity=None
        if event.resource_quantity is None
        else decimal_text(Decimal(event.resource_quantity)),
        unit=event.unit,
        has_point_in_time=event.has_point_in_time,
        fulfils=sorted(line.pk for line in event.fulfills.all()),
        value=event.value,
        currency=event.currency,
        iri=selectors.event_iri(event.uuid),
    )


@organizations_router.post(
    "/{org_id}/events",
    response={201: EventOut, **errors(*AUTHENTICATED, 404, 409, 422)},
    operation_id="organizations_events_create",
    auth=token_or_session,
    summary="Record an event on a resource of an organization you administer",
    description=(
        "A `transfer` (rights and custody), `transferCustody` or `move` of a quantity of the "
        "resource into the receiver's resource (a new one when `to_resource` is none), or a "
        "`raise` / `lower` of its stock. Refused with a 422 and a stable code: "
        "`insufficient` (it would take the stock below 0), `not_yours`, `invalid_fulfils`, "
        "`invalid_quantity`, `invalid_receiver`, `valueflows`… Nothing is written then."
    ),
)
def organizations_events_create(
    request: AuthedRequest, org_id: int, payload: EventIn
) -> Status[EventOut]:
    org = get_object_or_404(Organization, pk=org_id)
    authorize(request.user, Perm.EDIT_PROFILE, org)
    resource = selectors.resource_by_uuid(payload.resource)
    if resource is None:
        raise ServiceError(_("No such resource."), code="not_found", status=404)
    receiver = None
    if payload.receiver_id is not None:
        receiver = get_object_or_404(Organization, pk=payload.receiver_id)
    to_resource = None
    if payload.to_resource is not None:
        to_resource = selectors.resource_by_uuid(payload.to_resource)
        if to_resource is None:
            raise ServiceError(_("No such resource."), code="not_found", status=404)
    lines = list(
        OrderLine.objects.filter(pk__in=payload.fulfils).select_related(
            "order__cycle", "order__hub", "offer__supplier"
        )
    )
    if len(lines) != len(set(payload.fulfils)):
        raise ServiceError(_("No such order line."), code="not_found", status=404)
    try:
        event = services.event_record(
            organization=org,
            by=request.user,
            action=payload.action,
            resource=resource,
            quantity=Decimal(str(payload.quantity)),
            receiver=receiver,
            to_resource=to_resource,
            fulfils=lines,
            value=payload.value,
            currency=payload.currency,
            note=payload.note,
            at=payload.at,
            uuid=payload.uuid,
        )
    except ServiceError as exc:
        if exc.status == 400:
            exc.status = 422
        raise
    return Status(201, _event_out(event))
