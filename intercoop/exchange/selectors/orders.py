"""Reads for buying in an order cycle: who may order, the offers of the buying page with where
each stands (``closing.offer_progress`` over the sums of every member's lines, one grouped query
for a page) and its price split (``closing.price_split``), and a member's own order.

Nothing here shows one member another member's lines: only the totals per offer."""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from babel.numbers import format_currency
from django.conf import settings
from django.db.models import QuerySet, Sum
from django.utils.translation import get_language

from intercoop.exchange import closing
from intercoop.exchange.closing.money import apply_rate, to_decimal
from intercoop.exchange.models import (
    CycleFee,
    CycleHub,
    CycleOffer,
    CycleSupplier,
    MemberOrder,
    OrderCycle,
    OrderLine,
)
from intercoop.exchange.selectors.cycles import core_fee, core_offer, offers_with_tiers
from intercoop.organizations.models import Role

MAX_WORDS = 8


def cycle_by_uuid(uuid: UUID | str) -> OrderCycle | None:
    return OrderCycle.objects.select_related("coordinator").filter(uuid=uuid).first()


def buying_groups_for(cycle: OrderCycle, user: Any) -> list[CycleHub]:
    """The cycle's buying groups in whose organization the person has a role (any role): the
    groups they may order through. None for a visitor who is not signed in."""
    if not getattr(user, "is_authenticated", False) or not getattr(user, "is_active", False):
        return []
    member_of = Role.objects.filter(user=user).values("organization_id")
    return list(
        CycleHub.objects.filter(cycle=cycle, hub_id__in=member_of)
        .select_related("hub")
        .order_by("hub__name", "pk")
    )


def order_of(cycle: OrderCycle, user: Any) -> MemberOrder | None:
    """The person's order in the cycle, with its hub; its lines are read apart."""
    if not getattr(user, "is_authenticated", False):
        return None
    return MemberOrder.objects.select_related("hub__hub").filter(cycle=cycle, member=user).first()


def own_lines(order: MemberOrder | None, offer_ids: Iterable[int] | None = None) -> list[OrderLine]:
    """The order's lines (of these offers only, when given), by offer name."""
    if order is None:
        return []
    lines = OrderLine.objects.filter(order=order)
    if offer_ids is not None:
        lines = lines.filter(offer_id__in=list(offer_ids))
    return list(lines.select_related("offer").order_by("offer__name", "offer_id"))


def buying_offers(
    cycle: OrderCycle, *, words: str = "", supplier: int | None = None, category: str = ""
) -> QuerySet[CycleOffer]:
    """The cycle's offers by name, with their supplier and tiers; every word must be in the
    name."""
    found = offers_with_tiers(cycle).order_by("name", "pk")
    for word in words.split()[:MAX_WORDS]:
        found = found.filter(name__icontains=word)
    if supplier is not None:
        found = found.filter(supplier_id=supplier)
    if category:
        found = found.filter(category=category)
    return found


def suppliers_of(cycle: OrderCycle) -> list[CycleSupplier]:
    return list(
        CycleSupplier.objects.filter(cycle=cycle)
        .select_related("supplier")
        .order_by("supplier__name", "pk")
    )


def offer_totals(offer_ids: Sequence[int]) -> dict[int, tuple[int, int]]:
    """(units ordered, tolerance offered) by every member, per offer: one grouped query."""
    rows = (
        OrderLine.objects.filter(offer_id__in=list(offer_ids))
        .values("offer_id")
        .annotate(units=Sum("quantity"), tolerance=Sum("tolerance"))
        .order_by()
    )
    totals = dict.fromkeys(offer_ids, (0, 0))
    for row in rows:
        totals[row["offer_id"]] = (row["units"] or 0, row["tolerance"] or 0)
    return totals


def progress_of(offer: CycleOffer, totals: dict[int, tuple[int, int]]) -> closing.OfferProgress:
    """Where the offer stands now; needs ``offer.supplier`` and its tiers loaded."""
    ordered, tolerance = totals.get(offer.pk, (0, 0))
    return closing.offer_progress(
        core_offer(offer), ordered_units=ordered, tolerance_units=tolerance
    )


