"""Three trustees (threshold 2) hold the key ceremony with ``intercoop-trustee`` through files;
two of them decrypt a tally while the third is absent, and the counts come out right."""

from __future__ import annotations

from pathlib import Path

import pytest

from intercoop.ballots.tests.test_trustee_helpers import (
    DESCRIPTION_HASH,
    INDICES,
    PARAMS,
    ceremony,
    counts_of,
    dealer_commitments,
    decrypt,
    encrypted_sums,
    manifest_of,
    read_json,
    write_tally,
)
from intercoop_tools.crypto.dkg import (
    DecryptionShare,
    combine_decryption_shares,
    joint_public_key,
    verification_keys,
)
from intercoop_tools.crypto.elgamal import DiscreteLog
from intercoop_tools.crypto.group import Point, Scalar, base_mul
from intercoop_tools.crypto.transcript import Context
from intercoop_tools.trustee.ceremony import parse_confirmation_file
from intercoop_tools.trustee.decryption import parse_decryption_file
from intercoop_tools.trustee.formats import TrusteeFileError

# Per college, the 0/1 choices of each ballot: a yes/no question (exactly one) and an approval
# question over four projects (0 to 3).
BALLOTS = {
    "college-1": [
        [[1, 0], [1, 1, 0, 0]],
        [[1, 0], [0, 1, 1, 1]],
        [[0, 1], [0, 0, 0, 0]],
        [[1, 0], [1, 0, 0, 1]],
    ],
    "college-2": [
        [[0, 1], [0, 0, 1, 0]],
        [[0, 1], [1, 1, 1, 0]],
    ],
}


def test_the_keys_are_those_the_public_commitments_give(tmp_path: Path) -> None:
    files = ceremony(tmp_path)
    commitments = dealer_commitments(files)
    vks = verification_keys(params=PARAMS, commitments=commitments)
    public_key = joint_public_key(params=PARAMS, commitments=commitments)

    for j in INDICES:
        confirmation = read_json(files.confirmation(j))
        assert confirmation["trustee"] == j
        assert confirmation["description_hash"] == DESCRIPTION_HASH.hex()
        assert Point.from_hex(confirmation["verification_key"]) == vks[j]
        assert Point.from_hex(confirmation["public_key"]) == public_key
        parse_confirmation_file(
            confirmation,
            description_hash=DESCRIPTION_HASH,
            trustee=j,
            expected_verification_key=vks[j],
            expected_public_key=public_key,
        )
        secret = read_json(files.secret(j))
        assert base_mul(Scalar.from_hex(secret["key"])) == vks[j]
        assert Point.from_hex(secret["public_key"]) == public_key


def test_a_confirmation_with_another_joint_key_is_refused(tmp_path: Path) -> None:
    files = ceremony(tmp_path)
    commitments = dealer_commitments(files)
    vks = verification_keys(params=PARAMS, commitments=commitments)
    confirmation = read_json(files.confirmation(1))

    with pytest.raises(TrusteeFileError, match="joint public key"):
        parse_confirmation_file(
            confirmation,
            description_hash=DESCRIPTION_HASH,
            trustee=1,
            expected_verification_key=vks[1],
            expected_public_key=vks[2],
        )
    with pytest.raises(TrusteeFileError, match="trustee 1's file, not trustee 2's"):
        parse_confirmation_file(
            confirmation,
            description_hash=DESCRIPTION_HASH,
            trustee=2,
            expected_verification_key=vks[2],
            expected_public_key=joint_public_key(params=PARAMS, commitments=commitments),
        )


@pytest.mark.parametrize("absent", [1, 2, 3])
def test_two_trustees_decrypt_the_published_colleges(tmp_path: Path, absent: int) -> None:
    files = ceremony(tmp_path)
    manifest = manifest_of(files)
    public_key = manifest.ceremony.public_key
    sums = {college: encrypted_sums(public_key, ballots) for college, ballots in BALLOTS.items()}
    colleges = list(sums.items())
    write_tally(files, manifest, colleges)
    present = [j for j in INDICES if j != absent]
    vks = {j: manifest.ceremony.verification_keys[j - 1] for j in INDICES}

    shares: dict[int, list[list[list[DecryptionShare]]]] = {}
    for j in present:
        assert decrypt(files, j) == 0
        assert not files.decryption(absent).exists()
        shares[j] = parse_decryption_file(
            read_json(files.decryption(j)),
            manifest_hash=manifest.hash(),
            trustee=j,
            verification_key=vks[j],
            colleges=colleges,
        )

    for c, (college, rows) in enumerate(colleges):
        log = DiscreteLog(len(BALLOTS[college]))
        counts = []
        for q, row in enumerate(rows):
            decrypted = []
            for o, ciphertext in enumerate(row):
                combined = combine_decryption_shares(
                    params=PARAMS,
                    ciphertext=ciphertext,
                    shares=[shares[j][c][q][o] for j in present],
                    verification_keys=vks,
                    context=Context(manifest.hash()),
                )
                assert combined.used == tuple(present)
                assert combined.rejected == ()
                decrypted.append(log.solve(combined.point))
            counts.append(decrypted)
        assert counts == counts_of(BALLOTS[college])


def test_a_tally_with_only_some_colleges_is_decrypted_for_those_only(tmp_path: Path) -> None:
    files = ceremony(tmp_path)
    manifest = manifest_of(files)
    colleges = [("college-2", encrypted_sums(manifest.ceremony.public_key, BALLOTS["college-2"]))]
    write_tally(files, manifest, colleges)

    assert decrypt(files, 3) == 0

    decryption = read_json(files.decryption(3))
    assert [c["college"] for c in decryption["colleges"]] == ["college-2"]
    assert decryption["manifest_hash"] == manifest.hash().hex()
    assert [len(row) for row in decryption["colleges"][0]["questions"]] == [2, 4]
