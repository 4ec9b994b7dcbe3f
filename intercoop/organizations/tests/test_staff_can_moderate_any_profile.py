"""Platform staff, signed in with a second factor, moderate any organization's profile; the
version names them. Without a second factor they are not moderators."""

from __future__ import annotations

import pytest
from allauth.mfa.models import Authenticator
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse

from intercoop.accounts.models import User
from intercoop.conftest import Personas
from intercoop.organizations import services
from intercoop.testing.factories import UserFactory


@pytest.fixture
def moderator(db: None) -> User:
    staff: User = UserFactory.create(email="mod@example.org", name="Morgan", is_staff=True)
    Authenticator.objects.create(user=staff, type=Authenticator.Type.TOTP, data={"secret": "x"})
    return staff


def test_staff_edit_an_organization_they_have_no_role_in(
    personas: Personas, moderator: User
) -> None:
    # given
    org = personas.coop_b
    client = Client()
    client.force_login(moderator)
    assert (
        "Edit the profile"
        in client.get(reverse("organizations:detail", args=[org.slug])).content.decode()
    )

    # when
    response = client.post(
        reverse("organizations:edit", args=[org.slug]),
        {"name": "Co-op B", "status": "dormant", "description": ""},
    )

    # then
    assert response.status_code == 302
    org.refresh_from_db()
    assert org.status == "dormant"
    assert org.history.latest().history_user == moderator
    history = client.get(reverse("organizations:history", args=[org.slug]))
    assert history.status_code == 200
    assert "Morgan" in history.content.decode()


def test_staff_without_a_second_factor_do_not_moderate(personas: Personas) -> None:
    staff = UserFactory.create(is_staff=True)

    with pytest.raises(PermissionDenied):
        services.organization_update(organization=personas.coop_b, by=staff, status="dormant")

    personas.coop_b.refresh_from_db()
    assert personas.coop_b.status == "active"