# --- for people ---------------------------------------------------------------------------


def _locale() -> str:
    return (get_language() or settings.LANGUAGE_CODE).replace("-", "_")


def money_text(minor_units: int, currency: str) -> str:
    """An amount in the reader's language and its currency's form: 12,06 € in French."""
    return _money(minor_units, currency, _locale())


@functools.lru_cache(maxsize=4096)
def _money(minor_units: int, currency: str, locale: str) -> str:
    # A page of offers repeats the same fees and prices: formatting is the page's largest cost.
    return format_currency(to_decimal(minor_units, currency), currency, locale=locale)


@dataclass(frozen=True)
class FeeText:
    name: str
    role: str
    amount: str


@dataclass(frozen=True)
class PriceText:
    """One unit's price as a buyer sees it: the supplier's price, each per-item fee, the total."""

    supplier_price: str
    fees: tuple[FeeText, ...]
    total: str
    total_minor: int


def price_text(
    split: closing.PriceSplit, fee_names: dict[str, tuple[str, str]], currency: str
) -> PriceText:
    return PriceText(
        supplier_price=money_text(split.supplier_price, currency),
        fees=tuple(
            FeeText(
                name=fee_names[part.fee_id][0],
                role=fee_names[part.fee_id][1],
                amount=money_text(part.amount, currency),
            )
            for part in split.fees
        ),
        total=money_text(split.total, currency),
        total_minor=split.total,
    )


@dataclass(frozen=True)
class OfferRow:
    """What the buying page shows of one offer: no other member's line, only totals."""

    offer: CycleOffer
    progress: closing.OfferProgress
    split: closing.PriceSplit  # one unit at the price closing now would give
    price: PriceText  # the same, for people
    next_price: str  # the next tier's unit price, "" when there is none
    line: OrderLine | None  # the reader's own line


@dataclass(frozen=True)
class Pricing:
    """What pricing a page of offers for one buyer needs, read once: the cycle as the core
    sees it, the fees' names and the buyer's hub (its organization's id for the core)."""

    cycle: closing.Cycle
    fee_names: dict[str, tuple[str, str]]
    currency: str
    hub_id: str | None


def pricing_for(cycle: OrderCycle, hub: CycleHub | None) -> Pricing:
    """One query: the cycle's fees."""
    fees = list(
        CycleFee.objects.filter(cycle=cycle).select_related("supplier", "hub").order_by("pk")
    )
    return Pricing(
        cycle=closing.Cycle(
            currency=cycle.currency,
            coordinator_id=str(cycle.coordinator_id),
            fees=tuple(core_fee(fee) for fee in fees),
        ),
        fee_names={str(fee.pk): (fee.name, fee.get_role_display()) for fee in fees},
        currency=cycle.currency,
        hub_id=None if hub is None else str(hub.hub_id),
    )


def offer_rows(
    offers: Sequence[CycleOffer], *, pricing: Pricing, lines: Iterable[OrderLine]
) -> list[OfferRow]:
    """The rows of a page of offers (each with its supplier and tiers loaded): one query for
    the totals of the whole page."""
    totals = offer_totals([offer.pk for offer in offers])
    mine = {line.offer_id: line for line in lines}
    rows = []
    for offer in offers:
        core = core_offer(offer)
        ordered, tolerance = totals[offer.pk]
        progress = closing.offer_progress(core, ordered_units=ordered, tolerance_units=tolerance)
        split = closing.price_split(
            pricing.cycle, core, progress.unit_price_now, hub_id=pricing.hub_id
        )
        rows.append(
            OfferRow(
                offer=offer,
                progress=progress,
                split=split,
                price=price_text(split, pricing.fee_names, pricing.currency),
                next_price=(
                    ""
                    if progress.next_tier_unit_price is None
                    else money_text(progress.next_tier_unit_price, pricing.currency)
                ),
                line=mine.get(offer.pk),
            )
        )
    return rows


