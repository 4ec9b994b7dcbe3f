"""Reads of order cycles, and their translation into the closing core's records
(``exchange.closing``): the buying page, the orders and the close all price with the same
``closing.Offer`` and ``closing.Cycle`` built here. Identifiers given to the core are the
database ids as strings: offers ``CycleOffer.pk``, suppliers and hubs ``Organization.pk``,
members ``User.pk``, fees ``CycleFee.pk``."""

from __future__ import annotations

import enum
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

from babel.numbers import format_currency, format_decimal
from django.conf import settings
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, TextField
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import get_language, pgettext

from intercoop.exchange import closing
from intercoop.exchange.closing.money import to_decimal
from intercoop.exchange.models import (
    CycleFee,
    CycleHub,
    CycleOffer,
    CycleSupplier,
    MemberOrder,
    OrderCycle,
    OrderLine,
    PriceTier,
    Product,
)
from intercoop.organizations.models import Organization, Role


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


def closing_inputs(
    cycle: OrderCycle,
) -> tuple[closing.Cycle, list[closing.Offer], list[closing.MemberOrder]]:
    """What ``closing.close_cycle`` takes for this cycle, read from the database in four
    queries of plain values (a cycle of 10,000 offers and 30,000 order lines would spend seconds
    building model instances). Orders left with no line are not orders."""
    tiers: dict[int, list[closing.PriceTier]] = {}
    for offer_id, min_cases, unit_price in (
        PriceTier.objects.filter(offer__cycle=cycle)
        .order_by("offer_id", "min_cases")
        .values_list("offer_id", "min_cases", "unit_price")
    ):
        tiers.setdefault(offer_id, []).append(closing.PriceTier(min_cases, unit_price))
    offers = [
        closing.Offer(
            offer_id=str(pk),
            supplier_id=str(supplier_id),
            unit_price=unit_price,
            case_size=case_size,
            tiers=tuple(tiers.get(pk, ())),
        )
        for pk, supplier_id, unit_price, case_size in CycleOffer.objects.filter(cycle=cycle)
        .order_by("pk")
        .values_list("pk", "supplier__supplier_id", "unit_price", "case_size")
    ]
    lines: dict[int, list[closing.OrderLine]] = {}
    for order_id, offer_id, quantity, seen, placed_at, tolerance in (
        OrderLine.objects.filter(order__cycle=cycle)
        .order_by("order_id", "pk")
        # The time as text, parsed below: the database driver's and Django's conversions of
        # 30,000 aware datetimes cost more than the rest of the book's reading.
        .annotate(placed_text=Cast("placed_at", TextField()))
        .values_list(
            "order_id", "offer_id", "quantity", "seen_unit_price", "placed_text", "tolerance"
        )
    ):
        lines.setdefault(order_id, []).append(
            closing.OrderLine(
                offer_id=str(offer_id),
                quantity=quantity,
                seen_unit_price=seen,
                placed_at=_utc_time(placed_at),
                tolerance=tolerance,
            )
        )
    orders = [
        closing.MemberOrder(
            member_id=str(member_id), hub_id=str(hub_id), lines=tuple(lines[order_id])
        )
        for order_id, member_id, hub_id in MemberOrder.objects.filter(cycle=cycle)
        .order_by("pk")
        .values_list("pk", "member_id", "hub__hub_id")
        if order_id in lines
    ]
    return core_cycle(cycle), offers, orders


def _utc_time(text: str) -> datetime:
    """A stored time read as text: ISO 8601 as both databases write it, in UTC, which
    PostgreSQL states (``+00``: Django's connections use UTC) and SQLite leaves implied."""
    moment = datetime.fromisoformat(text)
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


# --- setting cycles up (coordinator's and suppliers' pages, the public pages, the API) --------


def cycle_by_uuid(uuid: UUID) -> OrderCycle | None:
    return OrderCycle.objects.select_related("coordinator").filter(uuid=uuid).first()


