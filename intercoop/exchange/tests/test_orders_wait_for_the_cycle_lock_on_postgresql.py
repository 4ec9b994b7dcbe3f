"""On PostgreSQL, saving an order takes the cycle's row lock: while another transaction holds
it (as the close does), two members saving at once wait for it, then save one after the other;
and when that transaction ends the cycle's ordering (closing it), both are refused, nothing
saved. (SQLite has no row locks and one writer at a time: skipped there.)"""

from __future__ import annotations

import threading
import time
from datetime import timedelta

import pytest
from django.db import connection, transaction
from django.utils import timezone

from intercoop.conftest import Personas
from intercoop.core.errors import ServiceError
from intercoop.exchange.models import OrderCycle, OrderLine
from intercoop.exchange.services.orders import LineInput, order_save
from intercoop.exchange.tests.cycle_world import CycleWorld, build_cycle_world

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL"),
]

HOLD = 1.0  # seconds the lock is held


def _race(world: CycleWorld, *, close_while_locked: bool) -> tuple[float, dict[str, object]]:
    """Hold the cycle's lock, let Bob and Dora save meanwhile; (release time, outcome each)."""
    locked = threading.Event()
    released: list[float] = []
    outcomes: dict[str, object] = {}
    errors: list[BaseException] = []

    def hold() -> None:
        try:
            with transaction.atomic():
                OrderCycle.objects.select_for_update().get(pk=world.cycle.pk)
                locked.set()
                time.sleep(HOLD)
                if close_while_locked:
                    OrderCycle.objects.filter(pk=world.cycle.pk).update(
                        closes_at=timezone.now() - timedelta(seconds=1)
                    )
                released.append(time.monotonic())
        except BaseException as exc:  # noqa: BLE001 - handed to the main thread
            errors.append(exc)
        finally:
            connection.close()

    def save(who: str) -> None:
        member = world.personas.bob if who == "bob" else world.dora
        hub = world.hub_a if who == "bob" else world.hub_south
        try:
            locked.wait(5)
            order_save(
                cycle=world.cycle,
                member=member,
                lines=[LineInput(world.offers["oats"].pk, 10 if who == "bob" else 1)],
                hub=hub,
            )
            outcomes[who] = time.monotonic()
        except ServiceError as exc:
            outcomes[who] = exc.code
        except BaseException as exc:  # noqa: BLE001 - handed to the main thread
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=hold)] + [
        threading.Thread(target=save, args=(who,)) for who in ("bob", "dora")
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not errors, errors
    return released[0], outcomes


def test_two_members_saving_while_the_cycle_is_locked_wait_and_save_in_turn(
    personas: Personas,
) -> None:
    world = build_cycle_world(personas)

    released, outcomes = _race(world, close_while_locked=False)

    assert all(isinstance(done, float) and done >= released for done in outcomes.values())
    lines = {line.order.member_id: line for line in OrderLine.objects.select_related("order")}
    assert {lines[personas.bob.pk].quantity, lines[world.dora.pk].quantity} == {10, 1}
    # In turn: the second saw the first's units (oats: 1.80 from 10 units, else 2.00).
    first, second = sorted(lines.values(), key=lambda line: line.placed_at)
    expected_second = 180 if first.quantity == 10 else 200
    assert (first.seen_unit_price, second.seen_unit_price) == (200, expected_second)


def test_orders_waiting_while_the_cycle_closes_are_refused(personas: Personas) -> None:
    world = build_cycle_world(personas)

    _released, outcomes = _race(world, close_while_locked=True)

    assert outcomes == {"bob": "cycle_not_open", "dora": "cycle_not_open"}
    assert not OrderLine.objects.exists()
