"""On PostgreSQL, members keep raising their orders from several threads while the cycle
reaches its closing time and a close runs: every order the service accepted is in the closing
with its last accepted quantity, every later attempt is refused, and the stored order lines are
exactly what the closing counted; none is lost or counted by half. (SQLite runs one writer at a
time and has no row locks: the test is skipped there.)"""

from __future__ import annotations

import threading
import time
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from intercoop.conftest import Personas
from intercoop.core.errors import ServiceError
from intercoop.exchange.models import CycleClosing, OrderLine
from intercoop.exchange.selectors import closing as selectors
from intercoop.exchange.services.closing import cycle_close
from intercoop.exchange.services.orders import LineInput, order_save
from intercoop.organizations.models import Role
from intercoop.testing.factories import RoleFactory, UserFactory

from .cycle_world import build_cycle_world, open_for

pytestmark = pytest.mark.django_db(transaction=True)

MEMBERS = 4


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")
def test_orders_racing_the_close_land_in_it_or_are_refused(personas: Personas) -> None:
    world = build_cycle_world(personas)
    members = []
    for index in range(MEMBERS):
        member = UserFactory.create(email=f"racer{index}@example.org", name=f"Racer {index}")
        RoleFactory.create(organization=personas.coop_a, user=member, role=Role.Name.MEMBER)
        members.append(member)
    closes_at = timezone.now() + timedelta(seconds=1.5)
    open_for(world.cycle, opens_at=timezone.now() - timedelta(days=1), closes_at=closes_at)
    oats = world.offers["oats"]  # sold by the unit: no case is dropped, every unit counts
    accepted: dict[int, int] = {}
    refusals: dict[int, int] = {}
    errors: list[BaseException] = []

    def order(member_index: int) -> None:
        member = members[member_index]
        quantity = 0
        try:
            while True:
                quantity += 1
                try:
                    order_save(
                        cycle=world.cycle,
                        member=member,
                        lines=[LineInput(offer_id=oats.pk, quantity=quantity)],
                    )
                except ServiceError as exc:
                    assert exc.code == "cycle_not_open", exc.message
                    refusals[member.pk] = refusals.get(member.pk, 0) + 1
                    if refusals[member.pk] >= 3:
                        return
                else:
                    assert member.pk not in refusals, "accepted after a refusal"
                    accepted[member.pk] = quantity
        except BaseException as exc:  # noqa: BLE001 - handed to the main thread
            errors.append(exc)
        finally:
            connection.close()

    def close() -> None:
        try:
            time.sleep(max(0.0, (closes_at - timezone.now()).total_seconds()))
            cycle_close(cycle=world.cycle)
        except BaseException as exc:  # noqa: BLE001 - handed to the main thread
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=order, args=(i,)) for i in range(MEMBERS)]
    threads.append(threading.Thread(target=close))
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert not errors, errors
    assert accepted, "no order was accepted before the close"
    result = selectors.closing_result(CycleClosing.objects.get(cycle=world.cycle))
    counted = {
        int(invoice.member_id): sum(line.ordered_units for line in invoice.lines)
        for invoice in result.invoices
    }
    stored = {
        line.order.member_id: line.quantity
        for line in OrderLine.objects.filter(order__cycle=world.cycle).select_related("order")
    }
    assert counted == accepted == stored
    assert all(refusals.get(pk, 0) >= 1 for pk in accepted)
    (oats_result,) = [o for o in result.offers if o.offer_id == str(oats.pk)]
    assert oats_result.allocated_units == sum(accepted.values())
