"""The one authorization layer: what each role may do in an organization.

Every web view and API route asks ``authorize`` (or the ``org_permission`` view decorator, which
calls it). Later modules add permissions here rather than checking roles themselves.
"""

from __future__ import annotations

import functools
from enum import StrEnum
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import connections, router

from intercoop.accounts.policy import mfa_missing
from intercoop.organizations.models import Organization, Role


class Perm(StrEnum):
    VIEW_PEOPLE = "view_people"
    INVITE_MEMBERS = "invite_members"
    INVITE_ANY_ROLE = "invite_any_role"
    MANAGE_ROLES = "manage_roles"
    EDIT_PROFILE = "edit_profile"
    VIEW_HISTORY = "view_history"
    # Probable duplicates of the organization in the directory: its administrators and platform
    # staff, who can act on them, see them; its other people and the public do not.
    VIEW_DUPLICATES = "view_duplicates"
    # Propose relationships to other organizations, answer those proposed to this one, and end
    # them: its administrators, and platform staff.
    MANAGE_RELATIONSHIPS = "manage_relationships"
    # Accept or decline people's requests to join: whoever may invite members.
    DECIDE_JOIN_REQUESTS = "decide_join_requests"
    # Governance (intercoop.governance). Decisions, meetings, results and the audit log are
    # private to the co-op's people; nobody from another co-op sees or acts on them.
    VIEW_DECISIONS = "view_decisions"  # proposals, comments, decisions, results, meetings
    PARTICIPATE = "participate"  # draft proposals, comment, propose amendments
    VIEW_AUDIT = "view_audit"  # read the co-op's audit log
    VIEW_REGISTER = "view_register"  # the member register and the proxy register
    MANAGE_REGISTER = "manage_register"  # add, edit and import members; record proxies
    MANAGE_RULES = "manage_rules"  # voting rules and colleges
    MANAGE_DECISIONS = "manage_decisions"  # open, close and tally decisions; amendments
    MANAGE_MEETINGS = "manage_meetings"  # convene, attendance, quorum, minutes
    # Labels (intercoop.labels): become an issuer, rotate its key, define achievements and issue,
    # endorse and revoke credentials in the organization's name. Administrators only, and they
    # must sign in with a second factor to use it (labels.views).
    ISSUE_LABELS = "issue_labels"
    # The data co-operative (intercoop.datacoop): every person of the co-op sees its datasets,
    # contributes their own rows and gives or withdraws their own consents; staff also read the
    # members' consent records (never their rows); administrators define the datasets.
    VIEW_DATASETS = "view_datasets"
    VIEW_CONSENTS = "view_consents"
    MANAGE_DATASETS = "manage_datasets"


_MEMBER_GOVERNANCE = frozenset({Perm.VIEW_DECISIONS, Perm.PARTICIPATE, Perm.VIEW_AUDIT})
_MEMBER_DATA = frozenset({Perm.VIEW_DATASETS})

_GRANTS: dict[str, frozenset[Perm]] = {
    Role.Name.MEMBER: frozenset({Perm.VIEW_PEOPLE, Perm.VIEW_HISTORY})
    | _MEMBER_GOVERNANCE
    | _MEMBER_DATA,
    # Staff keep the register day to day; the board decides the rules and runs decisions.
    Role.Name.STAFF: frozenset(
        {
            Perm.VIEW_PEOPLE,
            Perm.VIEW_HISTORY,
            Perm.INVITE_MEMBERS,
            Perm.DECIDE_JOIN_REQUESTS,
            Perm.VIEW_REGISTER,
        }
    )
    | {Perm.MANAGE_REGISTER, Perm.VIEW_CONSENTS}
    | _MEMBER_GOVERNANCE
    | _MEMBER_DATA,
    Role.Name.ADMIN: frozenset(Perm),
}


def roles_granting(perm: Perm) -> list[str]:
    """The roles that hold ``perm``: for queries across organizations (what waits for me)."""
    return [role for role, perms in _GRANTS.items() if perm in perms]


def role_of(user: Any, organization: Organization) -> str | None:
    if not user.is_authenticated or not user.is_active:
        return None
    cache: dict[int, str | None] = user.__dict__.setdefault("_org_roles", {})
    if organization.pk not in cache:
        cache[organization.pk] = _role_in(organization.pk, user.pk)
    return cache[organization.pk]


def _role_in(organization_id: int, user_id: int) -> str | None:
    """The person's role (one at most) in the organization. Every signed-in page of a co-op
    asks, so the query is written once per process in SQL: building it through the ORM took
    ten times its run on SQLite."""
    alias = router.db_for_read(Role)
    with connections[alias].cursor() as cursor:
        cursor.execute(_role_sql(alias), [organization_id, user_id])
        row = cursor.fetchone()
    return None if row is None else str(row[0])


@functools.cache
def _role_sql(alias: str) -> str:
    meta: Any = Role._meta
    q = connections[alias].ops.quote_name

    def column(name: str) -> str:
        return q(meta.get_field(name).column)

    # Only the model's own table and column names are formatted in; the values are parameters.
    return (
        f"SELECT {column('role')} FROM {q(meta.db_table)} "  # noqa: S608
        f"WHERE {column('organization')} = %s AND {column('user')} = %s"
    )


def has_perm(user: Any, perm: Perm, organization: Organization) -> bool:
    role = role_of(user, organization)
    return role is not None and perm in _GRANTS[role]


def perms_of(user: Any, organization: Organization) -> frozenset[Perm]:
    role = role_of(user, organization)
    return _GRANTS[role] if role is not None else frozenset()


def authorize(user: Any, perm: Perm, organization: Organization) -> None:
    if not has_perm(user, perm, organization):
        raise PermissionDenied(perm.value)


# What platform staff may do in any organization, to moderate the directory.
_MODERATION: frozenset[Perm] = frozenset(
    {Perm.EDIT_PROFILE, Perm.VIEW_HISTORY, Perm.VIEW_DUPLICATES, Perm.MANAGE_RELATIONSHIPS}
)


def is_moderator(user: Any) -> bool:
    """Platform staff moderate every profile, once they sign in with a second factor."""
    return bool(
        user.is_authenticated and user.is_active and user.is_staff and not mfa_missing(user)
    )


def can(user: Any, perm: Perm, organization: Organization) -> bool:
    """``has_perm``, plus the moderation powers of platform staff."""
    return has_perm(user, perm, organization) or (perm in _MODERATION and is_moderator(user))


def can_edit_profile(user: Any, organization: Organization) -> bool:
    return can(user, Perm.EDIT_PROFILE, organization)


def can_view_history(user: Any, organization: Organization) -> bool:
    return can(user, Perm.VIEW_HISTORY, organization)


def can_view_duplicates(user: Any, organization: Organization) -> bool:
    return can(user, Perm.VIEW_DUPLICATES, organization)


def can_manage_relationships(user: Any, organization: Organization) -> bool:
    return can(user, Perm.MANAGE_RELATIONSHIPS, organization)


def visible_perms(user: Any, organization: Organization) -> frozenset[Perm]:
    """What the pages may offer this person: their role's permissions and any moderation."""
    moderation = _MODERATION if is_moderator(user) else frozenset()
    return perms_of(user, organization) | moderation


def authorize_moderated(user: Any, perm: Perm, organization: Organization) -> None:
    """``authorize`` for the permissions platform staff also hold as moderators."""
    if not can(user, perm, organization):
        raise PermissionDenied(perm.value)


def forget_roles(user: Any) -> None:
    """Drop the per-request role cache after a role changes."""
    user.__dict__.pop("_org_roles", None)
