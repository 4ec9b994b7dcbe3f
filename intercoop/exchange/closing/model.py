"""The data that goes into closing an order cycle and the data that comes out: slotted
dataclasses (frozen for the inputs), integers for money (minor units) and quantities (units),
strings for identifiers."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime


class FeeRole(enum.StrEnum):
    """Who a fee is paid to: the cycle's coordinator, the line's supplier or the member's hub."""

    COORDINATOR = "coordinator"
    SUPPLIER = "supplier"
    DISTRIBUTOR = "distributor"


class FeeBasis(enum.StrEnum):
    """What a fee is counted on: each unit of a line, or each member order."""

    PER_ITEM = "per_item"
    PER_ORDER = "per_order"


@dataclass(frozen=True, slots=True)
class Fee:
    """A fee of the cycle.

    ``amount`` is fixed, in minor units: per unit for PER_ITEM, per order for PER_ORDER.
    ``rate_bp`` is in basis points of the goods: of each line for PER_ITEM, of the order's goods
    in the fee's scope for PER_ORDER. A fee may have both; they add up.
    ``supplier_id`` / ``hub_id`` narrow the fee to one supplier's offers / one hub's members
    (None: all). A PER_ORDER fee of the SUPPLIER role is charged once per supplier a member
    receives goods from; the others once per member order that receives goods."""

    fee_id: str
    role: FeeRole
    basis: FeeBasis
    amount: int = 0
    rate_bp: int = 0
    supplier_id: str | None = None
    hub_id: str | None = None


@dataclass(frozen=True, slots=True)
class Cycle:
    currency: str
    coordinator_id: str
    fees: tuple[Fee, ...] = ()


@dataclass(frozen=True, slots=True)
class PriceTier:
    """From ``min_cases`` cases of the offer in the whole cycle, each unit costs ``unit_price``."""

    min_cases: int
    unit_price: int


@dataclass(frozen=True, slots=True)
class Offer:
    """``unit_price`` is the price below the first tier. ``case_size`` 1: sold by the unit."""

    offer_id: str
    supplier_id: str
    unit_price: int
    case_size: int = 1
    tiers: tuple[PriceTier, ...] = ()


@dataclass(frozen=True, slots=True)
class OrderLine:
    """``seen_unit_price``: the unit price the buying page showed when the line was placed (the
    web layer records it from its own computation, never from the browser). ``placed_at``: when
    the line's quantity was last raised; earlier lines keep their units first."""

    offer_id: str
    quantity: int
    seen_unit_price: int
    placed_at: datetime
    tolerance: int = 0


@dataclass(frozen=True, slots=True)
class MemberOrder:
    member_id: str
    hub_id: str
    lines: tuple[OrderLine, ...]


# Outputs.
#
# The closing's results are plain slotted dataclasses, not frozen ones: a large closing makes
# about 150,000 of them, and a frozen dataclass's ``__init__`` sets each field through
# ``object.__setattr__``, 2.7 times as slow (docs/benchmarks.md). Nothing changes them once
# ``close_cycle`` has returned them; what is kept is their canonical text (``codec``).


class CaseOutcome(enum.StrEnum):
    EXACT = "exact"  # the ordered units made whole cases (or the offer is sold by the unit)
    FILLED = "filled"  # the last case was filled with members' tolerance
    DROPPED = "dropped"  # the last case could not be filled and its units were removed
    NONE = "none"  # nothing was ordered


@dataclass(slots=True)
class OfferResult:
    offer_id: str
    supplier_id: str
    case_size: int
    ordered_units: int
    tolerance_offered: int
    tolerance_used: int
    dropped_units: int
    allocated_units: int
    cases: int
    outcome: CaseOutcome
    tier_min_cases: int  # 0: no tier reached, the offer's base price
    tier_unit_price: int


@dataclass(slots=True)
class FeeCharge:
    fee_id: str
    role: FeeRole
    payee_id: str
    amount: int


@dataclass(slots=True)
class InvoiceLine:
    offer_id: str
    supplier_id: str
    ordered_units: int
    tolerance: int
    extra_units: int  # given from the tolerance to fill a case
    dropped_units: int  # removed with a case that could not be filled
    allocated_units: int
    seen_unit_price: int
    tier_unit_price: int
    unit_price: int  # what the member pays: the tier's price, never above the price seen
    goods: int
    fees: tuple[FeeCharge, ...]
    total: int


@dataclass(slots=True)
class Invoice:
    member_id: str
    hub_id: str
    lines: tuple[InvoiceLine, ...]
    order_fees: tuple[FeeCharge, ...]
    goods: int
    fees: int
    total: int


@dataclass(slots=True)
class DeliveryLine:
    hub_id: str
    offer_id: str
    units: int
    goods: int


@dataclass(slots=True)
class SupplierDelivery:
    """What one supplier delivers to each hub and is paid: nothing of the other suppliers."""

    supplier_id: str
    lines: tuple[DeliveryLine, ...]
    goods: int
    fees: int  # the supplier-role fees paid to this supplier


@dataclass(slots=True)
class PackingLine:
    member_id: str
    offer_id: str
    supplier_id: str
    units: int


@dataclass(slots=True)
class PackingList:
    hub_id: str
    lines: tuple[PackingLine, ...]


@dataclass(slots=True)
class Payout:
    """What one party receives: goods (suppliers only) and the fees of its role."""

    role: FeeRole
    payee_id: str
    goods: int
    fees: int


@dataclass(slots=True)
class Closing:
    currency: str
    exponent: int
    offers: tuple[OfferResult, ...]
    invoices: tuple[Invoice, ...]
    deliveries: tuple[SupplierDelivery, ...]
    packing_lists: tuple[PackingList, ...]
    payouts: tuple[Payout, ...]
    goods: int
    fees_by_role: tuple[tuple[FeeRole, int], ...]
    invoiced: int


@dataclass(frozen=True, slots=True)
class FeePart:
    fee_id: str
    role: FeeRole
    amount: int


@dataclass(frozen=True, slots=True)
class PriceSplit:
    """How one unit's price splits, as a buyer sees it: the supplier's price and each per-item
    fee on one unit. Per-order fees are shown apart; an invoice rounds rates per line, so a line
    of several units may differ from the split times the quantity by rounding."""

    offer_id: str
    supplier_price: int
    fees: tuple[FeePart, ...]
    total: int


@dataclass(frozen=True, slots=True)
class OfferProgress:
    """The buying page's view of one offer, as closing now would leave it."""

    offer_id: str
    case_size: int
    ordered_units: int
    tolerance_offered: int
    full_cases: int
    units_in_open_case: int  # 0 when the ordered units make whole cases
    units_to_fill_case: int  # 0 when no case is open
    open_case_fills_by_tolerance: bool
    cases_if_closed_now: int
    tier_min_cases: int
    unit_price_now: int
    next_tier_min_cases: int | None
    next_tier_unit_price: int | None
    units_to_next_tier: int | None  # more ordered units (tolerance aside) to reach it
