"""A CSV file of rows is written whole or not at all; each problem names its line and column,
and the same upload twice writes once."""

from __future__ import annotations

import uuid

import pytest

from intercoop.conftest import Personas
from intercoop.core.csvfile import CsvRefused
from intercoop.datacoop.models import Row
from intercoop.datacoop.selectors import datasets as selectors
from intercoop.datacoop.services import datasets
from intercoop.datacoop.tests.world import energy_dataset

pytestmark = pytest.mark.django_db


def test_a_good_file_writes_each_row_with_its_sealed_cells(personas: Personas) -> None:
    energy = energy_dataset(personas)
    content = b'kwh,heating,health\n3000,gas,fine\n\n2500,wood,"allergy, mild"\n'

    rows = datasets.rows_import_csv(dataset=energy, by=personas.bob, content=content)

    assert [r.source for r in rows] == ["csv:2", "csv:4"]
    mine = selectors.own_rows(energy, personas.bob)
    assert [(r.values["kwh"], r.values["health"]) for r in mine] == [
        (3000, "fine"),
        (2500, "allergy, mild"),
    ]


def test_a_file_with_a_bad_row_is_refused_whole_naming_each_line(personas: Personas) -> None:
    energy = energy_dataset(personas)
    content = b"kwh,heating\n3000,gas\nlots,gas\n2000,coal\n"

    with pytest.raises(CsvRefused) as refused:
        datasets.rows_import_csv(dataset=energy, by=personas.bob, content=content)

    assert refused.value.errors == [
        (3, "kwh: Give a whole number."),
        (4, "heating: Choose one of: gas, heat pump, wood."),
    ]
    assert "2 problems" in refused.value.message
    assert not Row.objects.exists()


def test_an_unknown_or_missing_column_refuses_the_file(personas: Personas) -> None:
    energy = energy_dataset(personas)

    with pytest.raises(CsvRefused) as refused:
        datasets.rows_import_csv(
            dataset=energy, by=personas.bob, content=b"heating,colour\ngas,red\n"
        )

    assert refused.value.errors == [
        (1, "Missing columns: kwh."),
        (1, "Unknown columns: colour."),
    ]


def test_the_same_upload_twice_writes_once(personas: Personas) -> None:
    energy = energy_dataset(personas)
    key = uuid.uuid4()

    first = datasets.rows_import_csv(
        dataset=energy, by=personas.bob, content=b"kwh\n1\n2\n", submission=key
    )
    again = datasets.rows_import_csv(
        dataset=energy, by=personas.bob, content=b"kwh\n1\n2\n", submission=key
    )

    assert (len(first), again) == (2, [])
    assert Row.objects.count() == 2
