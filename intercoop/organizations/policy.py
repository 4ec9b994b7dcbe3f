"""The one authorization layer: what each role may do in an organization.

Every web view and API route asks ``authorize`` (or the ``org_permission`` view decorator, which
calls it). Later modules add permissions here rather than checking roles themselves.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from django.core.exceptions import PermissionDenied

from intercoop.organizations.models import Organization, Role


class Perm(StrEnum):
    VIEW_PEOPLE = "view_people"
    INVITE_MEMBERS = "invite_members"
    INVITE_ANY_ROLE = "invite_any_role"
    MANAGE_ROLES = "manage_roles"
    EDIT_PROFILE = "edit_profile"


_GRANTS: dict[str, frozenset[Perm]] = {
    Role.Name.MEMBER: frozenset({Perm.VIEW_PEOPLE}),
    Role.Name.STAFF: frozenset({Perm.VIEW_PEOPLE, Perm.INVITE_MEMBERS}),
    Role.Name.ADMIN: frozenset(Perm),
}


def role_of(user: Any, organization: Organization) -> str | None:
    if not user.is_authenticated or not user.is_active:
        return None
    cache: dict[int, str | None] = user.__dict__.setdefault("_org_roles", {})
    if organization.pk not in cache:
        cache[organization.pk] = (
            Role.objects.filter(organization=organization, user=user)
            .values_list("role", flat=True)
            .first()
        )
    return cache[organization.pk]


def has_perm(user: Any, perm: Perm, organization: Organization) -> bool:
    role = role_of(user, organization)
    return role is not None and perm in _GRANTS[role]


def perms_of(user: Any, organization: Organization) -> frozenset[Perm]:
    role = role_of(user, organization)
    return _GRANTS[role] if role is not None else frozenset()


def authorize(user: Any, perm: Perm, organization: Organization) -> None:
    if not has_perm(user, perm, organization):
        raise PermissionDenied(perm.value)


def forget_roles(user: Any) -> None:
    """Drop the per-request role cache after a role changes."""
    user.__dict__.pop("_org_roles", None)
