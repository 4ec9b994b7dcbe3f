"""The Murmurations routes, for the four personas: the profile is public data, so Alice (admin
of co-op A), Bob (member of A), Charlie (member of co-op B) and an anonymous visitor all get the
same JSON, and none of it is private (no person, no role)."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from intercoop.conftest import Personas
from intercoop.directory import murmurations, murmurations_urls
from intercoop.testing.persona_routes import PERSONAS, url_names_of

pytestmark = pytest.mark.django_db

ROUTES = {"organization": lambda p: [p.coop_a.slug]}


def test_every_route_has_persona_rows() -> None:
    names = url_names_of(murmurations_urls.urlpatterns, "murmurations")
    assert names == {f"murmurations:{route}" for route in ROUTES}


@pytest.mark.parametrize("route", sorted(ROUTES))
def test_every_persona_gets_the_same_public_json(personas: Personas, route: str) -> None:
    url = reverse(f"murmurations:{route}", args=ROUTES[route](personas))
    bodies = {}
    for who in PERSONAS:
        response = personas.client_for(who).get(url)
        assert response.status_code == 200, who
        assert response["Content-Type"] == "application/json", who
        bodies[who] = response.content

    assert len(set(bodies.values())) == 1
    body = bodies["anonymous"].decode()
    assert json.loads(body) == murmurations.profile(personas.coop_a, base_url="http://testserver/")
    for person in (personas.alice, personas.bob, personas.charlie):
        assert person.email not in body
        assert person.name not in body
