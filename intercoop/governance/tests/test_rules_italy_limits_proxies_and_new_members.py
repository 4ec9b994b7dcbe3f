"""Italy: a member represents at most ten members (c.c. art. 2539) and votes after 90 days in
the members' book (c.c. art. 2538)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from intercoop_tools.rules.eligibility import MemberFacts, eligible
from intercoop_tools.rules.presets import italy
from intercoop_tools.rules.proxies import check_proxy
from intercoop_tools.rules.rules import RulesError

RECORD = date(2026, 6, 1)
OLD = date(2020, 1, 1)


def test_the_tenth_proxy_is_accepted_and_the_eleventh_refused() -> None:
    rules = italy()
    grantor = MemberFacts("g", OLD, "worker")
    holder = MemberFacts("h", OLD, "worker")

    check_proxy(grantor, holder, rules, 9, RECORD)  # the 10th
    with pytest.raises(RulesError) as caught:
        check_proxy(grantor, holder, rules, 10, RECORD)  # the 11th

    assert caught.value.codes == ["proxy_holder_full"]
    assert caught.value.problems[0].message == (
        "The holder already holds 10 proxies, the most these rules allow (10)."
    )


def test_a_limit_above_ten_is_refused() -> None:
    with pytest.raises(RulesError) as caught:
        italy(max_proxies_per_holder=11)

    assert caught.value.codes == ["italy_proxy_limit"]
    assert caught.value.problems[0].message == (
        "A member may represent at most 10 members in an Italian co-operative "
        "(Codice civile art. 2539); the limit here is 11."
    )


def test_no_limit_is_refused_but_no_proxies_is_allowed() -> None:
    with pytest.raises(RulesError) as caught:
        italy(max_proxies_per_holder=None)
    assert caught.value.codes == ["italy_proxy_limit"]

    assert not italy(proxies_allowed=False).proxies_allowed


def test_fewer_than_90_days_is_refused_in_the_rules() -> None:
    with pytest.raises(RulesError) as caught:
        italy(min_membership_days_to_vote=30)

    assert caught.value.codes == ["italy_min_membership_days"]


def test_a_member_votes_from_the_90th_day() -> None:
    rules = italy()
    joined = date(2026, 1, 1)
    member = MemberFacts("m", joined, "worker")

    on_day_89 = eligible(member, rules, joined + timedelta(days=89))
    on_day_90 = eligible(member, rules, joined + timedelta(days=90))

    assert on_day_89.reason == "membership_too_recent"
    assert on_day_89.problem is not None
    assert on_day_89.problem.message == (
        "Days of membership on 2026-03-31: 89; the rules require 90 before voting."
    )
    assert on_day_90.eligible
