from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import Count, Q, QuerySet

from intercoop.organizations.models import Invitation, Organization, Role


def organization_list() -> QuerySet[Organization]:
    return Organization.objects.order_by("name")


def organization_counts() -> dict[str, int]:
    return Organization.objects.aggregate(
        total=Count("id"),
        coops=Count("id", filter=Q(kind=Organization.Kind.COOP)),
        allies=Count("id", filter=Q(kind=Organization.Kind.ALLY)),
    )


def roles_of_organization(organization: Organization) -> QuerySet[Role]:
    return (
        Role.objects.filter(organization=organization)
        .select_related("user")
        .order_by("role", "user__name", "user__email")
    )


def roles_of_user(user: Any) -> QuerySet[Role]:
    return (
        Role.objects.filter(user=user).select_related("organization").order_by("organization__name")
    )


def invitations_open(organization: Organization) -> QuerySet[Invitation]:
    return Invitation.objects.filter(
        organization=organization, accepted_at__isnull=True, revoked_at__isnull=True
    ).select_related("invited_by")


def organization_versions(organization: Organization) -> QuerySet[Any]:
    """The organization's versions, newest first, with who made each."""
    return organization.history.select_related("history_user").order_by("-history_date", "-pk")


@dataclass(frozen=True)
class Version:
    when: datetime
    who: Any  # the person, or None for an import run without one
    reason: str
    created: bool
    changed: list[str]  # the changed fields' names, as people read them


def version_rows(records: Sequence[Any]) -> list[Version]:
    """Each version (newest first) with the fields it changed from the one before it."""
    rows = []
    for i, record in enumerate(records):
        # The one before is the next in the list, except for the last one of a page.
        before = records[i + 1] if i + 1 < len(records) else record.prev_record
        if record.history_type == "+" or before is None:
            changed: list[str] = []
        else:
            delta = record.diff_against(before, excluded_fields=["imported_at"])
            changed = [
                str(Organization._meta.get_field(name).verbose_name)  # type: ignore[union-attr]
                for name in delta.changed_fields
            ]
        rows.append(
            Version(
                when=record.history_date,
                who=record.history_user,
                reason=record.history_change_reason or "",
                created=record.history_type == "+",
                changed=changed,
            )
        )
    return rows
