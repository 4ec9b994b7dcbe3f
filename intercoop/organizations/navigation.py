"""The one sub-navigation of a co-op's pages: a single list of entries, each with the
permission that shows it. Every page of a co-op (profile, people, governance, elections…)
renders it through ``organizations/_org_nav.html``, so the same person sees the same entries
everywhere, and only those they may open."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from intercoop.organizations.addresses import slug_path
from intercoop.organizations.models import Organization
from intercoop.organizations.policy import Perm, visible_perms


@dataclass(frozen=True)
class Entry:
    key: str
    label: Promise
    url_name: str  # takes the organization's slug
    perm: Perm | None  # None: shown to everyone, the public included


# In the order shown. The entry a page belongs to is the one whose address is the longest
# beginning of the page's address: /orgs/a/decisions/7/election/ belongs to "decisions".
ENTRIES: tuple[Entry, ...] = (
    Entry("profile", _("Profile"), "organizations:detail", None),
    Entry("proposals", _("Proposals"), "governance:proposal_list", Perm.VIEW_DECISIONS),
    Entry("decisions", _("Decisions"), "governance:decision_list", Perm.VIEW_DECISIONS),
    Entry("meetings", _("General meetings"), "governance:meeting_list", Perm.VIEW_DECISIONS),
    Entry("people", _("People and roles"), "organizations:people", Perm.VIEW_PEOPLE),
    Entry("register", _("Member register"), "governance:members", Perm.VIEW_REGISTER),
    Entry("rules", _("Voting rules"), "governance:rules", Perm.VIEW_DECISIONS),
    Entry("invitations", _("Invitations"), "organizations:invitations", Perm.INVITE_MEMBERS),
    Entry(
        "join_requests",
        _("Requests to join"),
        "organizations:join_requests",
        Perm.DECIDE_JOIN_REQUESTS,
    ),
    Entry("edit", _("Edit the profile"), "organizations:edit", Perm.EDIT_PROFILE),
    Entry("offers", _("Edit the products and services"), "organizations:offers", Perm.EDIT_PROFILE),
    Entry(
        "relationships",
        _("Relationships"),
        "organizations:relationships",
        Perm.MANAGE_RELATIONSHIPS,
    ),
    Entry("labels", _("Labels"), "labels:issuer", Perm.ISSUE_LABELS),
    Entry("catalogue", _("Catalogue"), "exchange:catalogue", None),
    Entry("listings", _("Offers and needs"), "exchange:org_listings", Perm.EDIT_PROFILE),
    Entry("cycles", _("Order cycles"), "exchange:org_cycles", Perm.EDIT_PROFILE),
    Entry("trace", _("Traceability"), "exchange:org_trace", Perm.EDIT_PROFILE),
    Entry("datasets", _("Data co-operative"), "datacoop:datasets", Perm.VIEW_DATASETS),
    Entry("audit", _("Audit log"), "governance:audit", Perm.VIEW_AUDIT),
    Entry("history", _("History"), "organizations:history", Perm.VIEW_HISTORY),
)


@dataclass(frozen=True)
class Link:
    key: str
    label: Promise
    url: str
    current: bool


def nav_links(user: Any, organization: Organization, path: str) -> list[Link]:
    """The entries ``user`` may open, with their addresses; the one ``path`` belongs to is
    current (found among all entries, so a page the person reached by another right, such as a
    public bulletin board, never marks another entry current)."""
    urls = {entry.key: slug_path(entry.url_name, organization.slug) for entry in ENTRIES}
    within = [key for key, url in urls.items() if path.startswith(url)]
    current = max(within, key=lambda key: len(urls[key]), default=None)
    perms = visible_perms(user, organization)
    return [
        Link(entry.key, entry.label, urls[entry.key], entry.key == current)
        for entry in ENTRIES
        if entry.perm is None or entry.perm in perms
    ]
