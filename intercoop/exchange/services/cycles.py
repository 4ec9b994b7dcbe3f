"""Writes of setting up order cycles: the coordinator creates and changes a cycle, adds and
removes its suppliers, buying groups and fees; each supplier adds products of its catalogue as
offers, prices them in tiers, and removes them.

Every write locks the cycle's row (``select_for_update``), as saving an order and the close do,
so a check such as "nobody has ordered this offer" holds until the write commits. The rules:

- **Nothing changes once the cycle is closed** (``closed_at`` set): ``cycle_closed``.
- **Nothing that reprices an order** once it exists. An offer that has order lines keeps its
  price, case size and tiers and cannot be removed (``offer_ordered``); a supplier with an
  ordered offer, or a buying group with an order, cannot be removed (``has_orders``); once any
  order line exists in the cycle, no fee is added or removed (``has_orders``) and the opening
  time stays. Adding suppliers, buying groups and offers, and moving the closing time, stay
  possible until the close.
- **The currency** stays once the cycle has an offer or a fee: their amounts are in it.

Refusals are ``ServiceError`` with a stable code and a message in the reader's language;
nothing is written. A double submit is harmless: adding what is already there returns it, and
creating the same cycle (coordinator, name, opening and closing times) while the first is not
closed raises ``DuplicateCycle``, which names the first.

Who may call these is decided before: the coordinator's administrators for the cycle, its
suppliers and buying groups and its fees; a supplier's administrators for its offers
(``Perm.EDIT_PROFILE``, in the views and the API).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from intercoop.accounts.models import User
from intercoop.core.errors import Conflict, ServiceError
from intercoop.exchange.closing.money import BASIS_POINTS, CURRENCY_EXPONENTS
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
from intercoop.organizations.models import Organization

MAX_NAME = 200
MAX_DESCRIPTION = 10_000
# Amounts fit a BigIntegerField with room for totals; case sizes a PostgreSQL integer.
MAX_AMOUNT = 10**15
MAX_CASE_SIZE = 2**31 - 1
MAX_TIERS = 10


class DuplicateCycle(Conflict):
    """The same cycle is already set up (a form sent twice, say)."""

    def __init__(self, existing: OrderCycle) -> None:
        super().__init__(
            _("This order cycle already exists: “%(name)s”.") % {"name": existing.name},
            code="duplicate_cycle",
        )
        self.existing = existing


@dataclass(frozen=True)
class OffersAdded:
    """What adding products did: the offers made, the products already offered (left as they
    were), and the products left out with the reason, in the reader's language."""

    added: list[CycleOffer]
    already: list[Product]
    refused: list[tuple[Product, str]]


# --- checks -----------------------------------------------------------------------------------


def _check_text(name: str, description: str) -> None:
    if not name.strip():
        raise ServiceError(_("Give the cycle a name."), code="invalid_name")
    if len(name.strip()) > MAX_NAME or len(description) > MAX_DESCRIPTION:
        raise ServiceError(
            _("The name (%(name)s characters) or the description (%(description)s) is too long.")
            % {"name": MAX_NAME, "description": MAX_DESCRIPTION},
            code="too_long",
        )
    if "\x00" in name + description:
        raise ServiceError(_("The text holds a null character."), code="invalid_text")


def _check_currency(currency: str) -> None:
    if currency not in CURRENCY_EXPONENTS:
        raise ServiceError(
            _("“%(code)s” is not a currency code this site knows (ISO 4217, such as EUR).")
            % {"code": currency},
            code="invalid_currency",
        )


def _check_times(opens_at: datetime, closes_at: datetime) -> None:
    if timezone.is_naive(opens_at) or timezone.is_naive(closes_at):
        raise ServiceError(_("A date has no time zone."), code="invalid_times")
    if closes_at <= opens_at:
        raise ServiceError(_("The cycle must close after it opens."), code="invalid_times")


def _check_amount(amount: int, what: str) -> None:
    if not 0 <= amount < MAX_AMOUNT:
        raise ServiceError(
            _("%(what)s must be 0 or more and below %(max)s in minor units.")
            % {"what": what, "max": MAX_AMOUNT},
            code="invalid_amount",
        )


def _locked(cycle: OrderCycle) -> OrderCycle:
    """The cycle's row, locked until the transaction ends; refused once it is closed."""
    locked = OrderCycle.objects.select_for_update().get(pk=cycle.pk)
    if locked.closed_at is not None:
        raise ServiceError(
            _("This order cycle is closed: nothing of it can change."), code="cycle_closed"
        )
    return locked