def cycles_coordinated_by(organization: Organization) -> QuerySet[OrderCycle]:
    """The cycles ``organization`` coordinates, the latest opening first."""
    return OrderCycle.objects.filter(coordinator=organization).order_by("-opens_at", "-pk")


def cycles_supplied_by(organization: Organization) -> QuerySet[OrderCycle]:
    """The cycles ``organization`` is a supplier of, the latest opening first."""
    return (
        OrderCycle.objects.filter(suppliers__supplier=organization)
        .select_related("coordinator")
        .order_by("-opens_at", "-pk")
    )


def cycles_bought_in_by(organization: Organization) -> QuerySet[OrderCycle]:
    """The cycles ``organization`` is a buying group of, the latest opening first."""
    return (
        OrderCycle.objects.filter(hubs__hub=organization)
        .select_related("coordinator")
        .order_by("-opens_at", "-pk")
    )


def cycles_to_order_in(user: Any, now: datetime | None = None) -> QuerySet[OrderCycle]:
    """The open cycles ``user`` may order in: a buying group of each is an organization they
    have a role in (any role, as ``selectors.orders.buying_groups_for``); the soonest closing
    first. None for a visitor who is not signed in."""
    if not getattr(user, "is_authenticated", False) or not getattr(user, "is_active", False):
        return OrderCycle.objects.none()
    now = now or timezone.now()
    member_of = Role.objects.filter(user=user).values("organization_id")
    return (
        OrderCycle.objects.filter(
            closed_at__isnull=True,
            opens_at__lte=now,
            closes_at__gt=now,
            pk__in=CycleHub.objects.filter(hub_id__in=member_of).values("cycle_id"),
        )
        .select_related("coordinator")
        .order_by("closes_at", "pk")
    )


def closed_cycles_ordered_in(user: Any) -> QuerySet[OrderCycle]:
    """The closed cycles ``user`` has an order in, the latest closed first."""
    if not getattr(user, "is_authenticated", False):
        return OrderCycle.objects.none()
    return (
        OrderCycle.objects.filter(
            closed_at__isnull=False,
            pk__in=MemberOrder.objects.filter(member=user).values("cycle_id"),
        )
        .select_related("coordinator")
        .order_by("-closed_at", "-pk")
    )


def current_cycles(now: datetime | None = None) -> QuerySet[OrderCycle]:
    """The cycles open or upcoming: not closed and not past their closing time, the soonest
    closing first."""
    return (
        OrderCycle.objects.filter(closed_at__isnull=True, closes_at__gt=now or timezone.now())
        .select_related("coordinator")
        .order_by("closes_at", "pk")
    )


def suppliers_of(cycle: OrderCycle) -> QuerySet[CycleSupplier]:
    return (
        CycleSupplier.objects.filter(cycle=cycle)
        .select_related("supplier")
        .annotate(offer_count=Count("offers"))
        .order_by("supplier__name", "pk")
    )


def hubs_of(cycle: OrderCycle) -> QuerySet[CycleHub]:
    return CycleHub.objects.filter(cycle=cycle).select_related("hub").order_by("hub__name", "pk")


def fees_of(cycle: OrderCycle, *, supplier: CycleSupplier | None = None) -> QuerySet[CycleFee]:
    """The cycle's fees; with ``supplier``, only those that may apply to its offers (not
    narrowed to another supplier), so that no supplier sees another's fees."""
    fees = CycleFee.objects.filter(cycle=cycle).select_related("supplier__supplier", "hub__hub")
    if supplier is not None:
        fees = fees.filter(Q(supplier__isnull=True) | Q(supplier=supplier))
    return fees.order_by("pk")


def offer_count(cycle: OrderCycle) -> int:
    return CycleOffer.objects.filter(cycle=cycle).count()


def has_order_lines(cycle: OrderCycle) -> bool:
    return OrderLine.objects.filter(order__cycle=cycle).exists()


