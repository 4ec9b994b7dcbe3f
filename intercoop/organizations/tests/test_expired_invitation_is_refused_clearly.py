"""An expired invitation says so (410), creates no role, and no longer blocks a new invitation."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from intercoop.accounts.models import User
from intercoop.conftest import Personas
from intercoop.core.errors import ServiceError
from intercoop.organizations import services
from intercoop.organizations.models import Invitation, Role
from intercoop.organizations.tests.conftest import NEWCOMER_EMAIL, invite_newcomer

EMAIL = NEWCOMER_EMAIL
EXPIRED = "This invitation has expired. Ask Co-op A to send you a new one."


@pytest.fixture
def expired_token(personas: Personas) -> str:
    issued = invite_newcomer(personas)
    Invitation.objects.filter(pk=issued.invitation.pk).update(
        expires_at=timezone.now() - timedelta(seconds=1)
    )
    return issued.token


@pytest.mark.parametrize("method", ["get", "post"])
def test_the_invitation_page_says_the_invitation_has_expired(
    personas: Personas, newcomer: User, expired_token: str, method: str
) -> None:
    # given
    client = personas.client_for("anonymous")
    client.force_login(newcomer)

    # when
    response = getattr(client, method)(reverse("organizations:invitation", args=[expired_token]))

    # then
    assert response.status_code == 410
    assert EXPIRED in response.content.decode()
    assert not Role.objects.filter(user=newcomer).exists()
    assert Invitation.objects.get(email=EMAIL).accepted_at is None


def test_the_service_refuses_it_with_a_stable_code(
    personas: Personas, newcomer: User, expired_token: str
) -> None:
    with pytest.raises(ServiceError) as refusal:
        services.invitation_accept(token=expired_token, user=newcomer)

    assert (refusal.value.code, refusal.value.status) == ("invitation_expired", 410)
    assert not Role.objects.filter(user=newcomer).exists()


def test_an_expired_invitation_does_not_block_a_new_one_on_the_web(
    personas: Personas, expired_token: str
) -> None:
    # when
    response = personas.client_for("alice").post(
        reverse("organizations:invitations", args=[personas.coop_a.slug]),
        {"email": EMAIL, "role": "member"},
    )

    # then
    assert response.status_code == 302
    assert Invitation.objects.filter(email=EMAIL).count() == 2
    fresh = Invitation.objects.get(email=EMAIL, revoked_at__isnull=True)
    assert not fresh.is_expired


def test_an_expired_invitation_does_not_block_a_new_one_through_the_api(
    personas: Personas, expired_token: str
) -> None:
    response = personas.client_for("alice").post(
        f"/api/v1/organizations/{personas.coop_a.pk}/invitations",
        {"email": EMAIL},
        content_type="application/json",
    )

    assert response.status_code == 201
    assert Invitation.objects.filter(email=EMAIL, revoked_at__isnull=True).count() == 1


def test_the_new_invitation_works_where_the_expired_one_did_not(
    personas: Personas, newcomer: User, expired_token: str
) -> None:
    # given
    fresh = services.invitation_create(
        organization=personas.coop_a,
        email=EMAIL,
        role=Role.Name.MEMBER,
        by=personas.alice,
        base_url="http://testserver/",
    )
    client = personas.client_for("anonymous")
    client.force_login(newcomer)

    # when
    old = client.post(reverse("organizations:invitation", args=[expired_token]))
    new = client.post(reverse("organizations:invitation", args=[fresh.token]))

    # then
    assert old.status_code == 410
    assert new.status_code == 302
    assert Role.objects.get(user=newcomer, organization=personas.coop_a).role == "member"
