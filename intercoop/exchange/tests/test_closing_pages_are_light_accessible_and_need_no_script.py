"""The close page and the closing's documents weigh under 50 KB with a cycle of 60 members,
carry no inline style or script (the CSP forbids them), caption every table and scope its
headers, and work without JavaScript (the close is a plain form)."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from intercoop.conftest import Personas
from intercoop.exchange.models import OrderCycle
from intercoop.exchange.services.closing import cycle_close
from intercoop.testing.factories import UserFactory

from .closing_world import ordered_world
from .cycle_world import place_line

pytestmark = pytest.mark.django_db


def _client(user: object) -> Client:
    client = Client()
    client.force_login(user)  # type: ignore[arg-type]
    return client


def test_each_page_is_light_accessible_and_without_inline_style_or_script(
    personas: Personas,
) -> None:
    world = ordered_world(personas)
    start = timezone.now() - timedelta(hours=2)
    for n in range(60):
        member = UserFactory.create(email=f"m{n}@example.org", name=f"Member {n} Ünal")
        place_line(world.cycles, member, "oats", n + 1, placed_at=start)
        place_line(world.cycles, member, "flour", 10, placed_at=start)
    due = OrderCycle.objects.create(
        coordinator=world.cycles.coordinator,
        name="Due cycle",
        currency="EUR",
        opens_at=timezone.now() - timedelta(days=2),
        closes_at=timezone.now() - timedelta(hours=1),
    )
    cycle_close(cycle=world.cycle)
    uuid = world.cycle.uuid
    pages = [
        (world.cycles.carol, f"/en/orgs/food-hub/exchange/cycles/{due.uuid}/close/"),
        (world.cycles.carol, f"/en/orgs/food-hub/exchange/cycles/{uuid}/closing/"),
        (personas.bob, f"/en/exchange/cycles/{uuid}/my-order/invoice/"),
        (world.cycles.supplier_admins["mill"], f"/en/orgs/mill/exchange/cycles/{uuid}/delivery/"),
        (personas.alice, f"/en/orgs/coop-a/exchange/cycles/{uuid}/packing/"),
    ]
    for user, path in pages:
        response = _client(user).get(path)
        html = response.content.decode()
        assert response.status_code == 200, path
        assert len(response.content) < 50_000, (path, len(response.content))
        assert "style=" not in html, path
        assert not re.search(r"<script(?![^>]*\bsrc=)", html), path
        assert html.count("<table") == html.count("<caption"), path
        assert "<th>" not in html, path  # every header cell has its scope
    close_page = _client(world.cycles.carol).get(pages[0][1]).content.decode()
    assert re.search(
        r'<form method="post">\s*<input type="hidden" name="csrfmiddlewaretoken"', close_page
    )
