"""The CSV import checks each row with the member form: the form's rules are the import's, so a
rule of the form, or a rule changed in the form, holds for the import without the import's code
changing, and nothing is written when a row breaks one."""

from __future__ import annotations

import pytest
from django import forms
from django.core.validators import RegexValidator

from intercoop.governance.forms.register import MemberForm
from intercoop.governance.models import AuditEntry, Member
from intercoop.governance.services.register import ImportRefused, register_import
from intercoop.governance.tests.conftest import Governance

HEADER = "number,name,category,joined_on,legal_person,representative_name,account_email\n"


def _members(governance: Governance) -> list[tuple[object, ...]]:
    org = governance.personas.coop_a
    return sorted(Member.objects.filter(organization=org).values_list())


def _refused(governance: Governance, rows: str) -> list[tuple[int, str]]:
    org = governance.personas.coop_a
    before = (_members(governance), AuditEntry.objects.filter(organization=org).count())
    with pytest.raises(ImportRefused) as refused:
        register_import(
            organization=org, content=(HEADER + rows).encode(), by=governance.personas.alice
        )
    assert (_members(governance), AuditEntry.objects.filter(organization=org).count()) == before
    return refused.value.errors


def test_a_representative_name_longer_than_the_form_allows_is_refused(
    governance: Governance,
) -> None:
    # The import never checked this length itself: the form's max_length is the rule.
    limit = MemberForm.base_fields["representative_name"].max_length  # type: ignore[attr-defined]
    assert limit == 200
    errors = _refused(
        governance,
        f"N-1,Bakery Ltd,worker,2024-01-10,yes,{'x' * 201},\n"
        f"N-2,Dairy Ltd,worker,2024-01-10,yes,{'x' * 200},\n",
    )

    assert [line for line, _ in errors] == [2]
    assert errors[0][1].startswith("representative_name: ")
    assert "200" in errors[0][1]


def test_a_shorter_number_limit_in_the_form_is_the_imports(
    governance: Governance, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(MemberForm.base_fields, "number", forms.CharField(max_length=8))

    errors = _refused(
        governance,
        "N-1234567,Long Number,worker,2024-01-10,,,\nN-123456,Fits,worker,2024-01-10,,,\n",
    )

    assert errors == [(2, "The member number is longer than 8 characters.")]


def test_a_validator_added_to_a_field_of_the_form_is_applied(
    governance: Governance, monkeypatch: pytest.MonkeyPatch
) -> None:
    name = MemberForm.base_fields["name"]
    capital = RegexValidator(r"^[A-Z]", "Start the name with a capital letter.")
    monkeypatch.setattr(name, "validators", [*name.validators, capital])

    errors = _refused(
        governance, "N-1,lower case,worker,2024-01-10,,,\nN-2,Upper Case,worker,2024-01-10,,,\n"
    )

    assert errors == [(2, "name: Start the name with a capital letter.")]


def test_a_clean_method_added_to_the_form_is_applied(
    governance: Governance, monkeypatch: pytest.MonkeyPatch
) -> None:
    def clean_number(form: MemberForm) -> str:
        number: str = form.cleaned_data["number"]
        if not number.startswith("M-"):
            raise forms.ValidationError("Member numbers start with M-.")
        return number

    monkeypatch.setattr(MemberForm, "clean_number", clean_number, raising=False)

    errors = _refused(
        governance,
        "M-1,Good,worker,2024-01-10,,,\nN-2,Bad,worker,2024-01-10,,,\nM-3,Good,worker,2024-01-10,,,\n",
    )

    assert errors == [(3, "number: Member numbers start with M-.")]


def test_a_malformed_account_address_is_named_as_such(governance: Governance) -> None:
    # The form's email field refuses it before any account is looked up.
    errors = _refused(governance, "N-1,Someone,worker,2024-01-10,,,not-an-address\n")

    assert errors == [(2, "'not-an-address' is not an email address (account_email).")]
