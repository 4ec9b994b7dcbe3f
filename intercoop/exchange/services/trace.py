"""Writes of traceability: an organization's economic resources, and the Valueflows events that
change them (transfers to other organizations, processes that transform resources, and the
deliveries of a closed order cycle).

Every event is built as a ``valueflows.model.EconomicEvent`` (which refuses what Valueflows
forbids) and its effects on the resources it names are computed by ``valueflows.effects``; the
stored quantities are then those the core gives. On top of the core's rules:

- quantities are more than 0, below 10^11, with at most 3 decimals;
- no event takes a resource's accounting or onhand quantity below 0;
- an organization records events only on its own resources (its ``primary_accountable``);
- a transfer that delivers order lines names lines of closed cycles, of offers this
  organization supplied, ordered through the receiving organization, all of one offer.

Each write is one transaction, the organization's row and the resources it changes locked
(``select_for_update``), so two events on one resource at once are applied one after the other.
Events are never changed. A double submit records once: a form (or an API client) sends the
``uuid`` the new record is to have, and sending it again returns the record already made.

Who may: whoever may edit the organization's profile (``Perm.EDIT_PROFILE``, its
administrators), as for its catalogue; the views and the API authorize before calling.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any
from uuid import UUID

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from intercoop.accounts.models import User
from intercoop.core.errors import ServiceError
from intercoop.exchange.closing.money import CURRENCY_EXPONENTS
from intercoop.exchange.dfc.catalogue import decimal_text
from intercoop.exchange.models import (
    CycleOffer,
    EconomicEvent,
    EconomicProcess,
    EconomicResource,
    OrderCycle,
    OrderLine,
    Product,
)
from intercoop.exchange.selectors import trace as selectors
from intercoop.exchange.valueflows.actions import VfError
from intercoop.exchange.valueflows.effects import apply_event
from intercoop.organizations.models import Organization

QUANTITY_LIMIT = Decimal("1e11")
# The actions of events recorded alone (not in a process), and of a process's inputs and outputs.
TRANSFER_ACTIONS = ("transfer", "transferCustody", "move")
ADJUST_ACTIONS = ("raise", "lower")
INPUT_ACTIONS = ("consume", "use", "work", "cite", "accept")
OUTPUT_ACTIONS = ("produce", "modify")
# How far in the future a time may be (clocks differ).
_CLOCK_SLACK = timedelta(minutes=5)


class TraceRefused(ServiceError):
    code = "trace_refused"


@dataclass(frozen=True)
class NewResource:
    """A resource to create: what it is called and counted in."""

    name: str
    unit: str
    tracking_identifier: str = ""
    conforms_to: Product | None = None
    note: str = ""


@dataclass(frozen=True)
class ProcessInput:
    """An input of a process: ``quantity`` is hours for ``work`` and ``use``, none needed for
    ``cite``; ``work`` names no resource."""

    action: str
    resource: EconomicResource | None
    quantity: Decimal | None


@dataclass(frozen=True)
class ProcessOutput:
    """An output: ``produce`` a new resource (``new``) or more of one of ours (``resource``);
    ``modify`` gives back a resource an ``accept`` input of the same process took."""

    action: str
    quantity: Decimal
    resource: EconomicResource | None = None
    new: NewResource | None = None


@dataclass(frozen=True)
class DeliveriesRecorded:
    recorded: list[EconomicEvent] = field(default_factory=list)
    already: int = 0  # deliveries of this cycle recorded before


# --- checks ---------------------------------------------------------------------------------


def _check_quantity(quantity: Decimal | None, *, what: str = "") -> Decimal:
    try:
        bad = (
            quantity is None
            or not quantity.is_finite()
            or quantity <= 0
            or quantity >= QUANTITY_LIMIT
            or quantity != quantity.quantize(Decimal("0.001"))
        )
    except (InvalidOperation, AttributeError):
        bad = True
    if bad or quantity is None:
        raise TraceRefused(
            _("The quantity must be more than 0, below 100 billion, with at most 3 decimals.")
            + (f" ({what})" if what else ""),
            code="invalid_quantity",
        )
    return quantity


def _check_text(text: str, *, limit: int, required: bool = False) -> str:
    """``text`` without its surrounding spaces; refused when empty (if ``required``), longer
    than ``limit`` or holding a NUL character."""
    text = (text or "").strip()
    if required and not text:
        raise TraceRefused(_("Give it a name."), code="invalid_text")
    if len(text) > limit or "\x00" in text:
        raise TraceRefused(
            _("A text is longer than %(n)s characters, or holds a null character.") % {"n": limit},
            code="invalid_text",
        )
    return text


def _check_time(moment: datetime | None) -> datetime:
    now = timezone.now()
    if moment is None:
        return now
    if timezone.is_naive(moment):
        raise TraceRefused(_("A date has no time zone."), code="invalid_time")
    if moment > now + _CLOCK_SLACK:
        raise TraceRefused(_("An event cannot be recorded in the future."), code="invalid_time")
    return moment


def _check_own(resource: EconomicResource, organization: Organization) -> None:
    if resource.primary_accountable_id != organization.pk:
        raise TraceRefused(
            _("“%(name)s” is not a resource of %(org)s.")
            % {"name": resource.name, "org": organization.name},
            code="not_yours",
        )


def _check_new_resource(new: NewResource) -> None:
    _check_text(new.name, limit=300, required=True)
    _check_text(new.tracking_identifier, limit=200)
    if new.unit not in selectors.RESOURCE_UNITS:
        raise TraceRefused(_("Choose the unit it is counted in."), code="invalid_unit")


def _lock_organization(organization: Organization) -> None:
    # Serializes an organization's writes, so a record sent twice at once is made once.
    Organization.objects.select_for_update().filter(pk=organization.pk).first()


# --- recording one event --------------------------------------------------------------------


def _apply(
    event: EconomicEvent, *, fulfils: Sequence[OrderLine] = (), by: User | None
) -> EconomicEvent:
    """Validate ``event`` through the core, apply its effects to its resources (locked), and
    store it. Inside a transaction."""
    pks = [
        pk
        for pk in (event.resource_inventoried_as_id, event.to_resource_inventoried_as_id)
        if pk is not None
    ]
    locked = {
        r.pk: r
        for r in EconomicResource.objects.select_for_update(of=("self",))
        .filter(pk__in=pks)
        .select_related("primary_accountable", "conforms_to__supplier")
        .order_by("pk")
    }
    try:
        record = selectors.core_event(event, fulfils=fulfils, resources=locked)
        by_iri = {selectors.resource_iri(r.uuid): r for r in locked.values()}
        changed = apply_event(
            record, {iri: selectors.core_resource(r) for iri, r in by_iri.items()}
        )
    except VfError as exc:
        raise TraceRefused(
            _("Valueflows refuses this event: %(reason)s") % {"reason": exc}, code="valueflows"
        ) from exc
    for iri, after in changed.items():
        row = by_iri[iri]
        for measure in (after.accounting_quantity, after.onhand_quantity):
            if measure is not None and measure.has_numerical_value < 0:
                raise TraceRefused(
                    _("“%(name)s” holds only %(n)s %(unit)s.")
                    % {
                        "name": row.name,
                        "n": number_format(
                            decimal_text(min(row.accounting_quantity, row.onhand_quantity))
                        ),
                        "unit": selectors.unit_label(row.unit),
                    },
                    code="insufficient",
                )
            if measure is not None and measure.has_numerical_value >= QUANTITY_LIMIT:
                raise TraceRefused(
                    _("“%(name)s” would hold 100 billion or more.") % {"name": row.name},
                    code="invalid_quantity",
                )
        if after.accounting_quantity is not None:
            row.accounting_quantity = after.accounting_quantity.has_numerical_value
        if after.onhand_quantity is not None:
            row.onhand_quantity = after.onhand_quantity.has_numerical_value
        row.save(update_fields=["accounting_quantity", "onhand_quantity"])
    event.recorded_by = by
    event.save()
    if fulfils:
        event.fulfills.set(fulfils)
    return event


def _existing(model: Any, uuid: UUID | None, **mine: object) -> object | None:
    """The record a repeated submission already made (same uuid, same organization); another
    organization's record under that uuid is refused."""
    if uuid is None:
        return None
    found = model.objects.filter(uuid=uuid).first()
    if found is None:
        return None
    if any(getattr(found, key) != value for key, value in mine.items()):
        raise TraceRefused(_("This form was already used elsewhere."), code="conflict")
    return found


