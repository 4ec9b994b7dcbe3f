"""Selectors of the page "Needs my attention": what waits for a person in the co-ops they
belong to, one function per kind, each one query (two for trustee tasks) whatever the number
of items. Every item links to where to act and carries its deadline, if it has one.

The page gathers from every area (governance, verifiable ballots), but only through the
person's roles here: nothing shows of a co-op they have no role in, except an invitation
addressed to one of their verified email addresses and, for a trustee, their own task.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from allauth.account.models import EmailAddress
from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone

from intercoop.ballots import selectors as ballots
from intercoop.ballots.models import Election, Trustee
from intercoop.governance.models import Decision, Meeting, Participation, Proposal, RollEntry
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


def _my_organizations(user: Any) -> QuerySet[Role, Any]:
    return Role.objects.filter(user=user).values("organization_id")


def votes_to_cast(user: Any) -> list[Item]:
    """Open votes in my co-ops where a ballot of mine (mine, or a member's I represent) is
    not cast yet. A verifiable vote counts only while its election is open; the server knows
    who has voted there too (``Participation``), never how. Resolutions of a general meeting
    are cast at the meeting, which the meetings list shows."""
    voted = Participation.objects.filter(decision=OuterRef("decision"), member=OuterRef("member"))
    entries = (
        RollEntry.objects.filter(
            voter=user,
            decision__state=Decision.State.OPEN,
            decision__meeting__isnull=True,
            decision__organization__in=_my_organizations(user),
        )
        .filter(
            ~Q(decision__secrecy=Decision.Secrecy.VERIFIABLE)
            | Q(decision__election__state=Election.State.OPEN)
        )
        .exclude(Exists(voted))
        .select_related("decision__organization")
        .order_by(F("decision__closes_at").asc(nulls_last=True), "decision_id")
    )
    items: dict[int, Item] = {}
    for entry in entries:
        decision = entry.decision
        if decision.pk in items:
            items[decision.pk] = replace(items[decision.pk], count=items[decision.pk].count + 1)
            continue
        org = decision.organization
        if decision.secrecy == Decision.Secrecy.VERIFIABLE:
            url = reverse("ballots:booth", args=[org.slug, decision.pk])
        else:
            url = reverse("governance:decision_detail", args=[org.slug, decision.pk])
        items[decision.pk] = Item(org, decision.title, url, deadline=decision.closes_at)
    return list(items.values())


def meetings_convened(user: Any) -> list[Item]:
    """General meetings of my co-ops that are convened and still ahead, or in session."""
    now = timezone.now()
    meetings = (
        Meeting.objects.filter(organization__in=_my_organizations(user))
        .filter(
            Q(state=Meeting.State.OPEN)
            | Q(state=Meeting.State.CONVENED, starts_at__gt=now)
            | Q(state=Meeting.State.ADJOURNED, second_call_at__gt=now)
        )
        .select_related("organization")
        .order_by("starts_at", "pk")
    )
    return [
        Item(
            m.organization,
            m.title,
            reverse("governance:meeting_detail", args=[m.organization.slug, m.pk]),
            deadline=m.second_call_at if m.state == Meeting.State.ADJOURNED else m.starts_at,
            state=m.get_state_display(),
        )
        for m in meetings
    ]


def proposals_in_discussion(user: Any) -> list[Item]:
    """Proposals of my co-ops open for discussion, until their discussion closes."""
    proposals = (
        Proposal.objects.filter(
            organization__in=_my_organizations(user), state=Proposal.State.DISCUSSION
        )
        .filter(Q(discussion_closes_at__isnull=True) | Q(discussion_closes_at__gt=timezone.now()))
        .select_related("organization")
        .order_by(F("discussion_closes_at").asc(nulls_last=True), "pk")
    )
    return [
        Item(
            p.organization,
            p.title,
            reverse("governance:proposal_detail", args=[p.organization.slug, p.pk]),
            deadline=p.discussion_closes_at,
            since=p.discussion_opened_at,
        )
        for p in proposals
    ]


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


def trustee_tasks(user: Any) -> list[Item]:
    """Verifiable elections where I am a trustee and a file of mine is due: a step of the key
    ceremony, or my share of the decryption."""
    trustees = (
        Trustee.objects.filter(
            user=user, election__state__in=[Election.State.CEREMONY, Election.State.DECRYPTING]
        )
        .select_related("election__decision__organization")
        .prefetch_related("election__trustees")
        .order_by("election_id")
    )
    items = []
    for trustee in trustees:
        election = trustee.election
        task = ballots.trustee_task(election, trustee)
        if not task.upload:
            continue  # waiting for the other trustees
        decision = election.decision
        org = decision.organization
        items.append(
            Item(
                org,
                decision.title,
                reverse("ballots:trustee", args=[org.slug, decision.pk]),
                state=task.message,
            )
        )
    return items


KINDS = (
    ("votes", votes_to_cast),
    ("trustee_tasks", trustee_tasks),
    ("meetings", meetings_convened),
    ("invitations", invitations_received),
    ("join_requests", join_requests_to_decide),
    ("proposals", proposals_in_discussion),
)


def attention_items(user: Any) -> dict[str, list[Item]]:
    """Everything that waits for ``user``, by kind, in the order the page shows them."""
    return {kind: select(user) for kind, select in KINDS}
