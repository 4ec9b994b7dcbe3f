from __future__ import annotations

import re
from typing import Any, cast

from django import forms
from django.conf import settings
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from intercoop.core.errors import ServiceError
from intercoop.organizations import vocabularies
from intercoop.organizations.checks import split_tags
from intercoop.organizations.models import Offer, Organization, Relationship, Role
from intercoop.organizations.services import (
    EDITABLE_FIELDS,
    JOIN_MESSAGE_MAX_LENGTH,
    MAX_OFFERS,
    TAGS_MAX_LENGTH,
    TEXT_MAX_LENGTH,
    VOCABULARY_FIELDS,
    FieldRefused,
    OfferData,
)

LANGUAGE_HELP_TEXTS = {
    "description_language": _("The language the description is written in."),
    "mission_language": _("The language the mission is written in."),
}


def _check_languages(form: forms.ModelForm, data: dict[str, Any]) -> None:
    """A description or a mission needs its language: the page and the open data tag it."""
    if data.get("description") and not data.get("description_language"):
        form.add_error("description_language", _("Say which language the description is in."))
    if data.get("mission") and not data.get("mission_language"):
        form.add_error("mission_language", _("Say which language the mission is in."))


class OrganizationForm(forms.ModelForm):
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")

    class Meta:
        model = Organization
        fields = [
            "name",
            "kind",
            "ally_category",
            "description",
            "description_language",
            "mission",
            "mission_language",
            "website",
        ]
        # A sentence or two, where the description may run to paragraphs.
        widgets = {"mission": forms.Textarea(attrs={"rows": 3})}
        help_texts = {
            "ally_category": _("Only for allies."),
            **LANGUAGE_HELP_TEXTS,
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("kind") == Organization.Kind.COOP and data.get("ally_category"):
            self.add_error("ally_category", _("Only allies have an ally category."))
        _check_languages(self, data)
        return data


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("Email address"))
    role = forms.ChoiceField(label=_("Role"), choices=Role.Name.choices, initial=Role.Name.MEMBER)


class RelationshipForm(forms.Form):
    """A proposal: this organization is ``predicate`` of the one named ``object``."""

    predicate = forms.ChoiceField(
        label=_("Relationship"),
        choices=Relationship.Predicate.choices,
        initial=Relationship.Predicate.MEMBER_OF,
    )
    object = forms.CharField(
        label=_("Short name of the other organization"),
        max_length=300,
        help_text=_(
            "As in the address of its page on Intercoop, e.g. coops-uk for …/orgs/coops-uk/. "
            "You may paste the whole address."
        ),
    )

    def clean_object(self) -> str:
        # The address of the organization's page names it by its last part.
        address = re.split(r"[?#]", str(self.cleaned_data["object"]))[0]
        parts = [part.strip() for part in address.split("/") if part.strip()]
        if not parts:
            raise forms.ValidationError(_("Give the short name of the other organization."))
        return parts[-1]

    def add_refusal(self, refusal: ServiceError) -> None:
        """Show a service's refusal beside the field it is about."""
        field = getattr(refusal, "field", None)
        self.add_error(field if field in self.fields else None, refusal.message)


class JoinRequestForm(forms.Form):
    message = forms.CharField(
        label=_("Message to the co-op (optional)"),
        required=False,
        max_length=JOIN_MESSAGE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Say who you are and why you would like to join."),
    )


class JoinRequestDeclineForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (optional, sent to the person)"),
        required=False,
        max_length=JOIN_MESSAGE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class RoleChangeForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Role.Name.choices)


class ProfileForm(forms.ModelForm):
    """The profile as its administrators, or platform staff, may edit it."""

    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")

    class Meta:
        model = Organization
        fields = list(EDITABLE_FIELDS)
        widgets = {
            "mission": forms.Textarea(attrs={"rows": 3}),
            "founded_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }
        help_texts = {
            **LANGUAGE_HELP_TEXTS,
            "latitude": _("WGS 84, decimal degrees; give the longitude too."),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        language = get_language() or "en"
        for scheme in VOCABULARY_FIELDS:
            field = self.fields[scheme]
            choices = sorted(
                (vocabularies.label(scheme, code, language), code)
                for code in vocabularies.codes(scheme)
            )
            self.fields[scheme] = forms.ChoiceField(
                label=field.label,
                required=False,
                choices=[("", "—"), *((code, label) for label, code in choices)],
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        _check_languages(self, data)
        both_parsed = "latitude" in data and "longitude" in data
        if both_parsed and (data["latitude"] is None) != (data["longitude"] is None):
            missing = "latitude" if data["latitude"] is None else "longitude"
            self.add_error(missing, _("Give both the latitude and the longitude, or neither."))
        for name, bound in (("latitude", 90), ("longitude", 180)):
            value = data.get(name)
            if value is not None and not -bound <= value <= bound:
                self.add_error(
                    name,
                    _("Must be between -%(bound)d and %(bound)d.") % {"bound": bound},
                )
        return data


class OfferForm(forms.Form):
    """One product or service. ``id`` is the offer it edits; empty for a new one."""

    id = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=1)
    kind = forms.ChoiceField(
        label=_("Kind"), choices=Offer.Kind.choices, initial=Offer.Kind.SERVICE
    )
    text = forms.CharField(
        label=_("What is offered"),
        max_length=TEXT_MAX_LENGTH,
        help_text=_("A short text, e.g. Sourdough bread baked every morning."),
    )
    tags = forms.CharField(
        label=_("Tags"),
        max_length=TAGS_MAX_LENGTH,
        required=False,
        help_text=_("Words to find it by, separated by commas, e.g. bread, organic, delivery."),
    )
    language = forms.ChoiceField(
        label=_("Language"),
        required=False,
        choices=[("", "—"), *settings.LANGUAGES],
        help_text=_("The language the text and tags are written in."),
    )

    @staticmethod
    def initial_for(offer: Offer) -> dict[str, Any]:
        return {
            "id": offer.pk,
            "kind": offer.kind,
            "text": offer.text,
            "tags": ", ".join(offer.tag_list),
            "language": offer.language,
        }


class BaseOfferFormSet(forms.BaseFormSet):
    def add_fields(self, form: forms.Form, index: int | None) -> None:
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = _("Remove this offer")

    def _kept_forms(self) -> list[forms.Form]:
        return [f for f in self.forms if f.cleaned_data and not f.cleaned_data.get("DELETE")]

    def offers(self) -> list[OfferData]:
        """The offers to keep, in the page's order: every filled form not marked for removal."""
        return [
            OfferData(
                id=form.cleaned_data.get("id"),
                kind=form.cleaned_data["kind"],
                text=form.cleaned_data["text"],
                tags=split_tags(form.cleaned_data.get("tags", "")),
                language=form.cleaned_data.get("language", ""),
            )
            for form in self._kept_forms()
        ]

    def add_refusal(self, refusal: ServiceError) -> None:
        """Show a service's refusal beside the field it is about, or above the forms."""
        if isinstance(refusal, FieldRefused) and refusal.index is not None:
            kept = self._kept_forms()
            if refusal.field in ("text", "kind", "tags", "language") and refusal.index < len(kept):
                kept[refusal.index].add_error(refusal.field, refusal.message)
                return
        self._non_form_errors = self.error_class(
            [*self.non_form_errors(), refusal.message], error_class="nonform"
        )


OfferFormSet = cast(
    type[BaseOfferFormSet],
    forms.formset_factory(
        OfferForm,
        formset=BaseOfferFormSet,
        extra=2,
        can_delete=True,
        can_delete_extra=False,
        max_num=MAX_OFFERS,
        validate_max=True,
    ),
)
