"""Closing a cycle stores its canonical text once, as ``codec.dumps`` writes it: the stored
column is that very text and the digest its SHA-256, so a changed character no longer holds.
The cyclic garbage collector, paused while the closing is computed or read back, is as it was
afterwards, whether the close succeeds or is refused, and whether the text reads or not."""

from __future__ import annotations

import gc
import hashlib
from collections.abc import Iterator

import pytest
from django.db import connection

from intercoop.conftest import Personas
from intercoop.core.errors import ServiceError
from intercoop.exchange import closing
from intercoop.exchange.closing import codec
from intercoop.exchange.models import CycleClosing, OrderCycle
from intercoop.exchange.selectors import closing as selectors
from intercoop.exchange.selectors.cycles import closing_inputs
from intercoop.exchange.services.closing import cycle_close

from .closing_world import ordered_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def collector_state() -> Iterator[None]:
    enabled = gc.isenabled()
    yield
    if enabled:
        gc.enable()
    else:
        gc.disable()


def test_the_stored_result_is_the_canonical_text_and_the_digest_its_sha256(
    personas: Personas,
) -> None:
    world = ordered_world(personas)
    text = codec.dumps(closing.close_cycle(*closing_inputs(world.cycle)))

    returned = cycle_close(cycle=world.cycle)

    assert returned.result == text
    assert returned.digest == hashlib.sha256(text.encode("ascii")).hexdigest()
    stored = CycleClosing.objects.get(cycle=world.cycle)
    assert stored.digest == returned.digest
    # The column's bytes themselves: what an auditor would hash with sha256sum.
    with connection.cursor() as cursor:
        cursor.execute("SELECT result FROM exchange_cycleclosing WHERE id = %s", [stored.pk])
        (column,) = cursor.fetchone()
    assert column == text
    assert hashlib.sha256(column.encode()).hexdigest() == stored.digest
    assert selectors.digest_holds(stored)
    assert selectors.closing_result(stored) == codec.loads(text)


def test_a_stored_result_changed_by_one_character_no_longer_holds(personas: Personas) -> None:
    world = ordered_world(personas)
    cycle_close(cycle=world.cycle)
    stored = CycleClosing.objects.get(cycle=world.cycle)

    stored.result = stored.result.replace('"invoiced":', '"invoiced":1', 1)

    assert not selectors.digest_holds(stored)


@pytest.mark.usefixtures("collector_state")
@pytest.mark.parametrize("enabled", [True, False])
def test_the_garbage_collector_is_as_it_was_after_a_close(
    personas: Personas, enabled: bool
) -> None:
    world = ordered_world(personas)
    (gc.enable if enabled else gc.disable)()

    cycle_close(cycle=world.cycle)

    assert gc.isenabled() is enabled


@pytest.mark.usefixtures("collector_state")
def test_the_garbage_collector_is_back_after_a_refused_close(personas: Personas) -> None:
    world = ordered_world(personas)
    OrderCycle.objects.filter(pk=world.cycle.pk).update(currency="XXX")
    gc.enable()

    with pytest.raises(ServiceError, match="cannot be closed"):
        cycle_close(cycle=world.cycle)

    assert gc.isenabled()
    assert not CycleClosing.objects.exists()


@pytest.mark.usefixtures("collector_state")
@pytest.mark.parametrize("enabled", [True, False])
def test_the_garbage_collector_is_as_it_was_after_reading_a_closing_back(
    personas: Personas, enabled: bool
) -> None:
    world = ordered_world(personas)
    stored = cycle_close(cycle=world.cycle)
    (gc.enable if enabled else gc.disable)()

    result = selectors.closing_result(stored)

    assert gc.isenabled() is enabled
    assert codec.dumps(result) == stored.result
    with pytest.raises(codec.CodecError):
        codec.loads(stored.result.replace('"invoiced":', '"invoiced":"1","extra":', 1))
    assert gc.isenabled() is enabled
    with pytest.raises(ValueError, match="Expecting"):
        codec.loads(stored.result[:-1])
    assert gc.isenabled() is enabled


@pytest.mark.skipif(connection.vendor != "postgresql", reason="TOAST compression is PostgreSQL's")
def test_on_postgresql_a_large_result_is_compressed_with_lz4_and_reads_back_unchanged(
    personas: Personas,
) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT attcompression FROM pg_attribute "
            "WHERE attrelid = 'exchange_cycleclosing'::regclass AND attname = 'result'"
        )
        (method,) = cursor.fetchone()
    assert method == "l"  # LZ4, set by the migration
    world = ordered_world(personas)
    stored = cycle_close(cycle=world.cycle)
    # Made large enough to be compressed out of line (past about 2 KB), the text still reads
    # back byte for byte.
    large = stored.result + " " * 100_000
    CycleClosing.objects.filter(pk=stored.pk).update(result=large)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_column_compression(result), result FROM exchange_cycleclosing WHERE id = %s",
            [stored.pk],
        )
        compression, column = cursor.fetchone()
    assert compression == "lz4"
    assert column == large
