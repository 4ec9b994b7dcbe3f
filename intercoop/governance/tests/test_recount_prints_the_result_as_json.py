"""``intercoop recount`` and ``python -m intercoop_tools.tally`` print the same JSON; bad
input gives exit status 2 and one line on standard error."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from intercoop.governance.tests.strategies import DATA

ROOT = Path(__file__).resolve().parents[3]


def _module(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 - our own interpreter and module
        [sys.executable, "-m", "intercoop_tools.tally", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT)},
    )


def test_the_command_and_the_module_print_the_same_result() -> None:
    path = str(DATA / "food.blt")
    out = io.StringIO()

    call_command("recount", path, "--method", "stv-scottish", stdout=out)
    run = _module(path, "--method", "stv-scottish")

    assert run.returncode == 0, run.stderr
    from_command = json.loads(out.getvalue())
    assert from_command == json.loads(run.stdout)
    assert from_command["method"] == "stv-scottish"
    assert from_command["seats"] == 3
    assert from_command["ballots"] == 20
    assert from_command["blank"] == 0
    assert from_command["winners"] == ["Chocolate", "Oranges", "Strawberries"]
    assert from_command["rounds"][0]["stage"] == 1


def test_seats_on_the_command_line_override_the_file(tmp_path: Path) -> None:
    out = io.StringIO()

    call_command(
        "recount", str(DATA / "schulze45.blt"), "--method", "schulze", "--seats", "3", stdout=out
    )

    assert json.loads(out.getvalue())["winners"] == ["E", "A", "C"]


def test_a_csv_file_is_counted_by_plurality(tmp_path: Path) -> None:
    path = tmp_path / "votes.csv"
    path.write_text("candidates,Yes+No\n31,Yes\n12,No\n4,\n", encoding="utf-8")

    run = _module(str(path), "--method", "plurality")

    result = json.loads(run.stdout)
    assert result["counts"] == {"Yes": 31, "No": 12}
    assert result["blank"] == 4
    assert result["winners"] == ["Yes"]


def test_a_malformed_file_exits_2_with_one_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.blt"
    path.write_text("2 1\n1 1 3 0\n0\n", encoding="utf-8")

    run = _module(str(path), "--method", "irv")

    assert run.returncode == 2
    assert run.stdout == ""
    assert run.stderr.count("\n") == 1
    assert "line 2" in run.stderr
    assert "Traceback" not in run.stderr
    with pytest.raises(CommandError) as caught:
        call_command("recount", str(path), "--method", "irv")
    assert caught.value.returncode == 2
    assert "line 2" in str(caught.value)


def test_a_missing_file_exits_2(tmp_path: Path) -> None:
    run = _module(str(tmp_path / "nope.blt"), "--method", "irv")

    assert run.returncode == 2
    assert "cannot read" in run.stderr
