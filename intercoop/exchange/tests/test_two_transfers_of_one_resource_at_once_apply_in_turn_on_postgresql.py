"""On PostgreSQL, two transfers of one resource at once are applied one after the other: the
second waits for the first's locks, then reads the stock the first left, so two transfers of 150
kg from 200 kg record one and refuse the other, never leaving the stock below 0; and one form
sent twice at once (the same uuid) records once. (SQLite has no row locks and one writer at a
time: skipped there.)"""

from __future__ import annotations

import threading
from collections.abc import Callable
from decimal import Decimal
from uuid import uuid4

import pytest
from django.db import connection

from intercoop.conftest import Personas
from intercoop.core.errors import ServiceError
from intercoop.exchange.models import EconomicEvent
from intercoop.exchange.services import trace as services
from intercoop.exchange.tests.trace_world import TraceWorld, build_trace_world

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL"),
]


def at_once(world: TraceWorld, *, uuids: list[object]) -> tuple[list[object], list[BaseException]]:
    start = threading.Barrier(len(uuids))
    done: list[object] = []
    errors: list[BaseException] = []

    def send(uuid: object) -> Callable[[], None]:
        def run() -> None:
            try:
                start.wait(5)
                done.append(
                    services.event_record(
                        organization=world.mill,
                        by=world.miller,
                        action="transfer",
                        resource=world.flour,
                        quantity=Decimal(150),
                        receiver=world.personas.coop_b,
                        uuid=uuid,  # type: ignore[arg-type]
                    )
                )
            except BaseException as exc:  # noqa: BLE001 - handed to the main thread
                errors.append(exc)
            finally:
                connection.close()

        return run

    threads = [threading.Thread(target=send(u)) for u in uuids]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return done, errors


def test_two_transfers_at_once_never_take_the_stock_below_zero(personas: Personas) -> None:
    world = build_trace_world(personas)

    done, errors = at_once(world, uuids=[uuid4(), uuid4()])

    assert len(done) == 1
    assert [type(e) for e in errors] == [services.TraceRefused]
    assert isinstance(errors[0], ServiceError) and errors[0].code == "insufficient"
    world.flour.refresh_from_db()
    assert world.flour.onhand_quantity == Decimal(50)


def test_one_form_sent_twice_at_once_records_once(personas: Personas) -> None:
    world = build_trace_world(personas)
    token = uuid4()

    done, errors = at_once(world, uuids=[token, token])

    assert not errors, errors
    assert len(done) == 2
    assert EconomicEvent.objects.filter(uuid=token).count() == 1
    world.flour.refresh_from_db()
    assert world.flour.onhand_quantity == Decimal(50)
