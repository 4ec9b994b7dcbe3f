"""Reads of closed order cycles: the cycles due to close, the stored closing, and each party's
document of it (``exchange.documents``), with the names people know in place of the closing
core's ids.

Invoice numbers: ``IC-<cycle id, 5 digits>-<n, 4 digits>``, where ``n`` is the invoice's place
(from 1) among the cycle's invoices as the stored closing lists them (by member id). The stored
closing never changes, so a member's invoice keeps its number; each cycle is a series of its
own, numbered without gaps."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from intercoop.accounts.models import User
from intercoop.exchange import closing
from intercoop.exchange.closing import codec
from intercoop.exchange.documents import Cell, Document, Money, Table
from intercoop.exchange.models import (
    CycleClosing,
    CycleFee,
    CycleHub,
    CycleOffer,
    CycleSupplier,
    MemberOrder,
    OrderCycle,
)
from intercoop.organizations.models import Organization


def cycles_due(now: datetime | None = None) -> QuerySet[OrderCycle]:
    """The cycles past their closing time that are not closed yet, the earliest first."""
    return OrderCycle.objects.filter(
        closed_at__isnull=True, closes_at__lte=now or timezone.now()
    ).order_by("closes_at", "pk")


def stored_closing(cycle: OrderCycle) -> CycleClosing | None:
    return CycleClosing.objects.filter(cycle=cycle).select_related("closed_by").first()


def closing_result(stored: CycleClosing) -> closing.Closing:
    return codec.loads(stored.result)


def digest_holds(stored: CycleClosing) -> bool:
    """Whether the stored result still hashes to the digest stored with it, and is the
    canonical text of a closing."""
    text = stored.result
    return (
        hashlib.sha256(text.encode()).hexdigest() == stored.digest
        and codec.dumps(codec.loads(text)) == text
    )


def invoice_number(cycle: OrderCycle, result: closing.Closing, member_id: str) -> str:
    place = [invoice.member_id for invoice in result.invoices].index(member_id) + 1
    return f"IC-{cycle.pk:05d}-{place:04d}"


def invoice_of(result: closing.Closing, member: User) -> closing.Invoice | None:
    return next((i for i in result.invoices if i.member_id == str(member.pk)), None)


def is_supplier(cycle: OrderCycle, org: Organization) -> bool:
    return CycleSupplier.objects.filter(cycle=cycle, supplier=org).exists()


def is_hub(cycle: OrderCycle, org: Organization) -> bool:
    return CycleHub.objects.filter(cycle=cycle, hub=org).exists()


def member_has_order(cycle: OrderCycle, member: User) -> bool:
    return MemberOrder.objects.filter(cycle=cycle, member=member).exists()


@dataclass(frozen=True)
class _Names:
    """The names people know for the closing core's ids."""

    offers: dict[str, CycleOffer]
    orgs: dict[str, str]
    members: dict[str, str]
    fees: dict[str, str]

    def offer(self, offer_id: str) -> str:
        offer = self.offers.get(offer_id)
        return offer.name if offer is not None else offer_id

    def unit(self, offer_id: str) -> str:
        offer = self.offers.get(offer_id)
        return offer.unit if offer is not None else ""

    def org(self, org_id: str) -> str:
        return self.orgs.get(org_id, org_id)

    def member(self, member_id: str) -> str:
        return self.members.get(member_id, member_id)

    def fee(self, fee_id: str) -> str:
        return self.fees.get(fee_id, fee_id)


def _names(cycle: OrderCycle, member_ids: set[str] | None = None) -> _Names:
    org_ids = {cycle.coordinator_id}
    org_ids |= set(CycleSupplier.objects.filter(cycle=cycle).values_list("supplier", flat=True))
    org_ids |= set(CycleHub.objects.filter(cycle=cycle).values_list("hub", flat=True))
    users = User.objects.filter(cycle_orders__cycle=cycle)
    if member_ids is not None:
        users = users.filter(pk__in=[int(m) for m in member_ids])
    return _Names(
        offers={str(o.pk): o for o in CycleOffer.objects.filter(cycle=cycle)},
        orgs={
            str(pk): name
            for pk, name in Organization.objects.filter(pk__in=org_ids).values_list("pk", "name")
        },
        members={str(u.pk): str(u) for u in users},
        fees={
            str(pk): name
            for pk, name in CycleFee.objects.filter(cycle=cycle).values_list("pk", "name")
        },
    )


