"""Malformed, forged or repeated submissions get a clear refusal and change nothing."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from intercoop.governance.models import AuditEntry, Member, MemberStatusChange, VotingCollege
from intercoop.governance.tests.conftest import Governance
from intercoop.governance.tests.register.test_invalid_scic_colleges_are_refused_with_the_reason_shown import (  # noqa: E501
    rules_post,
)

THREE = [("workers", "worker", "40"), ("users", "user", "40"), ("supporters", "supporting", "20")]


def _state(governance: Governance) -> tuple[object, ...]:
    org = governance.personas.coop_a
    return (
        sorted(Member.objects.filter(organization=org).values_list()),
        sorted(MemberStatusChange.objects.values_list()),
        list(type(governance.rules).objects.filter(pk=governance.rules.pk).values_list()),
        sorted(VotingCollege.objects.values_list()),
        AuditEntry.objects.count(),
    )


def _without(data: dict[str, Any], *keys: str) -> dict[str, Any]:
    return {k: v for k, v in data.items() if k not in keys}


@pytest.mark.parametrize(
    ("route", "data", "shown"),
    [
        ("rules_edit", _without(rules_post(THREE), "colleges-TOTAL_FORMS"), "ManagementForm"),
        ("rules_edit", rules_post(THREE, preset="anarchy"), "anarchy is not one of"),
        ("rules_edit", rules_post(THREE, quorum_percent="120"), "it must be between 0 % and 100 %"),
        ("rules_edit", rules_post(THREE, categories_text="Not A Key Line"), "is not key: label"),
        (
            "rules_edit",
            rules_post([*THREE[:2], ("supporters", "supporting, astronaut", "20")]),
            "groups unknown category",
        ),
        (
            "rules_edit",
            rules_post(THREE) | {"colleges-TOTAL_FORMS": "5000"},
            "Please submit at most 12 forms.",
        ),
        (
            "member_add",
            {"number": "N-1", "name": "X", "category": "user"},
            "This field is required",
        ),
        (
            "member_add",
            {"number": "N-1", "name": "X", "category": "user", "joined_on": "yesterday"},
            "Enter a valid date",
        ),
        (
            "member_add",
            {"number": "N-1", "name": "X", "category": "astronaut", "joined_on": "2024-01-01"},
            "Select a valid choice",
        ),
        (
            "member_add",
            {
                "number": "N-1",
                "name": "X",
                "category": "user",
                "joined_on": "2024-01-01",
                "representative_name": "Someone",
            },
            "Only a legal person has a representative.",
        ),
        ("members_import", {"action": "import"}, "This field is required"),
    ],
)
def test_malformed_posts_are_refused_and_change_nothing(
    governance: Governance, route: str, data: dict[str, Any], shown: str
) -> None:
    before = _state(governance)

    response = governance.personas.client_for("alice").post(
        reverse(f"governance:{route}", args=[governance.personas.coop_a.slug]), data
    )

    assert response.status_code == 400
    assert shown in response.content.decode().replace("&#x27;", "'")
    assert _state(governance) == before


def test_a_double_submitted_member_is_added_once(governance: Governance) -> None:
    client = governance.personas.client_for("alice")
    url = reverse("governance:member_add", args=[governance.personas.coop_a.slug])
    data = {
        "number": "N-1",
        "name": "Once",
        "category": "user",
        "joined_on": (timezone.localdate() - timedelta(days=1)).isoformat(),
    }

    first = client.post(url, data)
    second = client.post(url, data)

    assert (first.status_code, second.status_code) == (302, 400)
    assert "Member number N-1 is already in the register." in second.content.decode()
    assert Member.objects.filter(organization=governance.personas.coop_a, number="N-1").count() == 1
    assert AuditEntry.objects.filter(action="member.added").count() == 1


def test_a_double_submitted_status_change_is_recorded_once(governance: Governance) -> None:
    client = governance.personas.client_for("alice")
    url = reverse(
        "governance:member_status",
        args=[governance.personas.coop_a.slug, governance.bob_member.pk],
    )
    data = {"status": "suspended", "on": timezone.localdate().isoformat()}

    first = client.post(url, data)
    second = client.post(url, data)

    assert (first.status_code, second.status_code) == (302, 400)
    assert "already has this status" in second.content.decode()
    assert governance.bob_member.status_changes.count() == 1


def test_a_member_of_another_coop_cannot_be_changed_through_a(governance: Governance) -> None:
    before = _state(governance)
    charlie = governance.charlie_member

    response = governance.personas.client_for("alice").post(
        reverse("governance:member_status", args=[governance.personas.coop_a.slug, charlie.pk]),
        {"status": "left", "on": timezone.localdate().isoformat()},
    )

    assert response.status_code == 404
    assert _state(governance) == before
    charlie.refresh_from_db()
    assert charlie.status == "active"
