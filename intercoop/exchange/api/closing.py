"""A closed order cycle in the API: its closing as the coordinator's summary shows it (each
offer's outcome, the payouts, each invoice's totals, the digest of the stored result), for the
coordinator's administrators only."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from django.utils.translation import gettext as _
from ninja import Field, Router, Schema

from intercoop.accounts.api_auth import token_or_session
from intercoop.accounts.http import AuthedRequest
from intercoop.api.errors import AUTHENTICATED, errors
from intercoop.core.errors import ServiceError
from intercoop.exchange.models import OrderCycle
from intercoop.exchange.selectors import closing as selectors
from intercoop.organizations.policy import Perm, authorize

router = Router(tags=["cycles"])


class OfferOutcomeOut(Schema):
    offer_id: int
    supplier_id: int = Field(..., description="The supplying organization's id.")
    case_size: int
    ordered_units: int
    tolerance_offered: int
    tolerance_used: int = Field(..., description="Units added from tolerance to fill a case.")
    dropped_units: int = Field(..., description="Units of a partial case that was dropped.")
    allocated_units: int
    cases: int
    outcome: str = Field(..., description="`exact`, `filled`, `dropped` or `none`.")
    tier_min_cases: int = Field(..., description="The tier reached; 0: the base price.")
    tier_unit_price: int


class PayoutOut(Schema):
    role: str = Field(..., description="`coordinator`, `supplier` or `distributor`.")
    organization_id: int
    goods: int
    fees: int


class InvoiceTotalsOut(Schema):
    number: str = Field(..., description="`IC-<cycle id>-<n>`, stable once closed.")
    member_id: int
    hub_id: int = Field(..., description="The buying group's organization id.")
    goods: int
    fees: int
    total: int


class ClosingOut(Schema):
    cycle_uuid: UUID
    currency: str = Field(..., description="ISO 4217; every amount is in its minor unit.")
    closed_at: datetime
    digest: str = Field(..., description="SHA-256 of the stored result's canonical JSON.")
    offers: list[OfferOutcomeOut]
    payouts: list[PayoutOut]
    invoices: list[InvoiceTotalsOut]
    goods: int
    fees_by_role: dict[str, int]
    invoiced: int = Field(..., description="The invoices' total; equals the payouts' total.")


@router.get(
    "/{cycle_uuid}/closing",
    response={200: ClosingOut, **errors(*AUTHENTICATED, 404, 409, 422)},
    operation_id="cycles_closing_get",
    auth=token_or_session,
    summary="The closing of an order cycle, for its coordinator's administrators",
    description=(
        "Each offer's outcome, the payouts, each member invoice's totals and the digest of the "
        "stored result. A cycle not closed yet is a 409 `cycle_not_closed`."
    ),
)
def cycles_closing_get(request: AuthedRequest, cycle_uuid: UUID) -> ClosingOut:
    cycle = OrderCycle.objects.select_related("coordinator").filter(uuid=cycle_uuid).first()
    if cycle is None:
        raise ServiceError(_("No such order cycle."), code="not_found", status=404)
    authorize(request.user, Perm.EDIT_PROFILE, cycle.coordinator)
    stored = selectors.stored_closing(cycle)
    if stored is None:
        raise ServiceError(_("This cycle is not closed yet."), code="cycle_not_closed", status=409)
    result = selectors.closing_result(stored)
    return ClosingOut(
        cycle_uuid=cycle.uuid,
        currency=result.currency,
        closed_at=stored.closed_at,
        digest=stored.digest,
        offers=[
            OfferOutcomeOut(
                offer_id=int(o.offer_id),
                supplier_id=int(o.supplier_id),
                case_size=o.case_size,
                ordered_units=o.ordered_units,
                tolerance_offered=o.tolerance_offered,
                tolerance_used=o.tolerance_used,
                dropped_units=o.dropped_units,
                allocated_units=o.allocated_units,
                cases=o.cases,
                outcome=o.outcome.value,
                tier_min_cases=o.tier_min_cases,
                tier_unit_price=o.tier_unit_price,
            )
            for o in result.offers
        ],
        payouts=[
            PayoutOut(
                role=p.role.value, organization_id=int(p.payee_id), goods=p.goods, fees=p.fees
            )
            for p in result.payouts
        ],
        invoices=[
            InvoiceTotalsOut(
                number=selectors.invoice_number(cycle, result, i.member_id),
                member_id=int(i.member_id),
                hub_id=int(i.hub_id),
                goods=i.goods,
                fees=i.fees,
                total=i.total,
            )
            for i in result.invoices
        ],
        goods=result.goods,
        fees_by_role={role.value: amount for role, amount in result.fees_by_role},
        invoiced=result.invoiced,
    )
