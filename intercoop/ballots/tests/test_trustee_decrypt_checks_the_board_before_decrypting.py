"""With ``--board``, ``intercoop-trustee decrypt`` decrypts only the published colleges' sums of
the ballots counted on the public board: an honest tally is decrypted (and two trustees' shares
give the votes cast), while a sum replaced by a single ballot's ciphertext, a withheld college,
a left-out college, or a board of another election is refused with ``error: ...``, exit 1 and
no output. Without ``--board`` the tool still decrypts, with a warning."""

from __future__ import annotations

import pytest

from intercoop.ballots.tests.test_trustee_decrypt_checks_the_board_helpers import (
    INDICES,
    PUBLISHED,
    WITHHELD,
    Election,
    board_json,
    counted_entries_of,
    decrypt,
    expected_counts,
    hold_election,
    honest_colleges,
    sums_of,
    write_board,
    write_tally,
)
from intercoop.ballots.tests.test_trustee_helpers import read_json
from intercoop_tools.crypto.dkg import DecryptionShare, combine_decryption_shares
from intercoop_tools.crypto.elgamal import DiscreteLog
from intercoop_tools.crypto.transcript import Context
from intercoop_tools.record.encoding import hash_json
from intercoop_tools.trustee.board import check_board, parse_board_file
from intercoop_tools.trustee.cli import main
from intercoop_tools.trustee.decryption import decrypt as decrypt_tally
from intercoop_tools.trustee.decryption import parse_decryption_file
from intercoop_tools.trustee.formats import TrusteeFileError, parse_secret_file
from intercoop_tools.trustee.tally import parse_tally_file


@pytest.fixture(scope="module")
def election(tmp_path_factory: pytest.TempPathFactory) -> Election:
    return hold_election(tmp_path_factory.mktemp("board-check"))


@pytest.fixture(autouse=True)
def fresh_outputs(election: Election) -> None:
    for j in INDICES:
        election.files.decryption(j).unlink(missing_ok=True)


def refused(election: Election, capsys: pytest.CaptureFixture[str], j: int = 1) -> str:
    capsys.readouterr()
    code = decrypt(election, j)
    captured = capsys.readouterr()
    assert code == 1
    assert captured.out == ""
    assert captured.err.startswith("error: ")
    assert "Traceback" not in captured.err
    assert not election.files.decryption(j).exists()
    return captured.err


def test_an_honest_board_passes_and_two_trustees_decrypt_the_votes_cast(
    election: Election, capsys: pytest.CaptureFixture[str]
) -> None:
    colleges = honest_colleges(election)
    write_tally(election, colleges)
    write_board(election)
    manifest_hash = election.manifest_hash
    vks = {j: election.manifest.ceremony.verification_keys[j - 1] for j in INDICES}
    present = (1, 3)

    shares: dict[int, list[list[list[DecryptionShare]]]] = {}
    for j in present:
        capsys.readouterr()
        assert decrypt(election, j) == 0
        captured = capsys.readouterr()
        assert captured.err == ""
        assert f"Checked against the board: {len(election.board)} entries" in captured.out
        assert f"withheld: {WITHHELD}" in captured.out
        assert "college-1, college-2" in captured.out
        shares[j] = parse_decryption_file(
            read_json(election.files.decryption(j)),
            manifest_hash=manifest_hash,
            trustee=j,
            verification_key=vks[j],
            colleges=colleges,
        )

    for c, (college, rows) in enumerate(colleges):
        log = DiscreteLog(len(counted_entries_of(election, college)))
        counts = [
            [
                log.solve(
                    combine_decryption_shares(
                        params=election.manifest.description.params(),
                        ciphertext=ciphertext,
                        shares=[shares[j][c][q][o] for j in present],
                        verification_keys=vks,
                        context=Context(manifest_hash),
                    ).point
                )
                for o, ciphertext in enumerate(row)
            ]
            for q, row in enumerate(rows)
        ]
        assert counts == expected_counts(college)


def test_the_pure_function_reports_what_the_board_counts(election: Election) -> None:
    write_tally(election, honest_colleges(election))
    tally = parse_tally_file(read_json(election.tally_path))
    board = parse_board_file(board_json(election))

    checked = check_board(tally, board)

    assert checked.entries == len(election.board) == 10
    assert checked.head == election.board[-1].hash
    assert checked.counted == (
        ("college-1", 4, True),
        ("college-2", 3, True),
        ("college-3", 2, False),
    )
    assert checked.published == PUBLISHED
    secret = parse_secret_file(read_json(election.files.secret(2)))
    decryption = decrypt_tally(secret, tally, board)
    assert [c["college"] for c in decryption["colleges"]] == list(PUBLISHED)


