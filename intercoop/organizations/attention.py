"""Selectors of the page "Needs my attention": what waits for a person in the co-ops they
belong to, one function per kind, each one query (two for trustee tasks) whatever the number
of items. Every item links to where to act and carries its deadline, if it has one.

The page gathers from every area, but only through the person's roles here (governance and
the verifiable ballots add their kinds with ``add_kind``, reading through ``my_organizations``):
nothing shows of a co-op they have no role in, except an invitation addressed to one of their
verified email addresses and, for a trustee, their own task.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from allauth.account.models import EmailAddress
from django.db.models import QuerySet
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone

from intercoop.organizations.models import Invitation, JoinRequest, Organization, Role
from intercoop.organizations.policy import Perm, roles_granting


@dataclass(frozen=True)
class Item:
    organization: Organization
    title: str
    url: str
    deadline: datetime | None = None
    since: datetime | None = None  # when it started waiting, for items without a deadline
    count: int = 1  # how many (ballots to cast in one decision, for a representative)
    state: str = ""  # a word on where it stands, for people


def my_organizations(user: Any) -> QuerySet[Role, Any]:
    return Role.objects.filter(user=user).values("organization_id")


def invitations_received(user: Any) -> list[Item]:
    """Open, unexpired invitations sent to one of my verified addresses."""
    mine = (
        EmailAddress.objects.filter(user=user, verified=True)
        .annotate(address=Lower("email"))
        .values("address")
    )
    invitations = (
        Invitation.objects.filter(
            email__in=mine,
            accepted_at__isnull=True,
            revoked_at__isnull=True,
            expires_at__gt=timezone.now(),
        )
        .select_related("organization")
        .order_by("expires_at", "pk")
    )
    return [
        Item(
            i.organization,
            i.get_role_display(),
            reverse("organizations:invitation_received", args=[i.pk]),
            deadline=i.expires_at,
            since=i.created_at,
        )
        for i in invitations
    ]


def join_requests_to_decide(user: Any) -> list[Item]:
    """Requests to join the co-ops where I may decide them, oldest first."""
    deciding = Role.objects.filter(
        user=user, role__in=roles_granting(Perm.DECIDE_JOIN_REQUESTS)
    ).values("organization_id")
    requests = (
        JoinRequest.objects.filter(organization__in=deciding, status=JoinRequest.Status.PENDING)
        .select_related("organization", "user")
        .order_by("created_at", "pk")
    )
    return [
        Item(
            r.organization,
            str(r.user),
            reverse("organizations:join_requests", args=[r.organization.slug]),
            since=r.created_at,
        )
        for r in requests
    ]


# What waits for a person, by kind: the organizations' own kinds here; governance and ballots
# add theirs when Django starts (``add_kind`` in their AppConfig.ready), so that this app
# imports neither. The page shows each kind in its own section, in the template's order.
KINDS: dict[str, Callable[[Any], list[Item]]] = {
    "invitations": invitations_received,
    "join_requests": join_requests_to_decide,
}


def add_kind(kind: str, select: Callable[[Any], list[Item]]) -> None:
    """Show what ``select(user)`` gives on the page, as the section ``kind``."""
    KINDS[kind] = select


def attention_items(user: Any) -> dict[str, list[Item]]:
    """Everything that waits for ``user``, by kind, in the order the page shows them."""
    return {kind: select(user) for kind, select in KINDS.items()}
