"""The demo's exchange: three suppliers with catalogues, November's group purchase closed (a tier
reached, a case filled by tolerance, invoices that add up), its flour traced back to the farm
with a co-op share below 100 % (the bags come from a supplier that is not a co-op), and
December's open; loading it again changes nothing."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client, override_settings

from intercoop.exchange.demo import DECEMBER, MILL, NOVEMBER
from intercoop.exchange.models import (
    CycleClosing,
    EconomicEvent,
    EconomicResource,
    OrderCycle,
    OrderLine,
    Product,
)
from intercoop.exchange.selectors.cycles import CycleState, cycle_state

pytestmark = pytest.mark.django_db


def _counts() -> tuple[int, ...]:
    return tuple(
        model.objects.count()
        for model in (OrderCycle, OrderLine, Product, EconomicEvent, CycleClosing)
    )


def test_the_demo_s_group_purchases_and_trace(tmp_path: Path) -> None:
    with override_settings(DATA_DIR=tmp_path):
        call_command("demo", stdout=io.StringIO())
        before = _counts()
        call_command("demo", stdout=io.StringIO())
    assert _counts() == before

    november = OrderCycle.objects.get(name=NOVEMBER)
    december = OrderCycle.objects.get(name=DECEMBER)
    assert cycle_state(november) is CycleState.CLOSED
    assert cycle_state(december) is CycleState.OPEN
    result = json.loads(november.closing.result)
    offers = {o["offer_id"]: o for o in result["offers"]}
    oats = november.offers.get(product__sku="OATS-1")
    flour = november.offers.get(product__sku="FLOUR-2")
    assert offers[str(oats.pk)]["tier_min_cases"] == 3
    assert offers[str(oats.pk)]["tier_unit_price"] == 380
    assert offers[str(flour.pk)]["tolerance_used"] == 1
    assert offers[str(flour.pk)]["cases"] == 1
    assert sum(i["total"] for i in result["invoices"]) == result["invoiced"]

    lot = EconomicResource.objects.get(
        tracking_identifier="FARINE-2026-11", primary_accountable__slug=MILL
    )
    page = Client().get(f"/en/exchange/resources/{lot.uuid}/coop-share/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "Ferme coopérative du Rang double" in text
    assert "Emballages Laurentides inc." in text
    # 768.00 of wheat from the farm co-op, 54.00 of bags from the wholesaler: 93.4 %.
    assert "93.4" in text or "93,4" in text
