"""Forms of the election pages: choosing the trustees, and a trustee handing in a file."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from intercoop.accounts.models import User
from intercoop.ballots.models import Election
from intercoop.organizations.models import Organization


class TrusteeChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.get_full_name())


class PersonChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.get_full_name())


class TrusteesForm(forms.Form):
    trustees = TrusteeChoice(
        label=_("Trustees"),
        queryset=User.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Each trustee holds a share of the election key in a file on their own computer. "
            "Choose people who do not all answer to the same person."
        ),
    )
    credential_authority = PersonChoice(
        label=_("Credential authority (optional)"),
        queryset=User.objects.none(),
        required=False,
        help_text=_(
            "A person independent of the platform's operator who makes the voters' credentials on "
            "their own computer and sends them the codes: then not even the server can vote in a "
            "member's name. Without one, the server makes the credentials when the vote opens, "
            "emails them and forgets them."
        ),
    )
    threshold = forms.IntegerField(
        label=_("Trustees needed to decrypt"),
        min_value=1,
        max_value=9,
        initial=2,
        help_text=_("The others may be absent when the tally is decrypted."),
    )

    def __init__(self, *args: Any, organization: Organization, election: Election, **kwargs: Any):
        super().__init__(*args, **kwargs)
        field = self.fields["trustees"]
        if not isinstance(field, forms.ModelMultipleChoiceField):  # for the type checker
            raise TypeError(field)
        people = User.objects.filter(org_roles__organization=organization).order_by(
            "name", "email", "pk"
        )
        field.queryset = people
        authority = self.fields["credential_authority"]
        if not isinstance(authority, forms.ModelChoiceField):  # for the type checker
            raise TypeError(authority)
        authority.queryset = people
        if not self.is_bound and election.pk:
            self.initial = {
                "trustees": [t.user_id for t in election.trustees.all()],
                "threshold": election.threshold,
                "credential_authority": election.credential_authority_id,
            }


class UploadForm(forms.Form):
    file = forms.FileField(label=_("File made by intercoop-trustee"))
