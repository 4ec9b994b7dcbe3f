"""The roll at a record date lists the eligible members of each college, and the others with
their reason."""

from __future__ import annotations

from datetime import date

from intercoop_tools.rules.eligibility import MemberFacts, roll
from intercoop_tools.rules.presets import custom, quebec
from intercoop_tools.rules.rules import GENERAL, College

RECORD = date(2026, 6, 1)
OLD = date(2020, 1, 1)


def test_members_are_counted_in_their_college() -> None:
    # given three colleges, one of them with nobody eligible
    rules = custom(
        [
            College("workers", "Workers", frozenset({"worker"})),
            College("users", "Users", frozenset({"user", "producer"})),
            College("public", "Public bodies", frozenset({"public_body"})),
        ]
    )
    members = [
        MemberFacts("w1", OLD, "worker"),
        MemberFacts("w2", OLD, "worker", ((date(2026, 1, 1), "left"),)),
        MemberFacts("u1", OLD, "user"),
        MemberFacts("p1", OLD, "producer"),
        MemberFacts("town", OLD, "public_body", is_legal_person=True),
        MemberFacts("f1", OLD, "founder"),
    ]

    # when
    result = roll(members, rules, RECORD)

    # then
    assert result.by_college == {"workers": ("w1",), "users": ("u1", "p1"), "public": ()}
    assert result.counts == {"workers": 1, "users": 2, "public": 0}
    assert result.total == 3
    assert {k: v.reason for k, v in result.ineligible.items()} == {
        "w2": "left",
        "town": "no_representative",
        "f1": "category_in_no_college",
    }


def test_without_colleges_the_roll_has_one_general_list() -> None:
    members = [MemberFacts(1, OLD, "user"), MemberFacts(2, date(2027, 1, 1), "worker")]

    result = roll(members, quebec(), RECORD)

    assert result.by_college == {GENERAL: (1,)}
    assert result.ineligible[2].reason == "not_yet_member"
