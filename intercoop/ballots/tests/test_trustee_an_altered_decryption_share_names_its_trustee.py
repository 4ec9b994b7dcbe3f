"""The server checks every decryption share a trustee uploads against the trustee's verification
key: one altered value anywhere is refused, naming the trustee."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from intercoop.ballots.tests.records import other_point, other_scalar
from intercoop.ballots.tests.test_trustee_helpers import (
    ceremony,
    decrypt,
    encrypted_sums,
    manifest_of,
    read_json,
    write_tally,
)
from intercoop_tools.crypto.dkg import DecryptionShare
from intercoop_tools.crypto.elgamal import Ciphertext
from intercoop_tools.record.manifest import Manifest
from intercoop_tools.trustee.decryption import parse_decryption_file
from intercoop_tools.trustee.formats import TrusteeFileError

BALLOTS = [[[1, 0], [1, 0, 1, 0]], [[0, 1], [0, 0, 1, 1]], [[1, 0], [0, 0, 0, 0]]]


def decrypted(
    tmp_path: Path, trustee: int
) -> tuple[Manifest, list[tuple[str, list[list[Ciphertext]]]], dict[str, Any]]:
    files = ceremony(tmp_path)
    manifest = manifest_of(files)
    public_key = manifest.ceremony.public_key
    colleges = [(c, encrypted_sums(public_key, BALLOTS)) for c in ("college-1", "college-2")]
    write_tally(files, manifest, colleges)
    assert decrypt(files, trustee) == 0
    return manifest, colleges, read_json(files.decryption(trustee))


def parse(
    value: dict[str, Any],
    manifest: Manifest,
    colleges: list[tuple[str, list[list[Ciphertext]]]],
    trustee: int,
) -> list[list[list[DecryptionShare]]]:
    return parse_decryption_file(
        value,
        manifest_hash=manifest.hash(),
        trustee=trustee,
        verification_key=manifest.ceremony.verification_keys[trustee - 1],
        colleges=colleges,
    )


def set_point(share: dict[str, Any]) -> None:
    share["point"] = other_point(share["point"])


def set_response(share: dict[str, Any]) -> None:
    share["proof"]["response"] = other_scalar(share["proof"]["response"])


def set_challenge(share: dict[str, Any]) -> None:
    share["proof"]["challenge"] = other_scalar(share["proof"]["challenge"])


def set_commitment_h(share: dict[str, Any]) -> None:
    share["proof"]["commitment_h"] = other_point(share["proof"]["commitment_h"])


@pytest.mark.parametrize("alter", [set_point, set_response, set_challenge, set_commitment_h])
def test_one_altered_share_is_refused_naming_the_trustee(
    tmp_path: Path, alter: Callable[[dict[str, Any]], None]
) -> None:
    manifest, colleges, value = decrypted(tmp_path, 2)
    assert len(parse(value, manifest, colleges, 2)) == 2
    alter(value["colleges"][1]["questions"][1][2])

    with pytest.raises(TrusteeFileError) as refused:
        parse(value, manifest, colleges, 2)

    assert refused.value.party == 2
    assert (
        "trustee 2's decryption share for college college-2, question 1, option 2 does not "
        "verify" in str(refused.value)
    )


def test_shares_checked_against_another_trustees_key_are_refused(tmp_path: Path) -> None:
    manifest, colleges, value = decrypted(tmp_path, 1)
    value["trustee"] = 3
    for college in value["colleges"]:
        for row in college["questions"]:
            for share in row:
                share["trustee"] = 3

    with pytest.raises(TrusteeFileError) as refused:
        parse(value, manifest, colleges, 3)

    assert refused.value.party == 3


def test_shares_of_other_ciphertexts_are_refused(tmp_path: Path) -> None:
    """Decryption shares are checked against the server's own sums, not the trustee's word."""
    manifest, colleges, value = decrypted(tmp_path, 1)
    swapped = [colleges[1], colleges[0]]
    value["colleges"][0]["college"], value["colleges"][1]["college"] = "college-2", "college-1"

    with pytest.raises(TrusteeFileError, match="does not verify"):
        parse(value, manifest, swapped, 1)


def test_a_decryption_file_of_another_shape_is_refused(tmp_path: Path) -> None:
    manifest, colleges, value = decrypted(tmp_path, 1)
    del value["colleges"][0]["questions"][1][3]

    with pytest.raises(TrusteeFileError, match=r"colleges\[0\]\.questions\[1\]: expected 4 items"):
        parse(value, manifest, colleges, 1)
