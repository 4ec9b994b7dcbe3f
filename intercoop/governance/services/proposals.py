"""Writes of proposals and their deliberation: drafts, the discussion, threaded comments,
amendments and attachments. Each service authorizes its caller, runs in one transaction and
appends the significant steps to the co-op's audit log.

A proposal goes draft → discussion → (vote → outcome, set by the decisions services), and may
be withdrawn from draft or discussion. Drafts are seen only by their author and the board.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from intercoop.accounts.models import User
from intercoop.core.errors import Conflict, ServiceError
from intercoop.governance.audit import audit_append
from intercoop.governance.models import Amendment, Attachment, Comment, Proposal
from intercoop.governance.selectors.proposals import (
    TITLE_MAX,
    clean_file_name,
    may_manage,
    sniff_type,
)
from intercoop.governance.services.notifications import notify
from intercoop.organizations.models import Organization
from intercoop.organizations.policy import Perm, authorize

BODY_MAX = 100_000
COMMENT_MAX = 10_000
REASON_MAX = 300
ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024
ATTACHMENTS_PER_PROPOSAL = 50
# The same text sent again by the same person within this time is a double submission.
DOUBLE_SUBMIT = timedelta(minutes=2)


class FieldRefused(ServiceError):
    """A refusal about one field, so the page can show it beside that field."""

    def __init__(self, field_name: str, message: str, *, code: str = "invalid") -> None:
        super().__init__(message, code=code)
        self.field = field_name


def _locked(proposal: Proposal) -> Proposal:
    """The proposal re-read under a row lock, so two submissions take turns."""
    return Proposal.objects.select_for_update().select_related("organization").get(pk=proposal.pk)


def _refuse_state(proposal: Proposal, allowed: tuple[str, ...], action: str) -> None:
    if proposal.state not in allowed:
        raise Conflict(
            _("This proposal is “%(state)s”, so it cannot be %(action)s.")
            % {"state": proposal.get_state_display(), "action": action},
            code="wrong_state",
        )


def _clean_text(value: str, field_name: str, limit: int, missing: str) -> str:
    value = (value or "").strip()
    if not value:
        raise FieldRefused(field_name, missing, code=f"{field_name}_missing")
    if len(value) > limit:
        raise FieldRefused(
            field_name,
            _("At most %(limit)d characters, please.") % {"limit": limit},
            code=f"{field_name}_too_long",
        )
    return value


def _proposal_url(proposal: Proposal) -> str:
    return reverse("governance:proposal_detail", args=[proposal.organization.slug, proposal.pk])


def _twice() -> Conflict:
    return Conflict(_("You have just sent this; it was saved once."), code="double_submit")


def _discussion_is_open(proposal: Proposal, now: datetime) -> None:
    _refuse_state(proposal, (Proposal.State.DISCUSSION,), _("discussed"))
    if proposal.discussion_closes_at is not None and now >= proposal.discussion_closes_at:
        raise Conflict(
            _("The discussion of this proposal closed on %(when)s.")
            % {
                "when": date_format(
                    timezone.localtime(proposal.discussion_closes_at), "SHORT_DATETIME_FORMAT"
                )
            },
            code="discussion_closed",
        )


# --- Proposals ---------------------------------------------------------------------------


def proposal_create(
    *, organization: Organization, title: str, body: str, language: str, by: User
) -> Proposal:
    authorize(by, Perm.PARTICIPATE, organization)
    title = _clean_text(title, "title", TITLE_MAX, _("A title is needed."))
    body = _clean_text(body, "body", BODY_MAX, _("The text of the proposal is needed."))
    with transaction.atomic():
        # Locking the co-op's row makes two identical submissions take turns.
        Organization.objects.select_for_update().filter(pk=organization.pk).first()
        if Proposal.objects.filter(
            organization=organization,
            author=by,
            title=title,
            body=body,
            created_at__gte=timezone.now() - DOUBLE_SUBMIT,
        ).exists():
            raise _twice()
        proposal = Proposal(
            organization=organization, title=title, body=body, language=language, author=by
        )
        proposal._history_user = by  # type: ignore[attr-defined]
        proposal._change_reason = "created"  # type: ignore[attr-defined]
        proposal.save()
        audit_append(
            organization=organization,
            action="proposal.created",
            by=by,
            obj=proposal,
            data={"title": title},
        )
    return proposal


def proposal_update(
    *, proposal: Proposal, title: str, body: str, language: str, by: User
) -> Proposal:
    """The author edits their draft; once discussed, the text changes only by amendments."""
    authorize(by, Perm.PARTICIPATE, proposal.organization)
    title = _clean_text(title, "title", TITLE_MAX, _("A title is needed."))
    body = _clean_text(body, "body", BODY_MAX, _("The text of the proposal is needed."))
    with transaction.atomic():
        current = _locked(proposal)
        if current.author_id != by.pk:
            raise ServiceError(
                _("Only the author may edit a draft."), code="not_author", status=403
            )
        _refuse_state(current, (Proposal.State.DRAFT,), _("edited"))
        current.title, current.body, current.language = title, body, language
        current._history_user = by  # type: ignore[attr-defined]
        current._change_reason = "edited"  # type: ignore[attr-defined]
        current.save()
    return current


def proposal_open(
    *,
    proposal: Proposal,
    by: User,
    closes_at: datetime | None = None,
    now: datetime | None = None,
) -> Proposal:
    """Open a draft for discussion (its author or the board) and tell the co-op's people."""
    organization = proposal.organization
    authorize(by, Perm.PARTICIPATE, organization)
    now = now or timezone.now()
    if closes_at is not None and closes_at <= now:
        raise FieldRefused(
            "closes_at",
            _("The discussion must close in the future."),
            code="closes_in_the_past",
        )
    with transaction.atomic():
        current = _locked(proposal)
        if current.author_id != by.pk and not may_manage(by, organization):
            raise ServiceError(
                _("Only the author or the board may open this proposal for discussion."),
                code="not_author",
                status=403,
            )
        _refuse_state(current, (Proposal.State.DRAFT,), _("opened for discussion"))
        current.state = Proposal.State.DISCUSSION
        current.discussion_opened_at = now
        current.discussion_closes_at = closes_at
        current._history_user = by  # type: ignore[attr-defined]
        current._change_reason = "opened"  # type: ignore[attr-defined]
        current.save()
        audit_append(
            organization=organization,
            action="proposal.opened",
            by=by,
            obj=current,
            data={
                "title": current.title,
                "closes_at": closes_at.isoformat() if closes_at else None,
            },
        )
        people = User.objects.filter(org_roles__organization=organization, is_active=True).exclude(
            pk=by.pk
        )
        notify(
            users=people,
            organization=organization,
            kind="proposal.opened",
            template=gettext_noop("The proposal “%(title)s” is open for discussion."),
            values={"title": current.title},
            url=_proposal_url(current),
            dedupe_key=f"proposal.opened:{current.pk}",
        )
    return current


