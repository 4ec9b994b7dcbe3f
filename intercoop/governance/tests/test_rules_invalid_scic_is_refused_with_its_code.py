"""Every SCIC configuration the law forbids is refused with its code and a precise message
(loi 47-1775, art. 19 octies)."""

from __future__ import annotations

from fractions import Fraction

import pytest

from intercoop_tools.rules.presets import scic_france
from intercoop_tools.rules.rules import College, RulesError


def college(key: str, percent: int) -> College:
    # Named after its one category, which is among the default categories.
    return College(key, key.capitalize(), frozenset({key}), Fraction(percent, 100))


def refusal(*colleges: College, weighting_by_capital: bool = False) -> RulesError:
    with pytest.raises(RulesError) as caught:
        scic_france(list(colleges), weighting_by_capital=weighting_by_capital)
    return caught.value


def test_two_colleges_are_refused() -> None:
    error = refusal(college("worker", 50), college("user", 50))

    assert error.codes == ["scic_min_colleges"]
    assert error.problems[0].message == (
        "A SCIC with voting colleges needs at least 3 of them; these rules have 2 (art. 19 octies)."
    )


def test_a_five_percent_college_is_refused() -> None:
    error = refusal(college("worker", 50), college("user", 45), college("community", 5))

    assert error.codes == ["scic_weight_range"]
    assert error.problems[0].message == (
        "College 'Community' weighs 5 %, below the 10 % the SCIC rules allow (art. 19 octies)."
    )


def test_a_sixty_percent_college_is_refused() -> None:
    error = refusal(college("worker", 60), college("user", 20), college("community", 20))

    assert error.codes == ["scic_weight_range"]
    assert error.problems[0].message == (
        "College 'Worker' weighs 60 %, above the 50 % the SCIC rules allow (art. 19 octies)."
    )


def test_weights_summing_to_95_percent_are_refused() -> None:
    error = refusal(college("worker", 45), college("user", 30), college("community", 20))

    assert error.codes == ["weights_sum"]
    assert error.problems[0].message == "The college weights add up to 95 %, not 100 %."


def test_weighting_by_capital_is_refused() -> None:
    error = refusal(
        college("worker", 40),
        college("user", 30),
        college("community", 30),
        weighting_by_capital=True,
    )

    assert "capital_weighting_forbidden" in error.codes
    assert (
        "Votes cannot be weighted by capital under the SCIC rules (loi 47-1775, art. 19 octies)."
        in [p.message for p in error.problems]
    )


def test_boundaries_10_and_50_percent_are_allowed() -> None:
    rules = scic_france([college("worker", 50), college("user", 40), college("community", 10)])

    assert [c.weight for c in rules.colleges] == [Fraction(1, 2), Fraction(2, 5), Fraction(1, 10)]


def test_a_third_is_shown_with_two_decimals() -> None:
    error = refusal(
        College("worker", "Workers", frozenset({"worker"}), Fraction(2, 3)),
        College("user", "Users", frozenset({"user"}), Fraction(1, 6)),
        College("community", "Community", frozenset({"community"}), Fraction(1, 6)),
    )

    assert error.problems[0].message == (
        "College 'Workers' weighs 66.67 %, above the 50 % the SCIC rules allow (art. 19 octies)."
    )
