"""A row's values are read by their column's type and refused, cell by cell, with a message
that says what to write; a refused row writes nothing, and the same submission writes once."""

from __future__ import annotations

import uuid

import pytest

from intercoop.conftest import Personas
from intercoop.core.errors import ServiceError
from intercoop.datacoop.models import Row
from intercoop.datacoop.services import datasets
from intercoop.datacoop.tests.world import energy_dataset

pytestmark = pytest.mark.django_db


def test_each_type_reads_what_people_write(personas: Personas) -> None:
    energy = energy_dataset(personas)

    row = datasets.row_contribute(
        dataset=energy,
        by=personas.bob,
        values={
            "kwh": " 4100 ",
            "heating": "heat pump",
            "cost": "61.5",
            "since": "2021-03-04",
            "solar": "oui",
        },
    )

    assert row.values == {
        "kwh": 4100,
        "heating": "heat pump",
        "cost": "61.5",
        "since": "2021-03-04",
        "solar": True,
    }
    assert row.member == personas.bob


def test_bad_cells_are_refused_each_with_its_reason_and_nothing_is_written(
    personas: Personas,
) -> None:
    energy = energy_dataset(personas)

    with pytest.raises(datasets.CellsRefused) as refused:
        datasets.row_contribute(
            dataset=energy,
            by=personas.bob,
            values={
                "heating": "coal",
                "cost": "1,5",
                "since": "04/03/2021",
                "solar": "maybe",
                "colour": "red",
            },
        )

    assert refused.value.errors == {
        "kwh": "A value is required.",
        "heating": "Choose one of: gas, heat pump, wood.",
        "cost": "Give a number, with a point for the decimals.",
        "since": "Give a date as YYYY-MM-DD.",
        "solar": "Give yes or no.",
        "colour": "There is no column colour.",
    }
    assert not Row.objects.exists()


def test_the_same_submission_twice_writes_one_row(personas: Personas) -> None:
    energy = energy_dataset(personas)
    key = uuid.uuid4()

    first = datasets.row_contribute(
        dataset=energy, by=personas.bob, values={"kwh": 1}, submission=key
    )
    again = datasets.row_contribute(
        dataset=energy, by=personas.bob, values={"kwh": 1}, submission=key
    )

    assert first.pk == again.pk
    assert Row.objects.count() == 1


def test_only_the_co_op_s_people_write_their_own_rows(personas: Personas) -> None:
    energy = energy_dataset(personas)

    with pytest.raises(ServiceError) as refused:
        datasets.row_contribute(dataset=energy, by=personas.charlie, values={"kwh": 1})

    assert refused.value.code == "not_in_org"
    assert not Row.objects.exists()


def test_a_column_is_refused_when_its_definition_is_wrong(personas: Personas) -> None:
    energy = energy_dataset(personas)

    for new, code in [
        (datasets.NewColumn("Bad Key", "x", "text", "personal"), "invalid_key"),
        (datasets.NewColumn("kind", "x", "choice", "personal"), "choices_required"),
        (datasets.NewColumn("n", "x", "integer", "personal", choices=("a",)), "choices_unexpected"),
        (datasets.NewColumn("kwh", "x", "integer", "personal"), "conflict"),
    ]:
        with pytest.raises(ServiceError) as refused:
            datasets.column_add(dataset=energy, new=new)
        assert refused.value.code == code