def proposal_withdraw(*, proposal: Proposal, by: User) -> Proposal:
    organization = proposal.organization
    authorize(by, Perm.PARTICIPATE, organization)
    with transaction.atomic():
        current = _locked(proposal)
        if current.author_id != by.pk and not may_manage(by, organization):
            raise ServiceError(
                _("Only the author or the board may withdraw this proposal."),
                code="not_author",
                status=403,
            )
        _refuse_state(current, (Proposal.State.DRAFT, Proposal.State.DISCUSSION), _("withdrawn"))
        previous = current.state
        current.state = Proposal.State.WITHDRAWN
        current._history_user = by  # type: ignore[attr-defined]
        current._change_reason = "withdrawn"  # type: ignore[attr-defined]
        current.save()
        audit_append(
            organization=organization,
            action="proposal.withdrawn",
            by=by,
            obj=current,
            data={"title": current.title, "from": previous},
        )
    return current


# --- Comments ----------------------------------------------------------------------------


def comment_create(
    *,
    proposal: Proposal,
    body: str,
    by: User,
    parent: Comment | None = None,
    now: datetime | None = None,
) -> Comment:
    organization = proposal.organization
    authorize(by, Perm.PARTICIPATE, organization)
    body = _clean_text(body, "body", COMMENT_MAX, _("Write a comment first."))
    now = now or timezone.now()
    if parent is not None and parent.proposal_id != proposal.pk:
        raise ServiceError(
            _("You can only reply to a comment on the same proposal."), code="wrong_parent"
        )
    with transaction.atomic():
        current = _locked(proposal)
        _discussion_is_open(current, now)
        if Comment.objects.filter(
            proposal=current,
            parent=parent,
            author=by,
            body=body,
            created_at__gte=now - DOUBLE_SUBMIT,
        ).exists():
            raise _twice()
        comment = Comment.objects.create(
            proposal=current, parent=parent, author=by, body=body, created_at=now
        )
        if parent is not None and parent.author_id not in (None, by.pk):
            notify(
                users=[parent.author],
                organization=organization,
                kind="comment.reply",
                template=gettext_noop("%(name)s replied to your comment on “%(title)s”."),
                values={"name": by.name or by.email, "title": current.title},
                url=_proposal_url(current) + f"#comment-{comment.pk}",
            )
    return comment


