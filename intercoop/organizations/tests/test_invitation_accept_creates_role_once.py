"""Accepting an invitation creates exactly one role, for the right person, once."""

from __future__ import annotations

from urllib.parse import quote

import pytest
from allauth.account.models import EmailAddress
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from intercoop.accounts.models import User
from intercoop.conftest import Personas
from intercoop.core.errors import ServiceError
from intercoop.organizations import selectors, services
from intercoop.organizations.models import Invitation, Role
from intercoop.organizations.tests.conftest import NEWCOMER_EMAIL, invite_newcomer

EMAIL = NEWCOMER_EMAIL


def invite(personas: Personas, role: str = Role.Name.MEMBER) -> str:
    return invite_newcomer(personas, role=role).token


def client_of(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def url(token: str) -> str:
    return reverse("organizations:invitation", args=[token])


def test_the_invited_person_sees_what_they_are_invited_to(
    personas: Personas, newcomer: User
) -> None:
    response = client_of(newcomer).get(url(invite(personas)))

    assert response.status_code == 200
    assert "You are invited to join Co-op A as “Member”." in response.content.decode()
    assert not Role.objects.filter(user=newcomer).exists()


def test_accepting_creates_the_role_and_records_who_accepted(
    personas: Personas, newcomer: User
) -> None:
    # when
    response = client_of(newcomer).post(url(invite(personas, Role.Name.STAFF)))

    # then
    assert response.status_code == 302
    assert response["Location"] == reverse("organizations:detail", args=["coop-a"])
    assert Role.objects.get(user=newcomer, organization=personas.coop_a).role == "staff"
    invitation = Invitation.objects.get(email=EMAIL)
    assert invitation.accepted_by == newcomer
    assert invitation.accepted_at is not None


def test_a_double_submit_answers_the_same_and_keeps_one_role(
    personas: Personas, newcomer: User
) -> None:
    # given
    token = invite(personas)
    client = client_of(newcomer)
    first = client.post(url(token))
    accepted_at = Invitation.objects.get(email=EMAIL).accepted_at

    # when
    second = client.post(url(token))

    # then
    assert (first.status_code, second.status_code) == (302, 302)
    assert first["Location"] == second["Location"]
    assert Role.objects.filter(user=newcomer, organization=personas.coop_a).count() == 1
    assert Invitation.objects.get(email=EMAIL).accepted_at == accepted_at


def test_someone_signed_in_with_another_address_is_told_which_address_to_use(
    personas: Personas,
) -> None:
    response = personas.client_for("charlie").post(url(invite(personas)))

    assert response.status_code == 403
    assert f"This invitation was sent to {EMAIL}." in response.content.decode()
    assert not Role.objects.filter(user=personas.charlie, organization=personas.coop_a).exists()
    assert Invitation.objects.get(email=EMAIL).accepted_at is None


def test_the_invited_address_must_be_verified_on_the_account(personas: Personas) -> None:
    # given: charlie added the invited address to his account but never confirmed it
    EmailAddress.objects.create(user=personas.charlie, email=EMAIL, verified=False)

    # when
    response = personas.client_for("charlie").post(url(invite(personas)))

    # then
    assert response.status_code == 403
    assert "add and verify it in your account" in response.content.decode()
    assert not Role.objects.filter(user=personas.charlie, organization=personas.coop_a).exists()


def test_a_verified_second_address_is_enough(personas: Personas) -> None:
    EmailAddress.objects.create(user=personas.charlie, email=EMAIL, verified=True)

    response = personas.client_for("charlie").post(url(invite(personas)))

    assert response.status_code == 302
    assert Role.objects.filter(user=personas.charlie, organization=personas.coop_a).exists()


@pytest.mark.parametrize("method", ["get", "post"])
def test_a_withdrawn_invitation_is_gone(personas: Personas, newcomer: User, method: str) -> None:
    token = invite(personas)
    services.invitation_revoke(invitation=Invitation.objects.get(email=EMAIL), by=personas.alice)

    response = getattr(client_of(newcomer), method)(url(token))

    assert response.status_code == 410
    assert "This invitation was withdrawn." in response.content.decode()
    assert not Role.objects.filter(user=newcomer).exists()


def test_an_invitation_used_by_someone_else_is_gone(personas: Personas, newcomer: User) -> None:
    # given: the newcomer accepted, then forwarded the link to charlie, who has the address too
    token = invite(personas)
    client_of(newcomer).post(url(token))
    EmailAddress.objects.create(user=personas.charlie, email="other@example.org", verified=True)

    # when
    response = personas.client_for("charlie").post(url(token))

    # then
    assert response.status_code == 410
    assert "already been used" in response.content.decode()
    assert not Role.objects.filter(user=personas.charlie, organization=personas.coop_a).exists()


@pytest.mark.parametrize("method", ["get", "post"])
def test_a_wrong_token_is_a_clear_404(personas: Personas, newcomer: User, method: str) -> None:
    invite(personas)

    response = getattr(client_of(newcomer), method)(url("not-the-right-token"))

    assert response.status_code == 404
    assert "This invitation link is not valid." in response.content.decode()
    assert not Role.objects.filter(user=newcomer).exists()


def test_a_used_invitation_does_not_bring_back_someone_who_was_removed(
    personas: Personas, newcomer: User
) -> None:
    # given: the newcomer joined, then an administrator removed them
    token = invite(personas)
    client = client_of(newcomer)
    client.post(url(token))
    services.role_remove(
        role=Role.objects.get(user=newcomer, organization=personas.coop_a), by=personas.alice
    )

    # when: they open the old link again
    response = client.post(url(token))

    # then
    assert response.status_code == 410
    assert not Role.objects.filter(user=newcomer, organization=personas.coop_a).exists()


def test_a_used_invitation_does_not_undo_a_later_demotion(
    personas: Personas, newcomer: User
) -> None:
    # given: invited as administrator, accepted, then demoted by another administrator
    token = invite(personas, Role.Name.ADMIN)
    client = client_of(newcomer)
    client.post(url(token))
    role = Role.objects.get(user=newcomer, organization=personas.coop_a)
    services.role_change(role=role, new_role=Role.Name.MEMBER, by=personas.alice)

    # when
    client.post(url(token))

    # then
    assert Role.objects.get(pk=role.pk).role == "member"


def test_accepting_never_lowers_a_role_already_held(personas: Personas, newcomer: User) -> None:
    # given: two invitations reached two verified addresses of the same person
    as_member = invite(personas, Role.Name.MEMBER)
    EmailAddress.objects.create(user=newcomer, email="work@example.org", verified=True)
    as_staff = services.invitation_create(
        organization=personas.coop_a,
        email="work@example.org",
        role=Role.Name.STAFF,
        by=personas.alice,
        base_url="http://testserver/",
    ).token
    client = client_of(newcomer)
    client.post(url(as_staff))

    # when
    response = client.post(url(as_member))

    # then
    assert response.status_code == 302
    assert Role.objects.get(user=newcomer, organization=personas.coop_a).role == "staff"


def test_the_lookup_refuses_a_wrong_token_with_a_stable_code(db: None) -> None:
    with pytest.raises(ServiceError) as refusal:
        selectors.invitation_lookup(token="nothing")

    assert (refusal.value.code, refusal.value.status) == ("invitation_invalid", 404)


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(token=st.text(min_size=1, max_size=300))
def test_any_string_as_a_token_is_a_404_never_a_500(
    personas: Personas, newcomer: User, token: str
) -> None:
    client = client_of(newcomer)
    path = reverse("organizations:invitation", args=["x"]).replace("/x/", f"/{quote(token)}/")

    for response in (client.get(path), client.post(path)):
        assert response.status_code == 404
    assert not Role.objects.filter(user=newcomer).exists()