def _new_resource(organization: Organization, new: NewResource) -> EconomicResource:
    return EconomicResource.objects.create(
        name=new.name.strip(),
        tracking_identifier=new.tracking_identifier.strip(),
        conforms_to=new.conforms_to,
        primary_accountable=organization,
        unit=new.unit,
        note=new.note.strip(),
    )


def resource_create(
    *,
    organization: Organization,
    by: User,
    new: NewResource,
    quantity: Decimal | None = None,
    at: datetime | None = None,
    uuid: UUID | None = None,
) -> EconomicResource:
    """A resource of ``organization``; with a ``quantity``, a ``raise`` event puts it in stock
    (an inventory: where it came from is not recorded)."""
    _check_new_resource(new)
    if quantity is not None and quantity != 0:
        _check_quantity(quantity)
    when = _check_time(at)
    try:
        with transaction.atomic():
            _lock_organization(organization)
            found = _existing(EconomicResource, uuid, primary_accountable_id=organization.pk)
            if isinstance(found, EconomicResource):
                return found
            resource = _new_resource(organization, new)
            if uuid is not None:
                resource.uuid = uuid
                resource.save(update_fields=["uuid"])
            if quantity:
                _apply(
                    EconomicEvent(
                        action="raise",
                        provider=organization,
                        receiver=organization,
                        resource_inventoried_as=resource,
                        resource_quantity=quantity,
                        unit=resource.unit,
                        has_point_in_time=when,
                    ),
                    by=by,
                )
            return resource
    except IntegrityError:
        found = _existing(EconomicResource, uuid, primary_accountable_id=organization.pk)
        if isinstance(found, EconomicResource):
            return found
        raise


