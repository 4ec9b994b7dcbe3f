"""A resource's public page shows where it came from and where it went as nested lists (no
script), with organizations, actions, quantities, lots and the cycle whose orders a delivery
fulfils, never money or members, to the depth the reader asks (10 by default, at most 50). The
pages of traceability are light, carry no inline style or script and label every field; the
organization's page records through plain forms, a double submit recording once."""

from __future__ import annotations

import re
from uuid import uuid4

import pytest
from django.test import Client

from intercoop.conftest import Personas
from intercoop.exchange.models import EconomicEvent, EconomicResource
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


def at_coop_a(world: TraceWorld) -> EconomicResource:
    received = world.flour.events.get(action="transfer").to_resource_inventoried_as
    assert received is not None
    return received


def test_the_trace_shows_the_chain_back_to_the_wheat(world: TraceWorld) -> None:
    html = Client().get(f"/en/exchange/resources/{at_coop_a(world).uuid}/").content.decode()

    for text in ("Where it came from", "The Mill", "Co-op A", "Milling", "W-7", "F-12", "Wheat"):
        assert text in html, text
    assert "Autumn cycle" in html  # the cycle whose orders it delivers
    assert "28.00" not in html and "€" not in html and "Alice" not in html


def test_the_depth_limits_the_trace_and_is_kept_within_bounds(world: TraceWorld) -> None:
    client = Client()
    path = f"/en/exchange/resources/{at_coop_a(world).uuid}/"

    short = client.get(path + "?depth=3").content.decode()
    assert "Wheat" not in short and "Flour T80" in short
    assert 'value="50"' in client.get(path + "?depth=999").content.decode()
    assert 'value="10"' in client.get(path + "?depth=many").content.decode()
    assert 'value="0"' in client.get(path + "?depth=-4").content.decode()


def test_the_track_shows_where_the_mill_s_flour_went(world: TraceWorld) -> None:
    html = Client().get(f"/en/exchange/resources/{world.flour.uuid}/").content.decode()

    track = html.split('id="track"')[1]
    assert "Co-op A" in track and "Transfer" in track


def test_the_pages_speak_french(world: TraceWorld, compiled_catalogues: None) -> None:
    html = Client().get(f"/fr/exchange/resources/{at_coop_a(world).uuid}/").content.decode()

    assert "D\u2019où elle vient" in html and "Où elle est allée" in html
    assert "Consommer" in html and "Transfert" in html


def test_each_page_is_light_without_inline_style_or_script(world: TraceWorld) -> None:
    mill = world.personas.client_for("alice")
    mill.force_login(world.miller)
    process = EconomicEvent.objects.get(action="produce").output_of
    assert process is not None
    pages = [
        f"/en/exchange/resources/{at_coop_a(world).uuid}/",
        f"/en/exchange/resources/{world.wheat.uuid}/?depth=50",
        f"/en/exchange/processes/{process.uuid}/",
        "/en/orgs/mill/exchange/trace/",
    ]
    for path in pages:
        response = mill.get(path)
        html = response.content.decode()
        assert response.status_code == 200, path
        assert len(response.content) < 50_000, path
        assert "style=" not in html, path
        assert "<script" not in html, path
        # Every field but the hidden ones (the form's token) has a label.
        fields = re.findall(
            r'<(?:input|select|textarea)(?![^>]*type="hidden")[^>]*\bid="([^"]+)"', html
        )
        for field_id in fields:
            assert f'for="{field_id}"' in html, (path, field_id)


def test_a_transfer_sent_twice_from_the_page_records_once(world: TraceWorld) -> None:
    client = Client()
    client.force_login(world.miller)
    data = {
        "event-token": str(uuid4()),
        "event-action": "transfer",
        "event-resource": str(world.flour.pk),
        "event-quantity": "12.5",
        "event-receiver": "coop-b",
        "event-value": "10.20",
        "event-currency": "EUR",
    }

    first = client.post("/en/orgs/mill/exchange/trace/events/", data)
    second = client.post("/en/orgs/mill/exchange/trace/events/", data)

    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    (event,) = EconomicEvent.objects.filter(receiver=world.personas.coop_b)
    assert (event.value, event.currency) == (1020, "EUR")


def test_a_refused_transfer_is_explained_on_the_page(world: TraceWorld) -> None:
    client = Client()
    client.force_login(world.miller)

    response = client.post(
        "/en/orgs/mill/exchange/trace/events/",
        {
            "event-token": str(uuid4()),
            "event-action": "transfer",
            "event-resource": str(world.flour.pk),
            "event-quantity": "5000",
            "event-receiver": "coop-b",
        },
    )

    assert response.status_code == 400
    assert "holds only" in response.content.decode()


def test_the_deliveries_of_a_closed_cycle_are_recorded_from_the_page(personas: Personas) -> None:
    world = build_trace_world(personas)
    client = Client()
    client.force_login(world.miller)
    page = client.get("/en/orgs/mill/exchange/trace/").content.decode()
    offer = world.cycles.offers["flour"]
    assert f'name="offer_{offer.pk}"' in page

    response = client.post(
        "/en/orgs/mill/exchange/trace/deliveries/",
        {"cycle": str(world.cycles.cycle.uuid), f"offer_{offer.pk}": str(world.flour.pk)},
    )

    assert response.status_code == 302
    (event,) = EconomicEvent.objects.filter(action="transfer")
    assert event.receiver == personas.coop_a and event.fulfills.count() == 2


def test_a_process_is_recorded_from_the_page(world: TraceWorld) -> None:
    client = Client()
    client.force_login(world.miller)

    response = client.post(
        "/en/orgs/mill/exchange/trace/processes/",
        {
            "process-token": str(uuid4()),
            "process-name": "Sifting",
            "in-TOTAL_FORMS": "3",
            "in-INITIAL_FORMS": "0",
            "in-0-action": "consume",
            "in-0-resource": str(world.flour.pk),
            "in-0-quantity": "10",
            "in-1-action": "work",
            "in-1-quantity": "1",
            "out-TOTAL_FORMS": "2",
            "out-INITIAL_FORMS": "0",
            "out-0-action": "produce",
            "out-0-name": "Fine flour",
            "out-0-tracking_identifier": "FF-1",
            "out-0-unit": "kilogram",
            "out-0-quantity": "9",
            "out-1-unit": "one",
        },
    )

    assert response.status_code == 302, response.content.decode()[-2000:]
    fine = EconomicResource.objects.get(name="Fine flour")
    assert fine.onhand_quantity == 9 and fine.tracking_identifier == "FF-1"
