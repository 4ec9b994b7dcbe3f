"""Who may vote on a record date, and why not (:func:`eligible`), and the roll of voters per
college (:func:`roll`)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Literal

from intercoop_tools.rules.rules import (
    GENERAL,
    MemberId,
    PersonId,
    Problem,
    Rules,
    Status,
    gettext_noop,
)

# --- Eligibility -------------------------------------------------------------------------

Reason = Literal[
    "not_yet_member",
    "left",
    "suspended",
    "membership_too_recent",
    "no_representative",
    "category_in_no_college",
]


@dataclass(frozen=True)
class MemberFacts:
    """What eligibility depends on. ``statuses`` lists (from this date, status) changes; before
    the first, a member who has joined is active. ``joined_on`` is the date of entry in the
    register (for a member who left and came back, the date they came back)."""

    id: MemberId
    joined_on: date
    category: str
    statuses: tuple[tuple[date, Status], ...] = ()
    is_legal_person: bool = False
    representative: PersonId | None = None

    def status_on(self, day: date) -> Status | None:
        """The status on ``day``, or None before joining. Of several changes on one day, the
        last listed wins."""
        if day < self.joined_on:
            return None
        status: Status = "active"
        for since, value in sorted(self.statuses, key=lambda s: s[0]):
            if since <= day:
                status = value
        return status


@dataclass(frozen=True)
class Eligibility:
    """Whether a member may vote at a record date; if not, ``reason`` and ``problem`` say why.
    ``college`` is the member's college key (``GENERAL`` without colleges)."""

    member: MemberId
    college: str | None
    reason: Reason | None = None
    problem: Problem | None = None

    @property
    def eligible(self) -> bool:
        return self.reason is None

    def __bool__(self) -> bool:
        return self.eligible


def _ineligible(
    member: MemberFacts, college: str | None, reason: Reason, template: str, **values: object
) -> Eligibility:
    return Eligibility(member.id, college, reason, Problem(reason, template, values))


def eligible(member: MemberFacts, rules: Rules, record_date: date) -> Eligibility:
    """Whether ``member`` may vote in a decision whose roll is drawn at ``record_date``.

    Checked in this order, the first failing check giving the reason: a member at the record
    date; not left; not suspended; at least ``min_membership_days_to_vote`` days since joining
    (the record date minus the joining date); a legal person has a designated representative;
    the member's category is in a college (when the rules have colleges).
    """
    college = rules.college_of(member.category)
    college_key = college.key if college else (None if rules.colleges else GENERAL)
    day = record_date.isoformat()
    status = member.status_on(record_date)
    if status is None:
        return _ineligible(
            member,
            college_key,
            "not_yet_member",
            gettext_noop("Not yet a member on %(date)s: joined on %(joined)s."),
            date=day,
            joined=member.joined_on.isoformat(),
        )
    if status == "left":
        return _ineligible(
            member,
            college_key,
            "left",
            gettext_noop("Had left the co-operative by %(date)s."),
            date=day,
        )
    if status == "suspended":
        return _ineligible(
            member,
            college_key,
            "suspended",
            gettext_noop("Suspended on %(date)s."),
            date=day,
        )
    days = (record_date - member.joined_on).days
    if days < rules.min_membership_days_to_vote:
        return _ineligible(
            member,
            college_key,
            "membership_too_recent",
            gettext_noop(
                "Days of membership on %(date)s: %(days)s; the rules require %(required)s "
                "before voting."
            ),
            days=days,
            date=day,
            required=rules.min_membership_days_to_vote,
        )
    if member.is_legal_person and member.representative is None:
        return _ineligible(
            member,
            college_key,
            "no_representative",
            gettext_noop("A legal person without a designated representative cannot vote."),
        )
    if college_key is None:
        return _ineligible(
            member,
            None,
            "category_in_no_college",
            gettext_noop("Category '%(category)s' belongs to no college."),
            category=member.category,
        )
    return Eligibility(member.id, college_key)


@dataclass(frozen=True)
class Roll:
    """The electoral roll at a record date: eligible members by college key, in input order,
    and the ineligible ones with the reason."""

    record_date: date
    by_college: Mapping[str, tuple[MemberId, ...]]
    ineligible: Mapping[MemberId, Eligibility]

    @property
    def counts(self) -> dict[str, int]:
        return {key: len(ids) for key, ids in self.by_college.items()}

    @property
    def total(self) -> int:
        return sum(len(ids) for ids in self.by_college.values())


def roll(members: Iterable[MemberFacts], rules: Rules, record_date: date) -> Roll:
    """Every college of the rules appears, even empty (``GENERAL`` without colleges)."""
    keys = [c.key for c in rules.colleges] or [GENERAL]
    by_college: dict[str, list[MemberId]] = {key: [] for key in keys}
    ineligible: dict[MemberId, Eligibility] = {}
    for member in members:
        result = eligible(member, rules, record_date)
        if result.college is not None and result.eligible:
            by_college[result.college].append(member.id)
        else:
            ineligible[member.id] = result
    return Roll(record_date, {key: tuple(ids) for key, ids in by_college.items()}, ineligible)
