"""The header's language switcher moves to the same page in the chosen language, and it stays.

Whatever the browser's ``Accept-Language``, the language cookie or a signed-in person's profile
says, the language a person chooses wins; the switcher once resolved the page's address in the
browser's language, failed, and sent ``/fr/…`` back to ``/fr/…``.
"""

from __future__ import annotations

import re
from html import unescape
from itertools import product

import pytest
from django.conf import settings
from django.test import Client

from intercoop.accounts.models import User
from intercoop.testing.factories import UserFactory

pytestmark = pytest.mark.django_db

LANGS = ["en", "fr", "es"]
COOKIES = [None, *LANGS]
WHO = ["anonymous", "signed in"]


def _switcher(html: str) -> tuple[str, str]:
    """The switcher form's action and its ``next`` field, as a browser would send them."""
    form = re.search(
        r'<form class="lang-switch" method="post" action="([^"]+)">(.*?)</form>', html, re.S
    )
    assert form, "the page has no language switcher"
    next_field = re.search(r'name="next" value="([^"]*)"', form.group(2))
    assert next_field
    return unescape(form.group(1)), unescape(next_field.group(1))


def _lang(html: str) -> str:
    match = re.search(r'<html lang="([^"]+)"', html)
    assert match
    return match.group(1)


def _other(*taken: str) -> str:
    return next(code for code in LANGS if code not in taken)


@pytest.mark.parametrize(
    ("page", "browser", "cookie", "who", "chosen"),
    list(product(LANGS, LANGS, COOKIES, WHO, LANGS)),
)
def test_choosing_a_language_shows_the_same_page_in_it_from_then_on(
    page: str, browser: str, cookie: str | None, who: str, chosen: str
) -> None:
    # Given a reader on a page in one language, whose browser, cookie and profile may say others
    client = Client(HTTP_ACCEPT_LANGUAGE=browser)
    if cookie:
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = cookie
    user: User | None = None
    if who == "signed in":
        user = UserFactory.create(language=_other(chosen))
        client.force_login(user)
    page_url = f"/{page}/directory/?q=bakery"
    html = client.get(page_url).content.decode()
    assert _lang(html) == page

    # When they choose a language in the header
    action, next_url = _switcher(html)
    response = client.post(action, {"language": chosen, "next": next_url})

    # Then they land on the same page, with its query, in that language
    assert response.status_code == 302
    assert response["Location"] == f"/{chosen}/directory/?q=bakery"
    landed = client.get(response["Location"]).content.decode()
    assert _lang(landed) == chosen
    # and the next page, reached from a link or typed without a language, stays in it
    assert f'href="/{chosen}/orgs/"' in landed
    assert _lang(client.get(f"/{chosen}/orgs/").content.decode()) == chosen
    bare = client.get("/orgs/")
    assert bare.status_code == 302
    assert bare["Location"] == f"/{chosen}/orgs/"
    if user is not None:
        user.refresh_from_db()
        assert user.language == chosen


@pytest.mark.parametrize(("page", "chosen"), [("fr", "en"), ("en", "es"), ("es", "fr")])
def test_a_signed_in_person_switches_their_account_page_against_their_preference(
    page: str, chosen: str
) -> None:
    user = UserFactory.create(language=page)
    client = Client(HTTP_ACCEPT_LANGUAGE=page)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = page
    client.force_login(user)
    action, next_url = _switcher(client.get(f"/{page}/accounts/profile/").content.decode())
    response = client.post(action, {"language": chosen, "next": next_url})
    assert response["Location"] == f"/{chosen}/accounts/profile/"
    assert _lang(client.get(response["Location"]).content.decode()) == chosen


def test_a_page_that_does_not_exist_still_changes_language() -> None:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/fr/no-such-page/"})
    assert response["Location"] == "/en/no-such-page/"


def test_a_language_the_site_does_not_offer_is_refused() -> None:
    client = Client()
    response = client.post("/i18n/setlang/", {"language": "de", "next": "/fr/directory/"})
    assert response.status_code == 400
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies


def test_the_switcher_never_leaves_the_site() -> None:
    response = Client().post(
        "/i18n/setlang/", {"language": "fr", "next": "https://evil.example/en/directory/"}
    )
    assert response["Location"] == "/"
