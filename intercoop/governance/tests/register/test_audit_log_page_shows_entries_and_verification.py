"""The audit log page lists the co-op's entries and says whether the chain verifies, with the
number of entries and the head hash; a tampered entry shows as a break."""

from __future__ import annotations

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from intercoop.governance.models import AuditEntry
from intercoop.governance.services.register import MemberData, member_add
from intercoop.governance.tests.conftest import Governance


def _add_member(governance: Governance, number: str) -> None:
    member_add(
        organization=governance.personas.coop_a,
        data=MemberData(
            number=number,
            name="Someone",
            category="worker",
            joined_on=timezone.localdate() - timedelta(days=1),
        ),
        by=governance.personas.alice,
    )


def test_the_page_lists_entries_and_says_the_chain_is_intact(governance: Governance) -> None:
    _add_member(governance, "N-1")
    _add_member(governance, "N-2")
    head = AuditEntry.objects.filter(organization=governance.personas.coop_a).last()
    assert head is not None

    response = governance.personas.client_for("bob").get(
        reverse("governance:audit", args=[governance.personas.coop_a.slug])
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "The chain is intact." in page
    assert "2 entries checked." in page
    assert head.hash in page
    assert page.count("A member was added to the register.") == 2
    assert "<dt>Member number</dt><dd>N-2</dd>" in page
    assert "Alice" in page


def test_a_tampered_entry_shows_the_chain_broken(governance: Governance) -> None:
    _add_member(governance, "N-1")
    _add_member(governance, "N-2")
    AuditEntry.objects.filter(organization=governance.personas.coop_a, seq=1).update(
        data={"number": "N-666", "category": "worker"}
    )

    response = governance.personas.client_for("alice").get(
        reverse("governance:audit", args=[governance.personas.coop_a.slug])
    )

    page = response.content.decode()
    assert "The chain is broken." in page
    assert "Entry 1: hash does not match the entry&#x27;s content" in page


def test_another_coops_entries_are_not_listed(governance: Governance) -> None:
    from intercoop.governance.audit import audit_append

    audit_append(
        organization=governance.personas.coop_b, action="member.added", data={"number": "B-ONLY"}
    )

    response = governance.personas.client_for("alice").get(
        reverse("governance:audit", args=[governance.personas.coop_a.slug])
    )

    assert "B-ONLY" not in response.content.decode()
    assert "0 entries checked." in response.content.decode()
