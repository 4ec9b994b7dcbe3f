"""On PostgreSQL, changing a cycle takes its row lock before checking that nobody ordered: a
price change or a fee sent while an order is being saved (which holds the same lock) waits for
it, then sees the order and is refused, so no order is repriced after it was placed. (SQLite
has no row locks and one writer at a time: skipped there.)"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

import pytest
from django.db import connection, transaction

from intercoop.conftest import Personas
from intercoop.core.errors import ServiceError
from intercoop.exchange.models import CycleFee, CycleOffer, MemberOrder, OrderCycle, OrderLine
from intercoop.exchange.services import cycles as services
from intercoop.exchange.tests.cycle_setup_world import SetupWorld, build_setup_world

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL"),
]

HOLD = 1.0  # seconds the order's transaction holds the lock


def race(world: SetupWorld, change: Callable[[], object]) -> tuple[float, object]:
    """An order of the apples is saved under the cycle's lock while ``change`` runs; returns
    when the order committed and what ``change`` gave (its refusal's code, or when it ended)."""
    locked = threading.Event()
    committed: list[float] = []
    outcome: list[object] = []
    errors: list[BaseException] = []

    def save_order() -> None:
        try:
            with transaction.atomic():
                OrderCycle.objects.select_for_update().get(pk=world.cycle.pk)
                locked.set()
                order = MemberOrder.objects.create(
                    cycle=world.cycle, hub=world.hub_b, member=world.personas.charlie
                )
                OrderLine.objects.create(
                    order=order, offer=world.apples, quantity=6, seen_unit_price=250
                )
                time.sleep(HOLD)
            committed.append(time.monotonic())
        except BaseException as exc:  # noqa: BLE001 - handed to the main thread
            errors.append(exc)
        finally:
            connection.close()

    def run_change() -> None:
        try:
            locked.wait(5)
            change()
            outcome.append(time.monotonic())
        except ServiceError as exc:
            outcome.append(exc.code)
        except BaseException as exc:  # noqa: BLE001 - handed to the main thread
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=save_order), threading.Thread(target=run_change)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not errors, errors
    return committed[0], outcome[0]


def test_a_price_change_during_an_order_waits_and_is_refused(personas: Personas) -> None:
    world = build_setup_world(personas)

    _committed, outcome = race(
        world,
        lambda: services.cycle_offer_update(
            offer=world.apples, by=personas.alice, unit_price=100, case_size=6
        ),
    )

    assert outcome == "offer_ordered"
    assert CycleOffer.objects.get(pk=world.apples.pk).unit_price == 250


def test_a_fee_added_during_an_order_waits_and_is_refused(personas: Personas) -> None:
    world = build_setup_world(personas)
    fees = CycleFee.objects.count()

    _committed, outcome = race(
        world,
        lambda: services.cycle_fee_add(
            cycle=world.cycle,
            by=personas.alice,
            name="Late",
            role="coordinator",
            basis="per_order",
            amount=100,
        ),
    )

    assert outcome == "has_orders"
    assert CycleFee.objects.count() == fees
