"""The invitation email carries a link that, followed by the invited person, lets them join."""

from __future__ import annotations

import hashlib
import re
from typing import Any
from urllib.parse import urlsplit

from django.core import mail
from django.test import Client
from django.urls import reverse

from intercoop.accounts.models import User
from intercoop.conftest import Personas
from intercoop.organizations.models import Invitation, Role
from intercoop.organizations.tests.conftest import NEWCOMER_EMAIL
from intercoop.testing.factories import PASSWORD

EMAIL = NEWCOMER_EMAIL
LINK = re.compile(r"https?://\S+/invitations/[\w-]+/")


def invite_on_the_web(personas: Personas, capture: Any) -> None:
    with capture(execute=True):
        response = personas.client_for("alice").post(
            reverse("organizations:invitations", args=[personas.coop_a.slug]),
            {"email": EMAIL, "role": "staff"},
        )
    assert response.status_code == 302


def link_in_the_email() -> str:
    assert len(mail.outbox) == 1
    found = LINK.findall(str(mail.outbox[0].body))
    assert len(found) == 1, mail.outbox[0].body
    return found[0]


def test_the_email_goes_to_the_invited_address_and_names_the_organization(
    personas: Personas, django_capture_on_commit_callbacks: Any
) -> None:
    invite_on_the_web(personas, django_capture_on_commit_callbacks)

    message = mail.outbox[0]
    assert message.to == [EMAIL]
    assert "Co-op A" in message.subject
    assert "Alice invites you to join Co-op A on Intercoop, as “Staff”." in message.body


def test_the_link_points_at_this_site_and_holds_a_token_that_is_not_stored(
    personas: Personas, django_capture_on_commit_callbacks: Any
) -> None:
    invite_on_the_web(personas, django_capture_on_commit_callbacks)

    link = urlsplit(link_in_the_email())
    token = link.path.rstrip("/").rsplit("/", 1)[-1]
    assert (link.scheme, link.netloc) == ("http", "testserver")
    invitation = Invitation.objects.get(email=EMAIL)
    assert invitation.token_digest == hashlib.sha256(token.encode()).hexdigest()
    assert token not in str(list(Invitation.objects.values_list()))


def test_the_invited_person_follows_the_link_signs_in_and_joins(
    personas: Personas, newcomer: User, django_capture_on_commit_callbacks: Any
) -> None:
    # given
    invite_on_the_web(personas, django_capture_on_commit_callbacks)
    path = urlsplit(link_in_the_email()).path
    client = Client()

    # when: they open the link, are asked to sign in, and do
    opened = client.get(path)
    login_url = opened["Location"]
    signed_in = client.post(login_url, {"login": EMAIL, "password": PASSWORD})
    page = client.get(signed_in["Location"])
    accepted = client.post(path)

    # then
    assert login_url.startswith(reverse("account_login"))
    assert signed_in["Location"] == path
    assert page.status_code == 200
    assert "Join Co-op A" in page.content.decode()
    assert accepted.status_code == 302
    assert Role.objects.get(user=newcomer, organization=personas.coop_a).role == "staff"


def test_the_link_from_an_api_invitation_works_too(
    personas: Personas, newcomer: User, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        created = personas.client_for("alice").post(
            f"/api/v1/organizations/{personas.coop_a.pk}/invitations",
            {"email": EMAIL},
            content_type="application/json",
        )
    assert created.status_code == 201
    client = Client()
    client.force_login(newcomer)

    response = client.post(urlsplit(link_in_the_email()).path)

    assert response.status_code == 302
    assert Role.objects.get(user=newcomer, organization=personas.coop_a).role == "member"