def _when(moment: datetime | None) -> str:
    return date_format(timezone.localtime(moment), "DATETIME_FORMAT") if moment else ""


def _role(role: closing.FeeRole) -> str:
    return str(CycleFee.Role(role.value).label)


def _language() -> str:
    return get_language() or "en"


# --- a member's outcome, on their order's page -----------------------------------------------


@dataclass(frozen=True)
class OutcomeLine:
    name: str
    line: closing.InvoiceLine


@dataclass(frozen=True)
class MemberOutcome:
    """What the stored closing gave one member: their invoice's lines with the offers' names,
    the per-order fees with theirs, and the invoice's number."""

    number: str
    invoice: closing.Invoice
    lines: tuple[OutcomeLine, ...]
    order_fees: tuple[tuple[str, int], ...]


def member_outcome(cycle: OrderCycle, member: User) -> MemberOutcome | None:
    """The member's part of the cycle's stored closing; None before the close or when the
    closing holds no invoice of theirs."""
    stored = stored_closing(cycle)
    if stored is None:
        return None
    result = closing_result(stored)
    invoice = invoice_of(result, member)
    if invoice is None:
        return None
    names = _names(cycle, set())
    return MemberOutcome(
        number=invoice_number(cycle, result, invoice.member_id),
        invoice=invoice,
        lines=tuple(
            OutcomeLine(names.offer(line.offer_id), line)
            for line in sorted(invoice.lines, key=lambda line: names.offer(line.offer_id))
        ),
        order_fees=tuple((names.fee(c.fee_id), c.amount) for c in invoice.order_fees),
    )


# --- a member's invoice ---------------------------------------------------------------------


