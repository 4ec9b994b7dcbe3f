"""A candidate who beats every other in pairwise contests wins under Schulze."""

from __future__ import annotations

from hypothesis import assume, given, settings

from intercoop.governance.tests.strategies import NAMES, Ballots, ranked_ballots, ranked_profile
from intercoop_tools.tally import schulze


def _prefers(ranking: list[int], a: int, b: int) -> bool:
    if a not in ranking:
        return False
    return b not in ranking or ranking.index(a) < ranking.index(b)


@settings(max_examples=150, deadline=None)
@given(ranked_ballots())
def test_the_condorcet_winner_wins_schulze(ballots: Ballots) -> None:
    ncand, pairs = ballots

    def beats(a: int, b: int) -> bool:
        ab = sum(n for r, n in pairs if _prefers(r, a, b))
        ba = sum(n for r, n in pairs if _prefers(r, b, a))
        return ab > ba

    winners = [a for a in range(ncand) if all(beats(a, b) for b in range(ncand) if b != a)]
    assume(winners)

    result = schulze(ranked_profile(ballots))

    assert result.winners == [NAMES[winners[0]]]
    assert result.rounds[0]["ties"] == [] or result.rounds[0]["ties"][0]["position"] > 1
