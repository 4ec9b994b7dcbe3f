"""The API's relationship operations, end to end with personal tokens: A's administrator
proposes, the public sees nothing until B's administrator confirms, then either side ends it."""

from __future__ import annotations

from typing import Any

from django.test import Client

from intercoop.accounts.models import User
from intercoop.accounts.services import api_token_create
from intercoop.conftest import Personas


def token_client(user: User) -> Client:
    secret = api_token_create(user=user, name="tests").secret
    return Client(enforce_csrf_checks=True, headers={"Authorization": f"Bearer {secret}"})


def relationships(client: Client, org_id: int) -> list[dict[str, Any]]:
    response = client.get(f"/api/v1/organizations/{org_id}/relationships")
    assert response.status_code == 200
    return list(response.json())


def test_propose_confirm_and_end(personas: Personas, erin: User) -> None:
    a, b = personas.coop_a, personas.coop_b
    alice, erin_api, visitor = token_client(personas.alice), token_client(erin), Client()

    # when Alice proposes that A supplies B
    created = alice.post(
        f"/api/v1/organizations/{a.pk}/relationships",
        {"predicate": "supplier_of", "object": "coop-b"},
        content_type="application/json",
    )

    # then it is pending: its two sides' administrators see it, the public does not
    assert created.status_code == 201
    relationship = created.json()
    assert relationship["status"] == "pending"
    assert relationship["confirmed_at"] is None
    assert (relationship["subject"]["slug"], relationship["object"]["slug"]) == ("coop-a", "coop-b")
    assert [r["id"] for r in relationships(alice, a.pk)] == [relationship["id"]]
    assert [r["id"] for r in relationships(erin_api, b.pk)] == [relationship["id"]]
    assert relationships(visitor, a.pk) == []
    assert relationships(token_client(personas.bob), a.pk) == []
    assert visitor.get(f"/api/v1/organizations/{b.pk}").json()["links_in"] == []

    # when Erin confirms it for B
    confirmed = erin_api.post(
        f"/api/v1/organizations/{b.pk}/relationships/{relationship['id']}/confirm"
    )

    # then it is public
    assert confirmed.status_code == 200
    assert confirmed.json()["status"] == "confirmed"
    assert confirmed.json()["confirmed_at"] is not None
    assert [r["status"] for r in relationships(visitor, a.pk)] == ["confirmed"]
    assert visitor.get(f"/api/v1/organizations/{b.pk}").json()["links_in"] == [
        {"predicate": "supplier_of", "id": a.pk, "slug": "coop-a", "name": "Co-op A"}
    ]

    # when Alice ends it
    ended = alice.delete(f"/api/v1/organizations/{a.pk}/relationships/{relationship['id']}")

    # then it is gone, and a second end finds nothing
    assert ended.status_code == 204
    assert relationships(visitor, a.pk) == []
    again = alice.delete(f"/api/v1/organizations/{a.pk}/relationships/{relationship['id']}")
    assert (again.status_code, again.json()["error"]["code"]) == (404, "not_found")


def test_a_wrong_token_is_refused_even_on_the_public_list(personas: Personas) -> None:
    client = Client(headers={"Authorization": "Bearer ic_not-a-real-token"})

    response = client.get(f"/api/v1/organizations/{personas.coop_a.pk}/relationships")

    assert (response.status_code, response.json()["error"]["code"]) == (401, "invalid_token")


def test_the_session_of_an_administrator_sees_the_pending_ones_too(
    personas: Personas, erin: User
) -> None:
    token_client(personas.alice).post(
        f"/api/v1/organizations/{personas.coop_a.pk}/relationships",
        {"predicate": "member_of", "object": "coop-b"},
        content_type="application/json",
    )

    seen = relationships(personas.client_for("alice"), personas.coop_a.pk)

    assert [r["status"] for r in seen] == ["pending"]
