"""Every valid ballot is counted once: tallies plus exhausted ballots equal the valid ballots,
and valid plus blank ballots equal all ballots."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given, settings

from intercoop.governance.tests.strategies import (
    NAMES,
    Ballots,
    choice_ballots,
    ranked_ballots,
    ranked_profile,
)
from intercoop_tools.tally import ChoiceProfile, approval, irv, plurality, stv_scottish


@settings(max_examples=80, deadline=None)
@given(ranked_ballots())
def test_every_irv_round_accounts_for_every_valid_ballot(ballots: Ballots) -> None:
    profile = ranked_profile(ballots)
    valid = sum(n for r, n in ballots[1] if r)

    result = irv(profile)

    assert result.ballots == sum(n for _, n in ballots[1])
    assert result.ballots - result.blank == valid
    for round_ in result.rounds:
        assert sum(round_["tallies"].values()) + round_["exhausted"] == valid


@settings(max_examples=80, deadline=None)
@given(ranked_ballots())
def test_every_scottish_stage_accounts_for_every_valid_ballot(ballots: Ballots) -> None:
    profile = ranked_profile(ballots, seats=2)
    valid = sum(n for r, n in ballots[1] if r)

    result = stv_scottish(profile)

    for stage in result.rounds:
        held = sum(Decimal(v) for v in stage["tallies"].values())
        gone = Decimal(stage["non_transferable"])
        lost = sum(
            Decimal(s.get("lost_to_truncation", "0")) for s in result.rounds[: stage["stage"]]
        )
        # Elected candidates whose surplus has gone show the quota; what left them is in the
        # other candidates' tallies, the non-transferable papers and the truncation loss.
        assert held + gone + lost == valid


@settings(max_examples=80, deadline=None)
@given(choice_ballots())
def test_approval_and_plurality_tallies_count_each_ballot(
    ballots: tuple[int, list[tuple[dict[int, int], int]]],
) -> None:
    ncand, pairs = ballots
    profile = ChoiceProfile.from_choices(NAMES[:ncand], pairs)
    marks = sum(len(b) * n for b, n in pairs)

    assert sum(approval(profile).counts.values()) == marks  # type: ignore[union-attr]
    singles = [({min(b): 1} if b else {}, n) for b, n in pairs]
    first = ChoiceProfile.from_choices(NAMES[:ncand], singles)
    result = plurality(first)
    assert sum(result.counts.values()) == result.ballots - result.blank  # type: ignore[union-attr]
    assert result.ballots == sum(n for _, n in pairs)
