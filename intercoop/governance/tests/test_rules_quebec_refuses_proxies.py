"""In Québec no one votes by proxy (C-67.2, s. 4 (2)): the rules and the proxy check refuse it."""

from __future__ import annotations

from datetime import date
from fractions import Fraction

import pytest

from intercoop_tools.rules.eligibility import MemberFacts
from intercoop_tools.rules.presets import quebec
from intercoop_tools.rules.proxies import check_proxy
from intercoop_tools.rules.rules import College, Rules, RulesError, validate


def test_rules_allowing_proxies_are_refused() -> None:
    rules = Rules(preset="quebec", proxies_allowed=True)

    with pytest.raises(RulesError) as caught:
        validate(rules)

    assert caught.value.codes == ["quebec_proxies_forbidden"]
    assert caught.value.problems[0].message == (
        "Voting by proxy is forbidden in a Québec co-operative (C-67.2, s. 4 (2))."
    )


def test_weighted_colleges_are_refused() -> None:
    colleges = [
        College("users", "Users", frozenset({"user"}), Fraction(1, 2)),
        College("workers", "Workers", frozenset({"worker"}), Fraction(1, 2)),
    ]

    with pytest.raises(RulesError) as caught:
        quebec(colleges)

    assert caught.value.codes == ["quebec_weights_forbidden"]
    assert "'Users', 'Workers'" in caught.value.problems[0].message


def test_a_proxy_is_refused() -> None:
    # given two long-standing members of a Québec co-op
    rules = quebec()
    ann = MemberFacts("ann", date(2020, 1, 1), "user")
    bob = MemberFacts("bob", date(2020, 1, 1), "user")

    # when Ann gives Bob her proxy
    with pytest.raises(RulesError) as caught:
        check_proxy(ann, bob, rules, 0, date(2026, 6, 1))

    # then
    assert caught.value.codes == ["proxies_forbidden"]
