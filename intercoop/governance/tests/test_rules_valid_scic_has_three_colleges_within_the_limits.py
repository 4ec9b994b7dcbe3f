"""A SCIC configuration passes validation exactly when it has 3 or more colleges, each
weighing between 10 % and 50 %, the weights adding up to 100 %."""

from __future__ import annotations

from fractions import Fraction

from hypothesis import given
from hypothesis import strategies as st

from intercoop_tools.rules.presets import scic_france
from intercoop_tools.rules.rules import College, RulesError

CATEGORIES = ("worker", "user", "producer", "supporting", "community", "founder", "public_body")


@st.composite
def percents(draw: st.DrawFn) -> list[int]:
    # Often close to valid: the last weight completes 100 % unless told otherwise.
    n = draw(st.integers(1, 7))
    head = draw(st.lists(st.integers(0, 60), min_size=n - 1, max_size=n - 1))
    last = 100 - sum(head) if draw(st.booleans()) else draw(st.integers(0, 60))
    return [*head, last]


@given(percents())
def test_scic_validation_matches_the_law(weights: list[int]) -> None:
    colleges = [
        College(f"c{i}", f"College {i}", frozenset({CATEGORIES[i]}), Fraction(w, 100))
        for i, w in enumerate(weights)
    ]
    lawful = len(weights) >= 3 and all(10 <= w <= 50 for w in weights) and sum(weights) == 100

    try:
        rules = scic_france(colleges)
    except RulesError as error:
        assert not lawful, error.codes
    else:
        assert lawful
        assert len(rules.colleges) >= 3
        assert all(Fraction(1, 10) <= (c.weight or 0) <= Fraction(1, 2) for c in rules.colleges)
        assert sum((c.weight or Fraction(0) for c in rules.colleges), Fraction(0)) == 1
