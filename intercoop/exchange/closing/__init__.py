"""Closing an order cycle: allocation to cases, tolerance, price tiers, fees and invoices, in
integer minor units. Pure Python: no Django.

``close_cycle(cycle, offers, orders)`` is a pure function: the same inputs, in any order, give
the same ``Closing``. ``offer_progress`` and ``price_split`` serve the buying page with the same
rules. docs/exchange.md, "Closing an order cycle", explains them for people.

Units and money
    Quantities are whole units; an offer sells by cases of ``case_size`` units (1: by the unit).
    Prices and fees are integers in the minor unit of the cycle's ISO 4217 currency (exponents in
    ``money.CURRENCY_EXPONENTS``; an unknown code is refused). Rates are basis points.

Cases
    Per offer, the ordered units of all members are added up. Whole cases are kept. The last,
    partial case is filled from the members' tolerance if the tolerance offered covers the units
    missing; tolerance never opens a new case. Otherwise the partial case is dropped, first come
    first served: its units are removed from the line placed last (``placed_at``, then member id
    last), then the one before, until the partial case is gone. So every case is full or dropped.

Tolerance, spread fairly
    The units missing from the last case are spread by water-filling across the members who
    offered tolerance: every member gets the same level, or their own maximum when it is lower,
    and the units left over go one each to the earliest placed lines (member id breaking ties).
    Any two members' extra units differ by at most one, unless the smaller is that member's
    maximum.

Tiers and the price seen
    A tier ("from 10 cases, 9.50 each") is reached by the cycle's final allocated cases of the
    offer, after filling and dropping; everyone pays the tier's unit price. Thresholds rise and
    tier prices never rise. No member pays more per unit than the price the buying page showed
    when the line was placed: the unit price is ``min(tier price, seen price)``, and the supplier
    is paid what the members pay (a supplier honours the prices it showed). The web layer
    records the seen price from its own computation, never from the browser.

Fees
    Each fee has a role (coordinator, supplier, distributor: paid to the cycle's coordinator, the
    line's supplier, the member's hub), a basis (per item, per order), a fixed amount and/or a
    rate, and may be narrowed to one supplier or one hub. Per item: ``amount x units`` plus the
    rate of the line's goods. Per order: ``amount`` plus the rate of the goods in the fee's
    scope, once per member order that received goods in scope; a supplier's per-order fee is
    charged once per supplier the member received goods from. Lines or orders left empty pay
    no fee.

Rounding
    A rate is applied once per line (per item) or once per order (per order) and rounded half to
    even (``money.apply_rate``). Every total is a sum of those integers, so the member invoices
    add up exactly to the suppliers' goods plus each role's fees (``Closing.payouts``).
"""

from .allocation import fill_cases, offer_progress, spread_tolerance, tier_for
from .close import OrderBookError, close_cycle, price_split
from .model import (
    CaseOutcome,
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
    OfferProgress,
    OfferResult,
    OrderLine,
    PackingLine,
    PackingList,
    Payout,
    PriceSplit,
    PriceTier,
    SupplierDelivery,
)
from .money import CURRENCY_EXPONENTS, UnknownCurrencyError, apply_rate, currency_exponent

__all__ = [
    "CURRENCY_EXPONENTS",
    "CaseOutcome",
    "Closing",
    "Cycle",
    "DeliveryLine",
    "Fee",
    "FeeBasis",
    "FeeCharge",
    "FeePart",
    "FeeRole",
    "Invoice",
    "InvoiceLine",
    "MemberOrder",
    "Offer",
    "OfferProgress",
    "OfferResult",
    "OrderBookError",
    "OrderLine",
    "PackingLine",
    "PackingList",
    "Payout",
    "PriceSplit",
    "PriceTier",
    "SupplierDelivery",
    "UnknownCurrencyError",
    "apply_rate",
    "close_cycle",
    "currency_exponent",
    "fill_cases",
    "offer_progress",
    "price_split",
    "spread_tolerance",
    "tier_for",
]
