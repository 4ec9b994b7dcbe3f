"""GET /cycles/{uuid}/closing gives the coordinator's administrators the closing as its summary
page does: each offer's outcome, the payouts, each invoice's totals (which add up to the
payouts) and the stored digest. A supplier's administrator gets 403, a cycle not closed yet a
409 ``cycle_not_closed``, an unknown cycle a 404, and a visitor without a token a 401."""

from __future__ import annotations

import uuid

import pytest
from django.test import Client

from intercoop.accounts.services import api_token_create
from intercoop.conftest import Personas
from intercoop.exchange.models import CycleClosing

from .closing_world import closed_world, ordered_world

pytestmark = pytest.mark.django_db


def _client(user: object) -> Client:
    secret = api_token_create(user=user, name="tests").secret  # type: ignore[arg-type]
    return Client(headers={"Authorization": f"Bearer {secret}"})


def test_the_coordinator_reads_the_closing_and_its_totals_add_up(personas: Personas) -> None:
    world = closed_world(personas)

    response = _client(world.cycles.carol).get(f"/api/v1/cycles/{world.cycle.uuid}/closing")

    assert response.status_code == 200
    body = response.json()
    stored = CycleClosing.objects.get(cycle=world.cycle)
    assert body["digest"] == stored.digest
    assert body["currency"] == "EUR"
    paid = sum(p["goods"] + p["fees"] for p in body["payouts"])
    assert paid == sum(i["total"] for i in body["invoices"]) == body["invoiced"] == 13558
    assert body["goods"] + sum(body["fees_by_role"].values()) == body["invoiced"]
    outcomes = {o["offer_id"]: o["outcome"] for o in body["offers"]}
    assert outcomes[world.cycles.offers["apples"].pk] == "filled"
    assert outcomes[world.cycles.offers["cheese"].pk] == "dropped"
    assert {i["member_id"] for i in body["invoices"]} == {
        personas.bob.pk,
        world.cycles.dora.pk,
        world.dmitry.pk,
        world.zoe.pk,
    }


def test_others_are_refused_and_a_cycle_not_closed_is_a_conflict(personas: Personas) -> None:
    world = ordered_world(personas)
    path = f"/api/v1/cycles/{world.cycle.uuid}/closing"

    not_closed = _client(world.cycles.carol).get(path)
    supplier = _client(world.cycles.supplier_admins["orchard"]).get(path)
    member = _client(personas.bob).get(path)
    anonymous = Client().get(path)
    unknown = _client(world.cycles.carol).get(f"/api/v1/cycles/{uuid.uuid4()}/closing")

    assert not_closed.status_code == 409
    assert not_closed.json()["error"]["code"] == "cycle_not_closed"
    assert supplier.status_code == member.status_code == 403
    assert anonymous.status_code == 401
    assert unknown.status_code == 404