def _has_order_lines(cycle: OrderCycle) -> bool:
    return OrderLine.objects.filter(order__cycle=cycle).exists()


def _refuse_if_ordered(cycle: OrderCycle) -> None:
    if _has_order_lines(cycle):
        raise ServiceError(
            _(
                "Members have ordered in this cycle: its fees can no longer change, since that "
                "would change the prices they ordered at."
            ),
            code="has_orders",
        )


# --- the cycle --------------------------------------------------------------------------------


def cycle_create(
    *,
    coordinator: Organization,
    by: User,
    name: str,
    currency: str,
    opens_at: datetime,
    closes_at: datetime,
    description: str = "",
) -> OrderCycle:
    """Set up an order cycle coordinated by ``coordinator``; it has no supplier, buying group or
    fee yet. The same cycle sent again while the first is not closed is refused with
    ``DuplicateCycle``."""
    _check_text(name, description)
    _check_currency(currency)
    _check_times(opens_at, closes_at)
    if closes_at <= timezone.now():
        raise ServiceError(_("The closing time has already passed."), code="invalid_times")
    with transaction.atomic():
        # Two identical requests at once are serialized on the coordinator's row.
        Organization.objects.select_for_update().filter(pk=coordinator.pk).first()
        existing = OrderCycle.objects.filter(
            coordinator=coordinator,
            name__iexact=name.strip(),
            opens_at=opens_at,
            closes_at=closes_at,
            closed_at__isnull=True,
        ).first()
        if existing is not None:
            raise DuplicateCycle(existing)
        return OrderCycle.objects.create(
            coordinator=coordinator,
            name=name.strip(),
            description=description.strip(),
            currency=currency,
            opens_at=opens_at,
            closes_at=closes_at,
            created_by=by,
        )


def cycle_update(
    *,
    cycle: OrderCycle,
    by: User,
    name: str,
    currency: str,
    opens_at: datetime,
    closes_at: datetime,
    description: str = "",
) -> OrderCycle:
    """Change a cycle that is not closed. The currency stays once it has an offer or a fee; the
    opening time stays once members have ordered."""
    _check_text(name, description)
    _check_currency(currency)
    _check_times(opens_at, closes_at)
    with transaction.atomic():
        locked = _locked(cycle)
        if currency != locked.currency and (
            CycleOffer.objects.filter(cycle=locked).exists()
            or CycleFee.objects.filter(cycle=locked).exists()
        ):
            raise ServiceError(
                _("The cycle has offers or fees in %(currency)s: its currency cannot change.")
                % {"currency": locked.currency},
                code="currency_fixed",
            )
        if opens_at != locked.opens_at and _has_order_lines(locked):
            raise ServiceError(
                _("Members have ordered in this cycle: its opening time cannot change."),
                code="has_orders",
            )
        locked.name, locked.description = name.strip(), description.strip()
        locked.currency, locked.opens_at, locked.closes_at = currency, opens_at, closes_at
        locked.save(update_fields=["name", "description", "currency", "opens_at", "closes_at"])
    return locked


# --- suppliers and buying groups --------------------------------------------------------------


def cycle_supplier_add(*, cycle: OrderCycle, supplier: Organization, by: User) -> CycleSupplier:
    """Make ``supplier`` a supplier of the cycle; one already there is returned as it is."""
    with transaction.atomic():
        locked = _locked(cycle)
        row, _created = CycleSupplier.objects.get_or_create(cycle=locked, supplier=supplier)
    return row


def cycle_supplier_remove(*, cycle_supplier: CycleSupplier, by: User) -> None:
    """Remove a supplier, its offers and the fees narrowed to it; refused once a member has
    ordered one of its offers."""
    with transaction.atomic():
        _locked(cycle_supplier.cycle)
        if OrderLine.objects.filter(offer__supplier=cycle_supplier).exists():
            raise ServiceError(
                _("Members have ordered from %(supplier)s in this cycle: it cannot be removed.")
                % {"supplier": cycle_supplier.supplier.name},
                code="has_orders",
            )
        cycle_supplier.delete()


def cycle_hub_add(*, cycle: OrderCycle, hub: Organization, by: User) -> CycleHub:
    """Make ``hub`` a buying group of the cycle; one already there is returned as it is."""
    with transaction.atomic():
        locked = _locked(cycle)
        row, _created = CycleHub.objects.get_or_create(cycle=locked, hub=hub)
    return row


