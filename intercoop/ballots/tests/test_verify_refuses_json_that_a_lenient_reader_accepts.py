"""``intercoop-verify`` reads a record only as strict JSON, the same loader as the trustee and
credential tools: a key given twice (which would let a file carry a second, unverified value
for a first-wins reader or a person to see), ``NaN`` or ``Infinity``, and a version given as
``true`` or ``1.0`` (which Python's ``==`` takes for 1) are refused, each with a message naming
the problem and the check that reports it (docs/election-record.md, section 3)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from intercoop.ballots.tests.records import small_json
from intercoop_tools.credentials import CredentialFileError
from intercoop_tools.credentials import parse_json as credentials_parse_json
from intercoop_tools.trustee.formats import TrusteeFileError
from intercoop_tools.trustee.formats import parse_json as trustee_parse_json
from intercoop_tools.verify.cli import main


def _run(tmp_path: Path, text: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    path = tmp_path / "record.json"
    path.write_text(text, encoding="utf-8")
    code = main([str(path), "--jobs", "1"])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def _record_text(**top: object) -> str:
    record = small_json()
    record.update(top)
    return json.dumps(record)


def _first_fail(out: str) -> str:
    return next(line for line in out.splitlines() if line.startswith("FAIL"))


@pytest.mark.parametrize(
    ("version", "found"),
    [
        ("true", "found true (a boolean)"),
        ("1.0", "found 1.0 (a number with a fraction or an exponent)"),
        ("2.0", "found 2.0 (a number with a fraction or an exponent)"),
        ("2e0", "found 2.0 (a number with a fraction or an exponent)"),
        ('"2"', 'found "2" (a string)'),
    ],
    ids=["true", "1.0", "2.0", "2e0", "a string"],
)
def test_a_version_that_is_not_an_integer_fails_the_format_check(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], version: str, found: str
) -> None:
    # given an honest record whose version is written as the JSON text ``version``
    text = _record_text(version="VERSION").replace('"VERSION"', version, 1)

    code, out, _ = _run(tmp_path, text, capsys)

    assert code == 1
    assert _first_fail(out) == f"FAIL format: version must be the JSON integer 1 or 2, {found}"
    assert "PASS" not in out


def test_the_honest_record_passes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(tmp_path, _record_text(), capsys)

    assert code == 0, out
    assert "PASS format: intercoop-election-record version 2" in out


@pytest.mark.parametrize(
    ("where", "key"),
    [("top", "version"), ("manifest", "manifest_hash"), ("entry", "index")],
)
def test_a_duplicate_key_fails_the_format_check(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], where: str, key: str
) -> None:
    # given an honest record in which one object names a key a second time, with another
    # value: the last one (which Python keeps) is the honest one, a first-wins reader sees 7
    text = _record_text()
    if where == "top":
        text = '{"version": 7, ' + text[1:]
    elif where == "manifest":
        text = text.replace('"manifest_hash": ', f'"{key}": "{"0" * 64}", "{key}": ', 1)
    else:
        text = text.replace('{"index": 0, ', '{"index": 7, "index": 0, ', 1)

    code, out, _ = _run(tmp_path, text, capsys)

    assert code == 1
    assert _first_fail(out) == (
        f"FAIL format: not strict JSON: duplicate key {key!r}: an object names it twice, so "
        "another reader could see the other value"
    )
    assert "FAIL encodings: not checked" in out
    assert "PASS" not in out


@pytest.mark.parametrize("constant", ["NaN", "Infinity", "-Infinity"])
def test_nan_and_infinity_are_not_json(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], constant: str
) -> None:
    text = _record_text().replace('{"index": 0, ', f'{{"index": {constant}, ', 1)

    code, out, err = _run(tmp_path, text, capsys)

    assert code == 2
    assert out == ""
    assert f"cannot read {tmp_path / 'record.json'}: {constant} is not allowed" in err


@pytest.mark.parametrize(
    "text",
    [
        '{"format": "x", "version": 1, "format": "y"}',
        '{"a": {"b": 1, "b": 2}}',
        '{"a": [1, Infinity]}',
        '{"a": -Infinity}',
    ],
)
def test_the_trustee_and_credential_tools_read_with_the_same_loader(text: str) -> None:
    problem = "duplicate key" if "Infinity" not in text else "Infinity is not allowed"
    with pytest.raises(TrusteeFileError, match=f"not valid JSON .*{problem}"):
        trustee_parse_json(text, label="tally file")
    with pytest.raises(CredentialFileError, match=f"not valid JSON .*{problem}"):
        credentials_parse_json(text, label="keys file")
