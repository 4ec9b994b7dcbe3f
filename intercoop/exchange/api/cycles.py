"""Order cycles in the API: the open and upcoming ones (public, a page at a time), one cycle with
its suppliers and buying groups (public; its fees only to the coordinator's administrators), and
setting one up (the coordinator's administrators, with a token or the session)."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from django.core.paginator import Paginator
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from intercoop.accounts.api_auth import caller, token_or_session
from intercoop.accounts.http import AuthedRequest
from intercoop.api.errors import AUTHENTICATED, errors
from intercoop.api.types import NOT_BLANK, Integer, Text
from intercoop.core.errors import ServiceError
from intercoop.exchange.models import OrderCycle
from intercoop.exchange.selectors import cycles as selectors
from intercoop.exchange.services import cycles as services
from intercoop.organizations.models import Organization
from intercoop.organizations.policy import Perm, authorize, has_perm

router = Router(tags=["cycles"])

PAGE_SIZE = 50
MAX_PAGE = 1000


class OrganizationRef(Schema):
    id: int
    slug: str
    name: str


class FeeOut(Schema):
    id: int
    name: str
    role: str = Field(..., description="`coordinator`, `supplier` or `distributor`.")
    basis: str = Field(..., description="`per_item` or `per_order`.")
    amount: int = Field(..., description="Fixed amount in minor units of the cycle's currency.")
    rate_bp: int = Field(..., description="Rate of the goods in basis points (250 = 2.5 %).")
    supplier_id: int | None = Field(..., description="Narrowed to this supplier's offers.")
    hub_id: int | None = Field(..., description="Narrowed to this buying group's members.")


class CycleOut(Schema):
    uuid: UUID
    name: str
    description: str
    coordinator: OrganizationRef
    currency: str = Field(..., description="ISO 4217 code; every amount is in its minor unit.")
    opens_at: datetime
    closes_at: datetime
    closed_at: datetime | None
    state: str = Field(..., description="`upcoming`, `open`, `closing` or `closed`.")
    url: str = Field(..., description="Its page.")


class CycleDetailOut(CycleOut):
    suppliers: list[OrganizationRef]
    hubs: list[OrganizationRef] = Field(..., description="Its buying groups.")
    offer_count: int
    fees: list[FeeOut] | None = Field(
        ..., description="Only for the coordinator's administrators; null for anyone else."
    )


class CyclePageOut(Schema):
    count: int = Field(..., description="Every result, on all pages.")
    page: int
    pages: int
    results: list[CycleOut]


class CyclePageParams(Schema):
    page: int = Field(1, ge=1, le=MAX_PAGE, description="Page number, from 1.")


class CycleIn(Schema):
    organization_id: Integer = Field(
        ..., description="The coordinator: an organization you administer."
    )
    name: str = Field(..., min_length=1, max_length=services.MAX_NAME, pattern=NOT_BLANK)
    description: Text = Field("", max_length=services.MAX_DESCRIPTION)
    currency: str = Field(..., pattern=r"^[A-Z]{3}$", description="ISO 4217 code, such as EUR.")
    opens_at: datetime = Field(..., description="With a time zone.")
    closes_at: datetime = Field(
        ..., description="With a time zone, after `opens_at`, in the future."
    )


def _ref(org: Organization) -> OrganizationRef:
    return OrganizationRef(id=org.pk, slug=org.slug, name=org.name)


def _values(cycle: OrderCycle) -> dict[str, Any]:
    return {
        "uuid": cycle.uuid,
        "name": cycle.name,
        "description": cycle.description,
        "coordinator": _ref(cycle.coordinator),
        "currency": cycle.currency,
        "opens_at": cycle.opens_at,
        "closes_at": cycle.closes_at,
        "closed_at": cycle.closed_at,
        "state": selectors.cycle_state(cycle).value,
        "url": reverse("exchange:cycle", args=[cycle.uuid]),
    }


def _detail(cycle: OrderCycle, *, with_fees: bool) -> CycleDetailOut:
    fees = None
    if with_fees:
        fees = [
            FeeOut(
                id=fee.pk,
                name=fee.name,
                role=fee.role,
                basis=fee.basis,
                amount=fee.amount,
                rate_bp=fee.rate_bp,
                supplier_id=fee.supplier.supplier_id if fee.supplier else None,
                hub_id=fee.hub.hub_id if fee.hub else None,
            )
            for fee in selectors.fees_of(cycle)
        ]
    return CycleDetailOut(
        **_values(cycle),
        suppliers=[_ref(row.supplier) for row in selectors.suppliers_of(cycle)],
        hubs=[_ref(row.hub) for row in selectors.hubs_of(cycle)],
        offer_count=selectors.offer_count(cycle),
        fees=fees,
    )


@router.get(
    "",
    response={200: CyclePageOut, **errors(422)},
    operation_id="cycles_list",
    auth=None,
    summary="Order cycles open or upcoming, the soonest closing first, 50 a page",
    description="A page past the last gives the last page.",
)
def cycles_list(request: HttpRequest, params: Query[CyclePageParams]) -> CyclePageOut:
    page = Paginator(selectors.current_cycles(), PAGE_SIZE).get_page(params.page)
    return CyclePageOut(
        count=page.paginator.count,
        page=page.number,
        pages=page.paginator.num_pages,
        results=[CycleOut(**_values(c)) for c in page.object_list],
    )


@router.get(
    "/{cycle_uuid}",
    response={200: CycleDetailOut, **errors(401, 403, 404, 422)},
    operation_id="cycles_get",
    auth=None,
    summary="An order cycle, with its suppliers and buying groups; its fees to its coordinator",
    description=(
        "Public. The fees are given to the coordinator's administrators (with a token or the "
        "session), `null` to anyone else. A wrong token is a 401."
    ),
)
def cycles_get(request: HttpRequest, cycle_uuid: UUID) -> CycleDetailOut:
    cycle = selectors.cycle_by_uuid(cycle_uuid)
    if cycle is None:
        raise ServiceError(_("No such order cycle."), code="not_found", status=404)
    who = caller(request)
    return _detail(cycle, with_fees=has_perm(who, Perm.EDIT_PROFILE, cycle.coordinator))


@router.post(
    "",
    response={201: CycleDetailOut, **errors(*AUTHENTICATED, 404, 409, 422)},
    operation_id="cycles_create",
    auth=token_or_session,
    summary="Set up an order cycle coordinated by an organization you administer",
    description=(
        "It starts with no supplier, buying group or fee: add them on its page. The same cycle "
        "(coordinator, name, opening and closing times) sent again while the first is not "
        "closed is a 409 `duplicate_cycle`; a refused value a 422 with its code "
        "(`invalid_currency`, `invalid_times`…)."
    ),
)
def cycles_create(request: AuthedRequest, payload: CycleIn) -> Status[CycleDetailOut]:
    org = get_object_or_404(Organization, pk=payload.organization_id)
    authorize(request.user, Perm.EDIT_PROFILE, org)
    try:
        cycle = services.cycle_create(
            coordinator=org,
            by=request.user,
            name=payload.name,
            description=payload.description,
            currency=payload.currency,
            opens_at=payload.opens_at,
            closes_at=payload.closes_at,
        )
    except ServiceError as exc:
        if exc.status == 400:
            exc.status = 422
        raise
    cycle = OrderCycle.objects.select_related("coordinator").get(pk=cycle.pk)
    return Status(201, _detail(cycle, with_fees=True))
