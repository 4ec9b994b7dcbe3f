"""The trustee's secret file: mode 0600 at every step, never overwritten by ``start``, never
replaced by an output, and without the polynomial once the ceremony is finished."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from intercoop.ballots.tests.test_trustee_helpers import (
    INDICES,
    THRESHOLD,
    deal_all,
    finish,
    read_json,
    run,
    server_commitments,
    server_shares_for,
    start_all,
)
from intercoop_tools.crypto.group import Scalar, base_mul
from intercoop_tools.trustee.formats import TrusteeFileError, parse_secret_file

pytestmark = pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_the_secret_file_stays_0600_through_every_step(tmp_path: Path) -> None:
    files = start_all(tmp_path)
    for j in INDICES:
        assert mode(files.secret(j)) == 0o600
    server_commitments(files)
    deal_all(files)
    for j in INDICES:
        assert mode(files.secret(j)) == 0o600
    server_shares_for(files)
    for j in INDICES:
        assert finish(files, j) == 0
        assert mode(files.secret(j)) == 0o600
    # No temporary file is left next to it.
    assert [p.name for p in files.secret(1).parent.iterdir()] == ["secret.json"]


def test_start_never_overwrites_a_secret_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    files = start_all(tmp_path)
    before = files.secret(1).read_bytes()
    commitment_before = files.commitment(1).read_bytes()
    capsys.readouterr()

    code = run(
        "start", files.description(1), "--secret", files.secret(1), "--out", tmp_path / "new.json"
    )

    assert code == 1
    assert "already exists" in capsys.readouterr().err
    assert files.secret(1).read_bytes() == before
    assert files.commitment(1).read_bytes() == commitment_before
    assert not (tmp_path / "new.json").exists()


def test_an_output_never_replaces_a_secret_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    files = start_all(tmp_path)
    server_commitments(files)
    before = {j: files.secret(j).read_bytes() for j in INDICES}
    capsys.readouterr()

    # Its own secret file as --out, and another trustee's.
    own = run("shares", files.commitments, "--secret", files.secret(1), "--out", files.secret(1))
    assert own == 1
    assert "secret file" in capsys.readouterr().err
    other = run("shares", files.commitments, "--secret", files.secret(1), "--out", files.secret(2))
    assert other == 1
    assert "secret file" in capsys.readouterr().err
    assert {j: files.secret(j).read_bytes() for j in INDICES} == before


def test_after_finish_the_secret_holds_the_key_and_no_polynomial(tmp_path: Path) -> None:
    files = start_all(tmp_path)
    started = read_json(files.secret(1))
    assert len(started["coefficients"]) == THRESHOLD
    assert started["key"] is None
    assert started["commitments_hash"] is None
    server_commitments(files)
    deal_all(files)
    dealt = read_json(files.secret(1))
    assert dealt["coefficients"] == started["coefficients"]
    assert dealt["commitments_hash"] is not None
    server_shares_for(files)

    assert finish(files, 1) == 0

    finished = read_json(files.secret(1))
    assert "coefficients" not in finished
    for coefficient in started["coefficients"]:
        assert coefficient not in files.secret(1).read_text()
    assert base_mul(Scalar.from_hex(finished["key"])).hex() == finished["verification_key"]
    assert finished["commitments_hash"] == dealt["commitments_hash"]
    assert finished["box_secret_key"] == started["box_secret_key"]
    secret = parse_secret_file(finished)
    assert secret.finished
    assert secret.coefficients is None


def test_a_finished_ceremony_cannot_be_finished_or_dealt_again(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    files = start_all(tmp_path)
    server_commitments(files)
    deal_all(files)
    server_shares_for(files)
    assert finish(files, 1) == 0
    before = files.secret(1).read_bytes()
    capsys.readouterr()

    assert finish(files, 1) == 1
    assert "already finished" in capsys.readouterr().err
    code = run(
        "shares", files.commitments, "--secret", files.secret(1), "--out", tmp_path / "again.json"
    )
    assert code == 1
    assert "already finished" in capsys.readouterr().err
    assert files.secret(1).read_bytes() == before


def test_a_damaged_secret_file_is_refused(tmp_path: Path) -> None:
    files = start_all(tmp_path)
    value = read_json(files.secret(1))
    value["coefficients"][0] = read_json(files.secret(2))["coefficients"][0]

    with pytest.raises(TrusteeFileError, match="coefficients do not match the commitment"):
        parse_secret_file(value)
