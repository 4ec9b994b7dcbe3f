"""Closing a cycle: refused before its closing time with nothing written; once past it, the
result is stored with the cycle's ``closed_at``; closing again returns the same stored closing,
unchanged; the stored digest is the digest of a fresh close of the same orders; the invoices
add up to the payouts; the ``closecycles`` command closes exactly the cycles due, and running it
again changes nothing, and the task worker runs it; a cycle that cannot close is reported and
the others still close."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from intercoop.conftest import Personas
from intercoop.core.errors import Conflict, ServiceError
from intercoop.exchange import closing
from intercoop.exchange.closing import codec
from intercoop.exchange.models import CycleClosing, OrderCycle
from intercoop.exchange.selectors import closing as selectors
from intercoop.exchange.selectors.cycles import closing_inputs
from intercoop.exchange.services.closing import cycle_close
from intercoop.exchange.tasks import cycles_close_due_every_five_minutes

from .closing_world import closed_world, ordered_world
from .cycle_world import build_cycle_world, place_line

pytestmark = pytest.mark.django_db


def test_a_cycle_is_not_closed_before_its_closing_time(personas: Personas) -> None:
    world = build_cycle_world(personas)
    place_line(world, personas.bob, "apples", 6)

    with pytest.raises(Conflict, match="before its closing time"):
        cycle_close(cycle=world.cycle, by=world.carol)

    world.cycle.refresh_from_db()
    assert world.cycle.closed_at is None
    assert not CycleClosing.objects.exists()


def test_closing_twice_gives_the_same_stored_closing(personas: Personas) -> None:
    world = closed_world(personas)
    assert world.stored is not None
    first = CycleClosing.objects.get(cycle=world.cycle)

    again = cycle_close(cycle=world.cycle, by=personas.alice, now=timezone.now() + timedelta(1))

    assert again.pk == first.pk
    assert again.digest == first.digest
    assert again.result == first.result
    assert again.closed_by == world.cycles.carol
    assert CycleClosing.objects.count() == 1
    cycle = OrderCycle.objects.get(pk=world.cycle.pk)
    assert cycle.closed_at == first.closed_at


def test_the_stored_digest_is_that_of_a_fresh_close_of_the_same_orders(
    personas: Personas,
) -> None:
    world = closed_world(personas)
    stored = CycleClosing.objects.get(cycle=world.cycle)

    fresh = closing.close_cycle(*closing_inputs(world.cycle))

    assert stored.digest == codec.digest(fresh)
    assert selectors.closing_result(stored) == fresh
    assert selectors.digest_holds(stored)


def test_the_members_invoices_add_up_to_what_everyone_is_paid(personas: Personas) -> None:
    world = closed_world(personas)
    result = selectors.closing_result(CycleClosing.objects.get(cycle=world.cycle))

    invoiced = sum(invoice.total for invoice in result.invoices)
    paid = sum(payout.goods + payout.fees for payout in result.payouts)

    assert invoiced == paid == result.invoiced == 13558
    assert len(result.invoices) == 4
    # Zoë's cheese came last into a case that could not be filled: her 3 units are dropped.
    zoe = selectors.invoice_of(result, world.zoe)
    assert zoe is not None
    cheese = next(line for line in zoe.lines if line.dropped_units)
    assert (cheese.ordered_units, cheese.allocated_units, cheese.total) == (3, 0, 0)


def test_a_book_that_cannot_be_closed_is_refused_and_nothing_is_written(
    personas: Personas,
) -> None:
    world = ordered_world(personas)
    OrderCycle.objects.filter(pk=world.cycle.pk).update(currency="XXX")

    with pytest.raises(ServiceError, match="cannot be closed: unknown currency"):
        cycle_close(cycle=world.cycle)

    assert not CycleClosing.objects.exists()
    assert OrderCycle.objects.get(pk=world.cycle.pk).closed_at is None


def test_closecycles_closes_the_cycles_due_and_again_changes_nothing(
    personas: Personas,
) -> None:
    world = ordered_world(personas)
    later = OrderCycle.objects.create(
        coordinator=world.cycles.coordinator,
        name="Winter cycle",
        currency="EUR",
        opens_at=timezone.now(),
        closes_at=timezone.now() + timedelta(days=3),
    )
    out = io.StringIO()

    call_command("closecycles", stdout=out)

    assert "1 cycle(s) closed, 0 refused." in out.getvalue()
    stored = CycleClosing.objects.get()
    assert stored.cycle_id == world.cycle.pk
    assert stored.closed_by is None
    assert OrderCycle.objects.get(pk=later.pk).closed_at is None

    out = io.StringIO()
    call_command("closecycles", stdout=out)

    assert "0 cycle(s) closed, 0 refused." in out.getvalue()
    assert list(CycleClosing.objects.values_list("pk", "digest")) == [(stored.pk, stored.digest)]


def test_a_cycle_that_cannot_close_is_reported_and_the_others_still_close(
    personas: Personas,
) -> None:
    world = ordered_world(personas)
    broken = OrderCycle.objects.create(
        coordinator=world.cycles.coordinator,
        name="Broken cycle",
        currency="EUR",
        opens_at=timezone.now() - timedelta(days=2),
        closes_at=timezone.now() - timedelta(days=1),
    )
    OrderCycle.objects.filter(pk=broken.pk).update(currency="XXX")
    out, err = io.StringIO(), io.StringIO()

    with pytest.raises(CommandError, match="1 cycle"):
        call_command("closecycles", stdout=out, stderr=err)

    assert "1 cycle(s) closed, 1 refused." in out.getvalue()
    assert f"{broken.uuid} (Broken cycle)" in err.getvalue()
    assert list(CycleClosing.objects.values_list("cycle", flat=True)) == [world.cycle.pk]


def test_the_task_worker_closes_the_cycles_due(personas: Personas) -> None:
    world = ordered_world(personas)

    cycles_close_due_every_five_minutes.call_local()

    assert CycleClosing.objects.filter(cycle=world.cycle).exists()
