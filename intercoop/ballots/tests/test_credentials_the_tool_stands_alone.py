"""``intercoop-credentials`` runs on the credential authority's own machine: it needs neither
Django nor a database, and its ``--help`` explains ``make``."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from intercoop_tools.credentials import main

COMMAND = Path(sys.executable).parent / "intercoop-credentials"


def test_the_credentials_tool_imports_no_django() -> None:
    code = (
        "import sys, intercoop_tools.credentials;"
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
    assert "make" in result.stdout
    assert "credential" in result.stdout


def test_make_has_help(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["make", "--help"])

    assert exited.value.code == 0
    out = capsys.readouterr().out
    assert "VOTERS_FILE" in out
    assert "--keys KEYS_OUT" in out
    assert "--codes CODES_CSV" in out


def test_make_without_its_outputs_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["make", "voters.json", "--keys", "keys.json"])

    assert exited.value.code == 2
    assert "--codes" in capsys.readouterr().err
