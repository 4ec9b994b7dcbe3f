"""Each person finds the pages of an order cycle's stage from where they look: the site's main
navigation leads to the order cycles; there, a person signed in finds first the open cycles they
may order in; a cycle's page links its buying page and "My order" for the people of its buying
groups; an organization's list of cycles links, for each row, the pages of its stage (close and
summary for the coordinator, offers, delivery list and traceability for a supplier, buying page
and packing list for a buying group), and every link it shows opens for the person who sees
it. Once closed, "My order" gives the close's outcome, not an estimate."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from intercoop.accounts.models import User
from intercoop.conftest import Personas
from intercoop.exchange.models import CycleHub, CycleSupplier, OrderCycle
from intercoop.exchange.selectors.closing import closing_result, invoice_of

from .closing_world import ClosingWorld, closed_world

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("compiled_catalogues")]


@pytest.fixture
def world(personas: Personas) -> ClosingWorld:
    """The closed cycle, and two more of the same coordinator, supplier and buying groups:
    "Winter cycle", open, and "Due cycle", past its closing time and not closed."""
    closed = closed_world(personas)
    cycles = closed.cycles
    now = timezone.now()
    for name, opens, closes in (
        ("Winter cycle", now - timedelta(days=1), now + timedelta(days=3)),
        ("Due cycle", now - timedelta(days=3), now - timedelta(minutes=5)),
    ):
        cycle = OrderCycle.objects.create(
            coordinator=cycles.coordinator,
            name=name,
            currency="EUR",
            opens_at=opens,
            closes_at=closes,
        )
        CycleSupplier.objects.create(cycle=cycle, supplier=cycles.suppliers["orchard"].supplier)
        CycleHub.objects.create(cycle=cycle, hub=personas.coop_a)
    return closed


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _cycle(name: str) -> OrderCycle:
    return OrderCycle.objects.get(name=name)


def _main(html: str) -> str:
    return html.split('<main id="main"', 1)[1].split("</main>", 1)[0]


def _links(html: str) -> set[str]:
    """The addresses of the page's main part, without their anchors."""
    return {href.split("#")[0] for href in re.findall(r'href="([^"]+)"', _main(html))}


def _text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def _every_link_opens(client: Client, links: set[str]) -> None:
    for link in sorted(links):
        if "/exchange/" in link and "?" not in link:
            assert client.get(link).status_code == 200, link


# --- the organization's list of cycles ----------------------------------------------------------


def test_the_coordinator_s_rows_link_the_close_once_due_and_the_summary_once_closed(
    world: ClosingWorld,
) -> None:
    carol = _client(world.cycles.carol)

    html = carol.get("/en/orgs/food-hub/exchange/cycles/").content.decode()
    links = _links(html)

    closed, due, winter = world.cycle.uuid, _cycle("Due cycle").uuid, _cycle("Winter cycle").uuid
    assert f"/en/orgs/food-hub/exchange/cycles/{closed}/closing/" in links
    assert f"/en/orgs/food-hub/exchange/cycles/{due}/close/" in links
    assert f"/en/orgs/food-hub/exchange/cycles/{closed}/close/" not in links
    assert not any(str(winter) in link and ("close" in link) for link in links)
    assert f"/en/orgs/food-hub/exchange/cycles/{winter}/manage/" in links
    _every_link_opens(carol, links)


def test_a_supplier_s_rows_link_its_offers_and_once_closed_its_delivery_list_and_traceability(
    world: ClosingWorld,
) -> None:
    orchard = _client(world.cycles.supplier_admins["orchard"])

    html = orchard.get("/en/orgs/orchard/exchange/cycles/").content.decode()
    links = _links(html)

    closed, winter = world.cycle.uuid, _cycle("Winter cycle").uuid
    assert f"/en/orgs/orchard/exchange/cycles/{closed}/offers/" in links
    assert f"/en/orgs/orchard/exchange/cycles/{winter}/offers/" in links
    assert f"/en/orgs/orchard/exchange/cycles/{closed}/delivery/" in links
    assert f"/en/orgs/orchard/exchange/cycles/{winter}/delivery/" not in links
    assert 'href="/en/orgs/orchard/exchange/trace/#deliveries"' in html
    assert html.count("/exchange/trace/#deliveries") == 1  # for the closed cycle only
    _every_link_opens(orchard, links)


def test_a_buying_group_s_rows_link_the_buying_page_until_the_close_then_its_packing_list(
    world: ClosingWorld,
) -> None:
    alice = world.cycles.personas.client_for("alice")

    html = alice.get("/en/orgs/coop-a/exchange/cycles/").content.decode()
    links = _links(html)

    closed, winter = world.cycle.uuid, _cycle("Winter cycle").uuid
    assert "Cycles we buy in" in html
    assert f"/en/exchange/cycles/{winter}/buy/" in links
    assert f"/en/orgs/coop-a/exchange/cycles/{closed}/packing/" in links
    assert f"/en/exchange/cycles/{closed}/buy/" not in links
    assert f"/en/orgs/coop-a/exchange/cycles/{winter}/packing/" not in links
    _every_link_opens(alice, links)


def test_an_organization_in_no_cycle_is_told_so_in_each_list(personas: Personas) -> None:
    html = personas.client_for("alice").get("/en/orgs/coop-a/exchange/cycles/").content.decode()

    assert "We buy in no order cycle yet" in html
    assert "We supply no order cycle yet" in html


# --- members find where to order --------------------------------------------------------------


