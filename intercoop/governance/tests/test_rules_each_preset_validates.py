"""Each preset, with its defaults or typical settings, gives rules that pass ``validate``."""

from __future__ import annotations

from fractions import Fraction

from intercoop_tools.rules.presets import custom, italy, quebec, scic_france
from intercoop_tools.rules.rules import College, validate


def test_a_scic_with_three_weighted_colleges_validates() -> None:
    rules = scic_france(
        [
            College("workers", "Workers", frozenset({"worker"}), Fraction(1, 2)),
            College("users", "Users", frozenset({"user"}), Fraction(3, 10)),
            College("supporters", "Supporters", frozenset({"supporting"}), Fraction(1, 5)),
        ]
    )

    validate(rules)
    assert rules.preset == "scic_france"
    assert rules.weighted
    assert not rules.weighting_by_capital


def test_a_scic_without_weights_gets_equal_weights() -> None:
    # Art. 19 octies: each college has an equal number of votes unless the statutes differ.
    rules = scic_france(
        [
            College("a", "A", frozenset({"worker"})),
            College("b", "B", frozenset({"user"})),
            College("c", "C", frozenset({"community"})),
        ]
    )

    assert [c.weight for c in rules.colleges] == [Fraction(1, 3)] * 3


def test_quebec_defaults_validate() -> None:
    rules = quebec()

    validate(rules)
    assert rules.one_member_one_vote
    assert not rules.proxies_allowed
    assert rules.colleges == ()


def test_italy_defaults_validate() -> None:
    rules = italy()

    validate(rules)
    assert rules.max_proxies_per_holder == 10
    assert rules.min_membership_days_to_vote == 90


def test_custom_rules_validate() -> None:
    rules = custom(
        [College("all", "Everyone", frozenset({"worker", "user"}))],
        max_proxies_per_holder=2,
        quorum=Fraction(1, 4),
        second_call_quorum=Fraction(1, 10),
        college_quorum={"all": Fraction(1, 3)},
    )

    validate(rules)
    assert rules.preset == "custom"
    assert not rules.weighted