def invoice_document(
    cycle: OrderCycle, stored: CycleClosing, result: closing.Closing, invoice: closing.Invoice
) -> Document:
    names = _names(cycle, {invoice.member_id})
    cur = result.currency
    number = invoice_number(cycle, result, invoice.member_id)
    line_rows: list[tuple[Cell, ...]] = []
    csv_rows: list[tuple[Cell, ...]] = []
    for line in invoice.lines:
        fees = line.total - line.goods
        line_rows.append(
            (
                names.offer(line.offer_id),
                names.org(line.supplier_id),
                line.ordered_units,
                line.extra_units,
                line.dropped_units,
                line.allocated_units,
                Money(line.seen_unit_price, cur),
                Money(line.tier_unit_price, cur),
                Money(line.unit_price, cur),
                Money(line.goods, cur),
                Money(fees, cur),
                Money(line.total, cur),
            )
        )
        csv_rows.append(
            (
                number,
                "line",
                names.offer(line.offer_id),
                names.org(line.supplier_id),
                line.ordered_units,
                line.tolerance,
                line.extra_units,
                line.dropped_units,
                line.allocated_units,
                Money(line.seen_unit_price, cur),
                Money(line.tier_unit_price, cur),
                Money(line.unit_price, cur),
                Money(line.goods, cur),
                Money(fees, cur),
                Money(line.total, cur),
                cur,
            )
        )
    line_goods = sum(line.goods for line in invoice.lines)
    line_total = sum(line.total for line in invoice.lines)
    fee_rows: list[tuple[Cell, ...]] = []
    for charge in invoice.order_fees:
        fee_rows.append(
            (
                names.fee(charge.fee_id),
                _role(charge.role),
                names.org(charge.payee_id),
                Money(charge.amount, cur),
            )
        )
        csv_rows.append(
            (
                number,
                "order_fee",
                names.fee(charge.fee_id),
                names.org(charge.payee_id),
                "",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
                Money(0, cur),
                Money(charge.amount, cur),
                Money(charge.amount, cur),
                cur,
            )
        )
    csv_rows.append(
        (
            number,
            "total",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            Money(invoice.goods, cur),
            Money(invoice.fees, cur),
            Money(invoice.total, cur),
            cur,
        )
    )
    tables = [
        Table(
            caption=_("Order lines"),
            headers=(
                _("Product"),
                _("Supplier"),
                _("Ordered"),
                _("Extra"),
                _("Dropped"),
                _("Units"),
                _("Price seen"),
                _("Tier price"),
                _("Price paid"),
                _("Goods"),
                _("Fees"),
                _("Total"),
            ),
            rows=tuple(line_rows),
            footer=(
                (
                    _("Lines"),
                    "",
                    "",
                    "",
                    "",
                    "",
                    "",
                    "",
                    "",
                    Money(line_goods, cur),
                    Money(line_total - line_goods, cur),
                    Money(line_total, cur),
                ),
            ),
        ),
    ]
    if fee_rows:
        tables.append(
            Table(
                caption=_("Fees per order"),
                headers=(_("Fee"), _("Paid to"), _("Payee"), _("Amount")),
                rows=tuple(fee_rows),
            )
        )
    tables.append(
        Table(
            caption=_("Totals"),
            headers=(_("Item"), _("Amount")),
            rows=((_("Goods"), Money(invoice.goods, cur)), (_("Fees"), Money(invoice.fees, cur))),
            footer=((_("Total to pay"), Money(invoice.total, cur)),),
        )
    )
    return Document(
        title=_("Invoice %(number)s") % {"number": number},
        facts=(
            (_("Invoice number"), number),
            (_("Order cycle"), cycle.name),
            (_("Member"), names.member(invoice.member_id)),
            (_("Buying group"), names.org(invoice.hub_id)),
            (_("Coordinator"), names.org(str(cycle.coordinator_id))),
            (_("Closed on"), _when(stored.closed_at)),
            (_("Total to pay"), Money(invoice.total, cur)),
        ),
        tables=tuple(tables),
        csv_columns=(
            "invoice",
            "kind",
            "product",
            "supplier",
            "ordered_units",
            "tolerance",
            "extra_units",
            "dropped_units",
            "units",
            "seen_unit_price",
            "tier_unit_price",
            "unit_price",
            "goods",
            "fees",
            "total",
            "currency",
        ),
        csv_rows=tuple(csv_rows),
        filename=f"invoice-{number}",
        language=_language(),
    )


# --- a supplier's delivery list --------------------------------------------------------------


def delivery_document(
    cycle: OrderCycle, stored: CycleClosing, result: closing.Closing, supplier: Organization
) -> Document:
    names = _names(cycle, set())
    cur = result.currency
    delivery = next(
        (d for d in result.deliveries if d.supplier_id == str(supplier.pk)),
        closing.SupplierDelivery(supplier_id=str(supplier.pk), lines=(), goods=0, fees=0),
    )
    lines = sorted(delivery.lines, key=lambda d: (names.org(d.hub_id), names.offer(d.offer_id)))
    rows: tuple[tuple[Cell, ...], ...] = tuple(
        (
            names.org(line.hub_id),
            names.offer(line.offer_id),
            names.unit(line.offer_id),
            line.units,
            Money(line.goods, cur),
        )
        for line in lines
    )
    # Cases are made up across the buying groups: counted per product, not per group.
    own = sorted(
        (o for o in result.offers if o.supplier_id == str(supplier.pk) and o.allocated_units),
        key=lambda o: names.offer(o.offer_id),
    )
    goods_of = {o.offer_id: 0 for o in own}
    for line in lines:
        goods_of[line.offer_id] = goods_of.get(line.offer_id, 0) + line.goods
    product_rows = tuple(
        (
            names.offer(o.offer_id),
            names.unit(o.offer_id),
            o.case_size,
            o.cases,
            o.allocated_units,
            Money(goods_of[o.offer_id], cur),
        )
        for o in own
    )
    total_units = sum(line.units for line in lines)
    return Document(
        title=_("Delivery list of %(supplier)s: %(cycle)s")
        % {"supplier": supplier.name, "cycle": cycle.name},
        facts=(
            (_("Order cycle"), cycle.name),
            (_("Supplier"), supplier.name),
            (_("Coordinator"), names.org(str(cycle.coordinator_id))),
            (_("Closed on"), _when(stored.closed_at)),
            (_("Goods"), Money(delivery.goods, cur)),
            (_("Supplier's fees"), Money(delivery.fees, cur)),
            (_("To be paid"), Money(delivery.goods + delivery.fees, cur)),
        ),
        tables=(
            Table(
                caption=_("What to deliver, by buying group"),
                headers=(_("Buying group"), _("Product"), _("Unit"), _("Units"), _("Goods")),
                rows=rows,
                footer=((_("Total"), "", "", total_units, Money(delivery.goods, cur)),),
            ),
            Table(
                caption=_("By product"),
                headers=(
                    _("Product"),
                    _("Unit"),
                    _("Case size"),
                    _("Cases"),
                    _("Units"),
                    _("Goods"),
                ),
                rows=product_rows,
            ),
        ),
        csv_columns=("buying_group", "product", "unit", "units", "goods", "currency"),
        csv_rows=tuple((*row, cur) for row in rows),
        filename=f"delivery-{cycle.pk}-{supplier.slug}",
        language=_language(),
    )


