"""Each organization's Murmurations profile is served as JSON at
``/murmurations/organizations/<slug>.json``, the same in every language and to everyone."""

from __future__ import annotations

import json

import pytest
from django.test import Client
from django.urls import reverse

from intercoop.conftest import Personas
from intercoop.directory import murmurations
from intercoop.organizations.models import Organization
from intercoop.testing.factories import RelationshipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def coop(personas: Personas) -> Organization:
    org = personas.coop_a
    org.description = "A workers' co-op café in Leeds."
    org.website = "https://coop-a.example"
    org.email = "hello@coop-a.example"
    org.country, org.locality, org.latitude, org.longitude = "GB", "Leeds", 53.8, -1.55
    org.activity = "ICA260"
    org.save()
    RelationshipFactory.create(subject=org, predicate="member_of", object=personas.coop_b)
    return org


def test_the_address_does_not_depend_on_the_language(coop: Organization) -> None:
    assert reverse("murmurations:organization", args=[coop.slug]) == (
        "/murmurations/organizations/coop-a.json"
    )


def test_the_profile_is_served_as_json_to_any_site(client: Client, coop: Organization) -> None:
    response = client.get("/murmurations/organizations/coop-a.json")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Access-Control-Allow-Origin"] == "*"
    body = json.loads(response.content)
    assert body == murmurations.profile(coop, base_url="http://testserver/")
    assert murmurations.validate(body) == []
    assert body["primary_url"] == "https://coop-a.example"
    assert body["relationships"] == [
        {
            "predicate_url": "https://schema.org/memberOf",
            "object_url": "http://testserver/en/orgs/coop-b/",
        }
    ]


def test_an_unknown_organization_is_a_json_404(client: Client, coop: Organization) -> None:
    response = client.get("/murmurations/organizations/no-such-coop.json")

    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert json.loads(response.content) == {
        "error": {"code": "not_found", "message": "There is nothing at this address."}
    }


def test_only_reading_is_allowed(client: Client, coop: Organization) -> None:
    assert client.post("/murmurations/organizations/coop-a.json").status_code == 405
    assert client.head("/murmurations/organizations/coop-a.json").status_code == 200


@pytest.mark.django_db
def test_the_organization_page_links_to_its_profile(client: Client) -> None:
    Organization.objects.create(name="Linked Co-op", slug="linked-coop")
    html = client.get("/fr/orgs/linked-coop/").content.decode()
    assert (
        '<link rel="alternate" type="application/json" title="Murmurations" '
        'href="/murmurations/organizations/linked-coop.json">'
    ) in html
    assert client.get("/murmurations/organizations/linked-coop.json").status_code == 200
