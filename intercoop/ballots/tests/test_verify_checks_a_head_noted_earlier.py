"""``board.chain`` shows that the entries link up, not that none was removed or reordered: a
board rebuilt without an entry chains just as well. ``intercoop-verify --expect-head HASH[@N]``
checks the record against a head noted earlier (on the board page, or on a voter's receipt):
the board had head HASH after N entries."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from intercoop.ballots.tests.records import failed_checks, small_json
from intercoop_tools.record.encoding import entry_hash_of
from intercoop_tools.trustee.formats import fingerprint
from intercoop_tools.verify.cli import main
from intercoop_tools.verify.record import verify_record
from intercoop_tools.verify.report import parse_expected_head


def _rechained(record: dict[str, Any], entries: list[dict[str, Any]]) -> dict[str, Any]:
    previous = record["manifest_hash"]
    for index, entry in enumerate(entries):
        entry["index"], entry["previous"] = index, previous
        previous = entry_hash_of(
            index=index, previous=bytes.fromhex(previous), tracker=bytes.fromhex(entry["tracker"])
        ).hex()
        entry["hash"] = previous
    record["board"] = {"entries": entries, "head": previous}
    return record


def test_a_reordered_board_chains_but_misses_the_noted_head(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    record = small_json()
    entries = record["board"]["entries"]
    noted = f"{entries[2]['hash']}@3"
    other = small_json()
    moved = other["board"]["entries"]
    swapped = _rechained(other, [moved[1], moved[0], *moved[2:]])

    assert main([_write(tmp_path, record), "--jobs", "1", "--expect-head", noted]) == 0
    out = capsys.readouterr().out
    assert f"PASS board.expected_head: {entries[2]['hash'][:16]}… after 3 entries" in out
    assert main([_write(tmp_path, swapped), "--jobs", "1", "--expect-head", noted]) == 1
    out = capsys.readouterr().out
    assert "PASS board.chain: 15 entries" in out
    assert f"FAIL board.expected_head: {noted}: after 3 entries the head is " in out
    assert "intercoop-verify: 23 checks," in out


def _write(tmp_path: Path, record: dict[str, Any]) -> str:
    path = tmp_path / "record.json"
    path.write_text(json.dumps(record))
    return str(path)


def test_the_empty_board_head_is_the_manifest_hash_and_a_count_beyond_the_board_fails() -> None:
    record = small_json()
    total = len(record["board"]["entries"])
    heads = [
        parse_expected_head(f"{record['manifest_hash']}@0"),
        parse_expected_head(f"{record['board']['head'].upper()}@{total}"),
    ]

    assert verify_record(record, expected_heads=heads).ok
    too_far = verify_record(
        record, expected_heads=[parse_expected_head(f"{record['board']['head']}@{total + 1}")]
    )
    assert failed_checks(too_far) == {"board.expected_head"}
    assert f"the board has {total} entries, fewer than the {total + 1} noted" in "\n".join(
        too_far.lines()
    )


def test_a_head_without_its_count_is_found_anywhere_on_the_board() -> None:
    record = small_json()
    entry = record["board"]["entries"][6]

    found = verify_record(record, expected_heads=[parse_expected_head(entry["hash"])])
    missing = verify_record(record, expected_heads=[parse_expected_head("ab" * 32)])

    assert f"PASS board.expected_head: {entry['hash'][:16]}… after 7 entries" in found.lines()
    assert f"FAIL board.expected_head: {'ab' * 32} is never the board's head" in missing.lines()


def test_a_trustees_head_fingerprint_is_accepted_as_printed() -> None:
    # ``intercoop-trustee decrypt --board`` prints the head in groups of four hex digits
    record = small_json()
    total = len(record["board"]["entries"])
    printed = f"{fingerprint(bytes.fromhex(record['board']['head']))} @ {total}"

    assert " " in printed
    assert verify_record(record, expected_heads=[parse_expected_head(printed)]).ok


def test_without_expect_head_the_check_is_not_run() -> None:
    lines = verify_record(small_json()).lines()

    assert not any("board.expected_head" in line for line in lines)


@pytest.mark.parametrize("bad", ["abc", "ab" * 32 + "@", "ab" * 32 + "@-1", "ab" * 31 + "@1"])
def test_a_malformed_head_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], bad: str
) -> None:
    with pytest.raises(SystemExit) as exited:
        main([_write(tmp_path, small_json()), "--expect-head", bad])

    assert exited.value.code == 2
    assert "argument --expect-head: expected HASH or HASH@N" in capsys.readouterr().err
