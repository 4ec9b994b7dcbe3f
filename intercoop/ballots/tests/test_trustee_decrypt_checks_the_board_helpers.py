"""Shared by the ``test_trustee_decrypt_checks_the_board_*`` tests (this module holds no test): a
real election, from the key ceremony (three trustees, threshold 2, each running
``intercoop-trustee`` on files) to a board of real signed ballots, with the files the server
hands out (the tally file of ``trustee.tally_file``, the board file in the shape of
``selectors.public_download(election, "board.json")``).

Three colleges with a minimum of 3 counted ballots: ``college-1`` (4 voters, one of whom votes
again), ``college-2`` (3 voters) are published; ``college-3`` (2 voters) is withheld."""

from __future__ import annotations

import copy
import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import nacl.signing

from intercoop.ballots.tests.test_trustee_helpers import Files, read_json, run, write_json
from intercoop_tools.crypto.ballot import SignedBallot, ballot_encrypt
from intercoop_tools.crypto.dkg import DealerCommitment, joint_public_key, verification_keys
from intercoop_tools.crypto.elgamal import Ciphertext
from intercoop_tools.record.board import BoardEntry, board_entry
from intercoop_tools.record.encoding import entry_hash_of, hash_json, tracker_of
from intercoop_tools.record.manifest import Ceremony, Description, Manifest, Roll, RollEntry
from intercoop_tools.simulate import simulation_description
from intercoop_tools.trustee.ceremony import (
    commitments_file,
    commitments_hash,
    parse_commitment_file,
    parse_shares_file,
    shares_for_file,
)
from intercoop_tools.trustee.formats import description_file
from intercoop_tools.trustee.tally import tally_file

TRUSTEES = 3
THRESHOLD = 2
INDICES = range(1, TRUSTEES + 1)
MINIMUM = 3
PUBLISHED = ("college-1", "college-2")
WITHHELD = "college-3"

Choices = tuple[tuple[int, ...], ...]

# Per college, each voter's choices (a yes/no question, then an approval question over four
# projects, 0 to 3 approved), in the order they vote.
VOTES: dict[str, list[Choices]] = {
    "college-1": [
        ((1, 0), (1, 1, 0, 0)),
        ((1, 0), (0, 1, 1, 1)),
        ((0, 1), (0, 0, 0, 0)),
        ((1, 0), (1, 0, 0, 1)),
    ],
    "college-2": [
        ((0, 1), (0, 0, 1, 0)),
        ((0, 1), (1, 1, 1, 0)),
        ((1, 0), (0, 0, 0, 1)),
    ],
    "college-3": [
        ((1, 0), (1, 0, 0, 0)),
        ((0, 1), (0, 1, 0, 0)),
    ],
}
# The second voter of college-1 votes again at the end: only this second ballot counts.
REVOTE: tuple[str, int, Choices] = ("college-1", 1, ((0, 1), (0, 0, 0, 1)))


def description(*, revoting: bool = True) -> Description:
    base = simulation_description(
        colleges=3,
        trustees=TRUSTEES,
        threshold=THRESHOLD,
        minimum_ballots=MINIMUM,
        election_id="board-check",
    )
    return dataclasses.replace(base, revoting=revoting)


def hold_ceremony(root: Path, desc: Description) -> Files:
    """Every trustee runs start, shares and finish; the server plays its part with the builders
    and parsers of ``intercoop_tools.trustee``."""
    files = Files(root)
    digest = hash_json(desc.to_json())
    for j in INDICES:
        write_json(files.description(j), description_file(description=desc, trustee=j))
        files.secret(j).parent.mkdir()
        assert (
            run(
                "start",
                files.description(j),
                "--secret",
                files.secret(j),
                "--out",
                files.commitment(j),
            )
            == 0
        )
    entries = []
    for j in INDICES:
        box_key, commitment = parse_commitment_file(
            read_json(files.commitment(j)), description=desc, description_hash=digest, trustee=j
        )
        entries.append(
            {"trustee": j, "box_public_key": box_key.hex(), "commitment": commitment.to_json()}
        )
    write_json(files.commitments, commitments_file(description_hash=digest, trustees=entries))
    for j in INDICES:
        assert (
            run("shares", files.commitments, "--secret", files.secret(j), "--out", files.shares(j))
            == 0
        )
    boxes = {
        i: parse_shares_file(
            read_json(files.shares(i)),
            description_hash=digest,
            commitments_hash=commitments_hash(entries),
            dealer=i,
            trustees=TRUSTEES,
        )
        for i in INDICES
    }
    for j in INDICES:
        write_json(
            files.shares_for(j),
            shares_for_file(
                description_hash=digest,
                recipient=j,
                commitments=entries,
                shares=[(i, boxes[i][j]) for i in INDICES if i != j],
            ),
        )
        assert (
            run(
                "finish",
                files.shares_for(j),
                "--secret",
                files.secret(j),
                "--out",
                files.confirmation(j),
            )
            == 0
        )
    return files


