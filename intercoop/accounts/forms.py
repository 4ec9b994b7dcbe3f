from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from intercoop.accounts.models import User


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["name", "language"]


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label=_("Token name"),
        max_length=100,
        help_text=_("Say what will use it, for example “accounting sync”."),
    )
    expires_at = forms.DateField(
        label=_("Expires on"),
        required=False,
        help_text=_("Optional. From this day on, the token no longer works."),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