def _check_fulfils(
    lines: Sequence[OrderLine], *, organization: Organization, receiver: Organization
) -> None:
    offers = {line.offer_id for line in lines}
    if len(offers) > 1:
        raise TraceRefused(
            _("One delivery fulfils order lines of one offer."), code="invalid_fulfils"
        )
    for line in lines:
        offer: CycleOffer = line.offer
        if offer.supplier.supplier_id != organization.pk:
            raise TraceRefused(
                _("%(org)s did not supply “%(offer)s”.")
                % {"org": organization.name, "offer": offer.name},
                code="invalid_fulfils",
            )
        if line.order.cycle.closed_at is None:
            raise TraceRefused(
                _("The cycle “%(cycle)s” is not closed.") % {"cycle": line.order.cycle.name},
                code="invalid_fulfils",
            )
        if line.order.hub.hub_id != receiver.pk:
            raise TraceRefused(
                _("These order lines were not ordered through %(org)s.") % {"org": receiver.name},
                code="invalid_fulfils",
            )


def _goods_of(lines: Sequence[OrderLine]) -> tuple[int, str] | None:
    """What the closing invoiced for the goods of ``lines`` (minor units, currency)."""
    if not lines:
        return None
    cycle: OrderCycle = lines[0].order.cycle
    closing = getattr(cycle, "closing", None)
    if closing is None:
        return None
    goods = {
        (str(invoice["member_id"]), str(line["offer_id"])): int(line["goods"])
        for invoice in json.loads(closing.result).get("invoices", [])
        for line in invoice.get("lines", [])
    }
    total = sum(goods.get((str(line.order.member_id), str(line.offer_id)), 0) for line in lines)
    return total, cycle.currency


