"""Reads of proposals, their discussion, and people's notifications."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Case, Q, QuerySet, Value, When

from intercoop.governance.models import (
    Amendment,
    Attachment,
    Comment,
    Notification,
    NotificationPreference,
    Proposal,
)
from intercoop.organizations.models import Organization
from intercoop.organizations.policy import Perm, has_perm


def proposals_visible(organization: Organization, user: Any) -> QuerySet[Proposal]:
    """The co-op's proposals this person may read: all but other people's drafts, which only
    their author and the board see. The caller has checked VIEW_DECISIONS."""
    proposals = Proposal.objects.filter(organization=organization).select_related("author")
    if has_perm(user, Perm.MANAGE_DECISIONS, organization):
        return proposals
    return proposals.filter(~Q(state=Proposal.State.DRAFT) | Q(author=user))


def proposal_list(
    organization: Organization, user: Any, state: str | None = None
) -> QuerySet[Proposal]:
    proposals = proposals_visible(organization, user)
    if state:
        proposals = proposals.filter(state=state)
    return proposals


def proposal_counts(organization: Organization, user: Any) -> dict[str, int]:
    counts: dict[str, int] = {}
    for state in proposals_visible(organization, user).values_list("state", flat=True):
        counts[state] = counts.get(state, 0) + 1
    return counts


@dataclass
class Thread:
    """A comment and its replies, for nested lists."""

    comment: Comment
    replies: list[Thread] = field(default_factory=list)


def comment_threads(proposal: Proposal) -> list[Thread]:
    """The discussion as a forest, oldest first, in one query."""
    nodes: dict[int, Thread] = {}
    roots: list[Thread] = []
    comments = Comment.objects.filter(proposal=proposal).select_related("author")
    for comment in comments.order_by("created_at", "pk"):
        nodes[comment.pk] = Thread(comment)
    for thread in nodes.values():
        parent = thread.comment.parent_id
        if parent is not None and parent in nodes:
            nodes[parent].replies.append(thread)
        else:
            roots.append(thread)
    return roots


def amendments_of(proposal: Proposal) -> QuerySet[Amendment]:
    return Amendment.objects.filter(proposal=proposal).select_related("author", "decided_by")


def attachments_of(proposal: Proposal) -> QuerySet[Attachment]:
    return Attachment.objects.filter(proposal=proposal).select_related("uploaded_by")


def proposal_versions(proposal: Proposal) -> QuerySet[Any]:
    """The recorded versions of the proposal, newest first."""
    return proposal.history.select_related("history_user").order_by("-history_date", "-history_id")


# --- Notifications -----------------------------------------------------------------------


def notifications_of(user: Any) -> QuerySet[Notification]:
    """A person's notifications in every co-op, unread first, newest first."""
    return (
        Notification.objects.filter(user=user)
        .select_related("organization")
        .order_by(
            Case(When(read_at__isnull=True, then=Value(0)), default=Value(1)),
            "-created_at",
            "-pk",
        )
    )


def unread_count(user: Any) -> int:
    if not user.is_authenticated:
        return 0
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


def preference_rows(user: Any) -> list[tuple[Organization, str]]:
    """Each co-op the person has a role in, with their email preference there."""
    organizations = Organization.objects.filter(roles__user=user).order_by("name").distinct()
    chosen = dict(
        NotificationPreference.objects.filter(user=user).values_list("organization_id", "email")
    )
    return [(org, chosen.get(org.pk, NotificationPreference.Email.EACH)) for org in organizations]
