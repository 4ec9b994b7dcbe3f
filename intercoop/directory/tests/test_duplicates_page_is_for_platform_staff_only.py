"""The probable duplicates page is for platform staff who use MFA: a visitor is sent to sign
in, a signed-in person who is not staff is refused, staff without MFA set it up first."""

from __future__ import annotations

import pytest
from allauth.mfa.models import Authenticator
from django.test import Client

from intercoop.conftest import Personas
from intercoop.testing.factories import OrganizationFactory, UserFactory

PAGE = "/en/directory/duplicates/"


def test_a_visitor_is_sent_to_sign_in(personas: Personas) -> None:
    response = personas.client_for("anonymous").get(PAGE)
    assert response.status_code == 302
    assert "/login/" in response["Location"]


@pytest.mark.parametrize("who", ["alice", "bob", "charlie"])
def test_people_who_are_not_staff_are_refused(personas: Personas, who: str) -> None:
    assert personas.client_for(who).get(PAGE).status_code == 403


@pytest.mark.django_db
def test_staff_without_mfa_are_sent_to_set_it_up() -> None:
    client = Client()
    client.force_login(UserFactory.create(is_staff=True))
    response = client.get(PAGE)
    assert response.status_code == 302
    assert response["Location"] == "/en/accounts/2fa/totp/activate/"


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "fr", "es"])
def test_staff_with_mfa_see_the_pairs_with_links(language: str) -> None:
    OrganizationFactory.create(name="Alpha Bakery", slug="alpha", website="https://alpha.coop")
    OrganizationFactory.create(name="Alpha Bread", slug="alpha-2", website="http://alpha.coop/")
    OrganizationFactory.create(name="Unrelated", slug="other", website="https://other.coop")
    staff = UserFactory.create(is_staff=True)
    Authenticator.objects.create(user=staff, type=Authenticator.Type.TOTP, data={"secret": "x"})
    client = Client()
    client.force_login(staff)

    response = client.get(f"/{language}/directory/duplicates/")

    assert response.status_code == 200
    html = response.content.decode()
    assert f'href="/{language}/orgs/alpha/"' in html
    assert f'href="/{language}/orgs/alpha-2/"' in html
    assert "/orgs/other/" not in html
    assert response.context["total"] == 1


@pytest.mark.django_db
def test_a_page_beyond_the_last_shows_the_last() -> None:
    staff = UserFactory.create(is_staff=True)
    Authenticator.objects.create(user=staff, type=Authenticator.Type.TOTP, data={"secret": "x"})
    client = Client()
    client.force_login(staff)

    response = client.get(PAGE + "?page=99")

    assert response.status_code == 200
    assert response.context["total"] == 0