# --- a hub's packing list --------------------------------------------------------------------


def packing_document(
    cycle: OrderCycle, stored: CycleClosing, result: closing.Closing, hub: Organization
) -> Document:
    packing = next(
        (p for p in result.packing_lists if p.hub_id == str(hub.pk)),
        closing.PackingList(hub_id=str(hub.pk), lines=()),
    )
    names = _names(cycle, {line.member_id for line in packing.lines})
    lines = sorted(
        packing.lines,
        key=lambda p: (names.member(p.member_id).casefold(), p.member_id, names.offer(p.offer_id)),
    )
    rows: tuple[tuple[Cell, ...], ...] = tuple(
        (
            names.member(line.member_id),
            names.offer(line.offer_id),
            names.unit(line.offer_id),
            names.org(line.supplier_id),
            line.units,
        )
        for line in lines
    )
    received: dict[tuple[str, str], int] = {}
    for line in packing.lines:
        key = (line.supplier_id, line.offer_id)
        received[key] = received.get(key, 0) + line.units
    received_rows = tuple(
        (names.org(supplier), names.offer(offer), names.unit(offer), units)
        for (supplier, offer), units in sorted(
            received.items(), key=lambda kv: (names.org(kv[0][0]), names.offer(kv[0][1]))
        )
    )
    members = len({line.member_id for line in packing.lines})
    return Document(
        title=_("Packing list of %(hub)s: %(cycle)s") % {"hub": hub.name, "cycle": cycle.name},
        facts=(
            (_("Order cycle"), cycle.name),
            (_("Buying group"), hub.name),
            (_("Closed on"), _when(stored.closed_at)),
            (_("Members"), members),
        ),
        tables=(
            Table(
                caption=_("What each member receives"),
                headers=(_("Member"), _("Product"), _("Unit"), _("Supplier"), _("Units")),
                rows=rows,
            ),
            Table(
                caption=_("What the buying group receives, by supplier"),
                headers=(_("Supplier"), _("Product"), _("Unit"), _("Units")),
                rows=received_rows,
                footer=((_("Total"), "", "", sum(received.values())),),
            ),
        ),
        csv_columns=("member", "product", "unit", "supplier", "units"),
        csv_rows=rows,
        filename=f"packing-{cycle.pk}-{hub.slug}",
        language=_language(),
    )


# --- the coordinator's summary ---------------------------------------------------------------


def _outcome(outcome: closing.CaseOutcome) -> str:
    return {
        closing.CaseOutcome.EXACT: _("Whole cases"),
        closing.CaseOutcome.FILLED: _("Last case filled from tolerance"),
        closing.CaseOutcome.DROPPED: _("Partial case dropped"),
        closing.CaseOutcome.NONE: _("Not ordered"),
    }[outcome]


