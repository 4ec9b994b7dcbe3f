"""Start-up failures are one clear line on stderr and a non-zero exit, never a traceback."""

from __future__ import annotations

import secrets
import subprocess
import sys
from pathlib import Path

import pytest

from intercoop.testing.processes import child_env


def run(tmp_path: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603
        [sys.executable, "-m", "intercoop", *args],
        env=child_env(tmp_path, **env),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [
        ("INTERCOOP_DEBUG", "maybe", "INTERCOOP_DEBUG='maybe' is not a boolean"),
        ("INTERCOOP_WORKERS", "lots", "INTERCOOP_WORKERS='lots' is not a whole number"),
        ("DATABASE_URL", "mysql://db/x", "DATABASE_URL='mysql://db/x' must start with one of"),
        ("INTERCOOP_PUBLIC_URL", "ftp://x", "INTERCOOP_PUBLIC_URL='ftp://x' must start with"),
        ("INTERCOOP_SECRET_KEY", "short", "INTERCOOP_SECRET_KEY must be at least 50"),
        ("INTERCOOP_TASKS", "kafka", "INTERCOOP_TASKS='kafka' must be one of"),
        ("INTERCOOP_EMAIL_URL", "smtp://", "INTERCOOP_EMAIL_URL='smtp://' has no host name"),
    ],
)
def test_a_malformed_variable_stops_start_up_with_its_name(
    tmp_path: Path, variable: str, value: str, message: str
) -> None:
    done = run(tmp_path, "check", **{variable: value})
    assert done.returncode == 2
    assert "intercoop: configuration error: " in done.stderr
    assert message in done.stderr
    assert "Traceback" not in done.stderr


def test_an_unreachable_database_is_named_without_a_traceback(tmp_path: Path) -> None:
    # Port 1 on loopback: nothing listens there, the connection is refused at once.
    done = run(tmp_path, "migrate", DATABASE_URL="postgres://postgres@127.0.0.1:1/intercoop")
    assert done.returncode == 3
    assert "cannot use the database PostgreSQL postgres@127.0.0.1:1/intercoop" in done.stderr
    assert "Traceback" not in done.stderr


def test_serve_refuses_an_unreachable_database_before_listening(tmp_path: Path) -> None:
    done = run(tmp_path, "serve", DATABASE_URL="postgres://postgres@127.0.0.1:1/intercoop")
    assert done.returncode == 3
    assert "Intercoop is running" not in done.stdout
    assert "Traceback" not in done.stderr


def test_serve_refuses_a_bad_port(tmp_path: Path) -> None:
    done = run(tmp_path, "serve", "--port", "70000")
    assert done.returncode != 0
    assert "--port must be between 1 and 65535" in done.stderr


def test_production_settings_pass_the_deploy_check(tmp_path: Path) -> None:
    done = run(
        tmp_path,
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        INTERCOOP_PUBLIC_URL="https://coops.example.org",
        INTERCOOP_SECRET_KEY=secrets.token_urlsafe(64),
    )
    assert done.returncode == 0, done.stderr
    assert "System check identified no issues" in done.stdout


def test_the_secret_key_can_come_from_a_file(tmp_path: Path) -> None:
    key_file = tmp_path / "key"
    key_file.write_text(secrets.token_urlsafe(64))
    done = run(tmp_path, "check", INTERCOOP_SECRET_KEY_FILE=str(key_file))
    assert done.returncode == 0, done.stderr
