"""Through the API: a resource gives the address of its Valueflows document, its trace and track
come as nodes and edges within the depth asked, a cycle gives its document's address, and an
administrator records an event (refusals are 422 with the service's code and write nothing; the
same uuid sent again returns the event already recorded)."""

from __future__ import annotations

import json
from typing import Any
from uuid import uuid4

import pytest
from django.test import Client

from intercoop.accounts.services import api_token_create
from intercoop.conftest import Personas
from intercoop.exchange.models import EconomicEvent
from intercoop.exchange.services import trace as services
from intercoop.exchange.tests.trace_world import TraceWorld, build_trace_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(personas: Personas) -> TraceWorld:
    world = build_trace_world(personas)
    services.cycle_deliveries_record(
        cycle=world.cycles.cycle,
        supplier=world.mill,
        by=world.miller,
        resources={world.cycles.offers["flour"].pk: world.flour},
    )
    return world


def miller(world: TraceWorld) -> Client:
    secret = api_token_create(user=world.miller, name="tests").secret
    return Client(headers={"Authorization": f"Bearer {secret}"})


def post_event(client: Client, org_id: int, body: dict[str, Any]) -> Any:
    return client.post(
        f"/api/v1/organizations/{org_id}/events",
        data=json.dumps(body),
        content_type="application/json",
    )


def test_a_resource_gives_its_document_and_its_trace_as_nodes_and_edges(
    world: TraceWorld,
) -> None:
    at_a = world.flour.events.get(action="transfer").to_resource_inventoried_as
    assert at_a is not None
    client = Client()

    resource = client.get(f"/api/v1/resources/{at_a.uuid}").json()
    trace = client.get(f"/api/v1/resources/{at_a.uuid}/trace?depth=4").json()
    track = client.get(f"/api/v1/resources/{world.flour.uuid}/track").json()

    assert resource["jsonld_url"].endswith(f"/exchange/vf/resources/{at_a.uuid}.jsonld")
    assert resource["onhand_quantity"] == "20" and resource["organization_slug"] == "coop-a"
    assert [n["label"] for n in trace["nodes"]] == [
        "Flour T80",
        "transfer",
        "Flour T80",
        "produce",
        "Milling",
    ]
    assert max(n["depth"] for n in trace["nodes"]) == 4
    assert len(trace["edges"]) == len(trace["nodes"]) - 1
    # Valueflows' track takes every event on the resource, its own making included.
    assert {n["label"] for n in track["nodes"]} == {"Flour T80", "produce", "transfer"}


def test_depths_out_of_range_are_refused(world: TraceWorld) -> None:
    response = Client().get(f"/api/v1/resources/{world.flour.uuid}/trace?depth=51")

    assert response.status_code == 422


def test_a_cycle_gives_its_document_s_address(world: TraceWorld) -> None:
    cycle = world.cycles.cycle

    body = Client().get(f"/api/v1/cycles/{cycle.uuid}/valueflows").json()

    assert body["closed"] is True
    assert body["jsonld_url"].endswith(f"/exchange/vf/cycles/{cycle.uuid}.jsonld")


def test_an_administrator_records_an_event_once_and_a_refusal_writes_nothing(
    world: TraceWorld,
) -> None:
    client = miller(world)
    body = {
        "uuid": str(uuid4()),
        "action": "transfer",
        "resource": str(world.flour.uuid),
        "quantity": 2.5,
        "receiver_id": world.personas.coop_b.pk,
    }

    first = post_event(client, world.mill.pk, body)
    again = post_event(client, world.mill.pk, body)
    too_much = post_event(client, world.mill.pk, {**body, "uuid": str(uuid4()), "quantity": 900})

    assert first.status_code == again.status_code == 201
    assert first.json()["uuid"] == again.json()["uuid"] == body["uuid"]
    assert first.json()["quantity"] == "2.5"
    assert too_much.status_code == 422
    assert too_much.json()["error"]["code"] == "insufficient"
    assert EconomicEvent.objects.filter(receiver=world.personas.coop_b).count() == 1
