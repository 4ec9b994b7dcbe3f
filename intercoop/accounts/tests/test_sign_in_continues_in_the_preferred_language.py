import pytest
from django.test import Client

from intercoop.testing.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def test_a_person_who_prefers_spanish_lands_on_spanish_pages() -> None:
    user = UserFactory.create(language="es")
    response = Client().post("/en/accounts/login/", {"login": user.email, "password": PASSWORD})
    assert response["Location"] == "/es/accounts/profile/"


def test_without_a_preference_the_language_of_the_address_is_kept() -> None:
    user = UserFactory.create(language="")
    response = Client().post("/fr/accounts/login/", {"login": user.email, "password": PASSWORD})
    assert response["Location"] == "/fr/accounts/profile/"


def test_choosing_a_language_in_the_profile_switches_to_it() -> None:
    user = UserFactory.create()
    client = Client()
    client.force_login(user)
    response = client.post("/en/accounts/profile/", {"name": "Dana", "language": "fr"})
    assert response["Location"] == "/fr/accounts/profile/"
    assert client.get("/fr/accounts/profile/").content.decode().count('lang="fr"') >= 1
    user.refresh_from_db()
    assert user.language == "fr"
