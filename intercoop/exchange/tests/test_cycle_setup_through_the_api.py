"""Order cycles through the API: the open and upcoming ones a page at a time, one cycle with its
suppliers and buying groups (its fees only to the coordinator's administrators), and setting
one up, refused clearly when a value is wrong and once only when sent twice."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from intercoop.accounts.models import User
from intercoop.accounts.services import api_token_create
from intercoop.conftest import Personas
from intercoop.exchange.models import OrderCycle
from intercoop.exchange.tests.cycle_setup_world import SetupWorld, build_setup_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(personas: Personas) -> SetupWorld:
    return build_setup_world(personas)


def client_for(user: User | None) -> Client:
    if user is None:
        return Client()
    secret = api_token_create(user=user, name="tests").secret
    return Client(headers={"Authorization": f"Bearer {secret}"})


def post(user: User, body: dict[str, Any]) -> Any:
    return client_for(user).post(
        "/api/v1/cycles", data=json.dumps(body), content_type="application/json"
    )


def a_cycle(world: SetupWorld, **changes: Any) -> dict[str, Any]:
    start = timezone.now() + timedelta(days=20)
    body = {
        "organization_id": world.personas.coop_a.pk,
        "name": "Winter",
        "currency": "CHF",
        "opens_at": start.isoformat(),
        "closes_at": (start + timedelta(days=7)).isoformat(),
    }
    body.update(changes)
    return body


def test_only_the_coordinator_s_administrators_read_the_fees(world: SetupWorld) -> None:
    path = f"/api/v1/cycles/{world.cycle.uuid}"

    as_alice = client_for(world.personas.alice).get(path).json()
    as_bob = client_for(world.personas.bob).get(path).json()
    as_visitor = client_for(None).get(path).json()

    assert {(f["name"], f["amount"], f["rate_bp"]) for f in as_alice["fees"]} == {
        ("Coordination", 0, 250),
        ("Farm gate", 175, 0),
    }
    farm_gate = next(f for f in as_alice["fees"] if f["name"] == "Farm gate")
    assert farm_gate["supplier_id"] == world.farm.supplier_id
    assert as_bob["fees"] is None and as_visitor["fees"] is None
    assert [s["slug"] for s in as_visitor["suppliers"]] == ["coop-a", "the-farm"]
    assert [h["slug"] for h in as_visitor["hubs"]] == ["coop-b"]
    assert (as_visitor["state"], as_visitor["offer_count"]) == ("upcoming", 1)
    assert as_visitor["coordinator"]["slug"] == "coop-a"


def test_a_wrong_token_is_refused_even_on_the_public_read(world: SetupWorld) -> None:
    client = Client(headers={"Authorization": "Bearer ic_wrong"})

    response = client.get(f"/api/v1/cycles/{world.cycle.uuid}")

    assert response.status_code == 401


def test_an_unknown_cycle_is_not_found(world: SetupWorld) -> None:
    response = client_for(None).get("/api/v1/cycles/00000000-0000-4000-8000-000000000000")

    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_the_list_gives_open_and_upcoming_cycles_only(world: SetupWorld) -> None:
    now = timezone.now()
    OrderCycle.objects.create(
        coordinator=world.personas.coop_b,
        name="Past",
        currency="EUR",
        opens_at=now - timedelta(days=9),
        closes_at=now - timedelta(days=2),
    )
    OrderCycle.objects.create(
        coordinator=world.personas.coop_b,
        name="Closed",
        currency="EUR",
        opens_at=now - timedelta(days=1),
        closes_at=now + timedelta(days=2),
        closed_at=now,
    )
    OrderCycle.objects.create(
        coordinator=world.personas.coop_b,
        name="Open now",
        currency="EUR",
        opens_at=now - timedelta(days=1),
        closes_at=now + timedelta(days=2),
    )

    page = client_for(None).get("/api/v1/cycles?page=9").json()

    assert (page["count"], page["page"], page["pages"]) == (2, 1, 1)
    assert [(c["name"], c["state"]) for c in page["results"]] == [
        ("Open now", "open"),
        ("Harvest", "upcoming"),
    ]


def test_a_coordinator_s_administrator_sets_a_cycle_up_once(world: SetupWorld) -> None:
    body = a_cycle(world)

    first = post(world.personas.alice, body)
    again = post(world.personas.alice, body)

    assert first.status_code == 201
    created = first.json()
    assert (created["name"], created["currency"], created["fees"]) == ("Winter", "CHF", [])
    assert again.status_code == 409
    assert again.json()["error"]["code"] == "duplicate_cycle"
    assert OrderCycle.objects.filter(name="Winter").count() == 1


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"currency": "XYZ"}, "invalid_currency"),
        ({"currency": "eur"}, "validation_error"),
        ({"name": "   "}, "validation_error"),
        ({"organization_id": True}, "validation_error"),
        (
            {"closes_at": "2020-01-01T00:00:00+00:00", "opens_at": "2019-12-01T00:00:00+00:00"},
            "invalid_times",
        ),
        (
            {"opens_at": "2099-01-02T00:00:00+00:00", "closes_at": "2099-01-01T00:00:00+00:00"},
            "invalid_times",
        ),
    ],
)
def test_a_bad_cycle_is_a_422_naming_the_problem(
    world: SetupWorld, changes: dict[str, Any], code: str
) -> None:
    before = OrderCycle.objects.count()

    response = post(world.personas.alice, a_cycle(world, **changes))

    assert response.status_code == 422, response.content
    assert response.json()["error"]["code"] == code
    assert OrderCycle.objects.count() == before


def test_a_member_who_is_not_an_administrator_cannot_set_a_cycle_up(world: SetupWorld) -> None:
    response = post(world.personas.bob, a_cycle(world))

    assert response.status_code == 403
    assert not OrderCycle.objects.filter(name="Winter").exists()
