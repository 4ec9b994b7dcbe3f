"""Every trustee must deal for, and finish with, the same commitments: the server cannot show a
trustee different commitments at the end (step 5) than at dealing time (step 3), cannot change
what a trustee published, and cannot slip in a commitment that does not verify."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import nacl.public
import pytest

from intercoop.ballots.tests.records import other_point, other_scalar
from intercoop.ballots.tests.test_trustee_helpers import (
    Files,
    deal_all,
    finish,
    run,
    server_commitments,
    server_shares_for,
    start_all,
    write_json,
)


def with_box_key(commitments: dict[str, Any], trustee: int) -> dict[str, Any]:
    """The same commitments, with trustee ``trustee``'s box key replaced by one the server
    holds (to read the shares dealt to that trustee)."""
    changed = copy.deepcopy(commitments)
    server_key = bytes(nacl.public.PrivateKey.generate().public_key).hex()
    changed["trustees"][trustee - 1]["box_public_key"] = server_key
    return changed


def shares(files: Files, j: int, commitments: Path, out: Path) -> int:
    return run("shares", commitments, "--secret", files.secret(j), "--out", out)


def test_finish_refuses_other_commitments_than_those_dealt_for(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    files = start_all(tmp_path)
    commitments = server_commitments(files)
    deal_all(files)
    server_shares_for(files, commitments=with_box_key(commitments, 3))
    before = files.secret(1).read_bytes()
    capsys.readouterr()

    code = finish(files, 1)

    err = capsys.readouterr().err
    assert code == 1
    assert err.startswith("error: ")
    assert "the server showed different commitments" in err
    assert files.secret(1).read_bytes() == before
    assert not files.confirmation(1).exists()


def test_shares_refuses_a_second_set_of_commitments(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    files = start_all(tmp_path)
    commitments = server_commitments(files)
    deal_all(files)
    before = files.secret(1).read_bytes()
    other = write_json(tmp_path / "other-commitments.json", with_box_key(commitments, 2))
    capsys.readouterr()

    assert shares(files, 1, other, tmp_path / "shares-again.json") == 1

    assert "you already dealt shares for other commitments" in capsys.readouterr().err
    assert files.secret(1).read_bytes() == before
    assert not (tmp_path / "shares-again.json").exists()
    # The same commitments again are fine (the shares file is written anew).
    assert shares(files, 1, files.commitments, tmp_path / "shares-again.json") == 0
    assert files.secret(1).read_bytes() == before


def test_shares_refuses_commitments_that_change_your_own_entry(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    files = start_all(tmp_path)
    commitments = server_commitments(files)
    other = write_json(tmp_path / "other-commitments.json", with_box_key(commitments, 1))
    before = files.secret(1).read_bytes()
    capsys.readouterr()

    assert shares(files, 1, other, files.shares(1)) == 1

    assert "does not have your box public key" in capsys.readouterr().err
    assert files.secret(1).read_bytes() == before
    assert not files.shares(1).exists()


def test_shares_names_the_trustee_whose_commitment_does_not_verify(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    files = start_all(tmp_path)
    commitments = server_commitments(files)
    proof = commitments["trustees"][1]["commitment"]["proof"]
    proof["response"] = other_scalar(proof["response"])
    write_json(files.commitments, commitments)
    capsys.readouterr()

    assert shares(files, 1, files.commitments, files.shares(1)) == 1

    err = capsys.readouterr().err
    assert "trustee 2's commitment does not verify" in err
    assert not files.shares(1).exists()


def test_shares_refuses_a_commitment_copied_from_another_trustee(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The proof of knowledge is bound to the dealer's index: trustee 3 cannot reuse trustee 2's
    commitment as its own."""
    files = start_all(tmp_path)
    commitments = server_commitments(files)
    copied = copy.deepcopy(commitments["trustees"][1]["commitment"])
    copied["dealer"] = 3
    commitments["trustees"][2]["commitment"] = copied
    write_json(files.commitments, commitments)
    capsys.readouterr()

    assert shares(files, 1, files.commitments, files.shares(1)) == 1

    assert "trustee 3's commitment does not verify" in capsys.readouterr().err


def test_a_trustee_refuses_commitments_that_change_its_own_coefficients(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """C_1 is not covered by the proof of knowledge, so only its dealer can tell it was changed
    (the others would blame that dealer at the end): trustee 3 refuses to deal for it."""
    files = start_all(tmp_path)
    commitments = server_commitments(files)
    coefficients = commitments["trustees"][2]["commitment"]["coefficients"]
    coefficients[1] = other_point(coefficients[1])
    write_json(files.commitments, commitments)
    capsys.readouterr()

    assert shares(files, 1, files.commitments, files.shares(1)) == 0
    assert shares(files, 3, files.commitments, files.shares(3)) == 1

    assert "your entry (trustee 3) does not have your commitment" in capsys.readouterr().err
    assert not files.shares(3).exists()
