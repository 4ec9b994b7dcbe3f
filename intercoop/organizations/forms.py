from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from intercoop.directory import vocabularies
from intercoop.organizations.models import Organization, Role
from intercoop.organizations.services import EDITABLE_FIELDS, VOCABULARY_FIELDS


class OrganizationForm(forms.ModelForm):
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")

    class Meta:
        model = Organization
        fields = ["name", "kind", "ally_category", "description", "description_language", "website"]
        help_texts = {
            "ally_category": _("Only for allies."),
            "description_language": _("The language the description is written in."),
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("kind") == Organization.Kind.COOP and data.get("ally_category"):
            self.add_error("ally_category", _("Only allies have an ally category."))
        if data.get("description") and not data.get("description_language"):
            self.add_error("description_language", _("Say which language the description is in."))
        return data


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("Email address"))
    role = forms.ChoiceField(label=_("Role"), choices=Role.Name.choices, initial=Role.Name.MEMBER)


class RoleChangeForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Role.Name.choices)


class ProfileForm(forms.ModelForm):
    """The profile as its administrators, or platform staff, may edit it."""

    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")

    class Meta:
        model = Organization
        fields = list(EDITABLE_FIELDS)
        widgets = {"founded_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}
        help_texts = {
            "description_language": _("The language the description is written in."),
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
        if data.get("description") and not data.get("description_language"):
            self.add_error("description_language", _("Say which language the description is in."))
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
