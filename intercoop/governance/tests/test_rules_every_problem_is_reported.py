"""``validate`` reports every problem at once, each with its code, not only the first."""

from __future__ import annotations

from fractions import Fraction

import pytest

from intercoop_tools.rules.presets import custom, scic_france
from intercoop_tools.rules.rules import College, Rules, RulesError, validate


def test_all_scic_problems_come_together() -> None:
    # given two colleges, one at 60 %, one at 5 %, summing to 65 %, weighted by capital
    colleges = [
        College("w", "Workers", frozenset({"worker"}), Fraction(60, 100)),
        College("u", "Users", frozenset({"user"}), Fraction(5, 100)),
    ]

    # when
    with pytest.raises(RulesError) as caught:
        scic_france(colleges, weighting_by_capital=True)

    # then
    assert caught.value.codes == [
        "weights_sum",
        "capital_weighting_forbidden",
        "scic_min_colleges",
        "scic_weight_range",
        "scic_weight_range",
    ]
    assert caught.value.code == "weights_sum"
    assert "College 'Workers' weighs 60 %" in str(caught.value)
    assert "College 'Users' weighs 5 %" in str(caught.value)


def test_a_category_in_two_colleges_is_refused() -> None:
    colleges = [
        College("a", "Producers", frozenset({"producer", "worker"})),
        College("b", "Staff", frozenset({"worker"})),
    ]

    with pytest.raises(RulesError) as caught:
        custom(colleges)

    assert caught.value.codes == ["category_in_two_colleges"]
    assert caught.value.problems[0].message == (
        "Category 'worker' is in both college 'Producers' and college 'Staff'; a member must "
        "belong to one college only."
    )


def test_a_proxy_limit_without_proxies_is_refused() -> None:
    with pytest.raises(RulesError) as caught:
        custom(proxies_allowed=False, max_proxies_per_holder=3)

    assert caught.value.codes == ["proxy_limit_without_proxies"]
    assert caught.value.problems[0].message == (
        "A limit of 3 proxies per holder is set, but proxies are not allowed."
    )


def test_inconsistent_custom_rules_list_each_problem() -> None:
    colleges = [
        College("a", "A", frozenset({"worker"}), Fraction(1, 2)),
        College("a", "A again", frozenset({"alien"})),
        College("c", "Empty", frozenset()),
    ]

    with pytest.raises(RulesError) as caught:
        custom(
            colleges,
            one_member_one_vote=True,
            weighting_by_capital=True,
            max_proxies_per_holder=0,
            min_membership_days_to_vote=-1,
            notice_days=-2,
            quorum=Fraction(1, 10),
            second_call_quorum=Fraction(1, 5),
            college_quorum={"zzz": Fraction(3, 2)},
            min_college_ballots_to_publish=0,
        )

    assert caught.value.codes == [
        "duplicate_college",
        "unknown_category",
        "college_without_categories",
        "weights_partial",
        "capital_weighting_contradicts_one_vote",
        "proxy_limit_range",
        "membership_days_range",
        "notice_days_range",
        "second_call_quorum_above_first",
        "college_quorum_unknown_college",
        "college_quorum_range",
        "min_college_ballots_range",
    ]


def test_quorums_outside_0_to_100_percent_are_refused() -> None:
    with pytest.raises(RulesError) as caught:
        validate(Rules(preset="custom", quorum=Fraction(3, 2), second_call_quorum=Fraction(-1)))

    assert caught.value.codes == ["quorum_range", "second_call_quorum_range"]
    assert caught.value.problems[0].message == (
        "The quorum is 150 %; it must be between 0 % and 100 %."
    )
