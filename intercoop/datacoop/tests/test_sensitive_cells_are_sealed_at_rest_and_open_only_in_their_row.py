"""A row's sensitive cells are sealed in the database (libsodium XChaCha20-Poly1305 under the
data co-operative key), open for the member in their own row, and do not open when copied to
another row or under another key file."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.test import override_settings

from intercoop.conftest import Personas
from intercoop.datacoop import sealing
from intercoop.datacoop.models import Row
from intercoop.datacoop.selectors import datasets as selectors
from intercoop.datacoop.services import datasets
from intercoop.datacoop.tests.world import SECRET, build

pytestmark = pytest.mark.django_db


def test_the_database_holds_no_sensitive_value_in_clear(personas: Personas) -> None:
    world = build(personas)

    stored = list(Row.objects.values_list("values", "sealed"))

    assert stored
    for values, sealed in stored:
        assert SECRET not in str(values)
        assert SECRET.encode() not in bytes(sealed)
        assert "81234.50" not in str(values)
    assert "health" not in world.bob_row.values
    assert bytes(world.bob_row.sealed)[:1] == sealing.VERSION


def test_the_member_reads_their_own_sealed_cell(personas: Personas) -> None:
    world = build(personas)

    (mine,) = selectors.own_rows(world.energy, personas.bob)

    assert mine.values["health"] == SECRET
    assert mine.values["kwh"] == 3200
    assert mine.values["solar"] is True
    assert selectors.own_rows(world.energy, personas.alice) == []


def test_the_co_op_s_people_see_only_the_public_columns_of_a_collective_dataset(
    personas: Personas,
) -> None:
    world = build(personas)

    columns, rows = selectors.collective_rows(world.accounts, all_columns=False)
    _all_columns, admin_rows = selectors.collective_rows(world.accounts, all_columns=True)

    assert [c.key for c in columns] == ["year"]
    assert rows[0].values == {"year": 2024}
    assert admin_rows[0].values == {"year": 2024, "salaries": "81234.50"}


def test_sealed_cells_copied_to_another_row_do_not_open(personas: Personas) -> None:
    world = build(personas)
    other = datasets.row_contribute(dataset=world.energy, by=personas.bob, values={"kwh": 1})
    Row.objects.filter(pk=other.pk).update(sealed=bytes(world.bob_row.sealed))
    other.refresh_from_db()

    with pytest.raises(sealing.SealingError):
        selectors.row_opened(other)


def test_cells_sealed_under_another_key_file_do_not_open(
    personas: Personas, tmp_path: Path
) -> None:
    world = build(personas)

    with (
        override_settings(DATACOOP_KEY_FILE=tmp_path / "another_key"),
        pytest.raises(sealing.SealingError) as refused,
    ):
        selectors.own_rows(world.energy, personas.bob)

    assert "key file was replaced or lost" in refused.value.message


def test_a_malformed_key_file_is_a_clear_error(tmp_path: Path) -> None:
    bad = tmp_path / "datacoop_key"
    bad.write_text("not hex")

    with override_settings(DATACOOP_KEY_FILE=bad), pytest.raises(sealing.SealingError) as refused:
        sealing.seal({"a": 1}, dataset=Row().uuid, row=Row().uuid, member_id=1)

    assert str(bad) in refused.value.message
