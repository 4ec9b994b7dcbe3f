"""Wherever the record has an integer, ``3.0``, ``3e0`` or ``true`` in its place is refused by
the ``encodings`` check, naming the field and what was found (in Python ``True == 1`` and
``3.0 == 3``, so a lenient check would let them through)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from intercoop.ballots.tests.records import failed_checks, small_json, verify
from intercoop_tools.verify.cli import main

Path_ = tuple[str | int, ...]


def _integers(value: Any, path: Path_ = ()) -> Iterator[tuple[Path_, int]]:
    if type(value) is int:
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _integers(item, (*path, key))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _integers(item, (*path, i))


def _one_of_each_kind() -> list[Path_]:
    """One integer of each kind (list positions aside), except the top-level version (the
    ``format`` check's, tested on its own)."""
    kinds: dict[str, Path_] = {}
    for path, _ in _integers(small_json()):
        kind = ".".join("[]" if isinstance(p, int) else p for p in path)
        if path != ("version",):
            kinds.setdefault(kind, path)
    return list(kinds.values())


KINDS = _one_of_each_kind()


def _where(path: Path_) -> str:
    out = ""
    for p in path:
        out += f"[{p}]" if isinstance(p, int) else (f".{p}" if out else p)
    return out


def _set(record: dict[str, Any], path: Path_, value: object) -> None:
    target: Any = record
    for p in path[:-1]:
        target = target[p]
    target[path[-1]] = value


def test_the_record_has_integers_of_every_kind() -> None:
    kinds = {re.sub(r"\[\d+\]", "[]", _where(p)) for p in KINDS}
    assert {
        "manifest.description.trustees",
        "manifest.description.questions[].min_selected",
        "manifest.ceremony.commitments[].dealer",
        "board.entries[].index",
        "tally.trustees_present[]",
        "tally.colleges[].ballots[]",
        "tally.colleges[].questions[][].count",
        "tally.colleges[].questions[][].shares[].trustee",
    } <= kinds


@pytest.mark.parametrize("path", KINDS, ids=[_where(p) for p in KINDS])
@pytest.mark.parametrize("kind", ["float", "boolean"])
def test_an_integer_as_a_float_or_a_boolean_fails_the_encodings_check(
    path: Path_, kind: str
) -> None:
    record = small_json()
    original = dict(_integers(record))[path]
    replacement: object = float(original) if kind == "float" else True
    _set(record, path, replacement)

    report = verify(record)

    assert "encodings" in failed_checks(report)
    found = (
        f"found {float(original)!r} (a number with a fraction or an exponent)"
        if kind == "float"
        else "found true (a boolean)"
    )
    line = next(line for line in report.lines() if line.startswith("FAIL encodings:"))
    assert f"{_where(path)}: expected an integer, {found}" in line
    assert not report.ok


def test_an_exponent_in_the_file_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = json.dumps(small_json()).replace('{"index": 0, ', '{"index": 0e0, ', 1)
    path = tmp_path / "record.json"
    path.write_text(text)

    assert main([str(path), "--jobs", "1"]) == 1
    out = capsys.readouterr().out
    assert (
        "FAIL encodings: board.entries[0].index: expected an integer, found 0.0 (a number with "
        "a fraction or an exponent)"
    ) in out