@dataclass
class Election:
    files: Files
    manifest: Manifest
    board: list[BoardEntry]
    voters: dict[str, list[nacl.signing.SigningKey]]

    @property
    def manifest_hash(self) -> bytes:
        return self.manifest.hash()

    def cast(self, voter: nacl.signing.SigningKey, choices: Choices) -> SignedBallot:
        return ballot_encrypt(
            choices=choices,
            specs=self.manifest.description.specs(),
            public_key=self.manifest.ceremony.public_key,
            manifest_hash=self.manifest_hash,
            credential=voter,
        )

    def post(self, ballot: SignedBallot) -> BoardEntry:
        entry = board_entry(board=self.board, genesis=self.manifest_hash, ballot=ballot)
        self.board.append(entry)
        return entry

    @property
    def board_path(self) -> Path:
        return self.files.root / "board.json"

    @property
    def tally_path(self) -> Path:
        return self.files.tally()


def hold_election(root: Path, *, revoting: bool = True) -> Election:
    """The ceremony, the manifest (with a roll of fresh credentials), and every vote cast on the
    board (the revote last)."""
    desc = description(revoting=revoting)
    files = hold_ceremony(root, desc)
    params = desc.params()
    commitments = [
        DealerCommitment.from_json(entry["commitment"], params=params)
        for entry in read_json(files.commitments)["trustees"]
    ]
    vks = verification_keys(params=params, commitments=commitments)
    ceremony = Ceremony(
        hash_json(desc.to_json()),
        tuple(commitments),
        tuple(vks[j] for j in INDICES),
        joint_public_key(params=params, commitments=commitments),
    )
    voters = {
        college: [nacl.signing.SigningKey.generate() for _ in v] for college, v in VOTES.items()
    }
    roll = Roll(
        hash_json(["the private roll"]),
        tuple(
            RollEntry(bytes(key.verify_key), college)
            for college, keys in voters.items()
            for key in keys
        ),
    )
    election = Election(files, Manifest(desc, ceremony, roll), [], voters)
    for college, votes in VOTES.items():
        for voter, choices in zip(voters[college], votes, strict=True):
            election.post(election.cast(voter, choices))
    college, k, choices = REVOTE
    election.post(election.cast(voters[college][k], choices))
    return election


def expected_counts(college: str) -> list[list[int]]:
    """The counts of a college's counted ballots (the revote replaces the first ballot),
    computed from the plaintext choices."""
    votes = list(VOTES[college])
    revote_college, k, choices = REVOTE
    if college == revote_college:
        votes[k] = choices
    return [[sum(v[q][o] for v in votes) for o in range(len(votes[0][q]))] for q in range(2)]


def sums_of(election: Election, entries: Sequence[int]) -> list[list[Ciphertext]]:
    """The homomorphic sums, per question and option, of the given board entries."""
    rows: list[list[Ciphertext]] | None = None
    for index in entries:
        ballot = election.board[index].ballot.ballot
        cells = [[s.ciphertext for s in q.selections] for q in ballot.questions]
        rows = (
            cells
            if rows is None
            else [
                [a + b for a, b in zip(r, c, strict=True)] for r, c in zip(rows, cells, strict=True)
            ]
        )
    assert rows is not None
    return rows


def counted_entries_of(election: Election, college: str) -> list[int]:
    """The counted entries of a college, from how the election was cast (not from the code under
    test): each voter's entries are in VOTES order; the revote is the last entry."""
    first = 0
    for name, votes in VOTES.items():
        if name == college:
            entries = list(range(first, first + len(votes)))
            break
        first += len(votes)
    revote_college, k, _ = REVOTE
    if college == revote_college:
        entries = [e for e in entries if e != entries[k]] + [len(election.board) - 1]
    return entries


def honest_colleges(election: Election) -> list[tuple[str, list[list[Ciphertext]]]]:
    return [(c, sums_of(election, counted_entries_of(election, c))) for c in PUBLISHED]


def write_tally(
    election: Election, colleges: Sequence[tuple[str, Sequence[Sequence[Ciphertext]]]]
) -> Path:
    return write_json(
        election.tally_path,
        tally_file(
            manifest=election.manifest, manifest_hash=election.manifest_hash, colleges=colleges
        ),
    )


def board_json(election: Election) -> dict[str, Any]:
    """The board file as ``selectors.public_download(election, "board.json")`` builds it."""
    return {
        "manifest_hash": election.manifest_hash.hex(),
        "entries": [e.to_json() for e in election.board],
        "head": (election.board[-1].hash if election.board else election.manifest_hash).hex(),
    }


def write_board(election: Election, value: dict[str, Any] | None = None) -> Path:
    return write_json(election.board_path, board_json(election) if value is None else value)


def rechain(value: dict[str, Any]) -> dict[str, Any]:
    """A board file with every tracker, hash and the head recomputed from its ballots: what a
    server that alters a ballot would publish to keep the chain consistent."""
    out = copy.deepcopy(value)
    previous = bytes.fromhex(out["manifest_hash"])
    for i, entry in enumerate(out["entries"]):
        tracker = tracker_of(entry["ballot"])
        entry["index"] = i
        entry["previous"] = previous.hex()
        entry["tracker"] = tracker.hex()
        previous = entry_hash_of(index=i, previous=previous, tracker=tracker)
        entry["hash"] = previous.hex()
    out["head"] = previous.hex()
    return out


def decrypt(election: Election, j: int, *, board: bool = True) -> int:
    argv: list[object] = [
        "decrypt",
        election.tally_path,
        "--secret",
        election.files.secret(j),
        "--out",
        election.files.decryption(j),
    ]
    if board:
        argv += ["--board", election.board_path]
    return run(*argv)
