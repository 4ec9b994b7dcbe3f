"""Hypothesis strategies and helpers for the tally tests."""

from __future__ import annotations

from pathlib import Path

from hypothesis import strategies as st

from intercoop_tools.tally.profile import ChoiceProfile, RankedProfile

DATA = Path(__file__).parent / "data"
NAMES = ("Ada", "Bea", "Cy", "Dee", "Eve", "Fay")

Ballots = tuple[int, list[tuple[list[int], int]]]


def read(name: str) -> str:
    return (DATA / name).read_text(encoding="utf-8")


@st.composite
def ranked_ballots(draw: st.DrawFn, *, complete: bool = False) -> Ballots:
    """(number of candidates, [(ranking, count), ...]); rankings may repeat, be truncated or
    be empty (blank) unless ``complete``."""
    ncand = draw(st.integers(2, 5))
    order = st.permutations(range(ncand))
    if complete:
        ballot = order.map(list)
    else:
        ballot = st.tuples(order, st.integers(0, ncand)).map(lambda t: list(t[0])[: t[1]])
    pairs = draw(st.lists(st.tuples(ballot, st.integers(1, 4)), min_size=1, max_size=25))
    return ncand, pairs


def ranked_profile(ballots: Ballots, seats: int = 1) -> RankedProfile:
    ncand, pairs = ballots
    return RankedProfile.from_rankings(NAMES[:ncand], pairs, seats=seats)


@st.composite
def choice_ballots(
    draw: st.DrawFn, *, scored: bool = False
) -> tuple[int, list[tuple[dict[int, int], int]]]:
    ncand = draw(st.integers(2, 5))
    value = st.integers(0, 5) if scored else st.just(1)
    ballot = st.dictionaries(st.integers(0, ncand - 1), value, max_size=ncand)
    pairs = draw(st.lists(st.tuples(ballot, st.integers(1, 4)), min_size=1, max_size=25))
    return ncand, pairs


def choice_profile(ballots: tuple[int, list[tuple[dict[int, int], int]]]) -> ChoiceProfile:
    ncand, pairs = ballots
    return ChoiceProfile.from_choices(NAMES[:ncand], pairs)


def had_ties(result_json: dict[str, object]) -> bool:
    """Whether any tie had to be broken in the count."""
    rounds = result_json["rounds"]
    assert isinstance(rounds, list)
    return any("tie" in r or r.get("ties") or "elected_order_ties" in r for r in rounds)
