"""When the directory probably lists an organization twice, its page says so, with a link to the
other record and the reason, to platform staff and to the organization's administrators only:
its members, other people and the public see nothing of it, and nothing is searched for them."""

from __future__ import annotations

import pytest
from allauth.mfa.models import Authenticator
from django.test import Client

from intercoop.conftest import Personas
from intercoop.directory import views
from intercoop.organizations.models import Organization, RegistryIdentifier
from intercoop.testing.factories import OrganizationFactory, UserFactory

HEADING = '<h2 id="duplicates-heading">Probable duplicates</h2>'


@pytest.fixture
def twin(personas: Personas) -> Organization:
    """Another record of co-op A: the same website, written differently."""
    Organization.objects.filter(pk=personas.coop_a.pk).update(website="https://www.coop-a.coop/")
    OrganizationFactory.create(name="Unrelated", slug="unrelated", website="https://other.coop")
    twin: Organization = OrganizationFactory.create(
        name="Co-operative A Ltd", slug="coop-a-ltd", website="http://coop-a.coop"
    )
    return twin


def page(client: Client, slug: str = "coop-a") -> str:
    response = client.get(f"/en/orgs/{slug}/")
    assert response.status_code == 200
    return response.content.decode()


def test_the_admin_sees_the_other_record_with_a_link_and_the_reason(
    personas: Personas, twin: Organization
) -> None:
    html = page(personas.client_for("alice"))

    assert HEADING in html
    assert '<a href="/en/orgs/coop-a-ltd/">Co-operative A Ltd</a>: same website' in html
    assert "/en/orgs/unrelated/" not in html


def test_platform_staff_see_it_on_either_record(personas: Personas, twin: Organization) -> None:
    staff = UserFactory.create(is_staff=True)
    Authenticator.objects.create(user=staff, type=Authenticator.Type.TOTP, data={"secret": "x"})
    client = Client()
    client.force_login(staff)

    assert '<a href="/en/orgs/coop-a-ltd/">Co-operative A Ltd</a>: same website' in page(client)
    assert '<a href="/en/orgs/coop-a/">Co-op A</a>: same website' in page(client, "coop-a-ltd")


@pytest.mark.parametrize("who", ["bob", "charlie", "anonymous"])
def test_others_see_nothing_of_it(personas: Personas, twin: Organization, who: str) -> None:
    html = page(personas.client_for(who))

    assert "Probable duplicates" not in html
    assert "coop-a-ltd" not in html


def test_the_admin_of_one_record_does_not_see_it_on_the_other(
    personas: Personas, twin: Organization
) -> None:
    # Alice administers co-op A, not the twin: its page is the public's for her.
    html = page(personas.client_for("alice"), "coop-a-ltd")

    assert "Probable duplicates" not in html


@pytest.mark.usefixtures("compiled_catalogues")
def test_the_reason_is_the_strongest_one_and_in_the_reader_s_language(
    personas: Personas, twin: Organization
) -> None:
    RegistryIdentifier.objects.create(organization=personas.coop_a, scheme="gb-coh", value="123456")
    RegistryIdentifier.objects.create(organization=twin, scheme="gb-coh", value="00123456")
    client = personas.client_for("alice")

    assert "Co-operative A Ltd</a>: same registry identifier" in page(client)
    french = client.get("/fr/orgs/coop-a/").content.decode()
    assert "Co-operative A Ltd</a>: même numéro d&#x27;immatriculation" in french


def test_an_organization_without_duplicates_shows_no_section(personas: Personas) -> None:
    assert "Probable duplicates" not in page(personas.client_for("alice"))


@pytest.mark.parametrize("who", ["bob", "charlie", "anonymous"])
def test_nothing_is_searched_for_those_who_may_not_see_it(
    personas: Personas, twin: Organization, who: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    searched: list[Organization] = []

    def spy(org: Organization) -> list[object]:
        searched.append(org)
        return []

    monkeypatch.setattr(views, "probable_duplicates", spy)

    page(personas.client_for(who))
    assert searched == []
    page(personas.client_for("alice"))
    assert searched == [personas.coop_a]
