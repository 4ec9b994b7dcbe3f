"""The generic CSV format takes its source from --source, which must be a short name and not
another format's; the other formats name their own source and refuse these options."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from intercoop.directory.tests.conftest import valid_row, write_csv
from intercoop.directory.tests.generic_csv import import_csv
from intercoop.organizations.models import Organization

pytestmark = pytest.mark.django_db


@pytest.fixture
def good(tmp_path: Path) -> Path:
    return write_csv(tmp_path / "f.csv", ["id", "name"], [{"id": "a", "name": "A Co-op"}])


def test_without_source_the_command_says_what_is_missing(good: Path) -> None:
    with pytest.raises(CommandError, match="needs --source NAME"):
        import_csv(good)
    assert not Organization.objects.exists()


@pytest.mark.parametrize("name", ["My Federation", "fed_1", "fed-", "x" * 51, "coops-uk"])
def test_a_source_that_is_not_a_short_name_is_refused(good: Path, name: str) -> None:
    with pytest.raises(CommandError, match="not a short name"):
        import_csv(good, "--source", name)


def test_another_format_refuses_a_source(tmp_path: Path, uk_columns: list[str]) -> None:
    path = write_csv(tmp_path / "uk.csv", uk_columns, [valid_row("R1")])
    with pytest.raises(CommandError, match="names its own source"):
        call_command("import", "coops-uk", str(path), "--source", "x", "--no-progress")


def test_two_sources_keep_their_records_apart(good: Path) -> None:
    import_csv(good, "--source", "one")
    import_csv(good, "--source", "two")

    assert sorted(Organization.objects.values_list("source", "source_id")) == [
        ("one", "a"),
        ("two", "a"),
    ]
