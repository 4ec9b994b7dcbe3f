"""Snapshots of what persona tests must see unchanged unless an allowed write happened."""

from __future__ import annotations

from intercoop.organizations.models import (
    Invitation,
    JoinRequest,
    Organization,
    Relationship,
    Role,
)


def organization_private_state(organization: Organization) -> tuple[object, ...]:
    """The organization's record, its people's roles, its invitations, the requests to join it
    and the relationships it is either side of, pending or confirmed."""
    return (
        Organization.objects.filter(pk=organization.pk).values().get(),
        sorted(Role.objects.filter(organization=organization).values_list("user_id", "role")),
        sorted(
            Invitation.objects.filter(organization=organization).values_list(
                "pk", "email", "role", "accepted_at", "revoked_at"
            )
        ),
        sorted(
            JoinRequest.objects.filter(organization=organization).values_list(
                "pk", "user_id", "status", "decided_by_id"
            )
        ),
        sorted(
            Relationship.objects.of(organization).values_list(
                "pk", "subject_id", "predicate", "object_id", "confirmed_at"
            )
        ),
    )
