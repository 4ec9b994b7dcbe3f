"""Staff may invite members, and withdraw such invitations, but cannot hand out staff or
administrator roles."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from intercoop.accounts.models import User
from intercoop.accounts.services import api_token_create
from intercoop.conftest import Personas
from intercoop.organizations import services
from intercoop.organizations.models import Invitation, Role
from intercoop.organizations.tests.conftest import NEWCOMER_EMAIL
from intercoop.testing.factories import RoleFactory, UserFactory

EMAIL = NEWCOMER_EMAIL


@pytest.fixture
def sam(personas: Personas) -> User:
    """Staff of co-op A."""
    user: User = UserFactory.create(email="sam@example.org")
    RoleFactory.create(organization=personas.coop_a, user=user, role=Role.Name.STAFF)
    return user


def web_client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def api_client(user: User) -> Client:
    secret = api_token_create(user=user, name="tests").secret
    return Client(headers={"Authorization": f"Bearer {secret}"})


def invite_on_the_web(personas: Personas, user: User, role: str) -> int:
    url = reverse("organizations:invitations", args=[personas.coop_a.slug])
    return web_client(user).post(url, {"email": EMAIL, "role": role}).status_code


def invite_through_the_api(personas: Personas, user: User, role: str) -> int:
    url = f"/api/v1/organizations/{personas.coop_a.pk}/invitations"
    response = api_client(user).post(
        url, {"email": EMAIL, "role": role}, content_type="application/json"
    )
    if response.status_code == 403:
        assert response.json()["error"]["code"] == "forbidden"
    return response.status_code


Invite = Callable[[Personas, User, str], int]


@pytest.mark.parametrize(
    ("invite", "success"), [(invite_on_the_web, 302), (invite_through_the_api, 201)]
)
def test_staff_invite_a_member(personas: Personas, sam: User, invite: Invite, success: int) -> None:
    status = invite(personas, sam, "member")

    assert status == success
    invitation = Invitation.objects.get(email=EMAIL)
    assert (invitation.role, invitation.invited_by) == ("member", sam)


@pytest.mark.parametrize("role", ["staff", "admin"])
@pytest.mark.parametrize("invite", [invite_on_the_web, invite_through_the_api])
def test_staff_cannot_invite_to_a_higher_role(
    personas: Personas, sam: User, invite: Invite, role: str
) -> None:
    status = invite(personas, sam, role)

    assert status == 403
    assert not Invitation.objects.filter(email=EMAIL).exists()


@pytest.mark.parametrize("role", ["member", "staff", "admin"])
def test_an_admin_may_invite_to_any_role(personas: Personas, role: str) -> None:
    status = invite_through_the_api(personas, personas.alice, role)

    assert status == 201
    assert Invitation.objects.get(email=EMAIL).role == role


def _invitation_by_alice(personas: Personas, role: str) -> Invitation:
    return services.invitation_create(
        organization=personas.coop_a,
        email=EMAIL,
        role=role,
        by=personas.alice,
        base_url="http://testserver/",
    ).invitation


@pytest.mark.parametrize(("role", "allowed"), [("member", True), ("admin", False)])
def test_staff_withdraw_only_invitations_they_could_have_sent(
    personas: Personas, sam: User, role: str, allowed: bool
) -> None:
    # given
    invitation = _invitation_by_alice(personas, role)
    url = reverse("organizations:invitation_revoke", args=[personas.coop_a.slug, invitation.pk])

    # when
    response = web_client(sam).post(url)

    # then
    assert response.status_code == (302 if allowed else 403)
    invitation.refresh_from_db()
    assert (invitation.revoked_at is not None) == allowed


def test_staff_cannot_withdraw_an_admin_invitation_through_the_api(
    personas: Personas, sam: User
) -> None:
    invitation = _invitation_by_alice(personas, "admin")

    response = api_client(sam).delete(
        f"/api/v1/organizations/{personas.coop_a.pk}/invitations/{invitation.pk}"
    )

    assert response.status_code == 403
    invitation.refresh_from_db()
    assert invitation.is_open


def test_staff_cannot_change_roles(personas: Personas, sam: User) -> None:
    bob_role = Role.objects.get(user=personas.bob, organization=personas.coop_a)

    response = web_client(sam).post(
        reverse("organizations:role_change", args=[personas.coop_a.slug, bob_role.pk]),
        {"role": "admin"},
    )

    assert response.status_code == 403
    assert Role.objects.get(pk=bob_role.pk).role == "member"
