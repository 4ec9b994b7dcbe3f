"""Closing an order cycle: once, under a lock, with the result stored.

``cycle_close`` locks the cycle's row (``SELECT ... FOR UPDATE``), the row the orders' service
also locks before it writes a line and checks the cycle is open. So every order line saved
before the close took the lock is read into the closing, and every attempt after it finds the
cycle closing or closed and is refused: none is lost or counted by half. The result, the
closing core's ``Closing`` in its canonical JSON with its SHA-256 (``closing.codec``), is
stored in ``CycleClosing`` in the same transaction as the cycle's ``closed_at``; closing again
returns what was stored, unchanged. docs/benchmarks.md times it on a cycle of 30,000 lines."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from intercoop.accounts.models import User
from intercoop.core.errors import Conflict, ServiceError
from intercoop.exchange import closing
from intercoop.exchange.closing import codec, collector
from intercoop.exchange.models import CycleClosing, OrderCycle
from intercoop.exchange.selectors.closing import cycles_due
from intercoop.exchange.selectors.cycles import closing_inputs


def cycle_close(
    *, cycle: OrderCycle, by: User | None = None, now: datetime | None = None
) -> CycleClosing:
    """Close the cycle and store its result; a cycle already closed gives its stored closing.

    Refused (``Conflict``) before the cycle's closing time; refused (``ServiceError``) when its
    book cannot be closed, and then nothing is written."""
    with transaction.atomic():
        locked = OrderCycle.objects.select_for_update().get(pk=cycle.pk)
        # The result (megabytes for a large cycle) is read only if the caller reads it.
        stored = CycleClosing.objects.filter(cycle=locked).defer("result").first()
        if stored is not None:
            cycle.closed_at = locked.closed_at
            return stored
        now = now or timezone.now()
        if now < locked.closes_at:
            raise Conflict(
                _("The cycle cannot be closed before its closing time, %(when)s.")
                % {"when": date_format(timezone.localtime(locked.closes_at), "DATETIME_FORMAT")}
            )
        try:
            # A large closing makes millions of small objects and none in a cycle: the
            # collector, paused, would have walked them again and again for nothing.
            with collector.paused():
                text = _closing_text(locked)
        except (closing.OrderBookError, closing.UnknownCurrencyError) as exc:
            raise ServiceError(
                _("The cycle's orders cannot be closed: %(problem)s") % {"problem": exc},
                code="cycle_not_closable",
            ) from exc
        stored = CycleClosing.objects.create(
            cycle=locked,
            closed_at=now,
            closed_by=by,
            result=text,
            digest=hashlib.sha256(text.encode("ascii")).hexdigest(),
        )
        OrderCycle.objects.filter(pk=locked.pk).update(closed_at=now)
    cycle.closed_at = now
    return stored


def _closing_text(cycle: OrderCycle) -> str:
    """The canonical text of the cycle's closing, read from its book."""
    return codec.dumps(closing.close_cycle(*closing_inputs(cycle)))


@dataclass
class DueReport:
    closed: list[OrderCycle] = field(default_factory=list)
    refused: list[tuple[OrderCycle, str]] = field(default_factory=list)


def cycles_close_due(*, now: datetime | None = None) -> DueReport:
    """Close every cycle past its closing time that is not closed yet, each in its own
    transaction: one whose book cannot be closed is reported and the others still close. Safe
    to run again and from two places at once (a cycle closes once, under its lock)."""
    report = DueReport()
    for cycle in cycles_due(now):
        try:
            cycle_close(cycle=cycle, now=now)
        except ServiceError as exc:
            report.refused.append((cycle, exc.message))
        else:
            report.closed.append(cycle)
    return report
