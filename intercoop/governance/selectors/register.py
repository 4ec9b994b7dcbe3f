"""Reads of the member register and the voting rules."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Any

from django.db.models import QuerySet

from intercoop.governance import rules
from intercoop.governance.models import Member, MemberStatusChange, RuleSet
from intercoop.organizations.models import Organization


def ruleset_of(organization: Organization) -> RuleSet:
    """The co-op's stored rules; a co-op that never set any votes under default custom rules
    (one member, one vote, no colleges)."""
    ruleset, _ = RuleSet.objects.get_or_create(organization=organization)
    return ruleset


def rules_of(organization: Organization) -> rules.Rules:
    """The co-op's rules as ``rules.Rules``, prefetched in two queries."""
    ruleset = ruleset_of(organization)
    return RuleSet.objects.prefetch_related("colleges").get(pk=ruleset.pk).to_rules()


def member_list(organization: Organization) -> QuerySet[Member]:
    return Member.objects.filter(organization=organization).order_by("number")


def member_facts(
    organization: Organization, *, members: QuerySet[Member] | None = None
) -> list[rules.MemberFacts]:
    """Every member (or those given) as ``rules.MemberFacts``, in two queries."""
    members = member_list(organization) if members is None else members
    statuses: dict[int, list[tuple[date, str]]] = defaultdict(list)
    changes = MemberStatusChange.objects.filter(member__in=members).values_list(
        "member_id", "on", "status"
    )
    for member_id, on, status in changes:
        statuses[member_id].append((on, status))
    return [member.facts(statuses[member.pk]) for member in members]


def member_roll(organization: Organization, record_date: date) -> rules.Roll:
    """Who may vote at ``record_date`` under the co-op's current rules, by college, and why
    the others may not."""
    return rules.roll(member_facts(organization), rules_of(organization), record_date)


def member_of_user(organization: Organization, user: Any) -> Member | None:
    """The register entry this account votes for in person: the member themselves, or the
    legal person they represent (the first, by member number, if several)."""
    if not getattr(user, "is_authenticated", False):
        return None
    own = Member.objects.filter(organization=organization, user=user).first()
    if own is not None:
        return own
    return (
        Member.objects.filter(organization=organization, representative_user=user)
        .order_by("number")
        .first()
    )