def _check_value(value: int | None, currency: str) -> None:
    if value is None:
        return
    if value < 0 or value >= 10**15:
        raise TraceRefused(_("The value must be 0 or more."), code="invalid_value")
    if currency not in CURRENCY_EXPONENTS:
        raise TraceRefused(
            _("“%(code)s” is not a currency we know.") % {"code": currency},
            code="unknown_currency",
        )


def event_record(
    *,
    organization: Organization,
    by: User | None,
    action: str,
    resource: EconomicResource,
    quantity: Decimal,
    receiver: Organization | None = None,
    to_resource: EconomicResource | None = None,
    fulfils: Iterable[OrderLine] = (),
    value: int | None = None,
    currency: str = "",
    note: str = "",
    at: datetime | None = None,
    uuid: UUID | None = None,
) -> EconomicEvent:
    """One event on a resource of ``organization``: a ``transfer`` (rights and custody),
    ``transferCustody`` or ``move`` of ``quantity`` to ``receiver``'s resource ``to_resource``
    (created like the resource when none is given), or a ``raise`` / ``lower`` of its stock.
    ``fulfils``: order lines it delivers; ``value`` (minor units of ``currency``) defaults to
    what the closing invoiced for them."""
    if action not in (*TRANSFER_ACTIONS, *ADJUST_ACTIONS):
        raise TraceRefused(
            _("“%(action)s” is not an action recorded here.") % {"action": action},
            code="invalid_action",
        )
    _check_quantity(quantity)
    note = _check_text(note, limit=2000)
    when = _check_time(at)
    lines = list(fulfils)
    _check_own(resource, organization)
    if action in ADJUST_ACTIONS:
        if receiver not in (None, organization) or to_resource is not None or lines:
            raise TraceRefused(
                _("A raise or a lower changes one resource of the organization."),
                code="invalid_receiver",
            )
        receiver = organization
    elif action == "move":
        receiver = receiver or organization
        if receiver != organization:
            raise TraceRefused(
                _("A move stays within the organization; to another one, record a transfer."),
                code="invalid_receiver",
            )
    elif receiver is None or receiver == organization:
        raise TraceRefused(_("Choose the organization that receives it."), code="invalid_receiver")
    if to_resource is not None:
        if to_resource.pk == resource.pk:
            raise TraceRefused(
                _("A resource cannot be moved into itself."), code="invalid_receiver"
            )
        keeper = organization if action != "transfer" else receiver
        if to_resource.primary_accountable_id != keeper.pk:
            raise TraceRefused(
                _("“%(name)s” is not a resource of %(org)s.")
                % {"name": to_resource.name, "org": keeper.name},
                code="not_yours",
            )
    if lines:
        if action not in ("transfer", "transferCustody"):
            raise TraceRefused(_("Only a transfer delivers order lines."), code="invalid_fulfils")
        _check_fulfils(lines, organization=organization, receiver=receiver)
        if value is None and (goods := _goods_of(lines)) is not None:
            value, currency = goods
        elif value is not None:
            currency = currency or lines[0].order.cycle.currency
    _check_value(value, currency)
    try:
        with transaction.atomic():
            _lock_organization(organization)
            found = _existing(EconomicEvent, uuid, provider_id=organization.pk)
            if isinstance(found, EconomicEvent):
                return found
            target = to_resource
            if target is None and action in TRANSFER_ACTIONS:
                # Custody passes, the rights stay: the new resource is still the provider's.
                keeper = receiver if action == "transfer" else organization
                target = _new_resource(
                    keeper,
                    NewResource(
                        name=resource.name,
                        unit=resource.unit,
                        tracking_identifier=resource.tracking_identifier,
                        conforms_to=resource.conforms_to,
                    ),
                )
            event = EconomicEvent(
                action=action,
                provider=organization,
                receiver=receiver,
                resource_inventoried_as=resource,
                to_resource_inventoried_as=target,
                resource_quantity=quantity,
                unit=resource.unit,
                has_point_in_time=when,
                value=value,
                currency=currency if value is not None else "",
                note=note,
            )
            if uuid is not None:
                event.uuid = uuid
            return _apply(event, fulfils=lines, by=by)
    except IntegrityError:
        found = _existing(EconomicEvent, uuid, provider_id=organization.pk)
        if isinstance(found, EconomicEvent):
            return found
        raise


