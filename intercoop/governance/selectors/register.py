"""Reads of the member register and the voting rules: the register's CSV export, the rules as
the audit log records them."""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any, TypedDict

from django.db.models import Count, QuerySet
from django.shortcuts import get_object_or_404

from intercoop.core.csvfile import csv_safe
from intercoop.governance.models import (
    AuditEntry,
    Member,
    MemberStatusChange,
    RuleSet,
    VotingCollege,
)
from intercoop.organizations.models import Organization
from intercoop.organizations.policy import Perm, authorize
from intercoop_tools.rules import rules
from intercoop_tools.rules.eligibility import MemberFacts, Roll, roll


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
) -> list[MemberFacts]:
    """Every member (or those given) as ``MemberFacts``, in two queries."""
    members = member_list(organization) if members is None else members
    statuses: dict[int, list[tuple[date, str]]] = defaultdict(list)
    changes = MemberStatusChange.objects.filter(member__in=members).values_list(
        "member_id", "on", "status"
    )
    for member_id, on, status in changes:
        statuses[member_id].append((on, status))
    return [member.facts(statuses[member.pk]) for member in members]


def member_roll(organization: Organization, record_date: date) -> Roll:
    """Who may vote at ``record_date`` under the co-op's current rules, by college, and why
    the others may not."""
    return roll(member_facts(organization), rules_of(organization), record_date)


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


# --- The register's pages ----------------------------------------------------------------


def member_search(
    organization: Organization,
    *,
    category: str = "",
    status: str = "",
    college: str = "",
    ruleset: RuleSet | None = None,
) -> QuerySet[Member]:
    """The register, filtered by category, current status and college (by the categories the
    college groups), in member-number order."""
    members = member_list(organization).select_related("user", "representative_user")
    if category:
        members = members.filter(category=category)
    if status:
        members = members.filter(status=status)
    if college:
        ruleset = ruleset or ruleset_of(organization)
        found = ruleset.colleges.filter(key=college).first()
        members = members.filter(category__in=found.categories if found else [])
    return members


@dataclass(frozen=True)
class RegisterCounts:
    """How many members each category and each college has (current status active only in
    ``active``)."""

    total: int
    active: int
    by_category: list[tuple[str, str, int]]  # key, label, count
    by_college: list[tuple[str, str, int]]  # key, name, count


def register_counts(organization: Organization) -> RegisterCounts:
    ruleset = ruleset_of(organization)
    rows = (
        Member.objects.filter(organization=organization)
        .values("category")
        .annotate(n=Count("pk"))
        .order_by()
    )
    per_category = {row["category"]: row["n"] for row in rows}
    labels = {c.key: c.label for c in ruleset.category_list()}
    by_category = [(key, labels.get(key, key), n) for key, n in sorted(per_category.items())]
    by_college = [
        (c.key, c.name, sum(per_category.get(cat, 0) for cat in c.categories))
        for c in ruleset.colleges.all()
    ]
    members = Member.objects.filter(organization=organization)
    return RegisterCounts(
        total=members.count(),
        active=members.filter(status=Member.Status.ACTIVE).count(),
        by_category=by_category,
        by_college=by_college,
    )


def member_get(organization: Organization, member_id: int) -> Member:
    """One member of this co-op's register; 404 for any other co-op's."""
    return get_object_or_404(
        Member.objects.select_related("user", "representative_user"),
        organization=organization,
        pk=member_id,
    )


@dataclass(frozen=True)
class MemberVersion:
    when: datetime
    who: Any
    reason: str
    created: bool
    changed: list[str]  # the changed fields' names, as people read them


def member_versions(member: Member) -> list[MemberVersion]:
    """The member's versions (django-simple-history), newest first, with what each changed."""
    records = list(member.history.select_related("history_user").order_by("-history_date"))
    rows = []
    for index, record in enumerate(records):
        older = records[index + 1] if index + 1 < len(records) else None
        if older is None:
            changed: list[str] = []
        else:
            delta = record.diff_against(older)
            changed = [
                str(getattr(Member._meta.get_field(change.field), "verbose_name", change.field))
                for change in delta.changes
            ]
        rows.append(
            MemberVersion(
                when=record.history_date,
                who=record.history_user,
                reason=record.history_change_reason or "",
                created=record.history_type == "+",
                changed=changed,
            )
        )
    return rows


