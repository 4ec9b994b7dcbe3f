"""Schulze's pairwise counts, by bitmasks (up to 16 candidates) and by pairs of positions (more
candidates), both equal a plain count ballot by ballot, truncated ballots included."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings

from intercoop.governance.tests.strategies import Ballots, ranked_ballots, ranked_profile
from intercoop_tools.tally.profile import RankedProfile
from intercoop_tools.tally.schulze import _pairwise_masks, _pairwise_positions, pairwise


def by_hand(ballots: Ballots) -> list[list[int]]:
    ncand, pairs = ballots
    d = [[0] * ncand for _ in range(ncand)]
    for ranking, count in pairs:
        for i, a in enumerate(ranking):
            for b in range(ncand):
                if b != a and b not in ranking[:i]:
                    d[a][b] += count
    return d


@settings(max_examples=200, deadline=None)
@given(ranked_ballots())
def test_both_ways_of_counting_equal_the_count_by_hand(ballots: Ballots) -> None:
    profile = ranked_profile(ballots)
    ncand = len(profile.candidates)
    expected = by_hand(ballots)
    if profile.prefs.size:
        assert _pairwise_masks(profile.prefs, profile.counts, ncand) == expected
        assert _pairwise_positions(profile.prefs, profile.counts, ncand) == expected
    assert pairwise(profile.prefs, profile.counts, ncand) == expected


def test_many_candidates_are_counted_by_positions() -> None:
    # 20 candidates: beyond the bitmask table, the other way counts.
    rng = np.random.default_rng(7)
    rankings = [
        (list(rng.permutation(20)[: rng.integers(1, 21)]), int(rng.integers(1, 5)))
        for _ in range(60)
    ]
    ballots = (20, [([int(c) for c in r], n) for r, n in rankings])
    names = [f"C{i}" for i in range(20)]
    profile = RankedProfile.from_rankings(names, ballots[1])
    assert pairwise(profile.prefs, profile.counts, 20) == by_hand(ballots)