# --- Amendments --------------------------------------------------------------------------


def amendment_create(
    *, proposal: Proposal, text: str, rationale: str, by: User, now: datetime | None = None
) -> Amendment:
    organization = proposal.organization
    authorize(by, Perm.PARTICIPATE, organization)
    text = _clean_text(text, "text", BODY_MAX, _("The proposed text is needed."))
    rationale = (rationale or "").strip()
    if len(rationale) > COMMENT_MAX:
        raise FieldRefused(
            "rationale",
            _("At most %(limit)d characters, please.") % {"limit": COMMENT_MAX},
            code="rationale_too_long",
        )
    now = now or timezone.now()
    with transaction.atomic():
        current = _locked(proposal)
        _discussion_is_open(current, now)
        if text == current.body:
            raise FieldRefused(
                "text", _("The proposed text is the same as the current one."), code="unchanged"
            )
        if current.amendments.filter(author=by, text=text, state=Amendment.State.PROPOSED).exists():
            raise _twice()
        amendment = Amendment.objects.create(
            proposal=current, author=by, text=text, rationale=rationale, created_at=now
        )
    return amendment


def _locked_amendment(amendment: Amendment) -> tuple[Proposal, Amendment]:
    proposal = _locked(amendment.proposal)
    return proposal, Amendment.objects.select_for_update().get(pk=amendment.pk)


def _refuse_amendment_state(amendment: Amendment) -> None:
    if amendment.state != Amendment.State.PROPOSED:
        raise Conflict(
            _("This amendment is already %(state)s.")
            % {"state": amendment.get_state_display().lower()},
            code="amendment_decided",
        )


def _amendment_decided(
    proposal: Proposal, amendment: Amendment, template: str, action: str, by: User
) -> None:
    organization = proposal.organization
    audit_append(
        organization=organization,
        action=action,
        by=by,
        obj=amendment,
        data={"proposal": proposal.pk, "reason": amendment.decision_note},
    )
    if amendment.author_id is not None and amendment.author_id != by.pk:
        notify(
            users=[amendment.author],
            organization=organization,
            kind=action,
            template=template,
            values={"title": proposal.title},
            url=_proposal_url(proposal) + f"#amendment-{amendment.pk}",
        )


def amendment_accept(
    *, amendment: Amendment, by: User, note: str = "", now: datetime | None = None
) -> Amendment:
    """The board accepts an amendment: its text replaces the proposal's, whose former text
    stays in the proposal's history."""
    organization = amendment.proposal.organization
    authorize(by, Perm.MANAGE_DECISIONS, organization)
    now = now or timezone.now()
    with transaction.atomic():
        proposal, current = _locked_amendment(amendment)
        _refuse_amendment_state(current)
        _refuse_state(proposal, (Proposal.State.DISCUSSION,), _("amended"))
        current.state = Amendment.State.ACCEPTED
        current.decided_at, current.decided_by = now, by
        current.decision_note = (note or "").strip()[:REASON_MAX]
        current.save()
        proposal.body = current.text
        proposal._history_user = by  # type: ignore[attr-defined]
        proposal._change_reason = f"amendment {current.pk}"  # type: ignore[attr-defined]
        proposal.save()
        _amendment_decided(
            proposal,
            current,
            gettext_noop("Your amendment to “%(title)s” was accepted."),
            "amendment.accepted",
            by,
        )
    return current


