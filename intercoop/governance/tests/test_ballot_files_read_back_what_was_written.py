"""Writing a profile as BLT or CSV and reading it back gives the same profile."""

from __future__ import annotations

from hypothesis import given, settings

from intercoop.governance.tests.strategies import (
    Ballots,
    choice_ballots,
    choice_profile,
    ranked_ballots,
    ranked_profile,
)
from intercoop_tools.tally import read_blt, read_csv, write_blt, write_csv


@settings(max_examples=60, deadline=None)
@given(ranked_ballots())
def test_blt_round_trips(ballots: Ballots) -> None:
    profile = ranked_profile(ballots, seats=2)

    again = read_blt(write_blt(profile))

    assert again.candidates == profile.candidates
    assert again.rankings() == profile.rankings()
    assert (again.blank, again.seats, again.title) == (profile.blank, 2, profile.title)


@settings(max_examples=60, deadline=None)
@given(choice_ballots(scored=True))
def test_score_csv_round_trips(ballots: tuple[int, list[tuple[dict[int, int], int]]]) -> None:
    profile = choice_profile(ballots)

    again = read_csv(write_csv(profile, "score"), "score")

    assert again.candidates == profile.candidates
    assert again.choices() == profile.choices()
    assert again.blank == profile.blank