def cycle_hub_remove(*, cycle_hub: CycleHub, by: User) -> None:
    """Remove a buying group and the fees narrowed to it; refused once one of its members has
    an order in the cycle."""
    with transaction.atomic():
        _locked(cycle_hub.cycle)
        if MemberOrder.objects.filter(hub=cycle_hub).exists():
            raise ServiceError(
                _("Members of %(hub)s have ordered in this cycle: it cannot be removed.")
                % {"hub": cycle_hub.hub.name},
                code="has_orders",
            )
        cycle_hub.delete()


# --- fees -------------------------------------------------------------------------------------


def cycle_fee_add(
    *,
    cycle: OrderCycle,
    by: User,
    name: str,
    role: str,
    basis: str,
    amount: int = 0,
    rate_bp: int = 0,
    supplier: CycleSupplier | None = None,
    hub: CycleHub | None = None,
) -> CycleFee:
    """Add a fee: ``amount`` in minor units of the cycle's currency (per unit for a per-item
    fee, per order for a per-order one) and/or ``rate_bp`` basis points of the goods, narrowed
    to one supplier or one buying group of the cycle if given. Refused once members have
    ordered; the same fee sent twice is returned as it is, not added twice."""
    if not name.strip() or len(name.strip()) > MAX_NAME or "\x00" in name:
        raise ServiceError(
            _("Give the fee a name of at most %(n)s characters.") % {"n": MAX_NAME},
            code="invalid_name",
        )
    if role not in CycleFee.Role.values:
        raise ServiceError(_("Choose whom the fee is paid to."), code="invalid_role")
    if basis not in CycleFee.Basis.values:
        raise ServiceError(
            _("Choose whether the fee is per item or per order."), code="invalid_basis"
        )
    _check_amount(amount, _("The fixed amount"))
    if not 0 <= rate_bp <= BASIS_POINTS:
        raise ServiceError(_("The rate must be between 0 and 100 %."), code="invalid_rate")
    if amount == 0 and rate_bp == 0:
        raise ServiceError(_("A fee needs a fixed amount, a rate, or both."), code="empty_fee")
    if (supplier is not None and supplier.cycle_id != cycle.pk) or (
        hub is not None and hub.cycle_id != cycle.pk
    ):
        raise ServiceError(
            _("A fee can be narrowed only to a supplier or a buying group of its cycle."),
            code="invalid_scope",
        )
    with transaction.atomic():
        locked = _locked(cycle)
        _refuse_if_ordered(locked)
        values = {
            "name": name.strip(),
            "role": role,
            "basis": basis,
            "amount": amount,
            "rate_bp": rate_bp,
            "supplier": supplier,
            "hub": hub,
        }
        existing = CycleFee.objects.filter(cycle=locked, **values).first()
        if existing is not None:
            return existing
        return CycleFee.objects.create(cycle=locked, **values)


def cycle_fee_remove(*, fee: CycleFee, by: User) -> None:
    """Remove a fee; refused once members have ordered."""
    with transaction.atomic():
        locked = _locked(fee.cycle)
        _refuse_if_ordered(locked)
        fee.delete()


# --- suppliers' offers ------------------------------------------------------------------------


def _refusal(product: Product, cycle: OrderCycle, supplier: Organization) -> str | None:
    if product.supplier_id != supplier.pk:
        return _("It is not in your catalogue.")
    if product.stock == 0:
        return _("It is not available.")
    if product.currency != cycle.currency:
        return _("Its price is in %(product)s; the cycle's currency is %(cycle)s.") % {
            "product": product.currency,
            "cycle": cycle.currency,
        }
    return None


