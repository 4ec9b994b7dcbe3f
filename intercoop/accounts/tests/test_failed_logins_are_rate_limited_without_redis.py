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
    # Then it is refused with a clear message, and no session is opened
    assert response.status_code == 200  # the form again, not the redirect of a success
    assert "Too many failed login attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_below_the_limit_the_right_password_still_works() -> None:
    user = UserFactory.create()
    for _ in range(4):
        Client().post("/en/accounts/login/", {"login": user.email, "password": "no"})
    response = Client().post("/en/accounts/login/", {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302
