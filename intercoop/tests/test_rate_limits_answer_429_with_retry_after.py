"""Past its rate, each limited action answers 429 with ``Retry-After`` (a JSON error on the API,
a page on the web), and only for the account or address that reached it: one account once
created 110 organizations in 100 s, all public at once.

The rates are settings (``RATE_LIMITS``, from ``INTERCOOP_RATE_*``); these tests make them small.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import LazySettings
from django.test import Client

from intercoop.accounts.models import User
from intercoop.accounts.services import api_token_create
from intercoop.conftest import Personas
from intercoop.env import Rate
from intercoop.organizations.models import Invitation, Organization

pytestmark = pytest.mark.django_db

LIMIT = 3


@pytest.fixture
def small(settings: LazySettings) -> LazySettings:
    settings.RATE_LIMITS = {scope: Rate(LIMIT, 3600) for scope in settings.RATE_LIMITS}
    return settings


def _api(user: User, address: str = "127.0.0.1") -> Client:
    secret = api_token_create(user=user, name="tests").secret
    return Client(headers={"Authorization": f"Bearer {secret}"}, REMOTE_ADDR=address)


def _assert_429_json(response: Any) -> None:
    assert response.status_code == 429, response.content
    assert response["Content-Type"] == "application/json"
    assert response.json()["error"]["code"] == "rate_limited"
    assert 0 < int(response["Retry-After"]) <= 3600


def _assert_429_page(response: Any) -> None:
    assert response.status_code == 429, response.content
    assert response["Content-Type"].startswith("text/html")
    assert 0 < int(response["Retry-After"]) <= 3600
    assert "Too many requests" in response.content.decode()


def test_the_defaults_are_generous_but_finite(settings: LazySettings) -> None:
    rates = settings.RATE_LIMITS
    assert rates["organization_create"] == Rate(20, 3600)
    assert set(rates) >= {
        "organization_create",
        "proposal_create",
        "invitation_create",
        "search",
        "export",
        "ballot_cast",
        "token_failed",
    }


def test_creating_organizations_through_the_api_stops_per_account(
    small: LazySettings, personas: Personas
) -> None:
    alice = _api(personas.alice)
    for i in range(LIMIT):
        response = alice.post(
            "/api/v1/organizations", {"name": f"Org {i}"}, content_type="application/json"
        )
        assert response.status_code == 201
    # The next one is refused, and not created
    response = alice.post(
        "/api/v1/organizations", {"name": "One too many"}, content_type="application/json"
    )
    _assert_429_json(response)
    assert not Organization.objects.filter(name="One too many").exists()
    # Another account, from the same address, is not affected
    response = _api(personas.bob).post(
        "/api/v1/organizations", {"name": "Bob's"}, content_type="application/json"
    )
    assert response.status_code == 201


def test_creating_organizations_on_the_web_stops_per_account(
    small: LazySettings, personas: Personas
) -> None:
    alice = personas.client_for("alice")
    for i in range(LIMIT):
        response = alice.post("/en/orgs/new/", {"name": f"Web org {i}", "kind": "coop"})
        assert response.status_code == 302
    response = alice.post("/fr/orgs/new/", {"name": "One too many", "kind": "coop"})
    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 3600
    assert "Trop de demandes" in response.content.decode()
    assert not Organization.objects.filter(name="One too many").exists()
    response = personas.client_for("bob").post("/en/orgs/new/", {"name": "Bob", "kind": "coop"})
    assert response.status_code == 302


def test_invitations_stop_per_account_on_the_api_and_the_web(
    small: LazySettings, personas: Personas
) -> None:
    alice_api = _api(personas.alice)
    url = f"/api/v1/organizations/{personas.coop_a.pk}/invitations"
    for i in range(LIMIT):
        response = alice_api.post(
            url, {"email": f"p{i}@example.org"}, content_type="application/json"
        )
        assert response.status_code == 201
    _assert_429_json(
        alice_api.post(url, {"email": "late@example.org"}, content_type="application/json")
    )
    # The web form counts against the same limit
    response = personas.client_for("alice").post(
        "/en/orgs/coop-a/invitations/", {"email": "web@example.org", "role": "member"}
    )
    _assert_429_page(response)
    assert not Invitation.objects.filter(email__in=["late@example.org", "web@example.org"])


def test_the_search_api_stops_per_address(small: LazySettings) -> None:
    one = Client(REMOTE_ADDR="192.0.2.1")
    for _ in range(LIMIT):
        assert one.get("/api/v1/organizations?q=bakery").status_code == 200
    _assert_429_json(one.get("/api/v1/organizations?q=bakery"))
    assert Client(REMOTE_ADDR="192.0.2.2").get("/api/v1/organizations").status_code == 200


def test_an_ipv6_address_counts_with_its_64(small: LazySettings) -> None:
    for i in range(LIMIT):
        client = Client(REMOTE_ADDR=f"2001:db8::{i + 1}")
        assert client.get("/api/v1/organizations").status_code == 200
    _assert_429_json(Client(REMOTE_ADDR="2001:db8::ff").get("/api/v1/organizations"))
    assert Client(REMOTE_ADDR="2001:db8:1::1").get("/api/v1/organizations").status_code == 200


@pytest.mark.parametrize(
    "name", ["organizations.csv", "organizations.geojson", "organizations.jsonld"]
)
def test_exports_stop_per_address(small: LazySettings, name: str) -> None:
    one = Client(REMOTE_ADDR="192.0.2.1")
    for _ in range(LIMIT):
        response = one.get(f"/api/v1/exports/{name}")
        assert response.status_code == 200
        b"".join(response.streaming_content)  # type: ignore[attr-defined]
    _assert_429_json(one.get(f"/api/v1/exports/{name}"))
    assert Client(REMOTE_ADDR="192.0.2.2").get(f"/api/v1/exports/{name}").status_code == 200


def test_wrong_tokens_stop_per_address_even_before_a_right_one(
    small: LazySettings, personas: Personas
) -> None:
    guesser = Client(REMOTE_ADDR="192.0.2.9", headers={"Authorization": "Bearer ic_x_wrong"})
    for _ in range(LIMIT):
        assert guesser.get("/api/v1/me").status_code == 401
    _assert_429_json(guesser.get("/api/v1/me"))
    # From that address even a right token waits: the guesses cannot be told apart from it
    _assert_429_json(_api(personas.alice, "192.0.2.9").get("/api/v1/me"))
    # Elsewhere the right token works
    assert _api(personas.alice, "192.0.2.10").get("/api/v1/me").status_code == 200


def test_right_tokens_are_not_counted(small: LazySettings, personas: Personas) -> None:
    alice = _api(personas.alice, "192.0.2.11")
    for _ in range(LIMIT * 3):
        assert alice.get("/api/v1/me").status_code == 200