def amendment_reject(
    *, amendment: Amendment, by: User, reason: str, now: datetime | None = None
) -> Amendment:
    organization = amendment.proposal.organization
    authorize(by, Perm.MANAGE_DECISIONS, organization)
    reason = _clean_text(reason, "reason", REASON_MAX, _("Say why the amendment is rejected."))
    now = now or timezone.now()
    with transaction.atomic():
        proposal, current = _locked_amendment(amendment)
        _refuse_amendment_state(current)
        current.state = Amendment.State.REJECTED
        current.decided_at, current.decided_by = now, by
        current.decision_note = reason
        current.save()
        _amendment_decided(
            proposal,
            current,
            gettext_noop("Your amendment to “%(title)s” was rejected."),
            "amendment.rejected",
            by,
        )
    return current


def amendment_withdraw(*, amendment: Amendment, by: User, now: datetime | None = None) -> Amendment:
    authorize(by, Perm.PARTICIPATE, amendment.proposal.organization)
    with transaction.atomic():
        current = _locked_amendment(amendment)[1]
        if current.author_id != by.pk:
            raise ServiceError(
                _("Only its author may withdraw an amendment."), code="not_author", status=403
            )
        _refuse_amendment_state(current)
        current.state = Amendment.State.WITHDRAWN
        current.decided_at = now or timezone.now()
        current.save()
    return current


# --- Attachments -------------------------------------------------------------------------


@dataclass(frozen=True)
class _Checked:
    content_type: str
    sha256: str
    size: int


def _check_upload(upload: UploadedFile) -> _Checked:
    size = upload.size or 0
    if size > ATTACHMENT_MAX_BYTES:
        too_large = FieldRefused(
            "file",
            _("The file is too large: at most %(mb)d MB.")
            % {"mb": ATTACHMENT_MAX_BYTES // (1024 * 1024)},
            code="file_too_large",
        )
        too_large.status = 413  # as every upload over its limit
        raise too_large
    if size == 0:
        raise FieldRefused("file", _("The file is empty."), code="file_empty")
    content_type = sniff_type(upload.file)  # type: ignore[arg-type]
    if content_type is None:
        raise FieldRefused(
            "file",
            _("This kind of file is not accepted. Send a PDF, PNG, JPEG, plain text, ODT or DOCX."),
            code="file_type",
        )
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return _Checked(content_type, digest.hexdigest(), size)


def attachment_add(*, proposal: Proposal, upload: UploadedFile, by: User) -> Attachment:
    """Attach a file to a proposal: its author or the board, before the vote."""
    organization = proposal.organization
    authorize(by, Perm.PARTICIPATE, organization)
    checked = _check_upload(upload)
    name = clean_file_name(upload.name or "")
    with transaction.atomic():
        current = _locked(proposal)
        if current.author_id != by.pk and not may_manage(by, organization):
            raise ServiceError(
                _("Only the author or the board may attach files to this proposal."),
                code="not_author",
                status=403,
            )
        _refuse_state(
            current, (Proposal.State.DRAFT, Proposal.State.DISCUSSION), _("given attachments")
        )
        if current.attachments.filter(sha256=checked.sha256).exists():
            raise FieldRefused("file", _("This file is already attached."), code="already_attached")
        if current.attachments.count() >= ATTACHMENTS_PER_PROPOSAL:
            raise FieldRefused(
                "file",
                _("A proposal may have at most %(n)d attachments.")
                % {"n": ATTACHMENTS_PER_PROPOSAL},
                code="too_many_attachments",
            )
        attachment = Attachment(
            proposal=current,
            name=name,
            content_type=checked.content_type,
            size=checked.size,
            sha256=checked.sha256,
            uploaded_by=by,
        )
        # The storage writes the file under a random name (models.attachment_path); if the
        # transaction fails after that, the orphan file is removed below.
        attachment.file.save(name, upload, save=False)
        try:
            attachment.save()
            audit_append(
                organization=organization,
                action="attachment.added",
                by=by,
                obj=attachment,
                data={"proposal": current.pk, "name": name, "sha256": checked.sha256},
            )
        except BaseException:
            attachment.file.delete(save=False)
            raise
    return attachment
