"""What the server runs on the trustees' uploads, and the files it builds, refuse what does not
belong: another trustee's or another election's upload, a commitment that does not verify, a
shares file with missing or extra recipients, a tally file whose hash is not its manifest's."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest

from intercoop.ballots.tests.records import other_hex, other_scalar
from intercoop.ballots.tests.test_trustee_helpers import (
    DESCRIPTION,
    DESCRIPTION_HASH,
    TRUSTEES,
    ceremony,
    deal_all,
    manifest_of,
    read_json,
    server_commitments,
    start_all,
)
from intercoop_tools.trustee.ceremony import (
    commitments_file,
    commitments_hash,
    parse_commitment_file,
    parse_shares_file,
    shares_for_file,
)
from intercoop_tools.trustee.formats import (
    TrusteeFileError,
    description_file,
    parse_description_file,
)
from intercoop_tools.trustee.tally import tally_file


def test_the_description_file_round_trips() -> None:
    value = description_file(description=DESCRIPTION, trustee=2)

    parsed = parse_description_file(value)

    assert parsed.trustee == 2
    assert parsed.description == DESCRIPTION
    assert parsed.description_hash == DESCRIPTION_HASH
    with pytest.raises(TrusteeFileError, match=r"trustee index must be in \[1, 3\]"):
        description_file(description=DESCRIPTION, trustee=4)


def test_a_commitment_upload_is_checked_for_its_trustee(tmp_path: Path) -> None:
    files = start_all(tmp_path)
    upload = read_json(files.commitment(2))

    box_key, commitment = parse_commitment_file(
        upload, description=DESCRIPTION, description_hash=DESCRIPTION_HASH, trustee=2
    )
    assert box_key.hex() == upload["box_public_key"]
    assert commitment.dealer == 2

    with pytest.raises(TrusteeFileError, match="trustee 2's file, not trustee 3's"):
        parse_commitment_file(
            upload, description=DESCRIPTION, description_hash=DESCRIPTION_HASH, trustee=3
        )
    other_election = copy.deepcopy(upload)
    other_election["description_hash"] = other_hex(upload["description_hash"])
    with pytest.raises(TrusteeFileError, match="another election"):
        parse_commitment_file(
            other_election, description=DESCRIPTION, description_hash=DESCRIPTION_HASH, trustee=2
        )
    bad_proof = copy.deepcopy(upload)
    proof = bad_proof["commitment"]["proof"]
    proof["challenge"] = other_scalar(proof["challenge"])
    with pytest.raises(TrusteeFileError) as refused:
        parse_commitment_file(
            bad_proof, description=DESCRIPTION, description_hash=DESCRIPTION_HASH, trustee=2
        )
    assert refused.value.party == 2


def test_a_shares_upload_must_have_one_box_per_other_trustee(tmp_path: Path) -> None:
    files = start_all(tmp_path)
    commitments = server_commitments(files)
    deal_all(files)
    digest = commitments_hash(commitments["trustees"])
    upload = read_json(files.shares(3))

    boxes = parse_shares_file(
        upload,
        description_hash=DESCRIPTION_HASH,
        commitments_hash=digest,
        dealer=3,
        trustees=TRUSTEES,
    )
    assert sorted(boxes) == [1, 2]
    assert [b.hex() for b in boxes.values()] == [s["box"] for s in upload["shares"]]

    missing = copy.deepcopy(upload)
    missing["shares"].pop()
    with pytest.raises(TrusteeFileError, match=r"shares: expected 2 items, got 1"):
        parse_shares_file(
            missing,
            description_hash=DESCRIPTION_HASH,
            commitments_hash=digest,
            dealer=3,
            trustees=TRUSTEES,
        )
    to_itself = copy.deepcopy(upload)
    to_itself["shares"][1]["recipient"] = 3
    with pytest.raises(TrusteeFileError, match=r"shares\[1\]\.recipient is 3, expected 2"):
        parse_shares_file(
            to_itself,
            description_hash=DESCRIPTION_HASH,
            commitments_hash=digest,
            dealer=3,
            trustees=TRUSTEES,
        )
    with pytest.raises(TrusteeFileError, match="dealt for other commitments"):
        parse_shares_file(
            upload,
            description_hash=DESCRIPTION_HASH,
            commitments_hash=bytes.fromhex(other_hex(digest.hex())),
            dealer=3,
            trustees=TRUSTEES,
        )


def test_the_server_builds_no_file_with_trustees_out_of_place(tmp_path: Path) -> None:
    files = start_all(tmp_path)
    commitments = server_commitments(files)
    entries = commitments["trustees"]

    with pytest.raises(TrusteeFileError, match="one entry per trustee"):
        commitments_file(description_hash=DESCRIPTION_HASH, trustees=[entries[0], entries[2]])
    same_box = copy.deepcopy(entries)
    same_box[2]["box_public_key"] = same_box[0]["box_public_key"]
    with pytest.raises(TrusteeFileError, match="the same box public key"):
        commitments_file(description_hash=DESCRIPTION_HASH, trustees=same_box)
    with pytest.raises(TrusteeFileError, match="one box from each other trustee"):
        shares_for_file(
            description_hash=DESCRIPTION_HASH,
            recipient=1,
            commitments=commitments["trustees"],
            shares=[(2, bytes(100))],
        )


def test_a_tally_file_is_built_only_with_its_manifests_hash(tmp_path: Path) -> None:
    manifest = manifest_of(ceremony(tmp_path))

    value = tally_file(manifest=manifest.to_json(), manifest_hash=manifest.hash(), colleges=[])
    assert value["manifest_hash"] == manifest.hash().hex()
    assert value["colleges"] == []

    with pytest.raises(TrusteeFileError, match="not the manifest's hash"):
        tally_file(manifest=manifest, manifest_hash=DESCRIPTION_HASH, colleges=[])
