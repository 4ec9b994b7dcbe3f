"""``intercoop-trustee`` runs on a trustee's own machine: it needs neither Django nor a database,
and its ``--help`` lists the steps."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from intercoop_tools.trustee.cli import main

COMMAND = Path(sys.executable).parent / "intercoop-trustee"


def test_the_trustee_tool_imports_no_django() -> None:
    code = (
        "import sys, intercoop_tools.trustee.cli;"
        "sys.exit(any(m == 'django' or m.startswith('django.') for m in sys.modules))"
    )
    assert (
        subprocess.run(  # noqa: S603 - our own interpreter and command
            [sys.executable, "-c", code], check=False
        ).returncode
        == 0
    )


def test_the_installed_command_shows_its_help() -> None:
    result = subprocess.run(  # noqa: S603 - our own interpreter and command
        [COMMAND, "--help"], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0
    for step in ("start", "shares", "finish", "decrypt"):
        assert step in result.stdout
    assert "secret file" in result.stdout


@pytest.mark.parametrize("step", ["start", "shares", "finish", "decrypt"])
def test_each_step_has_help(step: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main([step, "--help"])

    assert exited.value.code == 0
    out = capsys.readouterr().out
    assert "--secret SECRET_FILE" in out
    assert "--out FILE" in out


def test_a_step_without_its_secret_file_is_a_usage_error(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["start", "description.json", "--out", "commitment.json"])

    assert exited.value.code == 2
    assert "--secret" in capsys.readouterr().err
