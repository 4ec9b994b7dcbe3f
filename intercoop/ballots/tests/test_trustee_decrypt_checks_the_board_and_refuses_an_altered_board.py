"""``intercoop-trustee decrypt --board`` refuses a board that is not the honest one, naming the
entry: an altered ballot (with or without its tracker and chain recomputed), a ballot of a
credential that is not on the roll or made for another election, a removed, reordered or
replayed entry, a wrong head, a second ballot of a credential when revoting is off, and a board
file of another shape. Nothing is written."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from typing import Any

import nacl.signing
import pytest

from intercoop.ballots.tests.records import other_point
from intercoop.ballots.tests.test_trustee_decrypt_checks_the_board_helpers import (
    Election,
    board_json,
    decrypt,
    hold_election,
    honest_colleges,
    rechain,
    sums_of,
    write_board,
    write_tally,
)
from intercoop_tools.crypto.ballot import ballot_encrypt
from intercoop_tools.record.encoding import hash_json

Board = dict[str, Any]


@pytest.fixture(scope="module")
def election(tmp_path_factory: pytest.TempPathFactory) -> Election:
    made = hold_election(tmp_path_factory.mktemp("altered-board"))
    write_tally(made, honest_colleges(made))
    return made


def refused(election: Election, capsys: pytest.CaptureFixture[str], board: Board) -> str:
    write_board(election, board)
    election.files.decryption(1).unlink(missing_ok=True)
    capsys.readouterr()
    code = decrypt(election, 1)
    captured = capsys.readouterr()
    assert code == 1
    assert captured.out == ""
    assert captured.err.startswith("error: board file")
    assert "Traceback" not in captured.err
    assert not election.files.decryption(1).exists()
    return captured.err


def altered(election: Election, change: Callable[[Board], object]) -> Board:
    value = copy.deepcopy(board_json(election))
    change(value)
    return value


def add_one_to_a_selection(value: Board) -> None:
    """Entry 5's first "no" selection becomes an encryption of one more (beta + G)."""
    cipher = value["entries"][5]["ballot"]["ballot"]["questions"][0]["selections"][1]["ciphertext"]
    cipher["beta"] = other_point(cipher["beta"])


def test_the_honest_board_is_accepted(
    election: Election, capsys: pytest.CaptureFixture[str]
) -> None:
    write_board(election)
    assert decrypt(election, 1) == 0


def test_an_altered_ballot_is_refused_by_its_tracker(
    election: Election, capsys: pytest.CaptureFixture[str]
) -> None:
    err = refused(election, capsys, altered(election, add_one_to_a_selection))

    assert "entry 5: its tracker is not the hash of its ballot" in err


def test_an_altered_ballot_with_its_chain_recomputed_is_refused_by_its_signature(
    election: Election, capsys: pytest.CaptureFixture[str]
) -> None:
    err = refused(election, capsys, rechain(altered(election, add_one_to_a_selection)))

    assert "entry 5: the ballot does not verify (the ballot signature does not verify)" in err


def test_an_altered_tracker_is_refused_by_the_chain(
    election: Election, capsys: pytest.CaptureFixture[str]
) -> None:
    def change(value: Board) -> None:
        value["entries"][4]["tracker"] = hash_json("another ballot").hex()

    err = refused(election, capsys, altered(election, change))

    assert "entry 4: its hash is not the hash of its index, previous and tracker" in err


def test_a_ballot_by_a_credential_not_on_the_roll_is_refused(
    election: Election, capsys: pytest.CaptureFixture[str]
) -> None:
    intruder = election.cast(nacl.signing.SigningKey.generate(), ((1, 0), (1, 1, 1, 0)))

    def change(value: Board) -> None:
        value["entries"][2]["ballot"] = intruder.to_json()

    err = refused(election, capsys, rechain(altered(election, change)))

    assert "entry 2: its credential is not on the manifest's roll" in err


def test_a_ballot_made_for_another_election_is_refused(
    election: Election, capsys: pytest.CaptureFixture[str]
) -> None:
    # A voter on the roll, a valid signature, proofs bound to another manifest.
    voter = election.voters["college-2"][0]
    elsewhere = ballot_encrypt(
        choices=((1, 0), (0, 0, 0, 0)),
        specs=election.manifest.description.specs(),
        public_key=election.manifest.ceremony.public_key,
        manifest_hash=hash_json({"another": "election"}),
        credential=voter,
    )

    def change(value: Board) -> None:
        value["entries"][4]["ballot"] = elsewhere.to_json()

    err = refused(election, capsys, rechain(altered(election, change)))

    assert "entry 4: the ballot does not verify (the ballot is for another election" in err


def test_a_removed_entry_is_refused(election: Election, capsys: pytest.CaptureFixture[str]) -> None:
    err = refused(election, capsys, altered(election, lambda value: value["entries"].pop(3)))

    assert "entry 3 says it is entry 4" in err


