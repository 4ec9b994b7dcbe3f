"""A file that cannot be read as a Co-operatives UK CSV is refused as a whole, with a message that
names the file and says what is wrong, and nothing is written."""

from __future__ import annotations

import gzip
import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from intercoop.directory.importers.coops_uk import REQUIRED_COLUMNS
from intercoop.directory.models import ImportRun
from intercoop.directory.tests.conftest import csv_text, valid_row
from intercoop.organizations.models import Organization, RegistryIdentifier

pytestmark = pytest.mark.django_db

ALL_MISSING = ", ".join(REQUIRED_COLUMNS)


def refusal(path: Path) -> str:
    with pytest.raises(CommandError) as refused:
        call_command(
            "import",
            "coops-uk",
            str(path),
            "--no-progress",
            stdout=io.StringIO(),
            stderr=io.StringIO(),
        )
    assert not Organization.objects.exists()
    assert not RegistryIdentifier.objects.exists()
    assert not ImportRun.objects.exists()
    return str(refused.value)


def test_a_file_that_is_not_utf8_is_refused(tmp_path: Path, uk_columns: list[str]) -> None:
    # given the file saved as Latin-1 by a spreadsheet
    text = csv_text(uk_columns, [valid_row("L1", Name="Café Co-op")])
    path = tmp_path / "latin1.csv"
    path.write_bytes(text.encode("latin-1"))
    byte = text.encode("latin-1").index("é".encode("latin-1"))

    # then
    assert refusal(path) == f"{path}: not UTF-8 text (byte {byte})."


def test_a_utf16_file_is_refused(tmp_path: Path, uk_columns: list[str]) -> None:
    path = tmp_path / "utf16.csv"
    path.write_bytes(csv_text(uk_columns, [valid_row("U1")]).encode("utf-16"))
    assert refusal(path) == f"{path}: not UTF-8 text (byte 0)."


def test_an_empty_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "empty.csv"
    path.write_bytes(b"")
    message = refusal(path)
    assert message == (
        f"{path}: this is not a Co-operatives UK open data file: missing columns {ALL_MISSING}"
    )


def test_a_csv_with_other_columns_is_refused_naming_the_missing_ones(tmp_path: Path) -> None:
    path = tmp_path / "other.csv"
    path.write_text("Identifier,Name,Town\nX1,Some co-op,Leeds\n", encoding="utf-8")
    missing = ", ".join(c for c in REQUIRED_COLUMNS if c not in ("Identifier", "Name"))
    assert refusal(path) == (
        f"{path}: this is not a Co-operatives UK open data file: missing columns {missing}"
    )


def test_a_compressed_file_is_refused(tmp_path: Path, uk_columns: list[str]) -> None:
    # given the file as downloaded, still gzipped: binary, and not UTF-8 from its second byte
    path = tmp_path / "standard.csv.gz"
    path.write_bytes(gzip.compress(csv_text(uk_columns, [valid_row("G1")]).encode()))
    assert refusal(path) == f"{path}: not UTF-8 text (byte 1)."


def test_a_binary_file_that_happens_to_decode_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "zeros.bin"
    path.write_bytes(bytes(range(0, 128)) * 64)
    assert refusal(path) == (
        f"{path}: this is not a Co-operatives UK open data file: missing columns {ALL_MISSING}"
    )


def test_a_nul_byte_inside_a_row_refuses_the_file(tmp_path: Path, uk_columns: list[str]) -> None:
    # given a CSV whose third line has a NUL byte, which no text field may hold (PostgreSQL
    # refuses it outright)
    path = tmp_path / "nul.csv"
    text = csv_text(uk_columns, [valid_row("N1"), valid_row("N2", Name="Nul\x00Co-op")])
    path.write_text(text, encoding="utf-8", newline="")

    # then
    assert refusal(path) == (
        f"{path}: line 3: the file cannot be read as CSV: it contains a NUL byte"
    )


def test_a_missing_path_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "no-such-file.csv"
    assert refusal(path) == f"{path}: No such file or directory"


def test_a_directory_is_refused(tmp_path: Path) -> None:
    assert refusal(tmp_path) == f"{tmp_path}: Is a directory"