def test_the_main_navigation_leads_to_the_order_cycles(personas: Personas) -> None:
    home = Client().get("/en/").content.decode()
    listing = personas.client_for("bob").get("/en/exchange/cycles/").content.decode()

    assert 'href="/en/exchange/cycles/">Order cycles</a>' in home
    assert 'href="/en/exchange/cycles/" aria-current="page">Order cycles</a>' in listing


def test_a_member_finds_first_the_open_cycles_they_may_order_in(world: ClosingWorld) -> None:
    bob = world.cycles.personas.client_for("bob")

    html = bob.get("/en/exchange/cycles/").content.decode()

    mine = html.split('id="ordering"', 1)[1].split('id="ordered"', 1)[0]
    open_cycles = {c.name: c.uuid for c in OrderCycle.objects.all()}
    assert "Where you can order" in html
    assert f"/en/exchange/cycles/{open_cycles['Winter cycle']}/buy/" in mine
    assert f"/en/exchange/cycles/{open_cycles['Winter cycle']}/my-order/" in mine
    # The shared cycle is open too, through co-op A; the due and closed ones are not.
    assert f"/en/exchange/cycles/{open_cycles['Due cycle']}/" not in mine
    assert str(world.cycle.uuid) not in mine
    assert html.index('id="ordering"') < html.index('id="ordered"') < html.index('id="all"')


def test_a_member_finds_their_orders_in_closed_cycles_and_through_them_the_invoice(
    world: ClosingWorld,
) -> None:
    bob = world.cycles.personas.client_for("bob")

    html = bob.get("/en/exchange/cycles/").content.decode()
    closed = html.split('id="ordered"', 1)[1].split('id="all"', 1)[0]
    mine = bob.get(f"/en/exchange/cycles/{world.cycle.uuid}/my-order/").content.decode()

    assert f'href="/en/exchange/cycles/{world.cycle.uuid}/my-order/"' in closed
    assert "My order in Autumn cycle" in closed
    assert "Winter cycle" not in closed  # open, and Bob has no order in it
    assert f'href="/en/exchange/cycles/{world.cycle.uuid}/my-order/invoice/"' in mine
    # Alice, of the same buying group, ordered nothing: no such list.
    alice = world.cycles.personas.client_for("alice").get("/en/exchange/cycles/")
    assert 'id="ordered"' not in alice.content.decode()


def test_someone_in_no_buying_group_is_told_so_and_a_visitor_sees_only_the_public_list(
    world: ClosingWorld,
) -> None:
    charlie = world.cycles.personas.client_for("charlie").get("/en/exchange/cycles/")
    visitor = Client().get("/en/exchange/cycles/")

    assert "No order cycle is open for a buying group you are in." in charlie.content.decode()
    assert "Where you can order" not in visitor.content.decode()
    assert "Winter cycle" in visitor.content.decode()


def test_a_cycle_s_page_links_the_buying_page_and_my_order_for_its_buyers_only(
    world: ClosingWorld,
) -> None:
    winter = _cycle("Winter cycle").uuid
    path = f"/en/exchange/cycles/{winter}/"

    bob = _links(world.cycles.personas.client_for("bob").get(path).content.decode())
    charlie = _links(world.cycles.personas.client_for("charlie").get(path).content.decode())
    visitor = Client().get(path).content.decode()

    assert {f"/en/exchange/cycles/{winter}/buy/", f"/en/exchange/cycles/{winter}/my-order/"} <= bob
    assert not any("/buy/" in link or "/my-order/" in link for link in charlie)
    assert "Sign in to order" in visitor


# --- my order, once closed ----------------------------------------------------------------------


def test_once_closed_my_order_gives_each_line_s_outcome_and_the_invoice(
    world: ClosingWorld,
) -> None:
    bob = world.cycles.personas.client_for("bob")
    assert world.stored is not None
    invoice = invoice_of(closing_result(world.stored), world.cycles.personas.bob)
    assert invoice is not None

    html = bob.get(f"/en/exchange/cycles/{world.cycle.uuid}/my-order/").content.decode()
    text = _text(html)

    assert "An estimate" not in html and 'type="number"' not in html
    assert f'href="/en/exchange/cycles/{world.cycle.uuid}/my-order/invoice/"' in html
    apples = next(line for line in invoice.lines if line.ordered_units == 5)
    assert apples.extra_units > 0  # Bob's tolerance filled the case of apples
    assert (
        f"Apples {apples.ordered_units} {apples.extra_units} {apples.dropped_units}"
        f" {apples.allocated_units}" in text
    )
    total = f"€{invoice.total // 100}.{invoice.total % 100:02d}"
    assert f"Total to pay {total}" in text


def test_once_closed_my_order_speaks_french_and_spanish(world: ClosingWorld) -> None:
    bob = world.cycles.personas.client_for("bob")

    french = bob.get(f"/fr/exchange/cycles/{world.cycle.uuid}/my-order/").content.decode()
    spanish = bob.get(f"/es/exchange/cycles/{world.cycle.uuid}/my-order/").content.decode()

    assert "Unités reçues" in french and "Total à payer" in french
    assert "Unidades recibidas" in spanish


def test_once_closed_my_order_of_someone_who_ordered_nothing_says_so(world: ClosingWorld) -> None:
    alice = world.cycles.personas.client_for("alice")

    html = alice.get(f"/en/exchange/cycles/{world.cycle.uuid}/my-order/").content.decode()

    assert "You have ordered nothing in this cycle." in html
    assert "/my-order/invoice/" not in html
