"""A dealer who sends a trustee a share that does not match its commitment (properly encrypted
and authenticated, so only the Feldman check can catch it) is named by ``finish``, which exits 1
and leaves the secret file as it was."""

from __future__ import annotations

from pathlib import Path

import nacl.public
import pytest

from intercoop.ballots.tests.test_trustee_helpers import (
    PARAMS,
    Files,
    deal_all,
    finish,
    read_json,
    server_commitments,
    server_shares_for,
    start_all,
    write_json,
)
from intercoop_tools.crypto.ballot import canonical_json
from intercoop_tools.crypto.dkg import Dealer, Share
from intercoop_tools.crypto.group import ONE, Scalar


def deal_wrong_share(root: Path, *, dealer: int, victim: int, share: Share) -> Path:
    """Dealer ``dealer`` replaces, in its shares file, its box for ``victim`` by ``share``
    encrypted with its own box key (a dishonest dealer can do this; nobody else can)."""
    files = Files(root)
    secret = read_json(files.secret(dealer))
    commitments = read_json(files.commitments)["trustees"]
    box = nacl.public.Box(
        nacl.public.PrivateKey(bytes.fromhex(secret["box_secret_key"])),
        nacl.public.PublicKey(bytes.fromhex(commitments[victim - 1]["box_public_key"])),
    )
    shares = read_json(files.shares(dealer))
    for entry in shares["shares"]:
        if entry["recipient"] == victim:
            entry["box"] = bytes(box.encrypt(canonical_json(share.to_json()))).hex()
    return write_json(files.shares(dealer), shares)


@pytest.mark.parametrize(("dealer", "victim"), [(2, 1), (1, 3), (3, 2)])
def test_finish_names_the_dealer_of_a_wrong_share(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], dealer: int, victim: int
) -> None:
    files = start_all(tmp_path)
    server_commitments(files)
    deal_all(files)
    honest = read_json(files.secret(dealer))
    wrong = Share(dealer, victim, Scalar.from_hex(honest["coefficients"][0]) + ONE)
    deal_wrong_share(tmp_path, dealer=dealer, victim=victim, share=wrong)
    server_shares_for(files)
    before = files.secret(victim).read_bytes()
    capsys.readouterr()

    code = finish(files, victim)

    err = capsys.readouterr().err
    assert code == 1
    assert err.startswith("error: ")
    assert f"trustee {dealer} dealt you a share that does not match its commitment" in err
    assert "Traceback" not in err
    assert files.secret(victim).read_bytes() == before
    assert not files.confirmation(victim).exists()
    # The other trustee received only honest shares and finishes.
    other = ({1, 2, 3} - {dealer, victim}).pop()
    assert finish(files, other) == 0


def test_a_share_addressed_to_someone_else_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    files = start_all(tmp_path)
    server_commitments(files)
    deal_all(files)
    # Dealer 2 puts in trustee 1's box the (valid) share it dealt trustee 3.
    secret = read_json(files.secret(2))
    polynomial = Dealer(PARAMS, 2, tuple(Scalar.from_hex(a) for a in secret["coefficients"]))
    deal_wrong_share(tmp_path, dealer=2, victim=1, share=polynomial.share_for(3))
    server_shares_for(files)
    before = files.secret(1).read_bytes()
    capsys.readouterr()

    assert finish(files, 1) == 1

    err = capsys.readouterr().err
    assert "the box from trustee 2 holds the share of dealer 2 for trustee 3" in err
    assert files.secret(1).read_bytes() == before
