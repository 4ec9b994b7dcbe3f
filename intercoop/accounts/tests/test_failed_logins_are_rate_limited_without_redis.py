"""Failed sign-ins are limited through the database cache, with no Redis."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client

from intercoop.testing.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def test_the_default_cache_is_the_shared_database_table() -> None:
    assert settings.CACHES["default"]["BACKEND"] == "django.core.cache.backends.db.DatabaseCache"


def test_the_sixth_wrong_password_for_an_account_is_refused_even_from_new_clients() -> None:
    user = UserFactory.create()
    # Given five failed attempts, each from a fresh client as a script would make them
    for _ in range(5):
        response = Client().post("/en/accounts/login/", {"login": user.email, "password": "no"})
        assert response.status_code == 200  # the form again, with an error
    # When a sixth comes, even with the right password
    client = Client()
    response = client.post("/en/accounts/login/", {"login": user.email, "password": PASSWORD})
    # Then it is refused with 429, a clear message and when to come back; no session is opened
    assert response.status_code == 429
    assert "Too many failed sign-in attempts" in response.content.decode()
    # The oldest of the five failures leaves the five-minute window first
    assert 0 < int(response["Retry-After"]) <= 300
    assert "_auth_user_id" not in client.session


def test_the_lock_out_page_speaks_the_readers_language() -> None:
    user = UserFactory.create()
    for _ in range(5):
        Client().post("/fr/accounts/login/", {"login": user.email, "password": "no"})
    response = Client().post("/fr/accounts/login/", {"login": user.email, "password": "no"})
    assert response.status_code == 429
    assert "Trop de tentatives de connexion" in response.content.decode()


def test_too_many_failures_from_one_address_are_429_too(settings: object) -> None:
    # Ten a minute from one address (INTERCOOP_RATE_LOGIN_FAILED), over many accounts
    for i in range(10):
        Client(REMOTE_ADDR="192.0.2.7").post(
            "/en/accounts/login/", {"login": f"nobody{i}@example.org", "password": "no"}
        )
    response = Client(REMOTE_ADDR="192.0.2.7").post(
        "/en/accounts/login/", {"login": "someone@example.org", "password": "no"}
    )
    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 60
    other = Client(REMOTE_ADDR="192.0.2.8").post(
        "/en/accounts/login/", {"login": "someone@example.org", "password": "no"}
    )
    assert other.status_code == 200


def test_below_the_limit_the_right_password_still_works() -> None:
    user = UserFactory.create()
    for _ in range(4):
        Client().post("/en/accounts/login/", {"login": user.email, "password": "no"})
    response = Client().post("/en/accounts/login/", {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302