@dataclass(frozen=True)
class LineEstimate:
    """A line of the reader's order, with what it would cost if the cycle closed now: the unit
    price is the tier's, never above the price seen; fees per item are counted on the line."""

    line: OrderLine
    progress: closing.OfferProgress
    seen_price: str
    unit_price: str
    unit_price_minor: int
    price: PriceText
    total: str
    total_minor: int


@dataclass(frozen=True)
class OrderEstimate:
    lines: list[LineEstimate]
    goods_and_item_fees: str
    order_fees: tuple[FeeText, ...]
    total: str


def _line_total(pricing: Pricing, offer: closing.Offer, unit_price: int, units: int) -> int:
    """The goods of a line and its per-item fees, rated once on the line as the close does."""
    goods = unit_price * units
    total = goods
    for fee in pricing.cycle.fees:
        if fee.basis is not closing.FeeBasis.PER_ITEM:
            continue
        if fee.supplier_id is not None and fee.supplier_id != offer.supplier_id:
            continue
        if fee.hub_id is not None and fee.hub_id != pricing.hub_id:
            continue
        total += fee.amount * units + apply_rate(goods, fee.rate_bp)
    return total


def order_estimate(order: MemberOrder, cycle: OrderCycle) -> OrderEstimate:
    """The order as it would be priced if the cycle closed now, with every line's units kept:
    an estimate, since the close may fill or drop cases. Per-order fees are the fixed amounts
    of those that apply to the order's hub and suppliers."""
    lines = own_lines(order)
    pricing = pricing_for(cycle, order.hub)
    offers = {
        offer.pk: offer
        for offer in offers_with_tiers(cycle).filter(pk__in=[line.offer_id for line in lines])
    }
    totals = offer_totals(list(offers))
    estimates = []
    grand = 0
    for line in lines:
        offer = offers[line.offer_id]
        core = core_offer(offer)
        ordered, tolerance = totals[offer.pk]
        progress = closing.offer_progress(core, ordered_units=ordered, tolerance_units=tolerance)
        unit_price = min(progress.unit_price_now, line.seen_unit_price)
        split = closing.price_split(pricing.cycle, core, unit_price, hub_id=pricing.hub_id)
        total = _line_total(pricing, core, unit_price, line.quantity)
        grand += total
        estimates.append(
            LineEstimate(
                line=line,
                progress=progress,
                seen_price=money_text(line.seen_unit_price, cycle.currency),
                unit_price=money_text(unit_price, cycle.currency),
                unit_price_minor=unit_price,
                price=price_text(split, pricing.fee_names, cycle.currency),
                total=money_text(total, cycle.currency),
                total_minor=total,
            )
        )
    goods_by_supplier: dict[str, int] = {}
    for estimate in estimates:
        supplier = str(offers[estimate.line.offer_id].supplier.supplier_id)
        goods = estimate.unit_price_minor * estimate.line.quantity
        goods_by_supplier[supplier] = goods_by_supplier.get(supplier, 0) + goods
    order_fees = []
    for fee in pricing.cycle.fees:
        if fee.basis is not closing.FeeBasis.PER_ORDER:
            continue
        if fee.hub_id is not None and fee.hub_id != pricing.hub_id:
            continue
        scope = {
            supplier: goods
            for supplier, goods in goods_by_supplier.items()
            if fee.supplier_id is None or fee.supplier_id == supplier
        }
        if not scope:
            continue
        if fee.role is closing.FeeRole.SUPPLIER:
            amount = sum(fee.amount + apply_rate(goods, fee.rate_bp) for goods in scope.values())
        else:
            amount = fee.amount + apply_rate(sum(scope.values()), fee.rate_bp)
        if amount:
            grand += amount
            name, role = pricing.fee_names[fee.fee_id]
            order_fees.append(FeeText(name, role, money_text(amount, cycle.currency)))
    return OrderEstimate(
        lines=estimates,
        goods_and_item_fees=money_text(sum(e.total_minor for e in estimates), cycle.currency),
        order_fees=tuple(order_fees),
        total=money_text(grand, cycle.currency),
    )
