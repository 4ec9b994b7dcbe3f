"""The pages of setting cycles up: forms take amounts as people write them ("0.50", "2.5 %"),
refuse clearly and keep nothing of a refused form, speak French, stay light, carry no inline
style or script and label every field; a supplier sees only its own offers' prices and fees;
a closed cycle's pages offer no form."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from intercoop.conftest import Personas
from intercoop.exchange.models import CycleFee, CycleOffer, MemberOrder, OrderCycle, OrderLine
from intercoop.exchange.services import cycles as services
from intercoop.exchange.tests.cycle_setup_world import SetupWorld, build_setup_world
from intercoop.testing.factories import RoleFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("compiled_catalogues")]


@pytest.fixture
def world(personas: Personas) -> SetupWorld:
    return build_setup_world(personas)


def spaces(html: str) -> str:
    """Non-breaking spaces (French punctuation, grouped digits) as plain ones."""
    return html.replace("\u202f", " ").replace("\xa0", " ").replace("&nbsp;", " ")


def manage(world: SetupWorld, lang: str = "en") -> str:
    return f"/{lang}/orgs/coop-a/exchange/cycles/{world.cycle.uuid}/manage/"


def offers(world: SetupWorld, lang: str = "en") -> str:
    return f"/{lang}/orgs/coop-a/exchange/cycles/{world.cycle.uuid}/offers/"


def pages(world: SetupWorld) -> list[str]:
    uuid = world.cycle.uuid
    return [
        "/en/exchange/cycles/",
        f"/en/exchange/cycles/{uuid}/",
        "/en/orgs/coop-a/exchange/cycles/",
        manage(world),
        manage(world) + "?q=co-op",
        offers(world),
        f"{offers(world)}{world.apples.pk}/",
    ]


def test_each_page_is_light_without_inline_style_or_script_and_labels_its_fields(
    world: SetupWorld,
) -> None:
    alice = world.client_for("alice")

    for path in pages(world):
        response = alice.get(path)
        html = response.content.decode()
        assert response.status_code == 200, path
        assert len(response.content) < 50_000, path
        assert "style=" not in html, path
        assert "<script" not in html, path
        for field_id in re.findall(r'<(?:input|select|textarea)[^>]*\bid="([^"]+)"', html):
            assert f'for="{field_id}"' in html, (path, field_id)


def test_a_fee_is_written_as_people_write_money_and_rates(world: SetupWorld) -> None:
    alice = world.client_for("alice")
    path = manage(world) + "fees/"

    added = alice.post(
        path,
        {
            "fee-name": "Packing",
            "fee-role": "distributor",
            "fee-basis": "per_order",
            "fee-amount": "0.50",
            "fee-rate": "2.5",
            "fee-scope": f"h{world.hub_b.pk}",
        },
    )
    too_fine = alice.post(
        path,
        {
            "fee-name": "Odd",
            "fee-role": "coordinator",
            "fee-basis": "per_item",
            "fee-amount": "0.505",
        },
    )

    fee = CycleFee.objects.get(name="Packing")
    assert added.status_code == 302
    assert (fee.amount, fee.rate_bp, fee.hub, fee.basis) == (50, 250, world.hub_b, "per_order")
    assert too_fine.status_code == 400
    assert "more decimals than EUR" in too_fine.content.decode()
    assert not CycleFee.objects.filter(name="Odd").exists()
    page = alice.get(manage(world)).content.decode()
    assert "€0.50" in page and "2.5%" in page


def test_an_offer_is_priced_in_tiers_on_its_page_and_a_bad_tier_keeps_nothing(
    world: SetupWorld,
) -> None:
    alice = world.client_for("alice")
    path = f"{offers(world)}{world.apples.pk}/"

    refused = alice.post(
        path,
        {
            "unit_price": "2.00",
            "case_size": "6",
            "tier_1_cases": "2",
            "tier_1_price": "2.10",
        },
    )
    half = alice.post(path, {"unit_price": "2.00", "case_size": "6", "tier_2_cases": "3"})
    saved = alice.post(
        path,
        {
            "unit_price": "2.40",
            "case_size": "12",
            "tier_1_cases": "5",
            "tier_1_price": "2.10",
            "tier_2_cases": "2",
            "tier_2_price": "2.25",
        },
    )

    assert refused.status_code == 400
    assert "dearer than the offer" in refused.content.decode()
    assert half.status_code == 400
    assert "both a number of cases and a price" in half.content.decode()
    assert saved.status_code == 302
    offer = CycleOffer.objects.get(pk=world.apples.pk)
    assert (offer.unit_price, offer.case_size) == (240, 12)
    assert list(offer.tiers.values_list("min_cases", "unit_price")) == [(2, 225), (5, 210)]
    page = alice.get(offers(world)).content.decode()
    assert "from 2 cases: €2.25" in page and "from 5 cases: €2.10" in page


def test_a_supplier_sees_only_its_own_offers_prices_and_fees(world: SetupWorld) -> None:
    # The Farm's administrator, on the Farm's page of the cycle, and Alice on co-op A's.
    farm_admin = RoleFactory.create(organization=world.farm.supplier, role="admin").user
    client = Client()
    client.force_login(farm_admin)
    services.cycle_offer_update(
        offer=world.apples, by=world.personas.alice, unit_price=250, case_size=6, tiers=[(4, 230)]
    )

    farm_page = client.get(
        f"/en/orgs/the-farm/exchange/cycles/{world.cycle.uuid}/offers/"
    ).content.decode()
    own_page = world.client_for("alice").get(offers(world)).content.decode()

    for private in ("Apples", "€2.50", "€2.30", "Crisp"):
        assert private not in farm_page
    assert "Farm gate" in farm_page and "Coordination" in farm_page
    assert "Apples" in own_page and "€2.30" in own_page
    assert "Farm gate" not in own_page


def test_adding_products_tells_what_was_added_and_what_was_left_out(world: SetupWorld) -> None:
    alice = world.client_for("alice")

    response = alice.post(offers(world), {"all": "1"}, follow=True)

    html = response.content.decode()
    assert "1 product added." in html and "1 product was already offered." in html
    assert CycleOffer.objects.filter(cycle=world.cycle, name="Flour T80").exists()


def test_the_manager_s_pages_speak_french(world: SetupWorld) -> None:
    alice = world.client_for("alice")

    page = spaces(alice.get(manage(world, "fr")).content.decode())
    listing = spaces(alice.get("/fr/orgs/coop-a/exchange/cycles/").content.decode())
    own = spaces(alice.get(offers(world, "fr")).content.decode())
    public = spaces(Client().get(f"/fr/exchange/cycles/{world.cycle.uuid}/").content.decode())

    assert "Gérer « Harvest »" in page
    assert "Groupements d\u2019achat" in page and "Ajouter les frais" in page
    assert "2,5 %" in page and "1,75 €" in page
    assert "Cycles que nous coordonnons" in listing and "À venir" in listing
    assert "Cycles de commande" in listing
    assert "Nos offres dans « Harvest »" in own and "2,50 €" in own
    assert "Coordonné par" in public and "1 offre" in public


def test_a_refusal_is_told_in_french(world: SetupWorld) -> None:
    MemberOrder.objects.create(cycle=world.cycle, hub=world.hub_b, member=world.personas.charlie)
    order = MemberOrder.objects.get()
    OrderLine.objects.create(order=order, offer=world.apples, quantity=6, seen_unit_price=250)
    alice = world.client_for("alice")

    response = alice.post(f"{offers(world, 'fr')}{world.apples.pk}/remove/", follow=True)

    html = spaces(response.content.decode())
    assert "Des membres ont commandé « Apples » : l\u2019offre ne peut pas être retirée." in html
    assert CycleOffer.objects.filter(pk=world.apples.pk).exists()


def test_a_closed_cycle_s_pages_offer_no_form(world: SetupWorld) -> None:
    now = timezone.now()
    OrderCycle.objects.filter(pk=world.cycle.pk).update(
        opens_at=now - timedelta(days=7), closes_at=now - timedelta(minutes=1), closed_at=now
    )
    alice = world.client_for("alice")

    for path in (manage(world), offers(world)):
        html = alice.get(path).content.decode()
        assert "nothing of it can change" in html, path
        assert 'type="submit"' not in html.split("</nav>", 2)[-1], path


def test_renaming_an_ordered_cycle_keeps_its_opening_time_as_shown(world: SetupWorld) -> None:
    # The form shows times to the minute; the stored opening time has seconds.
    order = MemberOrder.objects.create(
        cycle=world.cycle, hub=world.hub_b, member=world.personas.charlie
    )
    OrderLine.objects.create(order=order, offer=world.apples, quantity=6, seen_unit_price=250)
    cycle = world.cycle
    shown = {
        name: timezone.localtime(getattr(cycle, name)).strftime("%Y-%m-%dT%H:%M")
        for name in ("opens_at", "closes_at")
    }

    response = world.client_for("alice").post(
        manage(world), {"name": "Harvest, renamed", "currency": "EUR", **shown}
    )

    assert response.status_code == 302
    renamed = OrderCycle.objects.get(pk=cycle.pk)
    assert (renamed.name, renamed.opens_at) == ("Harvest, renamed", cycle.opens_at)
