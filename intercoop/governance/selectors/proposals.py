"""Reads of proposals, their discussion, and people's notifications; and what the services
check before they write (who manages, an attachment's type and name)."""

from __future__ import annotations

import codecs
import os
import unicodedata
import zipfile
from dataclasses import dataclass, field
from typing import IO, Any

from django.conf import settings
from django.db.models import Case, Q, QuerySet, Value, When
from django.urls import translate_url
from django.utils import translation
from django.utils.translation import gettext as _

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

TITLE_MAX = 200


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


# --- What the services check before they write: who manages, an upload's type and name ---------


def may_manage(user: Any, organization: Organization) -> bool:
    return has_perm(user, Perm.MANAGE_DECISIONS, organization)


ODT_MIME = "application/vnd.oasis.opendocument.text"


DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


_TEXT_SNIFF_BYTES = 64 * 1024


def _zip_type(stream: IO[bytes], head: bytes) -> str | None:
    # An OpenDocument file starts with an uncompressed "mimetype" entry naming its type.
    if head[30:38] == b"mimetype" and head[38 : 38 + len(ODT_MIME)] == ODT_MIME.encode():
        return ODT_MIME
    try:
        stream.seek(0)
        with zipfile.ZipFile(stream) as archive:  # reads the directory only, never extracts
            names = set(archive.namelist())
    except (zipfile.BadZipFile, ValueError, OSError):
        return None
    if "[Content_Types].xml" in names and "word/document.xml" in names:
        return DOCX_MIME
    return None


def _looks_like_text(head: bytes) -> bool:
    if b"\x00" in head:
        return False
    try:
        # A multi-byte character may be cut at the end of the sample: "final=False" allows it.
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
    except UnicodeDecodeError:
        return False
    return all(ch in "\t\n\r\f" or ord(ch) >= 32 for ch in head.decode("utf-8", "ignore"))


def sniff_type(stream: IO[bytes]) -> str | None:
    """The file's type from its first bytes (never its name), or None if not allowed."""
    stream.seek(0)
    head = stream.read(_TEXT_SNIFF_BYTES)
    stream.seek(0)
    if head.startswith(b"%PDF-"):
        return "application/pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith(b"PK\x03\x04"):
        return _zip_type(stream, head)
    if head and _looks_like_text(head):
        return "text/plain"
    return None


def clean_file_name(name: str) -> str:
    """A file name safe to show and to offer for download: no path, no control characters."""
    name = os.path.basename((name or "").replace("\\", "/"))
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C").strip(" .")
    if len(name) > TITLE_MAX:
        stem, ext = os.path.splitext(name)
        name = stem[: TITLE_MAX - len(ext[:20])] + ext[:20]
    return name or "attachment"


# --- A notification as its reader reads it ------------------------------------------------------


def notification_text(notification: Notification) -> str:
    """The message in the active language."""
    values = dict(notification.values)
    return _(notification.template) % values if values else _(notification.template)


def notification_link(notification: Notification) -> str:
    """The notification's path in the active language: it was reversed in the language of
    whoever acted, and the reader may read another."""
    language = translation.get_language() or settings.LANGUAGE_CODE
    written_in = translation.get_language_from_path(notification.url)
    if written_in is None or written_in == language:
        return notification.url
    # The path resolves only while its own language is active.
    with translation.override(written_in):
        return translate_url(notification.url, language)