# --- processes ------------------------------------------------------------------------------


def _check_input(item: ProcessInput, organization: Organization) -> None:
    if item.action not in INPUT_ACTIONS:
        raise TraceRefused(
            _("“%(action)s” is not an input of a process.") % {"action": item.action},
            code="invalid_action",
        )
    if item.action == "work":
        if item.resource is not None:
            raise TraceRefused(_("Work names no resource."), code="invalid_input")
        _check_quantity(item.quantity, what=_("hours of work"))
        return
    if item.resource is None:
        raise TraceRefused(_("Choose the resource of each input but work."), code="invalid_input")
    _check_own(item.resource, organization)
    if item.action != "cite" or item.quantity is not None:
        _check_quantity(item.quantity, what=item.resource.name)


def process_record(
    *,
    organization: Organization,
    by: User,
    name: str,
    inputs: Sequence[ProcessInput],
    outputs: Sequence[ProcessOutput],
    note: str = "",
    began: datetime | None = None,
    ended: datetime | None = None,
    uuid: UUID | None = None,
) -> EconomicProcess:
    """A transformation of ``organization``: its input events (``consume``, ``use``, ``work``,
    ``cite``, ``accept``) and output events (``produce``, ``modify``), all or nothing."""
    name = _check_text(name, limit=300, required=True)
    note = _check_text(note, limit=2000)
    end = _check_time(ended)
    start = _check_time(began) if began is not None else end
    if start > end:
        raise TraceRefused(_("A process ends after it begins."), code="invalid_time")
    if not inputs or not outputs:
        raise TraceRefused(
            _("A process has at least one input and one output."), code="invalid_process"
        )
    for item in inputs:
        _check_input(item, organization)
    accepted = {i.resource.pk for i in inputs if i.action == "accept" and i.resource}
    for out in outputs:
        if out.action not in OUTPUT_ACTIONS:
            raise TraceRefused(
                _("“%(action)s” is not an output of a process.") % {"action": out.action},
                code="invalid_action",
            )
        _check_quantity(out.quantity)
        if out.action == "modify" and (out.resource is None or out.resource.pk not in accepted):
            raise TraceRefused(
                _("A modify output gives back a resource an accept input of the process took."),
                code="invalid_output",
            )
        if out.resource is not None:
            _check_own(out.resource, organization)
        elif out.new is not None:
            _check_new_resource(out.new)
        else:
            raise TraceRefused(_("Say what each output is."), code="invalid_output")
    try:
        with transaction.atomic():
            _lock_organization(organization)
            found = _existing(EconomicProcess, uuid, in_scope_of_id=organization.pk)
            if isinstance(found, EconomicProcess):
                return found
            process = EconomicProcess.objects.create(
                name=name,
                in_scope_of=organization,
                has_beginning=start,
                has_end=end,
                finished=True,
                note=note,
            )
            if uuid is not None:
                process.uuid = uuid
                process.save(update_fields=["uuid"])
            for item in inputs:
                effort = item.action in selectors.EFFORT_ACTIONS
                _apply(
                    EconomicEvent(
                        action=item.action,
                        provider=organization,
                        receiver=organization,
                        resource_inventoried_as=item.resource,
                        resource_quantity=item.quantity,
                        unit=(
                            selectors.EFFORT_UNIT
                            if effort
                            else (item.resource.unit if item.resource else "")
                        )
                        if item.quantity is not None
                        else "",
                        input_of=process,
                        has_point_in_time=start,
                    ),
                    by=by,
                )
            for out in outputs:
                resource = out.resource or _new_resource(organization, out.new)  # type: ignore[arg-type]
                _apply(
                    EconomicEvent(
                        action=out.action,
                        provider=organization,
                        receiver=organization,
                        resource_inventoried_as=resource,
                        resource_quantity=out.quantity,
                        unit=resource.unit,
                        output_of=process,
                        has_point_in_time=end,
                    ),
                    by=by,
                )
            return process
    except IntegrityError:
        found = _existing(EconomicProcess, uuid, in_scope_of_id=organization.pk)
        if isinstance(found, EconomicProcess):
            return found
        raise