def cycle_offers_add(
    *, cycle_supplier: CycleSupplier, by: User, products: Sequence[Product] | None = None
) -> OffersAdded:
    """Offer products of the supplier's catalogue in the cycle, copying their name, unit,
    quantity, price (as the unit price), case size and VAT rate, so that a later change of the
    catalogue does not reprice the cycle.

    ``products`` None: every available product of the catalogue; those in another currency are
    left out, each with its reason, and the others added. Chosen ``products``: all or nothing,
    a product refused (another currency, not available, not the supplier's) refuses them all
    with every reason. Products already offered are left as they are, either way."""
    supplier = cycle_supplier.supplier
    with transaction.atomic():
        cycle = _locked(cycle_supplier.cycle)
        offered = set(
            CycleOffer.objects.filter(cycle=cycle, product__isnull=False).values_list(
                "product_id", flat=True
            )
        )
        if products is None:
            chosen = list(
                Product.objects.filter(supplier=supplier).exclude(stock=0).order_by("name", "pk")
            )
        else:
            chosen = list(dict.fromkeys(products))
        already = [p for p in chosen if p.pk in offered]
        refused = [
            (p, reason)
            for p in chosen
            if p.pk not in offered and (reason := _refusal(p, cycle, supplier)) is not None
        ]
        if refused and products is not None:
            raise ServiceError(
                " ".join(f"{p.name}: {reason}" for p, reason in refused), code="product_refused"
            )
        left_out = {p.pk for p, _reason in refused}
        new = [
            CycleOffer(
                cycle=cycle,
                supplier=cycle_supplier,
                product=p,
                name=p.name,
                unit=p.unit,
                quantity=p.quantity,
                unit_price=p.price,
                case_size=p.case_size,
                vat_rate=p.vat_rate,
            )
            for p in chosen
            if p.pk not in offered and p.pk not in left_out
        ]
        for offer in new:
            offer.save()
    return OffersAdded(added=new, already=already, refused=refused)


def _check_tiers(unit_price: int, tiers: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """The tiers by threshold, or a refusal naming what is wrong."""
    if len(tiers) > MAX_TIERS:
        raise ServiceError(
            _("An offer takes at most %(n)s price tiers.") % {"n": MAX_TIERS},
            code="invalid_tiers",
        )
    ordered = sorted(tiers)
    thresholds = [cases for cases, _price in ordered]
    if any(cases < 1 or cases > MAX_CASE_SIZE for cases in thresholds):
        raise ServiceError(_("A tier starts from 1 case or more."), code="invalid_tiers")
    if len(set(thresholds)) != len(thresholds):
        raise ServiceError(
            _("Two tiers start from the same number of cases."), code="invalid_tiers"
        )
    previous = unit_price
    for cases, price in ordered:
        _check_amount(price, _("A tier's price"))
        if price > unit_price:
            raise ServiceError(
                _("The tier from %(n)s cases is dearer than the offer's price.") % {"n": cases},
                code="invalid_tiers",
            )
        if price > previous:
            raise ServiceError(
                _("The tier from %(n)s cases is dearer than a tier below it.") % {"n": cases},
                code="invalid_tiers",
            )
        previous = price
    return ordered


def _refuse_if_offer_ordered(offer: CycleOffer, refusal: str) -> None:
    if OrderLine.objects.filter(offer=offer).exists():
        raise ServiceError(refusal % {"name": offer.name}, code="offer_ordered")


def cycle_offer_update(
    *,
    offer: CycleOffer,
    by: User,
    unit_price: int,
    case_size: int,
    tiers: Sequence[tuple[int, int]] = (),
) -> CycleOffer:
    """Set an offer's unit price (minor units, excluding VAT), case size and price tiers
    (``(from_cases, unit_price)``: thresholds of 1 or more, each once; prices that never rise
    with the threshold nor exceed the unit price). The tiers given replace the offer's. Refused
    once a member has ordered the offer."""
    _check_amount(unit_price, _("The price"))
    if not 1 <= case_size <= MAX_CASE_SIZE:
        raise ServiceError(
            _("The case size must be 1 or more (1: sold by the unit)."), code="invalid_case_size"
        )
    checked = _check_tiers(unit_price, tiers)
    with transaction.atomic():
        _locked(offer.cycle)
        locked = CycleOffer.objects.select_for_update().get(pk=offer.pk)
        _refuse_if_offer_ordered(
            locked,
            _("Members have ordered “%(name)s”: its price, case size and tiers stay as they are."),
        )
        locked.unit_price, locked.case_size = unit_price, case_size
        locked.save(update_fields=["unit_price", "case_size"])
        PriceTier.objects.filter(offer=locked).delete()
        PriceTier.objects.bulk_create(
            PriceTier(offer=locked, min_cases=cases, unit_price=price) for cases, price in checked
        )
    return locked


def cycle_offer_remove(*, offer: CycleOffer, by: User) -> None:
    """Remove an offer nobody has ordered."""
    with transaction.atomic():
        _locked(offer.cycle)
        _refuse_if_offer_ordered(offer, _("Members have ordered “%(name)s”: it cannot be removed."))
        offer.delete()
