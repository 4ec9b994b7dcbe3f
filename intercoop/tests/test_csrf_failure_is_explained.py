"""A request that fails the CSRF check is refused with an explanation, and writes nothing: a
page on the web, a JSON error with the code ``csrf_failed`` on the API."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from intercoop.accounts.models import User
from intercoop.conftest import Personas
from intercoop.organizations.models import Invitation, Organization


def strict_client(user: User) -> Client:
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    return client


def csrf_token_of(client: Client) -> str:
    """What a browser would hold after loading any page with a form."""
    client.get(reverse("accounts:profile"))
    return client.cookies["csrftoken"].value


def test_a_web_form_without_its_token_shows_the_form_has_expired(personas: Personas) -> None:
    # given
    client = strict_client(personas.alice)

    # when
    response = client.post(
        reverse("organizations:invitations", args=[personas.coop_a.slug]),
        {"email": "newcomer@example.org", "role": "member"},
    )

    # then
    assert response.status_code == 403
    page = response.content.decode()
    assert "The form has expired" in page
    assert "Nothing was saved." in page
    assert not Invitation.objects.exists()


def test_a_web_form_with_a_wrong_token_is_refused_the_same_way(personas: Personas) -> None:
    client = strict_client(personas.bob)
    csrf_token_of(client)

    response = client.post(
        reverse("accounts:profile"), {"name": "Robert", "csrfmiddlewaretoken": "x" * 64}
    )

    assert response.status_code == 403
    assert "The form has expired" in response.content.decode()
    personas.bob.refresh_from_db()
    assert personas.bob.name == "Bob"


def test_the_same_form_with_its_token_is_accepted(personas: Personas) -> None:
    # The control: the refusals above come from the missing token, not from the form.
    client = strict_client(personas.bob)
    token = csrf_token_of(client)

    response = client.post(
        reverse("accounts:profile"), {"name": "Robert", "csrfmiddlewaretoken": token}
    )

    assert response.status_code == 302
    personas.bob.refresh_from_db()
    assert personas.bob.name == "Robert"


def test_an_api_call_with_a_session_but_no_csrf_token_is_a_json_csrf_failure(
    personas: Personas,
) -> None:
    # given
    client = strict_client(personas.alice)
    organizations = Organization.objects.count()

    # when
    response = client.post(
        "/api/v1/organizations", {"name": "Sneaky co-op"}, content_type="application/json"
    )

    # then
    assert response.status_code == 403
    assert response["Content-Type"] == "application/json"
    error = response.json()["error"]
    assert error["code"] == "csrf_failed"
    assert "CSRF" in error["message"]
    assert Organization.objects.count() == organizations


def test_an_api_delete_with_a_session_but_no_csrf_token_changes_nothing(
    personas: Personas,
) -> None:
    # given
    invitation = Invitation.objects.create(
        organization=personas.coop_a,
        email="newcomer@example.org",
        role="member",
        token_digest="0" * 64,
        expires_at="2999-01-01T00:00:00Z",
    )

    # when
    response = strict_client(personas.alice).delete(
        f"/api/v1/organizations/{personas.coop_a.pk}/invitations/{invitation.pk}"
    )

    # then
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "csrf_failed"
    invitation.refresh_from_db()
    assert invitation.is_open


def test_an_api_call_with_the_session_and_its_csrf_token_is_accepted(personas: Personas) -> None:
    client = strict_client(personas.alice)
    token = csrf_token_of(client)

    response = client.post(
        "/api/v1/organizations",
        {"name": "Honest co-op"},
        content_type="application/json",
        headers={"X-CSRFToken": token},
    )

    assert response.status_code == 201
    assert Organization.objects.filter(name="Honest co-op").exists()


def test_a_session_is_enough_to_read_without_a_csrf_token(personas: Personas) -> None:
    response = strict_client(personas.bob).get("/api/v1/me")

    assert response.status_code == 200
    assert response.json()["email"] == "bob@example.org"
