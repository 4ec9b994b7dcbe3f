"""In Chromium, with JavaScript off, three supplier co-ops and two buying co-ops run a whole
order cycle:

- the suppliers import their catalogues from their pages, the mill's in DFC, the others' in CSV;
- the federation sets the cycle up (suppliers, buying groups, a fee) and the farm sets a price
  tier on its oats;
- members order: the oats' tier is reached when a member of the second co-op orders, and the
  first member's price drops; a case of honey is filled through one member's tolerance;
- the clock reaches the closing time; the federation closes the cycle, and the invoices and a
  packing list (page and PDF) say what each member pays and receives;
- the mill records its deliveries from its traceability page, and the flour's trace shows its
  co-op share: the wheat came from the farm co-op, the bags from a company that is not one.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import timedelta
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone

from intercoop.exchange.dfc.catalogue import Product as DfcProduct
from intercoop.exchange.dfc.jsonld import write_catalogue
from intercoop.exchange.models import CycleOffer, EconomicResource, OrderCycle, Product
from intercoop.exchange.services import trace as trace_services
from intercoop.organizations.models import Organization, Role
from intercoop.testing.factories import OrganizationFactory, RoleFactory, UserFactory

if TYPE_CHECKING:
    from playwright.sync_api import BrowserContext, Page

    from intercoop.accounts.models import User

pytestmark = [
    pytest.mark.browser,
    pytest.mark.usefixtures("transactional_db", "static_files_from_finders"),
]

FARM_CSV = """sku,name,unit,quantity,case_size,price,currency
OATS-1,Rolled oats 1 kg,kg,1,6,4.20,CAD
LENT-1,Green lentils 1 kg,kg,1,10,5.10,CAD
"""
HONEY_CSV = """sku,name,unit,quantity,case_size,price,currency
HONEY-500,Wildflower honey 500 g,g,500,12,9.00,CAD
"""


def _admin(org: Organization, email: str) -> User:
    user: User = UserFactory.create(email=email, name=email.split("@")[0].title())
    RoleFactory.create(organization=org, user=user, role=Role.Name.ADMIN)
    return user


def _member(org: Organization, email: str) -> User:
    user: User = UserFactory.create(email=email, name=email.split("@")[0].title())
    RoleFactory.create(organization=org, user=user, role=Role.Name.MEMBER)
    return user


def _signed_in(new_context: Callable[..., BrowserContext], live_server: Any, user: User) -> Page:
    client = Client()
    client.force_login(user)
    context = new_context(java_script_enabled=False)
    context.add_cookies(
        [
            {"name": settings.LANGUAGE_COOKIE_NAME, "value": "en", "url": live_server.url},
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            },
        ]
    )
    return context.new_page()


def _submit(page: Page, button: str) -> None:
    with page.expect_navigation():
        page.get_by_role("button", name=button).click()


def _order(page: Page, base: str, cycle: OrderCycle, lines: dict[str, tuple[int, int]]) -> None:
    page.goto(f"{base}/en/exchange/cycles/{cycle.uuid}/buy/")
    for sku, (quantity, tolerance) in lines.items():
        offer = CycleOffer.objects.get(cycle=cycle, product__sku=sku)
        page.fill(f"#q{offer.pk}", str(quantity))
        if tolerance:
            page.fill(f"#t{offer.pk}", str(tolerance))
    _submit(page, "Save the quantities of this page")


def _row(page: Page, text: str) -> str:
    return page.locator("tr", has_text=text).first.inner_text()


def test_a_whole_cycle_from_catalogues_to_the_co_op_share(
    new_context: Callable[..., BrowserContext],
    live_server: Any,
    screenshot: Callable[[Page, str], Path],
    tmp_path: Path,
) -> None:
    base = live_server.url
    federation = OrganizationFactory.create(
        name="Valley Federation", slug="valley-federation", kind=Organization.Kind.ALLY
    )
    farm = OrganizationFactory.create(name="Rang Double Farm Co-op", slug="farm-coop")
    mill = OrganizationFactory.create(name="Batiscan Mill Co-op", slug="mill-coop")
    apiary = OrganizationFactory.create(name="Hive Co-op", slug="hive-coop")
    packer = OrganizationFactory.create(
        name="Bags Inc.", slug="bags-inc", kind=Organization.Kind.ALLY
    )
    grocer = OrganizationFactory.create(name="Riverside Grocery Co-op", slug="riverside")
    club = OrganizationFactory.create(name="Hillside Buying Club", slug="hillside")
    fiona = _admin(federation, "fiona@example.org")
    gabriel = _admin(farm, "gabriel@example.org")
    helene = _admin(mill, "helene@example.org")
    hugo = _admin(apiary, "hugo@example.org")
    ivan = _admin(packer, "ivan@example.org")
    alice = _admin(grocer, "alice@example.org")
    bob = _member(grocer, "bob@example.org")
    carmen = _member(club, "carmen@example.org")

    # --- 1. The suppliers import their catalogues: the farm and the apiary in CSV, the mill in
    # DFC (the JSON-LD another DFC platform would send).
    (tmp_path / "farm.csv").write_text(FARM_CSV)
    (tmp_path / "honey.csv").write_text(HONEY_CSV)
    dfc = write_catalogue(
        [
            DfcProduct("FLOUR-2", "Whole wheat flour 2 kg", "Kilogram", Decimal(2), 780, "CAD"),
            DfcProduct("FLOUR-10", "All-purpose flour 10 kg", "Kilogram", Decimal(10), 2900, "CAD"),
        ],
        base_url="https://dfc.example.org/mill",
    )
    (tmp_path / "mill.json").write_text(json.dumps(dfc))
    for admin, org, kind, name in (
        (gabriel, farm, "csv", "farm.csv"),
        (helene, mill, "dfc", "mill.json"),
        (hugo, apiary, "csv", "honey.csv"),
    ):
        page = _signed_in(new_context, live_server, admin)
        page.goto(f"{base}/en/orgs/{org.slug}/exchange/catalogue/manage/")
        page.set_input_files(f"#id_{kind}-file", str(tmp_path / name))
        _submit(page, f"Import the {kind.upper()} file")
        assert page.locator(".messages, [role=status]").first.is_visible()
    assert Product.objects.filter(supplier=mill, sku="FLOUR-2", price=780).exists()
    assert Product.objects.filter(supplier=farm, sku="OATS-1", case_size=6).exists()
    screenshot(page, "catalogue-imported")

    # --- 2. The federation sets the cycle up.
    coordinator = _signed_in(new_context, live_server, fiona)
    coordinator.goto(f"{base}/en/orgs/{federation.slug}/exchange/cycles/")
    now = timezone.localtime()
    coordinator.fill("#id_name", "December group purchase")
    coordinator.fill("#id_currency", "CAD")
    coordinator.fill("#id_opens_at", (now - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"))
    coordinator.fill("#id_closes_at", (now + timedelta(days=2)).strftime("%Y-%m-%dT%H:%M"))
    _submit(coordinator, "Set up the cycle")
    cycle = OrderCycle.objects.get(name="December group purchase")
    assert coordinator.url.endswith(f"/exchange/cycles/{cycle.uuid}/manage/")
    for org in (farm, mill, apiary):
        coordinator.fill("#id_supplier-organization", org.slug)
        _submit(coordinator, "Add the supplier")
    for org in (grocer, club):
        coordinator.fill("#id_hub-organization", org.slug)
        _submit(coordinator, "Add the buying group")
    coordinator.fill("#id_fee-name", "Coordination")
    coordinator.select_option("#id_fee-role", "coordinator")
    coordinator.select_option("#id_fee-basis", "per_item")
    coordinator.fill("#id_fee-rate", "3")
    _submit(coordinator, "Add the fee")
    assert cycle.suppliers.count() == 3
    assert cycle.hubs.count() == 2
    assert cycle.fees.get().rate_bp == 300
    screenshot(coordinator, "cycle-set-up")

    # Each supplier offers its whole catalogue; the farm sells oats cheaper from 3 cases.
    for admin, org in ((gabriel, farm), (helene, mill), (hugo, apiary)):
        page = _signed_in(new_context, live_server, admin)
        page.goto(f"{base}/en/orgs/{org.slug}/exchange/cycles/{cycle.uuid}/offers/")
        _submit(page, "Add every available product")
        if org == farm:
            oats = CycleOffer.objects.get(cycle=cycle, product__sku="OATS-1")
            page.goto(f"{base}/en/orgs/{org.slug}/exchange/cycles/{cycle.uuid}/offers/{oats.pk}/")
            page.fill("#id_tier_1_cases", "3")
            page.fill("#id_tier_1_price", "3.80")
            _submit(page, "Save the changes")
    assert CycleOffer.objects.filter(cycle=cycle).count() == 5
    assert oats.tiers.get().unit_price == 380

    # --- 3. Members order. Bob: 12 kg of oats (2 cases of 6), 8 jars of honey (of 12).
    bob_page = _signed_in(new_context, live_server, bob)
    _order(bob_page, base, cycle, {"OATS-1": (12, 0), "HONEY-500": (8, 0), "FLOUR-2": (2, 0)})
    bob_page.goto(f"{base}/en/exchange/cycles/{cycle.uuid}/buy/")
    assert "1 more case for CA$3.80 each" in _row(bob_page, "Rolled oats")
    screenshot(bob_page, "bob-buys")
    # Carmen, of the other co-op: 6 kg of oats reach the third case; 3 jars of honey, and she
    # accepts 2 more to fill the case (11 of 12 ordered).
    carmen_page = _signed_in(new_context, live_server, carmen)
    _order(carmen_page, base, cycle, {"OATS-1": (6, 0), "HONEY-500": (3, 2)})
    assert "the tolerance offered fills it" in _row(carmen_page, "Wildflower honey")
    screenshot(carmen_page, "carmen-buys")
    # Bob's price dropped to the tier's.
    bob_page.goto(f"{base}/en/exchange/cycles/{cycle.uuid}/my-order/")
    oats_row = _row(bob_page, "Rolled oats")
    assert "CA$4.20" in oats_row  # the price he saw
    assert "CA$3.80" in oats_row  # the price now
    screenshot(bob_page, "bob-s-price-dropped")

    # --- 4. The clock reaches the closing time; the federation closes the cycle.
    OrderCycle.objects.filter(pk=cycle.pk).update(closes_at=timezone.now() - timedelta(minutes=1))
    coordinator.goto(f"{base}/en/orgs/{federation.slug}/exchange/cycles/{cycle.uuid}/close/")
    _submit(coordinator, "Close the cycle")
    cycle.refresh_from_db()
    assert cycle.closed_at is not None
    assert coordinator.url.endswith(f"/exchange/cycles/{cycle.uuid}/closing/")
    screenshot(coordinator, "closing-summary")

    bob_page.goto(f"{base}/en/exchange/cycles/{cycle.uuid}/my-order/invoice/")
    oats_line = _row(bob_page, "Rolled oats")
    assert "CA$45.60" in oats_line  # 12 x 3.80
    screenshot(bob_page, "bob-s-invoice")
    carmen_page.goto(f"{base}/en/exchange/cycles/{cycle.uuid}/my-order/invoice/")
    honey_line = carmen_page.locator("tr", has_text="Wildflower honey").first
    cells = honey_line.locator("td").all_inner_texts()
    # Ordered 3, extra 1 from her tolerance, dropped 0, 4 units.
    assert cells[1:5] == ["3", "1", "0", "4"], cells
    screenshot(carmen_page, "carmen-s-invoice")

    alice_page = _signed_in(new_context, live_server, alice)
    alice_page.goto(f"{base}/en/orgs/{grocer.slug}/exchange/cycles/{cycle.uuid}/packing/")
    assert "Bob" in alice_page.content()
    assert "Carmen" not in alice_page.content()  # another co-op's member
    pdf = alice_page.request.get(
        f"{base}/en/orgs/{grocer.slug}/exchange/cycles/{cycle.uuid}/packing.pdf"
    )
    assert pdf.status == 200
    assert pdf.headers["content-type"] == "application/pdf"
    assert pdf.body().startswith(b"%PDF")
    screenshot(alice_page, "packing-list")

    # --- 5. The flour's chain: the farm sold wheat to the mill and the company its bags; the
    # mill milled a lot of flour. Then the mill records its deliveries from its page.
    wheat = trace_services.resource_create(
        organization=farm,
        by=gabriel,
        new=trace_services.NewResource(name="Durum wheat", unit="kilogram"),
        quantity=Decimal(500),
    )
    to_mill = trace_services.event_record(
        organization=farm,
        by=gabriel,
        action="transfer",
        resource=wheat,
        quantity=Decimal(100),
        receiver=mill,
        value=9_000,
        currency="CAD",
    )
    bags = trace_services.resource_create(
        organization=packer,
        by=ivan,
        new=trace_services.NewResource(name="Kraft bags", unit="one"),
        quantity=Decimal(100),
    )
    bags_to_mill = trace_services.event_record(
        organization=packer,
        by=ivan,
        action="transfer",
        resource=bags,
        quantity=Decimal(50),
        receiver=mill,
        value=1_000,
        currency="CAD",
    )
    assert to_mill.to_resource_inventoried_as and bags_to_mill.to_resource_inventoried_as
    trace_services.process_record(
        organization=mill,
        by=helene,
        name="Milling, lot 12",
        inputs=[
            trace_services.ProcessInput(
                "consume", to_mill.to_resource_inventoried_as, Decimal(100)
            ),
            trace_services.ProcessInput(
                "consume", bags_to_mill.to_resource_inventoried_as, Decimal(40)
            ),
        ],
        outputs=[
            trace_services.ProcessOutput(
                "produce",
                Decimal(40),
                new=trace_services.NewResource(
                    name="Whole wheat flour, lot 12",
                    unit="one",
                    tracking_identifier="LOT-12",
                    conforms_to=Product.objects.get(supplier=mill, sku="FLOUR-2"),
                ),
            )
        ],
    )
    mill_page = _signed_in(new_context, live_server, helene)
    mill_page.goto(f"{base}/en/orgs/{mill.slug}/exchange/trace/")
    record = mill_page.get_by_role(
        "button", name="Record the deliveries of December group purchase"
    )
    deliveries = mill_page.locator("form", has=record)
    flour_lot = deliveries.locator("option", has_text="LOT-12").get_attribute("value")
    deliveries.locator("select").first.select_option(flour_lot)
    _submit(mill_page, "Record the deliveries of December group purchase")
    delivered = EconomicResource.objects.get(
        tracking_identifier="LOT-12", primary_accountable=grocer
    )
    assert delivered.incoming_events.get().fulfills.count() == 1  # Bob's line of flour
    screenshot(mill_page, "deliveries-recorded")

    # The flour Riverside received: its trace goes back to the farm, and its co-op share shows.
    page = _signed_in(new_context, live_server, alice)
    page.goto(f"{base}/en/exchange/resources/{delivered.uuid}/")
    assert "Rang Double Farm Co-op" in page.content()
    screenshot(page, "trace")
    with page.expect_navigation():
        page.get_by_role("link", name="Co-op share").first.click()
    text = page.content()
    assert "Bags Inc." in text and "Batiscan Mill Co-op" in text
    share = page.locator("main").inner_text()
    # The farm's wheat (90.00) against the company's bags (10.00); the delivery of 2 bags of
    # flour (15.60) adds nothing above its inputs: 90 %.
    assert "90.0%" in share.replace(" ", "").replace("\u202f", "")
    screenshot(page, "co-op-share")
