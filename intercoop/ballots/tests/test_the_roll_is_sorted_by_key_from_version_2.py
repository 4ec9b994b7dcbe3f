"""The public roll's credentials are sorted by key, so that their order cannot tell who holds
which (the platform knows its members' order). From record version 2 the ``roll`` check
requires it, and the simulator, like the server, writes them sorted; a version-1 record, written
before the rule, is read without it."""

from __future__ import annotations

from typing import Any

from intercoop.ballots.tests.records import failed_checks, small_json, verify
from intercoop_tools.record.encoding import VERSION


def _keys(record: dict[str, Any]) -> list[str]:
    return [c["credential"] for c in record["manifest"]["roll"]["credentials"]]


def _swap_first_two(record: dict[str, Any]) -> None:
    credentials = record["manifest"]["roll"]["credentials"]
    credentials[0], credentials[1] = credentials[1], credentials[0]


def test_the_simulator_writes_the_credentials_sorted_by_key() -> None:
    record = small_json()

    assert record["version"] == VERSION == 2
    assert _keys(record) == sorted(_keys(record))
    roll = next(line for line in verify(record).lines() if " roll:" in line)
    assert roll.startswith("PASS roll:")
    assert roll.endswith("frozen credentials, sorted by key")


def test_an_unsorted_roll_fails_the_roll_check() -> None:
    record = small_json()
    _swap_first_two(record)

    report = verify(record)

    assert "roll" in failed_checks(report)
    assert (
        "FAIL roll: credentials[1] comes before credentials[0] in key order (the credentials "
        "must be sorted by key)"
    ) in report.lines()


def test_a_version_1_record_is_read_without_the_rule() -> None:
    honest = small_json()
    honest["version"] = 1
    unsorted = small_json()
    unsorted["version"] = 1
    _swap_first_two(unsorted)

    assert verify(honest).ok, verify(honest).lines()
    report = verify(unsorted)
    assert "roll" not in failed_checks(report)
    assert any(
        line.startswith("PASS roll:") and line.endswith("(version 1: order not checked)")
        for line in report.lines()
    )
