"""Importing a file again updates organizations in place, keyed by (source, identifier), and
never duplicates them: the same file changes nothing, an edited row changes only its fields."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from intercoop.directory.models import ImportRun
from intercoop.directory.services import IMPORTED_FIELDS
from intercoop.directory.tests.conftest import (
    ACTIVITY,
    MEMBERSHIP,
    STRUCTURE,
    UK_ROWS,
    valid_row,
    write_csv,
)
from intercoop.organizations import vocabularies
from intercoop.organizations.models import Organization, RegistryIdentifier

pytestmark = pytest.mark.django_db


def import_file(path: Path) -> ImportRun:
    call_command("import", "coops-uk", str(path), "--no-progress", stdout=io.StringIO())
    return ImportRun.objects.latest("finished_at")


def snapshot() -> tuple[object, ...]:
    """What an import owns, with the identity and timestamps it must not disturb."""
    fields = ["pk", "slug", "source", "source_id", "imported_at", "updated_at", *IMPORTED_FIELDS]
    return (
        sorted(Organization.objects.values_list(*fields), key=lambda row: row[0]),
        sorted(RegistryIdentifier.objects.values_list("organization_id", "scheme", "value")),
    )


def test_the_same_file_twice_changes_nothing(uk_file: Path) -> None:
    # given
    first = import_file(uk_file)
    before = snapshot()

    # when
    second = import_file(uk_file)

    # then
    assert Organization.objects.count() == UK_ROWS
    assert (first.created, first.updated, first.unchanged) == (UK_ROWS, 0, 0)
    assert (second.created, second.updated, second.unchanged) == (0, 0, UK_ROWS)
    assert ImportRun.objects.count() == 2
    assert snapshot() == before


def test_an_edited_row_is_updated_in_place(uk_file: Path, tmp_path: Path) -> None:
    # given the file imported, and a copy where one row is renamed and another has moved
    import_file(uk_file)
    renamed = Organization.objects.get(source_id="R000001")
    moved = Organization.objects.get(source_id="R000003")
    with uk_file.open(encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    columns = rows[0]
    by_id = {row[0]: row for row in rows[1:]}
    by_id["R000001"][columns.index("Name")] = "The Co-operative Group (renamed)"
    by_id["R000003"][columns.index("Postcode")] = "ws14 9aa"
    edited = tmp_path / "edited.csv"
    with edited.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\n").writerows(rows)

    # when
    run = import_file(edited)

    # then
    assert (run.created, run.updated, run.unchanged) == (0, 2, UK_ROWS - 2)
    assert Organization.objects.count() == UK_ROWS
    after_rename = Organization.objects.get(source_id="R000001")
    after_move = Organization.objects.get(source_id="R000003")
    assert after_rename.name == "The Co-operative Group (renamed)"
    assert after_move.postal_code == "WS14 9AA"
    assert (after_rename.pk, after_rename.slug) == (renamed.pk, renamed.slug)
    assert (after_move.pk, after_move.slug) == (moved.pk, moved.slug)
    assert after_rename.locality == renamed.locality
    assert after_move.name == moved.name
    assert after_rename.updated_at > renamed.updated_at


# --- The same property on small generated files ----------------------------------------------

_text = st.text(
    alphabet=st.characters(exclude_categories=["Cs"], exclude_characters="\x00"),
    max_size=30,
)
_name = _text.filter(lambda s: " ".join(s.split()) != "")
_coordinate = st.one_of(
    st.just(("", "")),
    st.tuples(st.floats(min_value=-90, max_value=90), st.floats(min_value=-180, max_value=180)).map(
        lambda pair: (repr(pair[0]), repr(pair[1]))
    ),
)


def _term(scheme: vocabularies.Scheme, base: str) -> st.SearchStrategy[str]:
    return st.one_of(st.just(""), st.sampled_from(vocabularies.codes(scheme)).map(base.__add__))


@st.composite
def uk_rows(draw: st.DrawFn) -> list[dict[str, str]]:
    identifiers = draw(
        st.lists(
            st.from_regex(r"[A-Za-z0-9][A-Za-z0-9._-]{0,15}", fullmatch=True),
            min_size=1,
            max_size=20,
            unique=True,
        )
    )
    rows, numbers = [], set()
    for identifier in identifiers:
        number = draw(st.one_of(st.just(""), st.from_regex(r"[0-9]{6,8}", fullmatch=True)))
        if number.zfill(8) in numbers:
            number = ""  # a Companies House number belongs to one organization
        numbers.add(number.zfill(8))
        latitude, longitude = draw(_coordinate)
        rows.append(
            valid_row(
                identifier,
                **{
                    "Name": draw(_name),
                    "Organisational Structure": draw(_term("structure", STRUCTURE)),
                    "Primary Activity": draw(_term("activity", ACTIVITY)),
                    "Membership Type": draw(_term("membership_type", MEMBERSHIP)),
                    "Street Address": draw(_text),
                    "Locality": draw(_text),
                    "Region": draw(_text),
                    "Postcode": draw(_text.filter(lambda s: len(s.upper()) <= 32)),
                    "Country ID": draw(st.sampled_from(["", "GB", "gb", "IE"])),
                    "Website": draw(st.sampled_from(["", "https://a.coop", "http://b.coop/x?y=1"])),
                    "Companies House Number": number,
                    "Geo Container Latitude": latitude,
                    "Geo Container Longitude": longitude,
                    "Legal Form": draw(_text),
                },
            )
        )
    return rows


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(rows=uk_rows())
def test_importing_any_valid_file_twice_gives_the_same_state(
    rows: list[dict[str, str]], uk_columns: list[str], tmp_path: Path, db: Any
) -> None:
    # Each example starts from an empty directory; the test's transaction is rolled back at
    # the end, not between examples.
    Organization.objects.all().delete()
    ImportRun.objects.all().delete()
    path = write_csv(tmp_path / "generated.csv", uk_columns, rows)

    first = import_file(path)
    once = snapshot()
    second = import_file(path)

    assert first.created == len(rows)
    assert (second.created, second.updated, second.unchanged) == (0, 0, len(rows))
    assert Organization.objects.count() == len(rows)
    assert snapshot() == once