def test_without_board_the_tool_decrypts_with_a_warning(
    election: Election, capsys: pytest.CaptureFixture[str]
) -> None:
    write_tally(election, honest_colleges(election))
    capsys.readouterr()

    assert decrypt(election, 2, board=False) == 0

    captured = capsys.readouterr()
    assert election.files.decryption(2).exists()
    assert "Checked against the board" not in captured.out
    warning = captured.err.strip().splitlines()
    assert len(warning) == 1
    assert warning[0].startswith("warning: the sums were not checked against the public board")


@pytest.mark.parametrize(("college", "question", "option"), [(0, 0, 0), (1, 1, 3)])
def test_a_sum_replaced_by_a_single_ballots_ciphertext_is_refused(
    election: Election,
    capsys: pytest.CaptureFixture[str],
    college: int,
    question: int,
    option: int,
) -> None:
    colleges = honest_colleges(election)
    name, rows = colleges[college]
    single = election.board[counted_entries_of(election, name)[0]].ballot.ballot
    rows[question][option] = single.questions[question].selections[option].ciphertext
    write_tally(election, colleges)
    write_board(election)

    err = refused(election, capsys)

    assert f"college {name}, question {question}, option {option}" in err
    assert "is not the sum of the college's" in err


def test_a_whole_college_replaced_by_a_single_ballot_is_refused(
    election: Election, capsys: pytest.CaptureFixture[str]
) -> None:
    colleges = honest_colleges(election)
    colleges[1] = ("college-2", sums_of(election, counted_entries_of(election, "college-2")[:1]))
    write_tally(election, colleges)
    write_board(election)

    err = refused(election, capsys)

    assert "college college-2, question 0, option 0" in err
    assert "3 counted ballot(s) on the board" in err


def test_a_tally_that_includes_a_withheld_college_is_refused(
    election: Election, capsys: pytest.CaptureFixture[str]
) -> None:
    withheld = (WITHHELD, sums_of(election, counted_entries_of(election, WITHHELD)))
    write_tally(election, [*honest_colleges(election), withheld])
    write_board(election)

    err = refused(election, capsys, j=3)

    assert f"college {WITHHELD} is withheld (2 counted ballot(s) on the board, minimum 3)" in err


def test_a_tally_of_only_the_withheld_college_is_refused(
    election: Election, capsys: pytest.CaptureFixture[str]
) -> None:
    write_tally(election, [(WITHHELD, sums_of(election, counted_entries_of(election, WITHHELD)))])
    write_board(election)

    err = refused(election, capsys)

    # The first difference found, in manifest order: college-1 is missing.
    assert "college college-1 is left out, yet it has 4 counted ballot(s)" in err


def test_a_tally_that_leaves_out_a_published_college_is_refused(
    election: Election, capsys: pytest.CaptureFixture[str]
) -> None:
    write_tally(election, honest_colleges(election)[:1])
    write_board(election)

    err = refused(election, capsys)

    assert "college college-2 is left out, yet it has 3 counted ballot(s) on the board" in err


def test_a_sum_over_a_replaced_ballot_is_refused(
    election: Election, capsys: pytest.CaptureFixture[str]
) -> None:
    # The revoter's first ballot summed instead of their second: every ballot is on the board,
    # but not the ones that count.
    colleges = honest_colleges(election)
    colleges[0] = ("college-1", sums_of(election, [0, 1, 2, 3]))
    write_tally(election, colleges)
    write_board(election)

    err = refused(election, capsys)

    assert "college college-1, question" in err


def test_a_board_whose_manifest_hash_differs_is_refused(
    election: Election, capsys: pytest.CaptureFixture[str]
) -> None:
    write_tally(election, honest_colleges(election))
    value = board_json(election)
    value["manifest_hash"] = hash_json({"another": "manifest"}).hex()
    write_board(election, value)

    err = refused(election, capsys)

    assert "board file: manifest_hash is" in err
    assert f"expected {election.manifest_hash.hex()}" in err
    assert "another election" in err


def test_the_pure_function_refuses_without_writing_anything(election: Election) -> None:
    colleges = honest_colleges(election)
    colleges[0][1][0][0] = colleges[1][1][0][0]
    write_tally(election, colleges)
    tally = parse_tally_file(read_json(election.tally_path))
    secret = parse_secret_file(read_json(election.files.secret(1)))

    with pytest.raises(TrusteeFileError, match="college college-1, question 0, option 0"):
        decrypt_tally(secret, tally, parse_board_file(board_json(election)))


def test_decrypt_help_offers_the_board(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["decrypt", "--help"])

    assert "--board BOARD_FILE" in capsys.readouterr().out
