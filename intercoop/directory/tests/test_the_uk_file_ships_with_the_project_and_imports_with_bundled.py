"""The README's import command pointed at ``../shared/data/…``, which a clone does not have. The
Co-operatives UK file now ships with the project, with its licence (ODC-By 1.0) and attribution,
and ``intercoop import coops-uk --bundled`` imports it; the directory shows the attribution."""

from __future__ import annotations

import hashlib
import io
import re
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

import intercoop
from intercoop.directory.importers import coops_uk
from intercoop.directory.models import ImportRun
from intercoop.directory.tests.conftest import UK_ROWS

ROOT = Path(intercoop.__file__).resolve().parents[1]
SHIPPED = Path(intercoop.__file__).resolve().parent / "directory/data/coops-uk"


def test_the_shipped_copy_carries_its_licence_and_attribution() -> None:
    assert coops_uk.BUNDLED == SHIPPED / "standard-2023-11-03.csv"
    data = coops_uk.BUNDLED.read_bytes()
    readme = (SHIPPED / "README.md").read_text(encoding="utf-8")
    licence = (SHIPPED / "LICENSE.md").read_text(encoding="utf-8")
    assert hashlib.sha256(data).hexdigest() in readme
    assert data.count(b"\n") > UK_ROWS
    for text in (readme, licence):
        assert "ODC-By" in text
        assert coops_uk.ATTRIBUTION in text
    assert "https://opendatacommons.org/licenses/by/1-0/" in licence


@pytest.mark.django_db
def test_import_bundled_imports_every_row_and_the_directory_shows_the_attribution() -> None:
    out = io.StringIO()

    call_command("import", "coops-uk", "--bundled", "--no-progress", stdout=out)

    assert f"{UK_ROWS} rows: {UK_ROWS} created" in out.getvalue()
    assert f"Attribution: {coops_uk.ATTRIBUTION}." in out.getvalue()
    run = ImportRun.objects.get()
    assert coops_uk.BUNDLED is not None
    assert run.file_sha256 == hashlib.sha256(coops_uk.BUNDLED.read_bytes()).hexdigest()
    for language in ("en", "fr", "es"):
        page = Client().get(f"/{language}/directory/", {"q": "co-operative"})
        assert page.status_code == 200
        assert coops_uk.ATTRIBUTION in page.content.decode()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["coops-uk", "some.csv", "--bundled"], "name no file with it"),
        (["csv", "--bundled", "--source", "mine"], "no csv file ships with Intercoop"),
        (["coops-uk"], "name the file to import"),
    ],
)
def test_bundled_is_refused_clearly_where_it_makes_no_sense(args: list[str], message: str) -> None:
    with pytest.raises(CommandError, match=message):
        call_command("import", *args, "--no-progress")


def test_the_documented_import_commands_name_files_a_clone_has() -> None:
    command = re.compile(r"intercoop import coops-uk ([^`\s]+)")
    found = []
    for doc in [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]:
        for argument in command.findall(doc.read_text(encoding="utf-8")):
            found.append(argument)
            if argument.startswith("-") or re.match(r"[A-Z]+\b", argument):
                continue  # --bundled, or a placeholder such as FILE
            path = (ROOT / argument).resolve()
            assert path.is_relative_to(ROOT) and path.is_file(), (
                f"{doc.name}: {argument} is not in the project"
            )
    assert "--bundled" in found
