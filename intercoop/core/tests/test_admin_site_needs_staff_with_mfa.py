"""The admin site is for platform staff who use MFA; nobody else reaches it."""

from __future__ import annotations

import pytest
from allauth.mfa.models import Authenticator
from django.test import Client

from intercoop.conftest import Personas
from intercoop.testing.factories import UserFactory

ADMIN_PAGES = [
    "/admin/",
    "/admin/accounts/user/",
    "/admin/accounts/apitoken/",
    "/admin/organizations/organization/",
    "/admin/organizations/organization/add/",
    "/admin/organizations/role/",
    "/admin/organizations/invitation/",
    "/admin/organizations/relationship/",
]


@pytest.mark.parametrize("path", ADMIN_PAGES)
@pytest.mark.parametrize("who", ["anonymous", "alice", "bob", "charlie"])
def test_people_who_are_not_staff_are_sent_to_sign_in(
    personas: Personas, who: str, path: str
) -> None:
    response = personas.client_for(who).get(path)
    assert response.status_code == 302
    assert "/login/" in response["Location"]


@pytest.mark.django_db
@pytest.mark.parametrize("path", ADMIN_PAGES)
def test_staff_without_mfa_are_sent_to_set_it_up(path: str) -> None:
    client = Client()
    client.force_login(UserFactory.create(is_staff=True, is_superuser=True))
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"] == "/en/accounts/2fa/totp/activate/"


@pytest.mark.django_db
@pytest.mark.parametrize("path", ADMIN_PAGES)
def test_staff_with_mfa_use_the_admin(personas: Personas, path: str) -> None:
    staff = UserFactory.create(is_staff=True, is_superuser=True)
    Authenticator.objects.create(user=staff, type=Authenticator.Type.TOTP, data={"secret": "x"})
    client = Client()
    client.force_login(staff)
    response = client.get(path)
    assert response.status_code == 200
    csp = response["Content-Security-Policy"]
    assert "unsafe-inline" not in csp
