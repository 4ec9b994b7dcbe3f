"""A ballot that names nobody is reported in ``blank`` and changes no tally nor quota."""

from __future__ import annotations

from intercoop.governance.tests.strategies import read
from intercoop_tools.tally import count, read_blt, read_csv, stv_scottish


def test_blank_blt_ballots_are_reported_and_do_not_change_the_quota() -> None:
    with_blanks = read("food.blt").replace("1 5 0\n", "1 5 0\n7 0\n")

    result = stv_scottish(read_blt(with_blanks))

    assert result.blank == 7
    assert result.ballots == 27
    assert result.rounds[0]["quota"] == "6.00000"
    assert result.winners == stv_scottish(read_blt(read("food.blt"))).winners


def test_an_empty_csv_ballot_is_a_blank_vote() -> None:
    text = "candidates,Ann+Ben\n3,Ann\n2,Ben\n5,\n"

    result = count(text, "plurality")

    assert result.blank == 5
    assert result.ballots == 10
    assert result.counts == {"Ann": 3, "Ben": 2}
    assert result.winners == ["Ann"]


def test_a_ballot_ranking_only_withdrawn_candidates_counts_as_blank() -> None:
    text = '3 1\n-3\n2 3 0\n3 1 0\n1 2 0\n0\n"A"\n"B"\n"C"\n"t"\n'

    result = count(text, "irv")

    assert result.blank == 2
    assert result.withdrawn == ["C"]
    assert result.rounds[0]["tallies"] == {"A": 3, "B": 1}


def test_score_zero_is_a_vote_not_a_blank() -> None:
    profile = read_csv("1,Ann:0\n1,\n", "score")

    assert profile.blank == 1
    assert profile.valid == 1
