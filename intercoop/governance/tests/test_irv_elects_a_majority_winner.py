"""If one candidate is the first preference of more than half of the valid ballots, IRV elects
that candidate."""

from __future__ import annotations

from hypothesis import assume, given, settings

from intercoop.governance.tests.strategies import NAMES, Ballots, ranked_ballots, ranked_profile
from intercoop_tools.tally import irv


@settings(max_examples=150, deadline=None)
@given(ranked_ballots())
def test_a_first_preference_majority_wins_irv(ballots: Ballots) -> None:
    ncand, pairs = ballots
    valid = sum(n for r, n in pairs if r)
    firsts = [sum(n for r, n in pairs if r and r[0] == c) for c in range(ncand)]
    majority = [c for c in range(ncand) if 2 * firsts[c] > valid]
    assume(majority)

    assert irv(ranked_profile(ballots)).winners == [NAMES[majority[0]]]
