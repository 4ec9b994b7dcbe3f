"""The same ballots, one by one in any order or merged into counts, give the same result."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from intercoop.governance.tests.strategies import NAMES, Ballots, choice_ballots, ranked_ballots
from intercoop_tools.tally import (
    ChoiceProfile,
    RankedProfile,
    approval,
    irv,
    plurality,
    schulze,
    score,
    stv_meek,
    stv_scottish,
)


def _one_by_one(
    pairs: list[tuple[list[int], int]], rng: st.DataObject
) -> list[tuple[list[int], int]]:
    singles = [(list(r), 1) for r, n in pairs for _ in range(n)]
    return rng.draw(st.permutations(singles))


@settings(max_examples=60, deadline=None)
@given(ranked_ballots(), st.integers(1, 3), st.data())
def test_ranked_results_do_not_depend_on_collapsing(
    ballots: Ballots, seats: int, data: st.DataObject
) -> None:
    ncand, pairs = ballots
    merged = RankedProfile.from_rankings(NAMES[:ncand], pairs, seats=seats)
    single = RankedProfile.from_rankings(NAMES[:ncand], _one_by_one(pairs, data), seats=seats)

    assert single.counts.tolist() == merged.counts.tolist()
    for method in (irv, schulze):
        assert method(single).to_json() == method(merged).to_json()
    for stv in (stv_scottish, stv_meek):
        assert stv(single).to_json() == stv(merged).to_json()


@settings(max_examples=60, deadline=None)
@given(choice_ballots(scored=True), st.data())
def test_plurality_approval_and_score_results_do_not_depend_on_collapsing(
    ballots: tuple[int, list[tuple[dict[int, int], int]]], data: st.DataObject
) -> None:
    ncand, pairs = ballots
    singles = data.draw(st.permutations([(b, 1) for b, n in pairs for _ in range(n)]))
    merged = ChoiceProfile.from_choices(NAMES[:ncand], pairs)
    single = ChoiceProfile.from_choices(NAMES[:ncand], singles)
    as_approval = [(dict.fromkeys(b, 1), n) for b, n in pairs]

    assert score(single).to_json() == score(merged).to_json()
    firsts = [({min(b): 1} if b else {}, n) for b, n in pairs]
    firsts_one_by_one = [({min(b): 1} if b else {}, 1) for b, _ in singles]
    assert (
        plurality(ChoiceProfile.from_choices(NAMES[:ncand], firsts)).to_json()
        == plurality(ChoiceProfile.from_choices(NAMES[:ncand], firsts_one_by_one)).to_json()
    )
    assert (
        approval(ChoiceProfile.from_choices(NAMES[:ncand], as_approval)).to_json()
        == approval(
            ChoiceProfile.from_choices(
                NAMES[:ncand], [(dict.fromkeys(b, 1), 1) for b, _ in singles]
            )
        ).to_json()
    )
