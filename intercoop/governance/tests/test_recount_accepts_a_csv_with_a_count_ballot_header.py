"""A CSV file that starts with the header ``count,ballot`` (the usual way to write one, and what
a spreadsheet exports) is counted, by ``intercoop recount`` and by
``python -m intercoop_tools.tally`` alike; a header anywhere else is refused."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command

from intercoop_tools.tally.csvformat import read_csv
from intercoop_tools.tally.errors import TallyError

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


@pytest.mark.parametrize(
    "header",
    ["count,ballot\n", "Count,Ballot\r\n", "\ufeffcount,ballot\r\n", "count , ballot\n"],
    ids=["plain", "capitalised-crlf", "spreadsheet-bom", "spaces"],
)
def test_the_module_counts_a_csv_with_a_header(tmp_path: Path, header: str) -> None:
    path = tmp_path / "votes.csv"
    path.write_text(f"{header}31,Yes\n12,No\n4,\n", encoding="utf-8")

    run = _module(str(path), "--method", "plurality")

    assert run.returncode == 0, run.stderr
    result = json.loads(run.stdout)
    assert result["counts"] == {"No": 12, "Yes": 31}
    assert result["blank"] == 4
    assert result["winners"] == ["Yes"]


def test_the_command_counts_a_csv_with_a_header_and_a_candidates_row(tmp_path: Path) -> None:
    path = tmp_path / "votes.csv"
    path.write_text("count,ballot\ncandidates,Anne+Bob+Carol\n3,Anne+Carol\n2,Bob\n")
    out = io.StringIO()

    call_command("recount", str(path), "--method", "approval", stdout=out)

    result = json.loads(out.getvalue())
    assert result["counts"] == {"Anne": 3, "Bob": 2, "Carol": 3}
    assert result["ballots"] == 5


def test_a_header_after_the_first_row_is_refused_with_its_line() -> None:
    with pytest.raises(TallyError, match="line 2: the header 'count,ballot' must be the first row"):
        read_csv("3,Anne\ncount,ballot\n", "plurality")