def test_a_removed_entry_with_the_chain_recomputed_leaves_the_sums_wrong(
    election: Election, capsys: pytest.CaptureFixture[str]
) -> None:
    # The chain is consistent again, so the board passes; but the tally's sums are not those of
    # this board any more.
    board = rechain(altered(election, lambda value: value["entries"].pop(3)))
    write_board(election, board)
    election.files.decryption(1).unlink(missing_ok=True)
    capsys.readouterr()

    assert decrypt(election, 1) == 1

    err = capsys.readouterr().err
    assert err.startswith("error: tally file: college college-1, question 0, option")
    assert "the college's 3 counted ballot(s) on the board" in err
    assert not election.files.decryption(1).exists()


def test_swapped_entries_are_refused(
    election: Election, capsys: pytest.CaptureFixture[str]
) -> None:
    def change(value: Board) -> None:
        entries = value["entries"]
        entries[6], entries[7] = entries[7], entries[6]

    err = refused(election, capsys, altered(election, change))

    assert "entry 6 says it is entry 7" in err


def test_a_replayed_ballot_is_refused(
    election: Election, capsys: pytest.CaptureFixture[str]
) -> None:
    # The revoter's first ballot posted again after their second, to make the old choice count.
    def change(value: Board) -> None:
        value["entries"].append(copy.deepcopy(value["entries"][1]))

    err = refused(election, capsys, rechain(altered(election, change)))

    assert "entry 10 repeats the ballot of entry 1 (a replay)" in err


def test_a_wrong_head_is_refused(election: Election, capsys: pytest.CaptureFixture[str]) -> None:
    def change(value: Board) -> None:
        value["head"] = value["entries"][8]["hash"]

    err = refused(election, capsys, altered(election, change))

    assert "the head is not the last entry's hash" in err


def test_an_emptied_board_leaves_every_college_withheld(
    election: Election, capsys: pytest.CaptureFixture[str]
) -> None:
    empty = {
        "manifest_hash": election.manifest_hash.hex(),
        "entries": [],
        "head": election.manifest_hash.hex(),
    }
    write_board(election, empty)
    capsys.readouterr()

    assert decrypt(election, 1) == 1

    err = capsys.readouterr().err
    assert "college college-1 is withheld (0 counted ballot(s) on the board, minimum 3)" in err


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda v: v.update(format="intercoop-board", version=1), "unknown key(s) format, version"),
        (lambda v: v.pop("head"), "missing key(s) head"),
        (lambda v: v["entries"][0].update(comment="x"), "entries[0]: unknown key(s) comment"),
        (lambda v: v["entries"][0].pop("tracker"), "entries[0]: missing key(s) tracker"),
        (lambda v: v.update(entries={}), "entries: expected a list"),
        (lambda v: v.update(head="AB" * 32), "head: expected 32 bytes as 64 lowercase hex digits"),
    ],
)
def test_a_board_file_of_another_shape_is_refused(
    election: Election,
    capsys: pytest.CaptureFixture[str],
    change: Callable[[Board], object],
    message: str,
) -> None:
    err = refused(election, capsys, altered(election, change))

    assert message in err


def test_a_board_file_that_is_not_json_is_refused(
    election: Election, capsys: pytest.CaptureFixture[str]
) -> None:
    election.board_path.write_text("{not json")
    capsys.readouterr()

    assert decrypt(election, 1) == 1

    assert "error: board file" in capsys.readouterr().err
    assert json.loads(election.tally_path.read_text())["colleges"]


@pytest.fixture(scope="module")
def no_revoting(tmp_path_factory: pytest.TempPathFactory) -> Election:
    return hold_election(tmp_path_factory.mktemp("no-revoting"), revoting=False)


def test_a_second_ballot_is_refused_when_revoting_is_off(
    no_revoting: Election, capsys: pytest.CaptureFixture[str]
) -> None:
    # The server accepted the revote although the election does not allow it; the tally is the
    # one revoting would give.
    write_tally(no_revoting, honest_colleges(no_revoting))

    err = refused(no_revoting, capsys, board_json(no_revoting))

    assert "entry 9: revoting is off, and this credential already cast entry 1" in err


def test_without_the_second_ballot_the_same_election_decrypts(
    no_revoting: Election, capsys: pytest.CaptureFixture[str]
) -> None:
    board = rechain(altered(no_revoting, lambda value: value["entries"].pop()))
    counted = honest_colleges(no_revoting)
    # Without the revote, college-1 counts its four first ballots.
    counted[0] = ("college-1", sums_of(no_revoting, [0, 1, 2, 3]))
    write_tally(no_revoting, counted)
    write_board(no_revoting, board)

    assert decrypt(no_revoting, 2) == 0
