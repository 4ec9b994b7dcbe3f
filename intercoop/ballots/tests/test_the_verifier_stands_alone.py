"""``intercoop-verify`` needs neither Django nor a database, and tells an unreadable file (exit
2) from a record that fails verification (exit 1)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from intercoop_tools.verify.cli import main

COMMAND = Path(sys.executable).parent / "intercoop-verify"


def test_the_verifier_imports_no_django() -> None:
    code = (
        "import sys, intercoop_tools.verify.cli, intercoop_tools.record.document;"
        "sys.exit(any(m == 'django' or m.startswith('django.') for m in sys.modules))"
    )
    assert (
        subprocess.run(  # noqa: S603 - our own interpreter and command
            [sys.executable, "-c", code], check=False
        ).returncode
        == 0
    )


def test_a_missing_file_exits_2(tmp_path: Path) -> None:
    result = subprocess.run(  # noqa: S603 - our own interpreter and command
        [COMMAND, tmp_path / "absent.json"], capture_output=True, text=True, check=False
    )
    assert result.returncode == 2
    assert "cannot read" in result.stderr


def test_a_file_that_is_not_json_exits_2(tmp_path: Path) -> None:
    path = tmp_path / "record.json"
    path.write_text("{not json")
    assert main([str(path)]) == 2


def test_json_that_is_not_a_record_fails_the_format_check(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "record.json"
    path.write_text('{"format": "something else"}')
    assert main([str(path)]) == 1
    assert "FAIL format:" in capsys.readouterr().out