def summary_document(cycle: OrderCycle, stored: CycleClosing, result: closing.Closing) -> Document:
    names = _names(cycle)
    cur = result.currency
    offers = sorted(
        result.offers, key=lambda o: (names.org(o.supplier_id), names.offer(o.offer_id))
    )
    offer_rows = tuple(
        (
            names.offer(o.offer_id),
            names.org(o.supplier_id),
            o.case_size,
            o.ordered_units,
            o.tolerance_used,
            o.dropped_units,
            o.allocated_units,
            o.cases,
            _outcome(o.outcome),
            o.tier_min_cases or _("Base price"),
            Money(o.tier_unit_price, cur),
        )
        for o in offers
    )
    payout_rows = tuple(
        (
            names.org(p.payee_id),
            _role(p.role),
            Money(p.goods, cur),
            Money(p.fees, cur),
            Money(p.goods + p.fees, cur),
        )
        for p in result.payouts
    )
    paid_goods = sum(p.goods for p in result.payouts)
    paid_fees = sum(p.fees for p in result.payouts)
    invoice_rows = tuple(
        (
            invoice_number(cycle, result, i.member_id),
            names.member(i.member_id),
            names.org(i.hub_id),
            Money(i.goods, cur),
            Money(i.fees, cur),
            Money(i.total, cur),
        )
        for i in result.invoices
    )
    invoiced_fees = sum(i.fees for i in result.invoices)
    fee_labels = {
        closing.FeeRole.COORDINATOR: _("Fees to the coordinator"),
        closing.FeeRole.SUPPLIER: _("Fees to the suppliers"),
        closing.FeeRole.DISTRIBUTOR: _("Fees to the buying groups"),
    }
    fees_by_role: tuple[tuple[str, Cell], ...] = tuple(
        (fee_labels[role], Money(amount, cur)) for role, amount in result.fees_by_role
    )
    return Document(
        title=_("Closing of %(cycle)s") % {"cycle": cycle.name},
        facts=(
            (_("Order cycle"), cycle.name),
            (_("Coordinator"), names.org(str(cycle.coordinator_id))),
            (_("Closed on"), _when(stored.closed_at)),
            (_("Closed by"), str(stored.closed_by) if stored.closed_by else _("the scheduler")),
            (_("Currency"), cur),
            (_("Goods"), Money(result.goods, cur)),
            *fees_by_role,
            (_("Invoiced to members"), Money(result.invoiced, cur)),
            (_("Digest (SHA-256)"), stored.digest),
        ),
        tables=(
            Table(
                caption=_("Offers"),
                headers=(
                    _("Product"),
                    _("Supplier"),
                    _("Case size"),
                    _("Ordered"),
                    _("Filled from tolerance"),
                    _("Dropped"),
                    _("Units"),
                    _("Cases"),
                    _("Outcome"),
                    _("Tier reached (cases)"),
                    _("Unit price"),
                ),
                rows=offer_rows,
            ),
            Table(
                caption=_("Payouts"),
                headers=(_("Paid to"), _("Role"), _("Goods"), _("Fees"), _("Total")),
                rows=payout_rows,
                footer=(
                    (
                        _("Total"),
                        "",
                        Money(paid_goods, cur),
                        Money(paid_fees, cur),
                        Money(paid_goods + paid_fees, cur),
                    ),
                ),
            ),
            Table(
                caption=_("Invoices"),
                headers=(
                    _("Invoice"),
                    _("Member"),
                    _("Buying group"),
                    _("Goods"),
                    _("Fees"),
                    _("Total"),
                ),
                rows=invoice_rows,
                footer=(
                    (
                        _("Total"),
                        "",
                        "",
                        Money(result.goods, cur),
                        Money(invoiced_fees, cur),
                        Money(result.invoiced, cur),
                    ),
                ),
            ),
        ),
        csv_columns=("invoice", "member", "buying_group", "goods", "fees", "total", "currency"),
        csv_rows=tuple((*row, cur) for row in invoice_rows),
        filename=f"closing-{cycle.pk}",
        language=_language(),
    )
