"""Forms of the member register and the voting rules."""

from __future__ import annotations

import re
from typing import Any, cast

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from intercoop.core.errors import ServiceError
from intercoop.governance.models import Member, RuleSet, VotingCollege
from intercoop.governance.services.register import (
    MAX_IMPORT_BYTES,
    CollegeData,
    FieldRefused,
    MemberData,
    RuleSettings,
)
from intercoop_tools.rules import rules


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%d")


def _add_refusal(form: forms.Form, refusal: ServiceError) -> None:
    """Show a service's refusal beside its field, or above the form."""
    if isinstance(refusal, FieldRefused) and refusal.field in form.fields:
        form.add_error(refusal.field, refusal.message)
    else:
        form.add_error(None, refusal.message)


class MemberForm(forms.Form):
    number = forms.CharField(label=_("Member number"), max_length=40)
    name = forms.CharField(label=_("Name"), max_length=200)
    email = forms.EmailField(label=_("Email address"), required=False)
    category = forms.ChoiceField(label=_("Category"))
    joined_on = forms.DateField(label=_("Joined on"), widget=DateInput())
    is_legal_person = forms.BooleanField(
        label=_("A legal person (a company, an association, a public body)"), required=False
    )
    representative_name = forms.CharField(
        label=_("Representative"),
        max_length=200,
        required=False,
        help_text=_("For a legal person: the person who votes on its behalf."),
    )
    account_email = forms.EmailField(
        label=_("Account"),
        required=False,
        help_text=_(
            "The email address of the member's account, to vote online. The account must "
            "already have a role in the co-op."
        ),
    )
    representative_account_email = forms.EmailField(
        label=_("Representative's account"),
        required=False,
        help_text=_("For a legal person: the account its representative votes with."),
    )

    def __init__(self, *args: Any, ruleset: RuleSet, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        category = cast(forms.ChoiceField, self.fields["category"])
        category.choices = [(c.key, gettext(c.label)) for c in ruleset.category_list()]

    @staticmethod
    def initial_for(member: Member) -> dict[str, Any]:
        return {
            "number": member.number,
            "name": member.name,
            "email": member.email,
            "category": member.category,
            "joined_on": member.joined_on,
            "is_legal_person": member.is_legal_person,
            "representative_name": member.representative_name,
            "account_email": member.user.email if member.user else "",
            "representative_account_email": (
                member.representative_user.email if member.representative_user else ""
            ),
        }

    def member_data(self) -> MemberData:
        return MemberData(**self.cleaned_data)

    def add_refusal(self, refusal: ServiceError) -> None:
        _add_refusal(self, refusal)


class StatusChangeForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"), choices=Member.Status.choices)
    on = forms.DateField(label=_("From"), widget=DateInput())
    note = forms.CharField(
        label=_("Note"),
        max_length=200,
        required=False,
        help_text=_("Why, e.g. the board's decision of 3 March."),
    )

    def add_refusal(self, refusal: ServiceError) -> None:
        _add_refusal(self, refusal)


class MemberFilterForm(forms.Form):
    category = forms.ChoiceField(label=_("Category"), required=False)
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Any")), *Member.Status.choices]
    )
    college = forms.ChoiceField(label=_("College"), required=False)

    def __init__(self, *args: Any, ruleset: RuleSet, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        category = cast(forms.ChoiceField, self.fields["category"])
        category.choices = [
            ("", _("Any")),
            *[(c.key, gettext(c.label)) for c in ruleset.category_list()],
        ]
        college = cast(forms.ChoiceField, self.fields["college"])
        college.choices = [("", _("Any")), *[(c.key, c.name) for c in ruleset.colleges.all()]]

    def filters(self) -> dict[str, str]:
        if not self.is_valid():
            return {}
        return {k: v for k, v in self.cleaned_data.items() if v}


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_("UTF-8, with a header row; at most 2 MB. See the columns below."),
    )

    def clean_file(self) -> UploadedFile:
        upload = cast(UploadedFile, self.cleaned_data["file"])
        if upload.size is not None and upload.size > MAX_IMPORT_BYTES:
            raise forms.ValidationError(
                gettext("The file is larger than %(mb)s MB; split it into smaller files.")
                % {"mb": MAX_IMPORT_BYTES // (1024 * 1024)},
                code="too_large",
            )
        return upload

    def content(self) -> bytes:
        upload = cast(UploadedFile, self.cleaned_data["file"])
        return upload.read(MAX_IMPORT_BYTES + 1)


class RollForm(forms.Form):
    record_date = forms.DateField(label=_("Record date"), widget=DateInput())


CATEGORY_LINE = re.compile(r"^\s*([a-z0-9_-]{1,40})\s*:\s*(.{1,80}?)\s*$")


class RuleSetForm(forms.ModelForm):
    categories_text = forms.CharField(
        label=_("Member categories"),
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_(
            "One category a line, as key: label, e.g. worker: Workers. Keys are lower-case "
            "letters, digits, - and _; colleges and the register use them."
        ),
    )

    class Meta:
        model = RuleSet
        fields = (
            "preset",
            "one_member_one_vote",
            "weighting_by_capital",
            "proxies_allowed",
            "max_proxies_per_holder",
            "min_membership_days_to_vote",
            "notice_days",
            "quorum_percent",
            "second_call_quorum_percent",
            "min_college_ballots_to_publish",
        )

    @staticmethod
    def categories_initial(ruleset: RuleSet) -> str:
        return "\n".join(f"{c.key}: {c.label}" for c in ruleset.category_list())

    def clean_categories_text(self) -> list[rules.Category]:
        found: list[rules.Category] = []
        errors = []
        for n, line in enumerate(self.cleaned_data["categories_text"].splitlines(), start=1):
            if not line.strip():
                continue
            match = CATEGORY_LINE.match(line)
            if match is None:
                errors.append(
                    gettext("Line %(n)s is not key: label (%(line)s).")
                    % {"n": n, "line": line.strip()[:80]}
                )
                continue
            found.append(rules.Category(match.group(1), match.group(2)))
        if errors:
            raise forms.ValidationError(errors)
        if not found:
            raise forms.ValidationError(gettext("Give at least one member category."))
        return found

    def settings(self) -> RuleSettings:
        data = self.cleaned_data
        return RuleSettings(**{name: data[name] for name in self.Meta.fields})


class CollegeForm(forms.Form):
    key = forms.SlugField(
        label=_("Key"), max_length=40, help_text=_("A short name that does not change.")
    )
    name = forms.CharField(label=_("Name"), max_length=120)
    categories = forms.CharField(
        label=_("Member categories"),
        max_length=400,
        help_text=_("Category keys, separated by commas, e.g. supporting, community."),
    )
    weight_percent = forms.DecimalField(
        label=_("Weight (%)"),
        required=False,
        max_digits=5,
        decimal_places=2,
        help_text=_("Empty when the colleges are not weighted."),
    )
    quorum_percent = forms.DecimalField(
        label=_("Quorum of this college (%)"), required=False, max_digits=5, decimal_places=2
    )

    @staticmethod
    def initial_for(college: VotingCollege) -> dict[str, Any]:
        return {
            "key": college.key,
            "name": college.name,
            "categories": ", ".join(college.categories),
            "weight_percent": college.weight_percent,
            "quorum_percent": college.quorum_percent,
        }

    def clean_categories(self) -> tuple[str, ...]:
        keys = [k.strip() for k in self.cleaned_data["categories"].split(",") if k.strip()]
        return tuple(dict.fromkeys(keys))


class BaseCollegeFormSet(forms.BaseFormSet):
    def add_fields(self, form: forms.Form, index: int | None) -> None:
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = _("Remove this college")

    def colleges(self) -> list[CollegeData]:
        return [
            CollegeData(
                key=f.cleaned_data["key"],
                name=f.cleaned_data["name"],
                categories=f.cleaned_data["categories"],
                weight_percent=f.cleaned_data.get("weight_percent"),
                quorum_percent=f.cleaned_data.get("quorum_percent"),
            )
            for f in self.forms
            if f.cleaned_data and not f.cleaned_data.get("DELETE")
        ]


MAX_COLLEGES = 12

CollegeFormSet = cast(
    type[BaseCollegeFormSet],
    forms.formset_factory(
        CollegeForm,
        formset=BaseCollegeFormSet,
        extra=1,
        can_delete=True,
        can_delete_extra=False,
        max_num=MAX_COLLEGES,
        validate_max=True,
    ),
)