def member_status_changes(member: Member) -> QuerySet[MemberStatusChange]:
    return member.status_changes.select_related("recorded_by").order_by("-on", "-pk")


def ruleset_versions(organization: Organization) -> list[Any]:
    """The versions of the co-op's rules, newest first (those of its colleges are listed on
    the same page by ``college_versions``)."""
    ruleset = ruleset_of(organization)
    return list(ruleset.history.select_related("history_user").order_by("-history_date")[:50])


def college_versions(organization: Organization) -> list[Any]:
    ruleset = ruleset_of(organization)
    return list(
        VotingCollege.history.filter(ruleset_id=ruleset.pk)
        .select_related("history_user")
        .order_by("-history_date")[:50]
    )


def audit_entries(organization: Organization) -> QuerySet[AuditEntry]:
    """The co-op's audit log, newest first."""
    return AuditEntry.objects.filter(organization=organization).order_by("-seq")


# --- The register as CSV (in the format the import reads), the rules for the audit log ---------


CSV_COLUMNS = (
    "number",
    "name",
    "email",
    "category",
    "joined_on",
    "status",
    "status_since",
    "legal_person",
    "representative_name",
    "account_email",
    "representative_account_email",
)


def register_export_rows(organization: Organization) -> list[list[str]]:
    """The register as CSV rows (header first), in the format ``register_import`` reads."""
    members = list(
        Member.objects.filter(organization=organization)
        .select_related("user", "representative_user")
        .prefetch_related("status_changes")
        .order_by("number")
    )
    rows = [list(CSV_COLUMNS)]
    for m in members:
        changes = sorted((c.on, c.pk) for c in m.status_changes.all())
        since = changes[-1][0].isoformat() if changes else ""
        rows.append(
            [
                m.number,
                m.name,
                m.email,
                m.category,
                m.joined_on.isoformat(),
                m.status,
                since,
                "yes" if m.is_legal_person else "no",
                m.representative_name,
                m.user.email if m.user else "",
                m.representative_user.email if m.representative_user else "",
            ]
        )
    return rows


def register_export_csv(organization: Organization, *, by: Any) -> str:
    authorize(by, Perm.VIEW_REGISTER, organization)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    for row in register_export_rows(organization):
        writer.writerow([csv_safe(cell) for cell in row])
    return out.getvalue()


class RulesSummaryCollege(TypedDict):
    key: str
    categories: list[str]
    weight: str | None  # percent
    quorum: str | None  # percent


class RulesSummary(TypedDict):
    """The voting rules as the audit log records a change of them (percentages as text)."""

    preset: str
    one_member_one_vote: bool
    weighting_by_capital: bool
    proxies_allowed: bool
    max_proxies_per_holder: int | None
    min_membership_days_to_vote: int
    notice_days: int
    quorum: str
    second_call_quorum: str
    min_college_ballots_to_publish: int
    categories: list[str]
    colleges: list[RulesSummaryCollege]


def rules_summary(r: rules.Rules) -> RulesSummary:
    """The rules as plain JSON values (for the audit log)."""

    def pct(value: Any) -> str:
        return str(Decimal(value.numerator) * 100 / Decimal(value.denominator))

    return {
        "preset": r.preset,
        "one_member_one_vote": r.one_member_one_vote,
        "weighting_by_capital": r.weighting_by_capital,
        "proxies_allowed": r.proxies_allowed,
        "max_proxies_per_holder": r.max_proxies_per_holder,
        "min_membership_days_to_vote": r.min_membership_days_to_vote,
        "notice_days": r.notice_days,
        "quorum": pct(r.quorum),
        "second_call_quorum": pct(r.second_call_quorum),
        "min_college_ballots_to_publish": r.min_college_ballots_to_publish,
        "categories": [c.key for c in r.categories],
        "colleges": [
            {
                "key": c.key,
                "categories": sorted(c.categories),
                "weight": None if c.weight is None else pct(c.weight),
                "quorum": pct(r.college_quorum[c.key]) if c.key in r.college_quorum else None,
            }
            for c in r.colleges
        ],
    }
