"""A second open invitation to the same address is refused, on the web and through the API."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from intercoop.accounts.services import api_token_create
from intercoop.conftest import Personas
from intercoop.organizations.models import Invitation
from intercoop.organizations.tests.conftest import NEWCOMER_EMAIL

EMAIL = NEWCOMER_EMAIL
REFUSAL = "already waiting for an answer"


def invitations_url(personas: Personas) -> str:
    return reverse("organizations:invitations", args=[personas.coop_a.slug])


def api_url(personas: Personas) -> str:
    return f"/api/v1/organizations/{personas.coop_a.pk}/invitations"


def test_a_second_web_invitation_to_the_same_address_is_refused_with_a_message(
    personas: Personas, django_capture_on_commit_callbacks: Any
) -> None:
    # given
    client = personas.client_for("alice")
    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(invitations_url(personas), {"email": EMAIL, "role": "member"})
    assert first.status_code == 302

    # when
    with django_capture_on_commit_callbacks(execute=True):
        second = client.post(invitations_url(personas), {"email": EMAIL, "role": "staff"})

    # then
    assert second.status_code == 400
    assert REFUSAL in second.content.decode()
    assert Invitation.objects.filter(email=EMAIL).count() == 1
    assert Invitation.objects.get(email=EMAIL).role == "member"
    assert len(mail.outbox) == 1


def test_a_double_submit_of_the_form_leaves_one_invitation_and_one_email(
    personas: Personas, django_capture_on_commit_callbacks: Any
) -> None:
    client = personas.client_for("alice")
    form = {"email": EMAIL, "role": "member"}

    with django_capture_on_commit_callbacks(execute=True):
        responses = [client.post(invitations_url(personas), form) for _ in range(2)]

    assert [r.status_code for r in responses] == [302, 400]
    assert Invitation.objects.filter(email=EMAIL).count() == 1
    assert [m.to for m in mail.outbox] == [[EMAIL]]


def test_the_same_address_in_other_letter_cases_counts_as_a_duplicate(personas: Personas) -> None:
    client = personas.client_for("alice")
    client.post(invitations_url(personas), {"email": EMAIL, "role": "member"})

    second = client.post(invitations_url(personas), {"email": EMAIL.upper(), "role": "member"})

    assert second.status_code == 400
    assert Invitation.objects.filter(email__iexact=EMAIL).count() == 1


def test_a_second_api_invitation_is_a_409_duplicate_invitation(personas: Personas) -> None:
    # given
    secret = api_token_create(user=personas.alice, name="tests").secret
    headers = {"Authorization": f"Bearer {secret}"}
    body = {"email": EMAIL, "role": "member"}
    first = personas.client_for("anonymous").post(
        api_url(personas), body, content_type="application/json", headers=headers
    )
    assert first.status_code == 201

    # when
    second = personas.client_for("anonymous").post(
        api_url(personas), body, content_type="application/json", headers=headers
    )

    # then
    assert second.status_code == 409
    assert second.json()["error"]["code"] == "duplicate_invitation"
    assert EMAIL in second.json()["error"]["message"]
    assert Invitation.objects.filter(email=EMAIL).count() == 1


def test_a_web_invitation_then_an_api_one_is_refused_too(personas: Personas) -> None:
    personas.client_for("alice").post(invitations_url(personas), {"email": EMAIL, "role": "member"})

    response = personas.client_for("alice").post(
        api_url(personas), {"email": EMAIL}, content_type="application/json"
    )

    assert response.status_code == 409
    assert Invitation.objects.filter(email=EMAIL).count() == 1


def test_the_database_itself_refuses_a_second_open_invitation(personas: Personas) -> None:
    # The last line of defence when two submissions race past the service's check.
    expires = timezone.now() + timedelta(days=1)
    Invitation.objects.create(
        organization=personas.coop_a,
        email=EMAIL,
        role="member",
        token_digest="a",
        expires_at=expires,
    )

    with pytest.raises(IntegrityError), transaction.atomic():
        Invitation.objects.create(
            organization=personas.coop_a,
            email=EMAIL,
            role="member",
            token_digest="b",
            expires_at=expires,
        )


def test_a_withdrawn_invitation_does_not_block_a_new_one(personas: Personas) -> None:
    client = personas.client_for("alice")
    client.post(invitations_url(personas), {"email": EMAIL, "role": "member"})
    invitation = Invitation.objects.get(email=EMAIL)
    client.post(
        reverse("organizations:invitation_revoke", args=[personas.coop_a.slug, invitation.pk])
    )

    again = client.post(invitations_url(personas), {"email": EMAIL, "role": "member"})

    assert again.status_code == 302
    assert Invitation.objects.filter(email=EMAIL).count() == 2
    assert Invitation.objects.filter(email=EMAIL, revoked_at__isnull=True).count() == 1
