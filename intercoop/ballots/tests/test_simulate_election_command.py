"""``intercoop simulate-election`` writes a record that ``intercoop-verify`` accepts."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from intercoop_tools.record.document import record_load_json
from intercoop_tools.verify.record import verify_record


def test_the_command_writes_a_verifiable_record(tmp_path: Path) -> None:
    out = tmp_path / "election.json.gz"
    call_command(
        "simulate_election",
        voters=8,
        trustees=3,
        threshold=2,
        colleges=2,
        absent=1,
        revotes=2,
        seed=1,
        jobs=1,
        out=str(out),
    )
    value = record_load_json(out)
    assert isinstance(value, dict)
    assert len(value["board"]["entries"]) == 10
    assert verify_record(value).ok


def test_too_many_absent_trustees_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="absent"):
        call_command(
            "simulate_election",
            voters=2,
            trustees=3,
            threshold=2,
            colleges=1,
            absent=2,
            out=str(tmp_path / "x.json"),
        )
