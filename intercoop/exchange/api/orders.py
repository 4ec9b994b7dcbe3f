"""Buying in an order cycle through the API, for the people of its buying groups (a token or
the session): the offers with where each stands, as on the buying page, and the caller's own
order, read and set whole. Money is in integer minor units of the cycle's currency."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Annotated
from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from intercoop.accounts.api_auth import token_or_session
from intercoop.accounts.http import AuthedRequest
from intercoop.api.errors import AUTHENTICATED, errors
from intercoop.api.types import A_NUMBER, Text
from intercoop.core.errors import ServiceError
from intercoop.exchange.models import CycleHub, CycleOffer, Listing, MemberOrder, OrderCycle
from intercoop.exchange.selectors import orders as selectors
from intercoop.exchange.selectors.cycles import cycle_state
from intercoop.exchange.services import orders as services

router = Router(tags=["orders"])

PAGE_SIZE = 50
MAX_PAGE = 1000
MAX_ID = 2**63 - 1

Category = Annotated[str, Field(pattern="^(" + "|".join(Listing.Category.values) + ")$")]


class BuyFeePartOut(Schema):
    name: str
    role: str = Field(..., description="Paid to: coordinator, supplier or distributor.")
    amount: int


class BuyPriceOut(Schema):
    supplier_price: int
    fees: list[BuyFeePartOut] = Field(..., description="Each per-item fee on one unit.")
    total: int


class BuyTierOut(Schema):
    min_cases: int
    unit_price: int


class BuyProgressOut(Schema):
    ordered_units: int = Field(..., description="By every member, so far.")
    tolerance_offered: int
    full_cases: int
    units_in_open_case: int
    units_to_fill_case: int
    open_case_fills_by_tolerance: bool
    cases_if_closed_now: int
    tier_min_cases: int = Field(..., description="0: no tier reached yet.")
    unit_price_now: int
    next_tier_min_cases: int | None
    next_tier_unit_price: int | None
    units_to_next_tier: int | None


class BuyOwnLineOut(Schema):
    quantity: int
    tolerance: int
    seen_unit_price: int
    placed_at: datetime


class BuyOfferOut(Schema):
    id: int
    name: str
    supplier_id: int = Field(..., description="The supplier organization's id.")
    supplier_name: str
    category: str
    unit: str
    quantity: str = Field(..., description="What one unit holds, a decimal number as text.")
    case_size: int
    tiers: list[BuyTierOut]
    price: BuyPriceOut = Field(
        ..., description="One unit at the price closing now would give, for your buying group."
    )
    progress: BuyProgressOut
    mine: BuyOwnLineOut | None = Field(..., description="Your line, if you ordered it.")


class BuyOfferPageOut(Schema):
    currency: str
    count: int
    page: int
    pages: int
    results: list[BuyOfferOut]


class BuyOfferParams(Schema):
    q: Text = Field("", max_length=200, description="Words in the offer's name.")
    supplier: int | None = Field(None, ge=1, le=MAX_ID, description="A supplier organization's id.")
    category: Category | None = None
    page: int = Field(1, ge=1, le=MAX_PAGE, description="Page number, from 1.")


class MemberOrderLineOut(Schema):
    offer_id: int
    name: str
    quantity: int
    tolerance: int
    seen_unit_price: int
    placed_at: datetime


class MemberOrderOut(Schema):
    cycle: UUID
    state: str = Field(..., description="upcoming, open, closing or closed.")
    currency: str
    hub_id: int | None = Field(..., description="The buying group's organization id.")
    hub_name: str | None
    lines: list[MemberOrderLineOut]


class MemberOrderLineIn(Schema):
    offer_id: Annotated[int, Field(ge=1, le=MAX_ID), A_NUMBER]
    quantity: Annotated[int, Field(ge=0, le=services.MAX_QUANTITY), A_NUMBER] = Field(
        ..., description="Units; 0 leaves the offer out."
    )
    tolerance: Annotated[int, Field(ge=0, le=services.MAX_QUANTITY), A_NUMBER] = Field(
        0, description="Units more you accept to fill a case: below the case size."
    )


class MemberOrderIn(Schema):
    hub_id: Annotated[int, Field(ge=1, le=MAX_ID), A_NUMBER] | None = Field(
        None,
        description=(
            "The buying group's organization id: needed on a first order when you are in "
            "several of the cycle's groups."
        ),
    )
    lines: list[MemberOrderLineIn] = Field(..., max_length=services.MAX_LINES)


def _buyer(request: AuthedRequest, cycle_uuid: UUID) -> tuple[OrderCycle, list[CycleHub]]:
    cycle = selectors.cycle_by_uuid(cycle_uuid)
    if cycle is None:
        raise ServiceError(_("No such order cycle."), code="not_found", status=404)
    groups = selectors.buying_groups_for(cycle, request.user)
    if not groups:
        raise PermissionDenied("not_a_buyer")
    return cycle, groups


def _offer_out(row: selectors.OfferRow, pricing: selectors.Pricing) -> BuyOfferOut:
    offer: CycleOffer = row.offer
    p, split = row.progress, row.split
    return BuyOfferOut(
        id=offer.pk,
        name=offer.name,
        supplier_id=offer.supplier.supplier_id,
        supplier_name=offer.supplier.supplier.name,
        category=offer.category,
        unit=offer.unit,
        quantity=str(Decimal(offer.quantity).normalize()),
        case_size=offer.case_size,
        tiers=[
            BuyTierOut(min_cases=t.min_cases, unit_price=t.unit_price) for t in offer.tiers.all()
        ],
        price=BuyPriceOut(
            supplier_price=split.supplier_price,
            fees=[
                BuyFeePartOut(
                    name=pricing.fee_names[f.fee_id][0], role=f.role.value, amount=f.amount
                )
                for f in split.fees
            ],
            total=split.total,
        ),
        progress=BuyProgressOut(
            ordered_units=p.ordered_units,
            tolerance_offered=p.tolerance_offered,
            full_cases=p.full_cases,
            units_in_open_case=p.units_in_open_case,
            units_to_fill_case=p.units_to_fill_case,
            open_case_fills_by_tolerance=p.open_case_fills_by_tolerance,
            cases_if_closed_now=p.cases_if_closed_now,
            tier_min_cases=p.tier_min_cases,
            unit_price_now=p.unit_price_now,
            next_tier_min_cases=p.next_tier_min_cases,
            next_tier_unit_price=p.next_tier_unit_price,
            units_to_next_tier=p.units_to_next_tier,
        ),
        mine=(
            None
            if row.line is None
            else BuyOwnLineOut(
                quantity=row.line.quantity,
                tolerance=row.line.tolerance,
                seen_unit_price=row.line.seen_unit_price,
                placed_at=row.line.placed_at,
            )
        ),
    )


def _order_out(cycle: OrderCycle, order: MemberOrder | None) -> MemberOrderOut:
    return MemberOrderOut(
        cycle=cycle.uuid,
        state=cycle_state(cycle).value,
        currency=cycle.currency,
        hub_id=None if order is None else order.hub.hub_id,
        hub_name=None if order is None else order.hub.hub.name,
        lines=[
            MemberOrderLineOut(
                offer_id=line.offer_id,
                name=line.offer.name,
                quantity=line.quantity,
                tolerance=line.tolerance,
                seen_unit_price=line.seen_unit_price,
                placed_at=line.placed_at,
            )
            for line in selectors.own_lines(order)
        ],
    )


@router.get(
    "/{cycle_uuid}/offers",
    response={200: BuyOfferPageOut, **errors(*AUTHENTICATED, 404, 422)},
    operation_id="cycles_offers_list",
    auth=token_or_session,
    summary="A cycle's offers as its buying page shows them, by name, 50 a page",
    description=(
        "For the people of the cycle's buying groups. Each offer gives its price split for "
        "your buying group, the tier reached so far by every member's lines and what the next "
        "one needs, the case fill, and your own line. No other member's line is shown. A page "
        "past the last gives the last page."
    ),
)
def cycles_offers_list(
    request: AuthedRequest, cycle_uuid: UUID, params: Query[BuyOfferParams]
) -> BuyOfferPageOut:
    cycle, groups = _buyer(request, cycle_uuid)
    order = selectors.order_of(cycle, request.user)
    hub = order.hub if order is not None else (groups[0] if len(groups) == 1 else None)
    supplier = None
    if params.supplier is not None:
        found = [s for s in selectors.suppliers_of(cycle) if s.supplier_id == params.supplier]
        supplier = found[0].pk if found else 0
    offers = selectors.buying_offers(
        cycle, words=params.q, supplier=supplier, category=params.category or ""
    )
    page = Paginator(offers, PAGE_SIZE).get_page(params.page)
    chosen = list(page.object_list)
    pricing = selectors.pricing_for(cycle, hub)
    rows = selectors.offer_rows(
        chosen, pricing=pricing, lines=selectors.own_lines(order, [o.pk for o in chosen])
    )
    return BuyOfferPageOut(
        currency=cycle.currency,
        count=page.paginator.count,
        page=page.number,
        pages=page.paginator.num_pages,
        results=[_offer_out(row, pricing) for row in rows],
    )


@router.get(
    "/{cycle_uuid}/order",
    response={200: MemberOrderOut, **errors(*AUTHENTICATED, 404, 422)},
    operation_id="cycles_order_get",
    auth=token_or_session,
    summary="Your order in a cycle (no lines when you have not ordered)",
)
def cycles_order_get(request: AuthedRequest, cycle_uuid: UUID) -> MemberOrderOut:
    cycle, _groups = _buyer(request, cycle_uuid)
    return _order_out(cycle, selectors.order_of(cycle, request.user))


@router.put(
    "/{cycle_uuid}/order",
    response={200: MemberOrderOut, **errors(*AUTHENTICATED, 404, 409, 422)},
    operation_id="cycles_order_put",
    auth=token_or_session,
    summary="Set your whole order in a cycle, all or nothing",
    description=(
        "The order becomes these lines: an offer left out, or with quantity 0, is removed. "
        "The price seen is the server's at that instant, set when a line is created or its "
        "quantity raised and kept when it is lowered. Sending the same order again changes "
        "nothing. A cycle not open is a 409 `cycle_not_open`; a bad line a 422 "
        "`invalid_order` naming each line in `details`."
    ),
)
def cycles_order_put(
    request: AuthedRequest, cycle_uuid: UUID, payload: MemberOrderIn
) -> MemberOrderOut:
    cycle, groups = _buyer(request, cycle_uuid)
    hub = None
    if payload.hub_id is not None:
        hub = next((g for g in groups if g.hub_id == payload.hub_id), None)
        if hub is None:
            raise ServiceError(
                _("Choose one of your buying groups in this cycle."), code="invalid_hub", status=422
            )
    try:
        services.order_save(
            cycle=cycle,
            member=request.user,
            lines=[services.LineInput(x.offer_id, x.quantity, x.tolerance) for x in payload.lines],
            hub=hub,
            replace=True,
        )
    except ServiceError as exc:
        if exc.status == 400:
            exc.status = 422
        raise
    return _order_out(cycle, selectors.order_of(cycle, request.user))
