"""A member who may not vote at the record date is told exactly why."""

from __future__ import annotations

from datetime import date
from fractions import Fraction

from intercoop_tools.rules.eligibility import MemberFacts, eligible
from intercoop_tools.rules.presets import custom, scic_france
from intercoop_tools.rules.rules import GENERAL, College

RECORD = date(2026, 6, 1)
RULES = custom(
    [
        College("workers", "Workers", frozenset({"worker"})),
        College("users", "Users", frozenset({"user"})),
    ],
    min_membership_days_to_vote=30,
)


def message(member: MemberFacts) -> str | None:
    result = eligible(member, RULES, RECORD)
    return result.problem.message if result.problem else None


def test_an_active_member_of_long_standing_may_vote() -> None:
    result = eligible(MemberFacts(1, date(2020, 1, 1), "worker"), RULES, RECORD)

    assert result.eligible
    assert bool(result)
    assert result.college == "workers"
    assert result.reason is None


def test_not_yet_a_member_at_the_record_date() -> None:
    member = MemberFacts(1, date(2026, 6, 2), "worker")

    assert eligible(member, RULES, RECORD).reason == "not_yet_member"
    assert message(member) == "Not yet a member on 2026-06-01: joined on 2026-06-02."


def test_a_member_who_left_before_the_record_date() -> None:
    member = MemberFacts(1, date(2020, 1, 1), "worker", ((date(2026, 5, 1), "left"),))

    assert eligible(member, RULES, RECORD).reason == "left"
    assert message(member) == "Had left the co-operative by 2026-06-01."


def test_a_member_who_leaves_after_the_record_date_still_votes() -> None:
    member = MemberFacts(1, date(2020, 1, 1), "worker", ((date(2026, 6, 2), "left"),))

    assert eligible(member, RULES, RECORD).eligible


def test_a_suspended_member() -> None:
    member = MemberFacts(1, date(2020, 1, 1), "user", ((date(2026, 1, 1), "suspended"),))

    assert eligible(member, RULES, RECORD).reason == "suspended"
    assert message(member) == "Suspended on 2026-06-01."


def test_a_suspension_lifted_before_the_record_date() -> None:
    history = ((date(2026, 3, 1), "active"), (date(2026, 1, 1), "suspended"))
    member = MemberFacts(1, date(2020, 1, 1), "user", history)  # type: ignore[arg-type]

    assert eligible(member, RULES, RECORD).eligible


def test_fewer_than_the_minimum_days_of_membership() -> None:
    member = MemberFacts(1, date(2026, 5, 10), "user")

    assert eligible(member, RULES, RECORD).reason == "membership_too_recent"
    assert message(member) == (
        "Days of membership on 2026-06-01: 22; the rules require 30 before voting."
    )


def test_a_legal_person_without_a_representative() -> None:
    member = MemberFacts(1, date(2020, 1, 1), "user", is_legal_person=True)
    represented = MemberFacts(2, date(2020, 1, 1), "user", is_legal_person=True, representative=7)

    assert eligible(member, RULES, RECORD).reason == "no_representative"
    assert message(member) == "A legal person without a designated representative cannot vote."
    assert eligible(represented, RULES, RECORD).eligible


def test_a_category_in_no_college() -> None:
    member = MemberFacts(1, date(2020, 1, 1), "founder")

    result = eligible(member, RULES, RECORD)

    assert result.reason == "category_in_no_college"
    assert result.college is None
    assert message(member) == "Category 'founder' belongs to no college."


def test_without_colleges_every_category_votes_in_the_general_assembly() -> None:
    result = eligible(MemberFacts(1, date(2020, 1, 1), "founder"), custom(), RECORD)

    assert result.eligible
    assert result.college == GENERAL


def test_the_first_failing_check_gives_the_reason() -> None:
    # A suspended legal person without representative, in no college: suspension comes first.
    rules = scic_france(
        [
            College("w", "Workers", frozenset({"worker"}), Fraction(1, 3)),
            College("u", "Users", frozenset({"user"}), Fraction(1, 3)),
            College("c", "Community", frozenset({"community"}), Fraction(1, 3)),
        ]
    )
    member = MemberFacts(
        1, date(2020, 1, 1), "founder", ((date(2025, 1, 1), "suspended"),), is_legal_person=True
    )

    assert eligible(member, rules, RECORD).reason == "suspended"
