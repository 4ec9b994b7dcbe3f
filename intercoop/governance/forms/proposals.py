"""Forms of proposals, their discussion and attachments, and notification preferences.

They parse; the services decide (and their refusals are shown on the field they concern)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from intercoop.core.errors import ServiceError
from intercoop.governance.models import NotificationPreference
from intercoop.governance.services import proposals as services

# Proposals, amendments and comments are shown through ``{{ text|markdown }}``
# (intercoop.core.richtext): say what the writer may use.
MARKDOWN_HELP = _(
    "Formatting (Markdown): leave a blank line between paragraphs; start lines with “- ” for a "
    "list or “1. ” for a numbered one; *italics*, **bold**, [a link](https://example.org), "
    "and “> ” for a quotation."
)


class RefusalMixin:
    def add_refusal(self, refusal: ServiceError) -> None:
        name = getattr(refusal, "field", None)
        fields: dict[str, Any] = self.fields  # type: ignore[attr-defined]
        self.add_error(  # type: ignore[attr-defined]
            name if name in fields else None, refusal.message
        )


class ProposalForm(RefusalMixin, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=services.TITLE_MAX)
    body = forms.CharField(
        label=_("Text of the proposal"),
        max_length=services.BODY_MAX,
        widget=forms.Textarea(attrs={"rows": 14}),
        help_text=MARKDOWN_HELP,
    )
    language = forms.ChoiceField(
        label=_("Language of the text"),
        choices=settings.LANGUAGES,
        help_text=_("So that readers and screen readers know which language it is in."),
    )


class OpenForm(RefusalMixin, forms.Form):
    closes_at = forms.DateTimeField(
        label=_("Discussion closes (optional)"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text=_("After this date and time, no more comments or amendments."),
    )


class CommentForm(RefusalMixin, forms.Form):
    body = forms.CharField(
        label=_("Your comment"),
        max_length=services.COMMENT_MAX,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=MARKDOWN_HELP,
    )


class AmendmentForm(RefusalMixin, forms.Form):
    text = forms.CharField(
        label=_("Proposed text"),
        max_length=services.BODY_MAX,
        widget=forms.Textarea(attrs={"rows": 14}),
        help_text=format_lazy(
            "{} {}", _("The whole text of the proposal as you would have it."), MARKDOWN_HELP
        ),
    )
    rationale = forms.CharField(
        label=_("Why"),
        required=False,
        max_length=services.COMMENT_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class RejectForm(RefusalMixin, forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=services.REASON_MAX)


class AttachmentForm(RefusalMixin, forms.Form):
    file = forms.FileField(
        label=_("File"),
        help_text=_("PDF, PNG, JPEG, plain text, ODT or DOCX, at most 10 MB."),
        allow_empty_file=True,  # the service refuses it with a clearer message
    )


class PreferencesForm(forms.Form):
    """One choice per co-op the person has a role in."""

    def __init__(self, *args: Any, rows: list[tuple[Any, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.organizations = {}
        for org, current in rows:
            name = f"org-{org.pk}"
            self.organizations[name] = org
            self.fields[name] = forms.ChoiceField(
                label=org.name,
                choices=NotificationPreference.Email.choices,
                initial=current,
            )

    def choices(self) -> list[tuple[Any, str]]:
        return [(org, self.cleaned_data[name]) for name, org in self.organizations.items()]
