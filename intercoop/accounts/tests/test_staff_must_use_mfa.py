"""Platform staff cannot use the platform until they have set up TOTP, and then sign in with it."""

from __future__ import annotations

import time

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import SECRET_SESSION_KEY, format_hotp_value, hotp_value
from django.test import Client

from intercoop.accounts.services import api_token_create
from intercoop.testing.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def current_code(secret: str) -> str:
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def sign_in(client: Client, email: str) -> None:
    response = client.post("/en/accounts/login/", {"login": email, "password": PASSWORD})
    assert response.status_code == 302


def test_staff_without_mfa_are_sent_to_set_it_up() -> None:
    staff = UserFactory.create(is_staff=True)
    client = Client()
    sign_in(client, staff.email)

    for path in ("/en/orgs/", "/en/accounts/profile/", "/admin/"):
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"] == "/en/accounts/2fa/totp/activate/", path


def test_a_member_who_is_not_staff_is_not_asked_for_mfa() -> None:
    member = UserFactory.create()
    client = Client()
    sign_in(client, member.email)
    assert client.get("/en/orgs/").status_code == 200


def test_staff_api_tokens_are_refused_until_mfa_is_set_up() -> None:
    staff = UserFactory.create(is_staff=True)
    secret = api_token_create(user=staff, name="sync").secret
    response = Client().get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "mfa_required"


def test_staff_set_up_totp_then_must_give_a_code_at_sign_in() -> None:
    staff = UserFactory.create(is_staff=True)
    client = Client()
    sign_in(client, staff.email)

    # allauth asks for the password again before a second factor is added
    response = client.get("/en/accounts/2fa/totp/activate/")
    assert response["Location"].startswith("/en/accounts/reauthenticate/")
    response = client.post(response["Location"], {"password": PASSWORD})
    assert response.status_code == 302
    # When they activate TOTP with a real code from the secret the page showed them
    assert client.get("/en/accounts/2fa/totp/activate/").status_code == 200
    secret = client.session[SECRET_SESSION_KEY]
    response = client.post("/en/accounts/2fa/totp/activate/", {"code": current_code(secret)})
    assert response.status_code == 302
    assert Authenticator.objects.filter(user=staff, type=Authenticator.Type.TOTP).exists()
    # Then the platform opens up
    assert client.get("/en/orgs/").status_code == 200

    # And the next sign-in stops at the second factor until the code is given
    client.post("/en/accounts/logout/")
    response = client.post("/en/accounts/login/", {"login": staff.email, "password": PASSWORD})
    assert response["Location"] == "/en/accounts/2fa/authenticate/"
    assert client.get("/en/accounts/profile/").status_code == 302  # not signed in yet
    response = client.post("/en/accounts/2fa/authenticate/", {"code": "000000"})
    assert response.status_code == 200  # wrong code: the form again, with an error
    assert client.get("/en/accounts/profile/").status_code == 302
    response = client.post("/en/accounts/2fa/authenticate/", {"code": current_code(secret)})
    assert response.status_code == 302
    assert client.get("/en/accounts/profile/").status_code == 200
