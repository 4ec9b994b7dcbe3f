"""Forms of the labels app. They parse; the services decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.db.models import QuerySet
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from intercoop.core.errors import ServiceError
from intercoop.labels.models import LANGUAGES, Achievement

IMAGE_MAX_BYTES = 512 * 1024
IMPORT_MAX_BYTES = 2 * 1024 * 1024  # as services.IMPORT_MAX_BYTES
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
LANGUAGE_CHOICES = [("en", _("English")), ("fr", _("French")), ("es", _("Spanish"))]


def organization_slug(value: object) -> str:
    """The slug an organization field names: an address ending in /orgs/<slug>/, or it."""
    text = str(value).strip().rstrip("/")
    return text.rsplit("/orgs/", 1)[-1].split("/")[0] if "/orgs/" in text else text


class RefusalForm(forms.Form):
    def add_refusal(self, refusal: ServiceError) -> None:
        self.add_error(None, refusal.message)


class AchievementForm(RefusalForm):
    kind = forms.ChoiceField(label=_("Kind"), choices=Achievement.Kind.choices)
    name_en = forms.CharField(label=_("Name in English"), max_length=200)
    name_fr = forms.CharField(label=_("Name in French"), max_length=200)
    name_es = forms.CharField(label=_("Name in Spanish"), max_length=200)
    description_en = forms.CharField(label=_("Description in English"), widget=forms.Textarea)
    description_fr = forms.CharField(label=_("Description in French"), widget=forms.Textarea)
    description_es = forms.CharField(label=_("Description in Spanish"), widget=forms.Textarea)
    criteria_en = forms.CharField(
        label=_("Criteria in English"),
        widget=forms.Textarea,
        help_text=_("What the holder did to earn it."),
    )
    criteria_fr = forms.CharField(label=_("Criteria in French"), widget=forms.Textarea)
    criteria_es = forms.CharField(label=_("Criteria in Spanish"), widget=forms.Textarea)
    image = forms.FileField(
        label=_("Image"), required=False, help_text=_("A PNG image, at most 512 kB.")
    )
    alignment_name = forms.CharField(
        label=_("Aligned to (name)"),
        max_length=200,
        required=False,
        help_text=_("A framework, standard or competency outside this site, if there is one."),
    )
    alignment_url = forms.URLField(
        label=_("Aligned to (address)"), required=False, assume_scheme="https"
    )
    alignment_framework = forms.CharField(label=_("Framework"), max_length=200, required=False)
    alignment_code = forms.CharField(
        label=_("Code in the framework"), max_length=100, required=False
    )

    def clean_image(self) -> UploadedFile | None:
        image: UploadedFile | None = self.cleaned_data.get("image")
        if image is None:
            return None
        if (image.size or 0) > IMAGE_MAX_BYTES:
            raise forms.ValidationError(_("The image is larger than 512 kB."))
        head = image.read(len(PNG_SIGNATURE))
        image.seek(0)
        if head != PNG_SIGNATURE:
            raise forms.ValidationError(_("The image must be a PNG file."))
        return image

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if bool(data.get("alignment_name")) != bool(data.get("alignment_url")):
            raise forms.ValidationError(
                _("An alignment needs both its name and its address, or neither.")
            )
        return data

    def texts(self) -> dict[str, str]:
        return {
            f"{field}_{lang}": self.cleaned_data[f"{field}_{lang}"]
            for field in ("name", "description", "criteria")
            for lang in LANGUAGES
        }

    def alignments(self) -> list[dict[str, str]]:
        data = self.cleaned_data
        if not data.get("alignment_name"):
            return []
        return [
            {
                "target_name": data["alignment_name"],
                "target_url": data["alignment_url"],
                "target_framework": data.get("alignment_framework", ""),
                "target_code": data.get("alignment_code", ""),
            }
        ]


class IssueForm(RefusalForm):
    email = forms.EmailField(label=_("Email address of the recipient"))
    name = forms.CharField(label=_("Name of the recipient"), max_length=200, required=False)
    language = forms.ChoiceField(label=_("Language of the label"), choices=LANGUAGE_CHOICES)
    valid_until = forms.DateField(
        label=_("Valid until"),
        required=False,
        help_text=_("Leave empty for a label that does not expire."),
        widget=forms.DateInput(attrs={"type": "date"}),
    )


class IssueManyForm(RefusalForm):
    # Beside the form for one person on the same page: its fields get other ids.
    prefix = "many"

    file = forms.FileField(
        label=_("CSV file"),
        help_text=_(
            "UTF-8, with a header row: email (required), name, language (en, fr or es), "
            "valid_until (YYYY-MM-DD). At most 2 MB."
        ),
    )
    language = forms.ChoiceField(
        label=_("Language of the labels"),
        choices=LANGUAGE_CHOICES,
        help_text=_("For the rows whose language column is empty."),
    )

    def content(self) -> bytes:
        upload: UploadedFile = self.cleaned_data["file"]
        return upload.read(IMPORT_MAX_BYTES + 1)


VERIFY_MAX_BYTES = 1024 * 1024  # as checks.MAX_BYTES


class VerifyForm(RefusalForm):
    """A credential to verify: pasted, or a file (its JSON, or a PNG or SVG image baked with
    it)."""

    text = forms.CharField(
        label=_("Paste the credential (JSON)"), widget=forms.Textarea, required=False
    )
    file = forms.FileField(
        label=_("Or choose a file"),
        required=False,
        help_text=_("JSON, or a PNG or SVG image with the credential baked in. At most 1 MB."),
    )

    def clean_file(self) -> UploadedFile | None:
        upload: UploadedFile | None = self.cleaned_data.get("file")
        if upload is not None and (upload.size or 0) > VERIFY_MAX_BYTES:
            raise forms.ValidationError(_("The file is over 1 MB."))
        return upload

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not self.errors and bool(data.get("text")) == bool(data.get("file")):
            raise forms.ValidationError(_("Paste a credential or choose a file, one of the two."))
        return data

    def content(self) -> bytes:
        upload: UploadedFile | None = self.cleaned_data.get("file")
        if upload is not None:
            return upload.read(VERIFY_MAX_BYTES + 1)
        text: str = self.cleaned_data["text"]
        return text.encode("utf-8", "surrogatepass")


class IssueToOrganizationForm(RefusalForm):
    # Beside the forms for people on the same page: its fields get other ids.
    prefix = "org"

    organization = forms.CharField(
        label=_("Organization"),
        max_length=300,
        help_text=_("Its address in this directory (…/orgs/its-name/), or the last part of it."),
    )
    language = forms.ChoiceField(label=_("Language of the label"), choices=LANGUAGE_CHOICES)
    valid_until = forms.DateField(
        label=_("Valid until"),
        required=False,
        help_text=_("Leave empty for a label that does not expire."),
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def slug(self) -> str:
        return organization_slug(self.cleaned_data["organization"])


class _AchievementChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Achievement) -> str:
        return f"{obj.text('name', (get_language() or 'en')[:2])} ({obj.issuer.organization.name})"


class EndorseProgrammeForm(RefusalForm):
    """Endorse an education programme (an achievement) of another issuer."""

    prefix = "programme"

    achievement = _AchievementChoice(
        label=_("Programme or achievement"), queryset=Achievement.objects.none()
    )
    comment = forms.CharField(
        label=_("Comment"),
        widget=forms.Textarea,
        max_length=2000,
        help_text=_("Why you endorse it: the endorsement shows it to everyone."),
    )
    language = forms.ChoiceField(label=_("Language of the comment"), choices=LANGUAGE_CHOICES)

    def __init__(self, *args: Any, achievements: QuerySet[Achievement], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["achievement"]
        if isinstance(field, forms.ModelChoiceField):
            field.queryset = achievements


class EndorseOrganizationForm(RefusalForm):
    """Endorse a co-operative of the directory."""

    prefix = "organization"

    organization = forms.CharField(
        label=_("Organization"),
        max_length=300,
        help_text=_("Its address in this directory (…/orgs/its-name/), or the last part of it."),
    )
    comment = forms.CharField(
        label=_("Comment"),
        widget=forms.Textarea,
        max_length=2000,
        help_text=_("Why you endorse it: the endorsement shows it to everyone."),
    )
    language = forms.ChoiceField(label=_("Language of the comment"), choices=LANGUAGE_CHOICES)

    def slug(self) -> str:
        return organization_slug(self.cleaned_data["organization"])
