"""A member's account is chosen by email address among the people with a role in the co-op;
any other address is refused clearly, and an account links to one member only."""

from __future__ import annotations

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from intercoop.governance.models import AuditEntry, Member
from intercoop.governance.tests.conftest import Governance
from intercoop.testing.factories import UserFactory


def _post(governance: Governance, **values: str) -> object:
    data = {
        "number": "N-9",
        "name": "Newcomer",
        "category": "user",
        "joined_on": (timezone.localdate() - timedelta(days=1)).isoformat(),
        **values,
    }
    return governance.personas.client_for("alice").post(
        reverse("governance:member_add", args=[governance.personas.coop_a.slug]), data
    )


def test_an_account_of_another_coop_is_refused(governance: Governance) -> None:
    response = _post(governance, account_email="charlie@example.org")

    assert response.status_code == 400  # type: ignore[attr-defined]
    assert "No account with the address charlie@example.org has a role in Co-op A" in (
        response.content.decode()  # type: ignore[attr-defined]
    )
    assert not Member.objects.filter(number="N-9").exists()


def test_an_account_without_any_role_is_refused(governance: Governance) -> None:
    UserFactory.create(email="loner@example.org")

    response = _post(governance, account_email="loner@example.org")

    assert response.status_code == 400  # type: ignore[attr-defined]
    assert not Member.objects.filter(number="N-9").exists()


def test_an_account_already_linked_is_refused(governance: Governance) -> None:
    response = _post(governance, account_email="bob@example.org")

    assert response.status_code == 400  # type: ignore[attr-defined]
    assert "already linked to another member" in response.content.decode()  # type: ignore[attr-defined]


def test_a_taken_number_is_refused_beside_the_field(governance: Governance) -> None:
    entries = AuditEntry.objects.count()

    response = _post(governance, number=governance.bob_member.number)

    assert response.status_code == 400  # type: ignore[attr-defined]
    assert "is already in the register" in response.content.decode()  # type: ignore[attr-defined]
    assert AuditEntry.objects.count() == entries


def test_an_account_with_a_role_is_linked_and_the_member_added(governance: Governance) -> None:
    dora = UserFactory.create(email="dora@example.org")
    from intercoop.testing.factories import RoleFactory

    RoleFactory.create(organization=governance.personas.coop_a, user=dora)

    response = _post(governance, account_email="DORA@example.org")

    assert response.status_code == 302  # type: ignore[attr-defined]
    member = Member.objects.get(organization=governance.personas.coop_a, number="N-9")
    assert member.user == dora
    assert member.history.count() == 1
    assert member.history.get().history_user == governance.personas.alice
