"""Signing in continues in the language of the page signed in on, not the profile's preference.

Someone signing in on the English site once landed on ``/fr/accounts/profile/`` because their
profile said French.
"""

from itertools import product

import pytest
from django.conf import settings
from django.test import Client

from intercoop.testing.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

LANGS = ["en", "fr", "es"]


@pytest.mark.parametrize(
    ("page", "browser", "cookie", "preference"),
    [
        (page, browser, cookie, preference)
        for page, browser in product(LANGS, LANGS)
        for cookie, preference in [(None, ""), (None, "other"), ("other", "other")]
    ],
)
def test_signing_in_lands_in_the_language_of_the_sign_in_page(
    page: str, browser: str, cookie: str | None, preference: str
) -> None:
    # "other": a language that is not the page's, as in the report (English page, French profile)
    other = next(code for code in LANGS if code != page)
    user = UserFactory.create(language=other if preference == "other" else "")
    client = Client(HTTP_ACCEPT_LANGUAGE=browser)
    if cookie:
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = other
    response = client.post(f"/{page}/accounts/login/", {"login": user.email, "password": PASSWORD})
    assert response["Location"] == f"/{page}/attention/"
    assert f'<html lang="{page}">' in client.get(response["Location"]).content.decode()


def test_choosing_a_language_in_the_profile_switches_to_it() -> None:
    user = UserFactory.create()
    client = Client()
    client.force_login(user)
    response = client.post("/en/accounts/profile/", {"name": "Dana", "language": "fr"})
    assert response["Location"] == "/fr/accounts/profile/"
    assert client.get("/fr/accounts/profile/").content.decode().count('lang="fr"') >= 1
    user.refresh_from_db()
    assert user.language == "fr"
