from __future__ import annotations

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
