"""Free text in a record (title, question, option labels, college names) is at most 1,000
Unicode code points (not UTF-16 units, not bytes); tab, line feed and carriage return are
allowed, other control characters are refused, and so is a lone surrogate, which is no
character at all (it cannot be written in UTF-8, and JSON readers differ on it)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from intercoop.ballots.tests.records import small_json
from intercoop_tools.crypto.errors import EncodingError
from intercoop_tools.record.encoding import expect_text
from intercoop_tools.record.manifest import Description
from intercoop_tools.verify.cli import main


@pytest.mark.parametrize(
    "text",
    ["A question\r\non two lines,\twith a tab", "é" * 1000, "😀" * 1000, ""],
    ids=["crlf-and-tab", "1000-latin", "1000-astral", "empty"],
)
def test_allowed_text(text: str) -> None:
    assert expect_text(text, where="title") == text


def test_1000_code_points_is_the_limit_whatever_their_utf16_or_utf8_length() -> None:
    astral = "😀" * 1000  # 2,000 UTF-16 units, 4,000 UTF-8 bytes

    assert len(astral.encode("utf-16-le")) // 2 == 2000
    assert expect_text(astral, where="title") == astral
    with pytest.raises(EncodingError, match="title: expected a string of at most 1000 characters"):
        expect_text("a" * 1001, where="title")


@pytest.mark.parametrize(
    ("character", "message"),
    [
        ("\x00", "control character U+0000 is not allowed in text"),
        ("\x07", "control character U+0007 is not allowed in text"),
        ("\x1b", "control character U+001B is not allowed in text"),
        ("\x7f", "control character U+007F is not allowed in text"),
        ("\x85", "control character U+0085 is not allowed in text"),
        ("\ud800", "a lone surrogate (U+D800) is not a character"),
        ("\udfff", "a lone surrogate (U+DFFF) is not a character"),
    ],
)
def test_refused_characters(character: str, message: str) -> None:
    with pytest.raises(EncodingError) as refused:
        expect_text(f"Join{character} the federation", where="title")
    assert str(refused.value) == f"title: {message}"


def test_every_free_text_field_of_the_description_is_checked() -> None:
    description = small_json()["manifest"]["description"]
    description["questions"][0]["options"][1]["label"] = "no\x08"

    with pytest.raises(EncodingError, match=r"options\[1\].label: control character U\+0008"):
        Description.from_json(description)


def test_intercoop_verify_reports_a_lone_surrogate_in_the_file_under_encodings(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    record = small_json()
    record["manifest"]["description"]["title"] = "TITLE"
    # the file holds the escape \ud800 (a lone surrogate), as a JSON writer may produce it
    text = json.dumps(record).replace('"TITLE"', '"Vote \\ud800"', 1)
    path = tmp_path / "record.json"
    path.write_text(text, encoding="ascii")

    assert main([str(path), "--jobs", "1"]) == 1
    out = capsys.readouterr().out
    assert (
        "FAIL encodings: manifest.description.title: a lone surrogate (U+D800) is not a "
        "character" in out
    )
