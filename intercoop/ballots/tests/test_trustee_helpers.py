"""Shared by the ``test_trustee_*`` tests (this module holds no test): a key ceremony of three
trustees with threshold 2, each trustee running ``intercoop-trustee`` (through ``main``) on real
files, and the server's side played by the builders and parsers of
``intercoop_tools.trustee``, as the web pages use them."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from intercoop_tools.crypto.dkg import DealerCommitment, joint_public_key, verification_keys
from intercoop_tools.crypto.elgamal import Ciphertext, ciphertext_sum, encrypt
from intercoop_tools.crypto.group import Point
from intercoop_tools.record.encoding import hash_json
from intercoop_tools.record.manifest import Ceremony, Manifest, Roll
from intercoop_tools.simulate import simulation_description
from intercoop_tools.trustee.ceremony import (
    commitments_file,
    commitments_hash,
    parse_commitment_file,
    parse_shares_file,
    shares_for_file,
)
from intercoop_tools.trustee.cli import main
from intercoop_tools.trustee.formats import description_file
from intercoop_tools.trustee.tally import tally_file

TRUSTEES = 3
THRESHOLD = 2
DESCRIPTION = simulation_description(
    colleges=2, trustees=TRUSTEES, threshold=THRESHOLD, minimum_ballots=1, election_id="coop-vote"
)
DESCRIPTION_HASH = hash_json(DESCRIPTION.to_json())
PARAMS = DESCRIPTION.params()
INDICES = range(1, TRUSTEES + 1)


def read_json(path: Path) -> Any:
    return json.loads(path.read_text())


def write_json(path: Path, value: object) -> Path:
    path.write_text(json.dumps(value))
    return path


def run(*argv: object) -> int:
    return main([str(a) for a in argv])


@dataclass(frozen=True)
class Files:
    """Where each trustee's files and the server's files of one ceremony are."""

    root: Path

    def description(self, j: int) -> Path:
        return self.root / f"description-{j}.json"

    def secret(self, j: int) -> Path:
        return self.root / f"trustee-{j}" / "secret.json"

    def commitment(self, j: int) -> Path:
        return self.root / f"commitment-{j}.json"

    @property
    def commitments(self) -> Path:
        return self.root / "commitments.json"

    def shares(self, j: int) -> Path:
        return self.root / f"shares-{j}.json"

    def shares_for(self, j: int) -> Path:
        return self.root / f"shares-for-{j}.json"

    def confirmation(self, j: int) -> Path:
        return self.root / f"confirmation-{j}.json"

    def tally(self) -> Path:
        return self.root / "tally.json"

    def decryption(self, j: int) -> Path:
        return self.root / f"decryption-{j}.json"


def start_all(root: Path) -> Files:
    """The server hands out the description files; every trustee runs ``start``."""
    files = Files(root)
    for j in INDICES:
        write_json(files.description(j), description_file(description=DESCRIPTION, trustee=j))
        files.secret(j).parent.mkdir()
        code = run(
            "start", files.description(j), "--secret", files.secret(j), "--out", files.commitment(j)
        )
        assert code == 0
    return files


def server_commitments(files: Files) -> dict[str, Any]:
    """The server validates each commitment upload and builds the commitments file."""
    entries = []
    for j in INDICES:
        box_key, commitment = parse_commitment_file(
            read_json(files.commitment(j)),
            description=DESCRIPTION,
            description_hash=DESCRIPTION_HASH,
            trustee=j,
        )
        entries.append(
            {"trustee": j, "box_public_key": box_key.hex(), "commitment": commitment.to_json()}
        )
    value = commitments_file(description_hash=DESCRIPTION_HASH, trustees=entries)
    write_json(files.commitments, value)
    return value


def deal_all(files: Files) -> None:
    for j in INDICES:
        code = run(
            "shares", files.commitments, "--secret", files.secret(j), "--out", files.shares(j)
        )
        assert code == 0


def server_shares_for(files: Files, commitments: dict[str, Any] | None = None) -> None:
    """The server validates each shares upload and hands each trustee the boxes addressed to it,
    with the commitments list (``commitments``: another list than the real one, to cheat)."""
    real = read_json(files.commitments)["trustees"]
    digest = commitments_hash(real)
    boxes = {
        i: parse_shares_file(
            read_json(files.shares(i)),
            description_hash=DESCRIPTION_HASH,
            commitments_hash=digest,
            dealer=i,
            trustees=TRUSTEES,
        )
        for i in INDICES
    }
    for j in INDICES:
        value = shares_for_file(
            description_hash=DESCRIPTION_HASH,
            recipient=j,
            commitments=real if commitments is None else commitments["trustees"],
            shares=[(i, boxes[i][j]) for i in INDICES if i != j],
        )
        write_json(files.shares_for(j), value)


def finish(files: Files, j: int) -> int:
    return run(
        "finish", files.shares_for(j), "--secret", files.secret(j), "--out", files.confirmation(j)
    )


def ceremony(root: Path) -> Files:
    """A whole honest ceremony; every trustee finishes."""
    files = start_all(root)
    server_commitments(files)
    deal_all(files)
    server_shares_for(files)
    for j in INDICES:
        assert finish(files, j) == 0
    return files


def dealer_commitments(files: Files) -> list[DealerCommitment]:
    return [
        DealerCommitment.from_json(entry["commitment"], params=PARAMS)
        for entry in read_json(files.commitments)["trustees"]
    ]


def manifest_of(files: Files) -> Manifest:
    """The election's manifest, with the ceremony computed from the public commitments."""
    commitments = dealer_commitments(files)
    vks = verification_keys(params=PARAMS, commitments=commitments)
    ceremony_record = Ceremony(
        DESCRIPTION_HASH,
        tuple(commitments),
        tuple(vks[j] for j in INDICES),
        joint_public_key(params=PARAMS, commitments=commitments),
    )
    return Manifest(DESCRIPTION, ceremony_record, Roll(hash_json(["roll"]), ()))


def encrypted_sums(
    public_key: Point, ballots: Sequence[Sequence[Sequence[int]]]
) -> list[list[Ciphertext]]:
    """The homomorphic sums, per question and option, of ballots given as 0/1 choices."""
    rows: list[list[list[Ciphertext]]] = [
        [[] for _ in question.options] for question in DESCRIPTION.questions
    ]
    for ballot in ballots:
        for q, choices in enumerate(ballot):
            for o, choice in enumerate(choices):
                rows[q][o].append(encrypt(public_key, choice)[0])
    return [[ciphertext_sum(cell) for cell in row] for row in rows]


def counts_of(ballots: Sequence[Sequence[Sequence[int]]]) -> list[list[int]]:
    return [
        [sum(ballot[q][o] for ballot in ballots) for o in range(len(question.options))]
        for q, question in enumerate(DESCRIPTION.questions)
    ]


def write_tally(
    files: Files, manifest: Manifest, colleges: Sequence[tuple[str, list[list[Ciphertext]]]]
) -> Path:
    return write_json(
        files.tally(),
        tally_file(manifest=manifest, manifest_hash=manifest.hash(), colleges=colleges),
    )


def decrypt(files: Files, j: int) -> int:
    return run("decrypt", files.tally(), "--secret", files.secret(j), "--out", files.decryption(j))
