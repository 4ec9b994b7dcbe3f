"""Closing an order cycle: a pure function from the cycle, its offers and its member orders to
the offers' outcomes, the invoices, the suppliers' delivery lists, the hubs' packing lists and
the payouts. The rules are in this package's docstring."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from .allocation import drop_latest, fill_cases, spread_tolerance, tier_for
from .model import (
    Closing,
    Cycle,
    DeliveryLine,
    Fee,
    FeeBasis,
    FeeCharge,
    FeePart,
    FeeRole,
    Invoice,
    InvoiceLine,
    MemberOrder,
    Offer,
    OfferResult,
    OrderLine,
    PackingLine,
    PackingList,
    Payout,
    PriceSplit,
    SupplierDelivery,
)
from .money import apply_rate, currency_exponent


class OrderBookError(ValueError):
    """The cycle, its offers or its orders are not a book that can be closed."""


def _check(cycle: Cycle, offers: Sequence[Offer], orders: Sequence[MemberOrder]) -> None:
    currency_exponent(cycle.currency)
    fee_ids: set[str] = set()
    for fee in cycle.fees:
        if fee.fee_id in fee_ids:
            raise OrderBookError(f"fee {fee.fee_id!r} is listed twice")
        fee_ids.add(fee.fee_id)
        if fee.amount < 0 or fee.rate_bp < 0:
            raise OrderBookError(f"fee {fee.fee_id!r} is negative")
    offer_ids: set[str] = set()
    for offer in offers:
        if offer.offer_id in offer_ids:
            raise OrderBookError(f"offer {offer.offer_id!r} is listed twice")
        offer_ids.add(offer.offer_id)
        if offer.case_size < 1:
            raise OrderBookError(f"offer {offer.offer_id!r}: a case holds at least one unit")
        if offer.unit_price < 0:
            raise OrderBookError(f"offer {offer.offer_id!r}: negative price")
        threshold, price = 0, offer.unit_price
        for tier in offer.tiers:
            if tier.min_cases <= threshold:
                raise OrderBookError(
                    f"offer {offer.offer_id!r}: tier thresholds must rise from 1 case"
                )
            if not 0 <= tier.unit_price <= price:
                raise OrderBookError(
                    f"offer {offer.offer_id!r}: a tier's price must not exceed the one below it"
                )
            threshold, price = tier.min_cases, tier.unit_price
    member_ids: set[str] = set()
    for order in orders:
        if order.member_id in member_ids:
            raise OrderBookError(f"member {order.member_id!r} has two orders")
        member_ids.add(order.member_id)
        seen: set[str] = set()
        for line in order.lines:
            problem = None
            if line.offer_id not in offer_ids:
                problem = "no such offer in the cycle"
            elif line.offer_id in seen:
                problem = "the offer is ordered on two lines"
            elif line.quantity < 0 or line.tolerance < 0 or line.seen_unit_price < 0:
                problem = "negative quantity, tolerance or price"
            elif line.placed_at.tzinfo is None:
                problem = "placed_at must carry its time zone"
            if problem is not None:
                raise OrderBookError(
                    f"member {order.member_id!r}, offer {line.offer_id!r}: {problem}"
                )
            seen.add(line.offer_id)


def _applies(fee: Fee, supplier_id: str, hub_id: str) -> bool:
    return (fee.supplier_id is None or fee.supplier_id == supplier_id) and (
        fee.hub_id is None or fee.hub_id == hub_id
    )


def _payee(role: FeeRole, cycle: Cycle, supplier_id: str, hub_id: str) -> str:
    if role is FeeRole.COORDINATOR:
        return cycle.coordinator_id
    if role is FeeRole.SUPPLIER:
        return supplier_id
    return hub_id


def price_split(
    cycle: Cycle, offer: Offer, unit_price: int, *, hub_id: str | None = None
) -> PriceSplit:
    """One unit at ``unit_price`` split into the supplier's price and each per-item fee on it
    (for the member's hub when given; hub-scoped fees are left out otherwise)."""
    parts = []
    for fee in cycle.fees:
        if fee.basis is not FeeBasis.PER_ITEM:
            continue
        if fee.supplier_id is not None and fee.supplier_id != offer.supplier_id:
            continue
        if fee.hub_id is not None and fee.hub_id != hub_id:
            continue
        amount = fee.amount + apply_rate(unit_price, fee.rate_bp)
        if amount:
            parts.append(FeePart(fee_id=fee.fee_id, role=fee.role, amount=amount))
    return PriceSplit(
        offer_id=offer.offer_id,
        supplier_price=unit_price,
        fees=tuple(parts),
        total=unit_price + sum(part.amount for part in parts),
    )


@dataclass(slots=True)
class _Slot:
    """One order line on its way through the closing."""

    member_id: str
    hub_id: str
    line: OrderLine
    extra: int = 0
    dropped: int = 0


def _allocate(offer: Offer, slots: list[_Slot]) -> OfferResult:
    """The offer's outcome; each slot's extra and dropped units set on it."""
    slots.sort(key=lambda s: (s.line.placed_at, s.member_id))
    ordered = sum(s.line.quantity for s in slots)
    offered = sum(s.line.tolerance for s in slots)
    allocated, used, dropped, outcome = fill_cases(offer.case_size, ordered, offered)
    if used:
        for slot, extra in zip(
            slots, spread_tolerance(used, [s.line.tolerance for s in slots]), strict=True
        ):
            slot.extra = extra
    if dropped:
        for slot, removed in zip(
            slots, drop_latest(dropped, [s.line.quantity for s in slots]), strict=True
        ):
            slot.dropped = removed
    cases = allocated // offer.case_size
    tier_cases, tier_price = tier_for(offer, cases)
    return OfferResult(
        offer_id=offer.offer_id,
        supplier_id=offer.supplier_id,
        case_size=offer.case_size,
        ordered_units=ordered,
        tolerance_offered=offered,
        tolerance_used=used,
        dropped_units=dropped,
        allocated_units=allocated,
        cases=cases,
        outcome=outcome,
        tier_min_cases=tier_cases,
        tier_unit_price=tier_price,
    )


def _order_fees(
    cycle: Cycle, order_fees: list[Fee], hub_id: str, delivered: list[InvoiceLine]
) -> list[FeeCharge]:
    """The per-order fees of one member order, from its lines that receive goods."""
    charges = []
    for fee in order_fees:
        if fee.supplier_id is None and (fee.hub_id is None or fee.hub_id == hub_id):
            in_scope = delivered
        else:
            in_scope = [line for line in delivered if _applies(fee, line.supplier_id, hub_id)]
        if not in_scope:
            continue
        groups: dict[str, int] = {}
        if fee.role is FeeRole.SUPPLIER:
            for line in in_scope:
                groups[line.supplier_id] = groups.get(line.supplier_id, 0) + line.goods
        else:
            payee = _payee(fee.role, cycle, "", hub_id)
            groups[payee] = sum(line.goods for line in in_scope)
        for payee in sorted(groups):
            amount = fee.amount + apply_rate(groups[payee], fee.rate_bp)
            if amount:
                charges.append(
                    FeeCharge(fee_id=fee.fee_id, role=fee.role, payee_id=payee, amount=amount)
                )
    return charges


@dataclass(slots=True)
class _Ledger:
    """What the invoices add up to, gathered while they are written: each supplier's goods and
    deliveries by hub and offer, each hub's packing lines, each payee's fees."""

    delivered: dict[str, dict[tuple[str, str], list[int]]]
    packing: dict[str, list[PackingLine]]
    goods_of: defaultdict[str, int]
    fees_of: defaultdict[tuple[FeeRole, str], int]


def close_cycle(cycle: Cycle, offers: Sequence[Offer], orders: Sequence[MemberOrder]) -> Closing:
    """Close the cycle: the same inputs give the same ``Closing``, whatever their order."""
    _check(cycle, offers, orders)
    offers_by_id = {offer.offer_id: offer for offer in offers}
    per_offer: dict[str, list[_Slot]] = defaultdict(list)
    slots_of: dict[str, tuple[str, list[_Slot]]] = {}
    for order in orders:
        member_id, hub_id = order.member_id, order.hub_id
        mine = [_Slot(member_id, hub_id, line) for line in order.lines]
        slots_of[member_id] = (hub_id, mine)
        for slot in mine:
            per_offer[slot.line.offer_id].append(slot)

    results: list[OfferResult] = []
    tier_price: dict[str, int] = {}
    for offer_id in sorted(offers_by_id):
        result = _allocate(offers_by_id[offer_id], per_offer.get(offer_id, []))
        results.append(result)
        tier_price[offer_id] = result.tier_unit_price

    item_fees = [fee for fee in cycle.fees if fee.basis is FeeBasis.PER_ITEM]
    order_fees = [fee for fee in cycle.fees if fee.basis is FeeBasis.PER_ORDER]
    # The per-item fees that apply to a supplier's offers at a hub, with their payees, worked
    # out once per pair rather than once per line.
    fees_for: dict[tuple[str, str], list[tuple[Fee, str]]] = {}
    ledger = _Ledger(
        delivered={offer.supplier_id: {} for offer in offers},
        packing={},
        goods_of=defaultdict(int),
        fees_of=defaultdict(int),
    )
    fees_of = ledger.fees_of
    invoices: list[Invoice] = []
    for member_id in sorted(slots_of):
        hub_id, slots = slots_of[member_id]
        slots.sort(key=lambda s: s.line.offer_id)
        lines: list[InvoiceLine] = []
        for slot in slots:
            line = slot.line
            offer_id = line.offer_id
            supplier_id = offers_by_id[offer_id].supplier_id
            allocated = line.quantity + slot.extra - slot.dropped
            tier = tier_price[offer_id]
            price = min(tier, line.seen_unit_price)
            goods = allocated * price
            charges: list[FeeCharge] = []
            if allocated:
                pair = (supplier_id, hub_id)
                applicable = fees_for.get(pair)
                if applicable is None:
                    applicable = fees_for[pair] = [
                        (fee, _payee(fee.role, cycle, *pair))
                        for fee in item_fees
                        if _applies(fee, *pair)
                    ]
                for fee, payee in applicable:
                    amount = fee.amount * allocated
                    if fee.rate_bp:
                        amount += apply_rate(goods, fee.rate_bp)
                    if amount:
                        charges.append(
                            FeeCharge(
                                fee_id=fee.fee_id, role=fee.role, payee_id=payee, amount=amount
                            )
                        )
                        fees_of[(fee.role, payee)] += amount
            fees = sum(charge.amount for charge in charges) if charges else 0
            lines.append(
                InvoiceLine(
                    offer_id=offer_id,
                    supplier_id=supplier_id,
                    ordered_units=line.quantity,
                    tolerance=line.tolerance,
                    extra_units=slot.extra,
                    dropped_units=slot.dropped,
                    allocated_units=allocated,
                    seen_unit_price=line.seen_unit_price,
                    tier_unit_price=tier,
                    unit_price=price,
                    goods=goods,
                    fees=tuple(charges),
                    total=goods + fees,
                )
            )
        invoices.append(_invoice(cycle, order_fees, member_id, hub_id, lines, ledger))
    return _assemble(cycle, results, invoices, ledger)


def _invoice(
    cycle: Cycle,
    order_fees: list[Fee],
    member_id: str,
    hub_id: str,
    lines: list[InvoiceLine],
    ledger: _Ledger,
) -> Invoice:
    """One member's invoice from its lines, its deliveries and fees entered in the ledger."""
    delivered = [line for line in lines if line.allocated_units]
    hub_lines = ledger.packing.setdefault(hub_id, [])
    goods_of = ledger.goods_of
    for line in delivered:
        goods_of[line.supplier_id] += line.goods
        entry = ledger.delivered[line.supplier_id].setdefault((hub_id, line.offer_id), [0, 0])
        entry[0] += line.allocated_units
        entry[1] += line.goods
        hub_lines.append(
            PackingLine(
                member_id=member_id,
                offer_id=line.offer_id,
                supplier_id=line.supplier_id,
                units=line.allocated_units,
            )
        )
    charges = _order_fees(cycle, order_fees, hub_id, delivered) if order_fees else []
    for charge in charges:
        ledger.fees_of[(charge.role, charge.payee_id)] += charge.amount
    goods_total = sum(line.goods for line in lines)
    fees_total = sum(line.total for line in lines) - goods_total
    fees_total += sum(charge.amount for charge in charges)
    return Invoice(
        member_id=member_id,
        hub_id=hub_id,
        lines=tuple(lines),
        order_fees=tuple(charges),
        goods=goods_total,
        fees=fees_total,
        total=goods_total + fees_total,
    )


def _assemble(
    cycle: Cycle, results: list[OfferResult], invoices: list[Invoice], ledger: _Ledger
) -> Closing:
    goods_of, fees_of = ledger.goods_of, ledger.fees_of
    payees = set(fees_of) | {(FeeRole.SUPPLIER, supplier) for supplier in goods_of}
    role_rank = {role: rank for rank, role in enumerate(FeeRole)}
    payouts = [
        Payout(
            role=role,
            payee_id=payee,
            goods=goods_of.get(payee, 0) if role is FeeRole.SUPPLIER else 0,
            fees=fees_of.get((role, payee), 0),
        )
        for role, payee in sorted(payees, key=lambda key: (role_rank[key[0]], key[1]))
    ]
    fees_by_role = dict.fromkeys(FeeRole, 0)
    for (role, _), amount in fees_of.items():
        fees_by_role[role] += amount

    deliveries = []
    for supplier_id, delivered in sorted(ledger.delivered.items()):
        lines = tuple(
            DeliveryLine(hub_id=hub, offer_id=offer_id, units=units, goods=goods)
            for (hub, offer_id), (units, goods) in sorted(delivered.items())
        )
        deliveries.append(
            SupplierDelivery(
                supplier_id=supplier_id,
                lines=lines,
                goods=sum(line.goods for line in lines),
                fees=fees_of.get((FeeRole.SUPPLIER, supplier_id), 0),
            )
        )
    return Closing(
        currency=cycle.currency,
        exponent=currency_exponent(cycle.currency),
        offers=tuple(results),
        invoices=tuple(invoices),
        deliveries=tuple(deliveries),
        packing_lists=tuple(
            PackingList(hub_id=hub, lines=tuple(lines))
            for hub, lines in sorted(ledger.packing.items())
        ),
        payouts=tuple(payouts),
        goods=sum(invoice.goods for invoice in invoices),
        fees_by_role=tuple((role, fees_by_role[role]) for role in FeeRole),
        invoiced=sum(invoice.total for invoice in invoices),
    )