def supplier_row(cycle: OrderCycle, organization: Organization) -> CycleSupplier | None:
    """``organization``'s row among the cycle's suppliers, if it is one."""
    return (
        CycleSupplier.objects.filter(cycle=cycle, supplier=organization)
        .select_related("supplier", "cycle")
        .first()
    )


def offers_of_supplier(cycle_supplier: CycleSupplier) -> QuerySet[CycleOffer]:
    """One supplier's offers in its cycle, by name, with their tiers and whether anyone has
    ordered them (``ordered``)."""
    return (
        CycleOffer.objects.filter(supplier=cycle_supplier)
        .prefetch_related(Prefetch("tiers", queryset=PriceTier.objects.order_by("min_cases")))
        .annotate(ordered=Exists(OrderLine.objects.filter(offer=OuterRef("pk"))))
        .order_by("name", "pk")
    )


def catalogue_choices(cycle_supplier: CycleSupplier) -> QuerySet[Product]:
    """The supplier's catalogue, by name, each product marked ``offered`` when it is already an
    offer of the cycle."""
    return (
        Product.objects.filter(supplier_id=cycle_supplier.supplier_id)
        .annotate(
            offered=Exists(
                CycleOffer.objects.filter(cycle_id=cycle_supplier.cycle_id, product=OuterRef("pk"))
            )
        )
        .order_by("name", "pk")
    )


def organizations_matching(words: str, limit: int = 20) -> list[Organization]:
    """Organizations of the directory whose name or short name holds ``words``, by name."""
    words = words.strip()
    if not words:
        return []
    return list(
        Organization.objects.filter(Q(name__icontains=words) | Q(slug__icontains=words))
        .exclude(status=Organization.Status.DISSOLVED)
        .order_by("name", "pk")[:limit]
    )


def organization_named(text: str) -> Organization | None:
    """The organization whose short name (slug) or exact name is ``text``."""
    text = text.strip()
    if not text:
        return None
    found = Organization.objects.filter(slug=text.lower()).first()
    if found is None:
        named = list(Organization.objects.filter(name__iexact=text)[:2])
        found = named[0] if len(named) == 1 else None
    return found


# --- money as people write and read it --------------------------------------------------------


def minor_units(amount: Decimal, currency: str) -> int:
    """``amount`` as people write it (0.50) in ``currency``'s minor units (50); ``ValueError``
    when it has more decimals than the currency has, or is not a finite number.
    ``closing.UnknownCurrencyError`` (a ``ValueError``) for an unknown currency."""
    exponent = closing.currency_exponent(currency)
    if not amount.is_finite():
        raise ValueError(amount)
    scaled = amount.scaleb(exponent)
    if scaled != scaled.to_integral_value():
        raise ValueError(amount)
    return int(scaled)


def amount_decimal(amount: int, currency: str) -> Decimal:
    """Minor units back as the decimal people write (50 EUR → 0.50), for a form."""
    exponent = closing.currency_exponent(currency)
    return to_decimal(amount, currency).quantize(Decimal(1).scaleb(-exponent))


def money_text(amount: int, currency: str) -> str:
    """An amount in the reader's language and the currency's own form (0,50 € in French)."""
    locale = (get_language() or settings.LANGUAGE_CODE).replace("-", "_")
    return format_currency(amount_decimal(amount, currency), currency, locale=locale)


def rate_percent(rate_bp: int) -> Decimal:
    """Basis points as a percentage without trailing zeros: 250 → 2.5."""
    percent = Decimal(rate_bp).scaleb(-2)
    return (
        percent.quantize(Decimal(1))
        if percent == percent.to_integral_value()
        else (percent.normalize())
    )


def rate_text(rate_bp: int) -> str:
    """A rate as a percentage in the reader's language (2,5 % in French)."""
    locale = (get_language() or settings.LANGUAGE_CODE).replace("-", "_")
    percent = format_decimal(rate_percent(rate_bp), locale=locale)
    return pgettext("rate", "%(percent)s%%") % {"percent": percent}
