"""Through the API a member writes their own rows (refused cell by cell with 422, a repeated
submission written once) and gives or withdraws consent; reads give back only their own."""

from __future__ import annotations

import json
import uuid
from typing import Any

import pytest
from django.test import Client

from intercoop.accounts.services import api_token_create
from intercoop.conftest import Personas
from intercoop.datacoop.models import ConsentEvent, Row
from intercoop.datacoop.tests.world import SECRET, World, build

pytestmark = pytest.mark.django_db


def _client(user: Any) -> Client:
    secret = api_token_create(user=user, name="tests").secret
    return Client(headers={"Authorization": f"Bearer {secret}"})


def _post(client: Client, path: str, body: dict[str, Any]) -> Any:
    return client.post(path, json.dumps(body), content_type="application/json")


@pytest.fixture
def world(personas: Personas) -> World:
    return build(personas)


def test_a_member_writes_a_row_and_reads_only_their_own(world: World) -> None:
    alice, bob = _client(world.personas.alice), _client(world.personas.bob)
    rows = f"/api/v1/datasets/{world.energy.uuid}/rows"
    key = str(uuid.uuid4())

    first = _post(alice, rows, {"values": {"kwh": 2100, "cost": 12.5}, "submission": key})
    again = _post(alice, rows, {"values": {"kwh": 2100, "cost": 12.5}, "submission": key})

    assert first.status_code == again.status_code == 201
    assert first.json()["values"]["cost"] == "12.5"
    assert Row.objects.filter(member=world.personas.alice).count() == 1
    assert [r["values"]["kwh"] for r in alice.get(rows).json()] == [2100]
    bobs = bob.get(rows).json()
    assert [r["values"]["health"] for r in bobs] == [SECRET]


def test_bad_values_are_refused_naming_each_cell(world: World) -> None:
    response = _post(
        _client(world.personas.bob),
        f"/api/v1/datasets/{world.energy.uuid}/rows",
        {"values": {"kwh": 1.5, "solar": 3, "heating": "coal"}},
    )

    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "cells_invalid"
    assert {tuple(d["loc"]) for d in error["details"]} == {
        ("values", "kwh"),
        ("values", "solar"),
        ("values", "heating"),
    }
    assert Row.objects.count() == 2  # the world's two


def test_a_member_gives_and_withdraws_consent_and_gets_the_receipt(world: World) -> None:
    bob = _client(world.personas.bob)
    base = f"/api/v1/datasets/{world.energy.uuid}/consents"

    withdrawn = _post(bob, f"{base}/{world.analytics.uuid}", {"action": "withdraw"})
    (analytics,) = [c for c in withdrawn.json() if c["purpose"] == str(world.analytics.uuid)]
    # The receipt's address is a page of the site: read with the member's session.
    receipt = world.personas.client_for("bob").get(analytics["receipt"])

    assert withdrawn.status_code == 200
    assert (analytics["status"], analytics["holds"]) == ("dpv:ConsentWithdrawn", False)
    assert receipt.status_code == 200
    assert receipt["Content-Type"].startswith("application/ld+json")
    statuses = receipt.json()["dpv:hasRecordOfActivity"]["dpv:hasConsentStatus"]
    assert [s["@type"][0] for s in statuses] == ["dpv:ConsentGiven", "dpv:ConsentWithdrawn"]
    assert ConsentEvent.objects.filter(method="api").count() == 1
