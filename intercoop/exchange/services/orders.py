"""A member's order in an order cycle: setting its lines, all or nothing.

Who may call this is decided before (a role in the organization of one of the cycle's buying
groups: ``selectors.orders.buying_groups_for``, in the views and the API); the service checks it
again for the hub it is given. The rules (docs/exchange.md, "Order cycles: ordering"):

- The cycle's row is locked (``select_for_update``) and the cycle must be open at that instant:
  the close locks the same row, so no line slips in while it runs.
- A quantity sets the line (absolute, so a double submit gives the same order); 0 removes it.
- Tolerance is from 0 to the case size less one (a whole case more is an order, not a
  tolerance); an offer sold by the unit takes none.
- The price seen is recomputed on the server, never read from the browser: the unit price the
  buying page shows at that instant (``closing.offer_progress`` over every member's lines as
  they stand before this save). It and ``placed_at`` are set when a line is created or its
  quantity raised; lowering a quantity, or changing only the tolerance, keeps both, so a member
  does not lose their place or their price by ordering less.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from intercoop.accounts.models import User
from intercoop.core.errors import ServiceError
from intercoop.exchange.models import CycleHub, MemberOrder, OrderCycle, OrderLine
from intercoop.exchange.selectors import orders as selectors
from intercoop.exchange.selectors.cycles import CycleState, cycle_state, offers_with_tiers

# Units of one offer on one line, at most: more is a mistake, not an order.
MAX_QUANTITY = 100_000
MAX_LINES = 10_000


@dataclass(frozen=True)
class LineInput:
    offer_id: int
    quantity: int
    tolerance: int = 0


class OrderRefused(ServiceError):
    """The order is refused whole; ``problems`` names each line's problem."""

    code = "invalid_order"
    status = 422

    def __init__(self, problems: list[tuple[int | None, str]]) -> None:
        super().__init__(" ".join(message for _where, message in problems))
        self.problems = problems
        self.details = [
            {"loc": ["body", "lines", index] if index is not None else ["body"], "msg": message}
            for index, message in problems
        ]


def _check_numbers(lines: Sequence[LineInput]) -> list[tuple[int | None, str]]:
    problems: list[tuple[int | None, str]] = []
    if len(lines) > MAX_LINES:
        problems.append((None, _("An order holds at most %(n)d lines.") % {"n": MAX_LINES}))
    seen: set[int] = set()
    for index, line in enumerate(lines):
        numbers = (line.offer_id, line.quantity, line.tolerance)
        if any(isinstance(n, bool) or not isinstance(n, int) for n in numbers):
            problems.append((index, _("Quantities and tolerances are whole numbers.")))
            continue
        if line.offer_id in seen:
            problems.append((index, _("An offer is given twice.")))
        seen.add(line.offer_id)
        if not 0 <= line.quantity <= MAX_QUANTITY:
            problems.append(
                (
                    index,
                    _("A quantity is a whole number from 0 to %(max)d.") % {"max": MAX_QUANTITY},
                )
            )
        if line.tolerance < 0:
            problems.append((index, _("A tolerance is never negative.")))
    return problems


def _check_hub(cycle: OrderCycle, member: User, hub: CycleHub | None) -> CycleHub | None:
    """The buying group the order goes through: the one given, the order's, or the member's
    only one. None when the member must choose."""
    groups = selectors.buying_groups_for(cycle, member)
    if not groups:
        raise ServiceError(
            _("You are in none of this cycle's buying groups."), code="not_a_buyer", status=403
        )
    if hub is not None:
        if hub.pk not in {group.pk for group in groups}:
            raise ServiceError(
                _("Choose one of your buying groups in this cycle."), code="invalid_hub"
            )
        return hub
    return groups[0] if len(groups) == 1 else None


def order_save(
    *,
    cycle: OrderCycle,
    member: User,
    lines: Sequence[LineInput],
    hub: CycleHub | None = None,
    replace: bool = False,
) -> MemberOrder | None:
    """Set the member's lines of the given offers (``replace``: the whole order is these lines,
    any other is removed), all or nothing. Returns the order; None when there was none and
    nothing was ordered. Raises ``OrderRefused`` naming every bad line, or ``ServiceError``."""
    problems = _check_numbers(lines)
    if problems:
        raise OrderRefused(problems)
    chosen = _check_hub(cycle, member, hub)
    with transaction.atomic():
        locked = OrderCycle.objects.select_for_update().get(pk=cycle.pk)
        if cycle_state(locked) is not CycleState.OPEN:
            raise ServiceError(
                _("This cycle is not open for orders."), code="cycle_not_open", status=409
            )
        ids = [line.offer_id for line in lines]
        offers = {offer.pk: offer for offer in offers_with_tiers(locked).filter(pk__in=ids)}
        for index, line in enumerate(lines):
            if line.offer_id not in offers:
                problems.append((index, _("An offer is not one of this cycle's.")))
                continue
            size = offers[line.offer_id].case_size
            if line.tolerance > size - 1:
                problems.append(
                    (
                        index,
                        _("The tolerance of “%(name)s” is at most %(max)d.")
                        % {"name": offers[line.offer_id].name, "max": size - 1},
                    )
                )
        if problems:
            raise OrderRefused(problems)
        order = MemberOrder.objects.filter(cycle=locked, member=member).first()
        if order is None:
            if not any(line.quantity for line in lines):
                return None
            if chosen is None:
                raise ServiceError(
                    _("Choose the buying group you order through."), code="choose_hub"
                )
            order = MemberOrder.objects.create(cycle=locked, member=member, hub=chosen)
        changed = False
        if hub is not None and order.hub_id != hub.pk:
            order.hub, changed = hub, True
        existing = {line.offer_id: line for line in OrderLine.objects.filter(order=order)}
        totals = selectors.offer_totals(ids)
        now = timezone.now()
        for line in lines:
            current = existing.get(line.offer_id)
            if line.quantity == 0:
                if current is not None:
                    current.delete()
                    changed = True
                continue
            if current is None or (line.quantity, line.tolerance) != (
                current.quantity,
                current.tolerance,
            ):
                changed = True
            if current is None or line.quantity > current.quantity:
                # What the page shows at this instant, before this line changes.
                seen = selectors.progress_of(offers[line.offer_id], totals).unit_price_now
                OrderLine.objects.update_or_create(
                    order=order,
                    offer_id=line.offer_id,
                    defaults={
                        "quantity": line.quantity,
                        "tolerance": line.tolerance,
                        "seen_unit_price": seen,
                        "placed_at": now,
                    },
                )
            elif (line.quantity, line.tolerance) != (current.quantity, current.tolerance):
                current.quantity, current.tolerance = line.quantity, line.tolerance
                current.save(update_fields=["quantity", "tolerance"])
        if replace:
            given = {line.offer_id for line in lines}
            removed, _by_model = (
                OrderLine.objects.filter(order=order).exclude(offer_id__in=given).delete()
            )
            changed = changed or bool(removed)
        if changed:  # a form sent twice changes nothing, not even the order's time
            order.save(update_fields=["hub", "updated_at"])
    return order
