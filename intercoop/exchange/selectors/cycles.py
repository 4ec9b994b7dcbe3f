"""Reads of order cycles, and their translation into the closing core's records
(``exchange.closing``): the buying page, the orders and the close all price with the same
``closing.Offer`` and ``closing.Cycle`` built here. Identifiers given to the core are the
database ids as strings: offers ``CycleOffer.pk``, suppliers and hubs ``Organization.pk``,
members ``User.pk``, fees ``CycleFee.pk``."""

from __future__ import annotations

import enum
from collections.abc import Iterable
from datetime import datetime

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from intercoop.exchange import closing
from intercoop.exchange.models import (
    CycleFee,
    CycleOffer,
    MemberOrder,
    OrderCycle,
    OrderLine,
    PriceTier,
)


class CycleState(enum.StrEnum):
    UPCOMING = "upcoming"  # before it opens: offers are set up, nobody orders yet
    OPEN = "open"  # members order and change their orders
    CLOSING = "closing"  # its closing time has passed, the close has not run yet
    CLOSED = "closed"  # closed: the result is stored (CycleClosing)


def cycle_state(cycle: OrderCycle, now: datetime | None = None) -> CycleState:
    now = now or timezone.now()
    if cycle.closed_at is not None:
        return CycleState.CLOSED
    if now < cycle.opens_at:
        return CycleState.UPCOMING
    if now < cycle.closes_at:
        return CycleState.OPEN
    return CycleState.CLOSING


def offers_with_tiers(cycle: OrderCycle) -> QuerySet[CycleOffer]:
    """The cycle's offers with their supplier and tiers, ready for ``core_offer``."""
    return (
        CycleOffer.objects.filter(cycle=cycle)
        .select_related("supplier__supplier")
        .prefetch_related(Prefetch("tiers", queryset=PriceTier.objects.order_by("min_cases")))
    )


def core_fee(fee: CycleFee) -> closing.Fee:
    return closing.Fee(
        fee_id=str(fee.pk),
        role=closing.FeeRole(fee.role),
        basis=closing.FeeBasis(fee.basis),
        amount=fee.amount,
        rate_bp=fee.rate_bp,
        # The fee rows name the cycle's supplier and hub rows; the core knows organizations.
        supplier_id=str(fee.supplier.supplier_id) if fee.supplier is not None else None,
        hub_id=str(fee.hub.hub_id) if fee.hub is not None else None,
    )


def core_cycle(cycle: OrderCycle) -> closing.Cycle:
    fees = CycleFee.objects.filter(cycle=cycle).select_related("supplier", "hub").order_by("pk")
    return closing.Cycle(
        currency=cycle.currency,
        coordinator_id=str(cycle.coordinator_id),
        fees=tuple(core_fee(fee) for fee in fees),
    )


def core_offer(offer: CycleOffer) -> closing.Offer:
    """Needs ``offer.supplier`` and ``offer.tiers`` loaded (``offers_with_tiers``)."""
    return closing.Offer(
        offer_id=str(offer.pk),
        supplier_id=str(offer.supplier.supplier_id),
        unit_price=offer.unit_price,
        case_size=offer.case_size,
        tiers=tuple(
            closing.PriceTier(min_cases=tier.min_cases, unit_price=tier.unit_price)
            for tier in offer.tiers.all()
        ),
    )


def core_orders(orders: Iterable[MemberOrder]) -> list[closing.MemberOrder]:
    """Needs each order's ``hub`` and ``lines`` loaded (``orders_of``)."""
    return [
        closing.MemberOrder(
            member_id=str(order.member_id),
            hub_id=str(order.hub.hub_id),
            lines=tuple(
                closing.OrderLine(
                    offer_id=str(line.offer_id),
                    quantity=line.quantity,
                    seen_unit_price=line.seen_unit_price,
                    placed_at=line.placed_at,
                    tolerance=line.tolerance,
                )
                for line in order.lines.all()
            ),
        )
        for order in orders
    ]


def orders_of(cycle: OrderCycle) -> QuerySet[MemberOrder]:
    return (
        MemberOrder.objects.filter(cycle=cycle)
        .select_related("hub")
        .prefetch_related(Prefetch("lines", queryset=OrderLine.objects.order_by("pk")))
    )


def closing_inputs(
    cycle: OrderCycle,
) -> tuple[closing.Cycle, list[closing.Offer], list[closing.MemberOrder]]:
    """What ``closing.close_cycle`` takes for this cycle, read from the database. Orders left
    with no line are not orders."""
    offers = [core_offer(offer) for offer in offers_with_tiers(cycle)]
    orders = [order for order in core_orders(orders_of(cycle)) if order.lines]
    return core_cycle(cycle), offers, orders
