"""Weighted results: each college's shares of its own valid votes, times its weight, summed;
a college with no valid vote has its weight shared among the others in proportion."""

from __future__ import annotations

from fractions import Fraction

import pytest

from intercoop_tools.rules.presets import custom, scic_france
from intercoop_tools.rules.results import publishable_colleges, weighted_shares
from intercoop_tools.rules.rules import College, RulesError

SCIC = scic_france(
    [
        College("workers", "Workers", frozenset({"worker"}), Fraction(1, 2)),
        College("users", "Users", frozenset({"user"}), Fraction(3, 10)),
        College("supporters", "Supporters", frozenset({"supporting"}), Fraction(1, 5)),
    ]
)


def test_the_worked_example() -> None:
    # Workers 50 %: yes 6, no 4   -> yes 3/5, no 2/5 -> x 1/2  = yes 3/10, no 1/5
    # Users 30 %:   yes 10, no 30 -> yes 1/4, no 3/4 -> x 3/10 = yes 3/40, no 9/40
    # Supporters 20 %: yes 1, no 1 -> 1/2 each       -> x 1/5  = yes 1/10, no 1/10
    # yes = 12/40 + 3/40 + 4/40 = 19/40; no = 8/40 + 9/40 + 4/40 = 21/40.
    # (Pooled, one member one vote, it would be yes 17/52.)
    counts = {
        "workers": {"yes": 6, "no": 4},
        "users": {"yes": 10, "no": 30},
        "supporters": {"yes": 1, "no": 1},
    }

    assert weighted_shares(counts, SCIC) == {"yes": Fraction(19, 40), "no": Fraction(21, 40)}


def test_a_college_without_votes_has_its_weight_redistributed() -> None:
    # Supporters cast nothing: the 1/2 and 3/10 of the others become 5/8 and 3/8.
    # yes = 5/8 x 3/5 + 3/8 x 1/4 = 3/8 + 3/32 = 15/32; no = 5/8 x 2/5 + 3/8 x 3/4 = 17/32.
    counts = {
        "workers": {"yes": 6, "no": 4},
        "users": {"yes": 10, "no": 30},
        "supporters": {"yes": 0, "no": 0},
    }

    assert weighted_shares(counts, SCIC) == {"yes": Fraction(15, 32), "no": Fraction(17, 32)}


def test_unweighted_colleges_are_pooled() -> None:
    rules = custom(
        [
            College("workers", "Workers", frozenset({"worker"})),
            College("users", "Users", frozenset({"user"})),
        ]
    )
    counts = {"workers": {"yes": 6, "no": 4}, "users": {"yes": 10, "no": 30}}

    assert weighted_shares(counts, rules) == {"yes": Fraction(16, 50), "no": Fraction(34, 50)}


def test_when_no_one_voted_every_option_has_nothing() -> None:
    counts = {"workers": {"yes": 0, "no": 0}}

    assert weighted_shares(counts, SCIC) == {"yes": Fraction(0), "no": Fraction(0)}


def test_unknown_colleges_and_negative_counts_are_refused() -> None:
    with pytest.raises(RulesError) as caught:
        weighted_shares({"ghosts": {"yes": 1}, "users": {"yes": -1}}, SCIC)

    assert caught.value.codes == ["unknown_college", "negative_count"]


def test_small_colleges_results_are_not_published() -> None:
    counts = {"workers": {"yes": 6, "no": 4}, "supporters": {"yes": 1, "no": 1}}

    assert publishable_colleges(counts, SCIC) == {"workers"}
