from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from intercoop.organizations.models import Organization, Role


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
