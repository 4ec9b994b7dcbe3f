"""With one seat and no tie to break, Scottish STV and Meek STV elect the IRV winner."""

from __future__ import annotations

from hypothesis import assume, given, settings

from intercoop.governance.tests.strategies import Ballots, had_ties, ranked_ballots, ranked_profile
from intercoop_tools.tally import irv, stv_meek, stv_scottish


@settings(max_examples=150, deadline=None)
@given(ranked_ballots())
def test_one_seat_stv_agrees_with_irv(ballots: Ballots) -> None:
    profile = ranked_profile(ballots, seats=1)
    expected = irv(profile)
    assume(not had_ties(expected.to_json()))

    scottish = stv_scottish(profile)
    meek = stv_meek(profile)

    if not had_ties(scottish.to_json()):
        assert scottish.winners == expected.winners
    if not had_ties(meek.to_json()):
        assert meek.winners == expected.winners
