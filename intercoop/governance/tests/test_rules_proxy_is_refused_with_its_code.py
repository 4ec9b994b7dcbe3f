"""A proxy the rules do not allow is refused with a code saying why."""

from __future__ import annotations

from datetime import date

import pytest

from intercoop_tools.rules.eligibility import MemberFacts
from intercoop_tools.rules.presets import custom
from intercoop_tools.rules.proxies import check_proxy
from intercoop_tools.rules.rules import RulesError

RECORD = date(2026, 6, 1)
OLD = date(2020, 1, 1)
RULES = custom(max_proxies_per_holder=2)
ANN = MemberFacts("ann", OLD, "user")
BOB = MemberFacts("bob", OLD, "user")


def codes(grantor: MemberFacts, holder: MemberFacts, held: int = 0) -> list[str]:
    with pytest.raises(RulesError) as caught:
        check_proxy(grantor, holder, RULES, held, RECORD)
    return caught.value.codes


def test_a_valid_proxy_passes() -> None:
    check_proxy(ANN, BOB, RULES, 1, RECORD)

    assert RULES.max_proxies_per_holder == 2


def test_proxies_forbidden_by_the_rules() -> None:
    with pytest.raises(RulesError) as caught:
        check_proxy(ANN, BOB, custom(proxies_allowed=False), 0, RECORD)

    assert caught.value.codes == ["proxies_forbidden"]
    assert caught.value.problems[0].message == "These rules do not allow proxies."


def test_a_member_cannot_hold_their_own_proxy() -> None:
    assert codes(ANN, ANN) == ["proxy_to_self"]


def test_the_holder_must_be_an_eligible_member() -> None:
    gone = MemberFacts("bob", OLD, "user", ((date(2025, 1, 1), "left"),))

    with pytest.raises(RulesError) as caught:
        check_proxy(ANN, gone, RULES, 0, RECORD)

    assert caught.value.codes == ["proxy_holder_ineligible"]
    assert caught.value.problems[0].message == (
        "The holder cannot vote: Had left the co-operative by 2026-06-01."
    )


def test_the_grantor_must_be_eligible() -> None:
    newcomer = MemberFacts("ann", date(2026, 7, 1), "user")

    assert codes(newcomer, BOB) == ["proxy_grantor_ineligible"]


def test_a_holder_at_the_maximum() -> None:
    assert codes(ANN, BOB, held=2) == ["proxy_holder_full"]


def test_every_problem_is_reported() -> None:
    suspended = MemberFacts("bob", OLD, "user", ((date(2026, 1, 1), "suspended"),))
    newcomer = MemberFacts("ann", date(2026, 7, 1), "user")

    assert codes(newcomer, suspended, held=5) == [
        "proxy_grantor_ineligible",
        "proxy_holder_ineligible",
        "proxy_holder_full",
    ]