# --- the deliveries of a closed cycle -------------------------------------------------------


def _delivered_quantity(units: int, offer: CycleOffer, resource: EconomicResource) -> Decimal:
    """``units`` of the offer in the resource's unit: items, or what the items hold."""
    if resource.unit == "one":
        return Decimal(units)
    if selectors.PRODUCT_UNITS.get(offer.unit) == resource.unit and offer.quantity > 0:
        return units * offer.quantity
    raise TraceRefused(
        _("“%(name)s” is counted in %(unit)s: count it in items, or in the unit of “%(offer)s”.")
        % {"name": resource.name, "unit": selectors.unit_label(resource.unit), "offer": offer.name},
        code="invalid_unit",
    )


def cycle_deliveries_record(
    *,
    cycle: OrderCycle,
    supplier: Organization,
    by: User | None,
    resources: Mapping[int, EconomicResource],
    at: datetime | None = None,
) -> DeliveriesRecorded:
    """The deliveries of a closed cycle for ``supplier``, from its closing: one transfer per
    buying group and offer of the supplier's delivery lines, of the resource ``resources``
    gives for the offer (by ``CycleOffer`` pk), fulfilling the group's order lines of it, worth
    the goods the closing gives. Deliveries already recorded (an event of the supplier
    fulfilling lines of that group and offer) are left as they are; all or nothing."""
    if cycle.closed_at is None or getattr(cycle, "closing", None) is None:
        raise TraceRefused(
            _("The cycle “%(cycle)s” is not closed.") % {"cycle": cycle.name},
            code="not_closed",
        )
    deliveries = [d for d in selectors.delivery_lines(cycle, supplier) if d["units"] > 0]
    offers = {
        o.pk: o
        for o in CycleOffer.objects.filter(cycle=cycle, pk__in=[d["offer"] for d in deliveries])
    }
    for d in deliveries:
        if d["offer"] not in resources:
            raise TraceRefused(
                _("Choose the resource delivered for “%(offer)s”.")
                % {"offer": offers[d["offer"]].name},
                code="missing_resource",
            )
    when = _check_time(at)
    result = DeliveriesRecorded()
    with transaction.atomic():
        _lock_organization(supplier)
        hubs = {o.pk: o for o in Organization.objects.filter(pk__in={d["hub"] for d in deliveries})}
        for d in deliveries:
            lines = list(
                OrderLine.objects.filter(
                    order__cycle=cycle, order__hub__hub_id=d["hub"], offer_id=d["offer"]
                )
                .select_related("order__cycle", "order__hub", "offer__supplier")
                .order_by("pk")
            )
            if EconomicEvent.objects.filter(provider=supplier, fulfills__in=lines).exists():
                result = DeliveriesRecorded(result.recorded, result.already + 1)
                continue
            resource = resources[d["offer"]]
            result.recorded.append(
                event_record(
                    organization=supplier,
                    by=by,
                    action="transfer",
                    resource=resource,
                    quantity=_delivered_quantity(d["units"], offers[d["offer"]], resource),
                    receiver=hubs[d["hub"]],
                    fulfils=lines,
                    value=d["goods"],
                    currency=cycle.currency,
                    at=when,
                )
            )
    return result
