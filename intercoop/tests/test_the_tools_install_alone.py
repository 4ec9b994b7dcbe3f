"""The tools install alone and their commands run there.

``tools/`` is its own distribution, ``intercoop-tools``: what a trustee, a credential authority
or an auditor installs, without the platform. This test installs it, from the workspace's lock
and without the network, into an empty virtual environment, and checks that:

- it brings PyNaCl and NumPy (with their own dependencies) and nothing else: no Django, nothing of
  the platform;
- its four commands run there on files the platform makes: ``intercoop-verify`` checks an election
  record (and fails a tampered one), ``intercoop-recount`` counts a ballot file,
  ``intercoop-credentials`` makes the credentials of a voters file, and ``intercoop-trustee``
  starts a key ceremony.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from intercoop.ballots.tests.records import small_json
from intercoop.ballots.tests.test_credentials_helpers import (
    VOTERS,
    read_codes,
    server_reads,
    server_voters_file,
)
from intercoop.ballots.tests.test_trustee_helpers import DESCRIPTION, DESCRIPTION_HASH
from intercoop_tools.trustee.ceremony import parse_commitment_file
from intercoop_tools.trustee.formats import description_file

ROOT = Path(__file__).resolve().parents[2]
# What installing intercoop-tools may bring: the package, PyNaCl and NumPy, and PyNaCl's own
# dependencies (cffi, which needs pycparser).
EXPECTED = {"intercoop-tools", "pynacl", "numpy", "cffi", "pycparser"}


def _uv() -> str:
    """The uv that ``make install-dev`` installs (or one on the PATH)."""
    local = ROOT / ".tools" / "bin" / "uv"
    found = str(local) if local.is_file() else shutil.which("uv")
    assert found, "uv is needed: `make install-dev` installs it in .tools/"
    return found


@pytest.fixture(scope="module")
def venv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An empty virtual environment with intercoop-tools installed from the workspace's lock,
    not editable (a built wheel, as a trustee gets it) and offline (uv's cache holds the wheels
    the lock names; ``make install-dev`` put them there)."""
    path = tmp_path_factory.mktemp("tools") / "venv"
    environ = {k: v for k, v in os.environ.items() if not k.startswith(("UV_", "VIRTUAL_ENV"))}
    environ |= {"UV_PROJECT_ENVIRONMENT": str(path), "UV_PYTHON_DOWNLOADS": "never"}
    result = subprocess.run(  # noqa: S603 -- uv, with our own arguments
        [_uv(), "sync", "--package", "intercoop-tools", "--frozen", "--offline", "--no-editable"],
        cwd=ROOT,
        env=environ,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return path


def _run(venv: Path, command: str, *args: object, cwd: Path) -> subprocess.CompletedProcess[str]:
    """A command of the virtual environment, run outside the repository (so that nothing is
    imported from the working tree) with no PYTHONPATH."""
    environ = {k: v for k, v in os.environ.items() if k not in {"PYTHONPATH", "VIRTUAL_ENV"}}
    return subprocess.run(  # noqa: S603 -- a command the test installed, with its own arguments
        [str(venv / "bin" / command), *(str(a) for a in args)],
        cwd=cwd,
        env=environ,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def _python(venv: Path, code: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return _run(venv, "python", "-c", code, cwd=cwd)


def test_it_brings_pynacl_and_numpy_and_nothing_else(venv: Path, tmp_path: Path) -> None:
    listed = _python(
        venv,
        "import importlib.metadata as m, json;"
        "print(json.dumps(sorted(d.metadata['Name'].lower() for d in m.distributions())))",
        tmp_path,
    )
    assert listed.returncode == 0, listed.stderr
    assert set(json.loads(listed.stdout)) == EXPECTED


@pytest.mark.parametrize("module", ["django", "intercoop", "ninja", "psycopg"])
def test_neither_django_nor_the_platform_can_be_imported(
    venv: Path, tmp_path: Path, module: str
) -> None:
    result = _python(venv, f"import {module}", tmp_path)
    assert result.returncode == 1
    assert f"No module named '{module}'" in result.stderr


def test_the_package_is_the_installed_copy_not_the_working_tree(venv: Path, tmp_path: Path) -> None:
    result = _python(venv, "import intercoop_tools; print(intercoop_tools.__file__)", tmp_path)
    assert result.returncode == 0, result.stderr
    assert Path(result.stdout.strip()).is_relative_to(venv)


def test_verify_passes_an_honest_record_and_fails_a_tampered_one(
    venv: Path, tmp_path: Path
) -> None:
    record = small_json()
    honest = tmp_path / "record.json"
    honest.write_text(json.dumps(record))
    record["result"]["questions"][0]["scores"].reverse()
    tampered = tmp_path / "tampered.json"
    tampered.write_text(json.dumps(record))

    passed = _run(venv, "intercoop-verify", honest, "--jobs", "1", cwd=tmp_path)
    failed = _run(venv, "intercoop-verify", tampered, "--jobs", "1", cwd=tmp_path)

    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert passed.stdout.splitlines()[-1].endswith(" checks, 0 failed")
    assert failed.returncode == 1
    assert any(line.startswith("FAIL") for line in failed.stdout.splitlines())


def test_recount_counts_a_ballot_file(venv: Path, tmp_path: Path) -> None:
    # Three candidates, one seat: Alice 3, Bob 2, Carol 2 first preferences; Carol is excluded
    # and her ballots go to Bob, who wins 4 to 3.
    ballots = tmp_path / "ballots.blt"
    ballots.write_text(
        '3 1\n3 1 0\n2 2 0\n2 3 2 0\n0\n"Alice"\n"Bob"\n"Carol"\n"Chair"\n', encoding="utf-8"
    )

    result = _run(venv, "intercoop-recount", ballots, "--method", "irv", cwd=tmp_path)

    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["winners"] == ["Bob"]


def test_credentials_makes_the_credentials_of_the_servers_voters_file(
    venv: Path, tmp_path: Path
) -> None:
    keys, codes = tmp_path / "keys.json", tmp_path / "codes.csv"

    result = _run(
        venv,
        "intercoop-credentials",
        "make",
        server_voters_file(tmp_path),
        "--keys",
        keys,
        "--codes",
        codes,
        cwd=tmp_path,
    )

    assert result.returncode == 0, result.stderr
    assert len(read_codes(codes)) == len(VOTERS)
    assert len(server_reads(json.loads(keys.read_text()))) == len(VOTERS)


def test_trustee_starts_a_ceremony_the_server_accepts(venv: Path, tmp_path: Path) -> None:
    description = tmp_path / "description.json"
    description.write_text(json.dumps(description_file(description=DESCRIPTION, trustee=1)))
    secret, commitment = tmp_path / "secret.json", tmp_path / "commitment.json"

    result = _run(
        venv,
        "intercoop-trustee",
        "start",
        description,
        "--secret",
        secret,
        "--out",
        commitment,
        cwd=tmp_path,
    )

    assert result.returncode == 0, result.stderr
    uploaded: Any = json.loads(commitment.read_text())
    box_key, _ = parse_commitment_file(
        uploaded, description=DESCRIPTION, description_hash=DESCRIPTION_HASH, trustee=1
    )
    assert len(box_key) == 32
    assert secret.stat().st_mode & 0o077 == 0
