"""What waits for a person in governance, for the page "Needs my attention"
(organizations/attention.py): general meetings convened and proposals in discussion, in the
co-ops the person has a role in. GovernanceConfig.ready adds them to the page."""

from __future__ import annotations

from typing import Any

from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone

from intercoop.governance.models import Meeting, Proposal
from intercoop.organizations.attention import Item, my_organizations


def meetings_convened(user: Any) -> list[Item]:
    """General meetings of my co-ops that are convened and still ahead, or in session."""
    now = timezone.now()
    meetings = (
        Meeting.objects.filter(organization__in=my_organizations(user))
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
            organization__in=my_organizations(user), state=Proposal.State.DISCUSSION
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
