"""A need meets the current offers of other organizations in its category, within the larger
reach of the two scopes (local 30 km, regional 150 km, national 1,000 km, international
anywhere; distance between the centres of their H3 cells), whose quantity covers it when both
are stated in the same unit. Each pair is stored once, whichever side is published last, and a
second run adds nothing."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from intercoop.conftest import Personas
from intercoop.exchange.models import Match
from intercoop.exchange.services.listings import (
    ListingData,
    listing_match,
    listing_update,
    listing_withdraw,
)
from intercoop.exchange.tests.listing_world import LYON, ORLEANS, PARIS, VERSAILLES, place, publish

pytestmark = pytest.mark.django_db


@pytest.fixture
def located(personas: Personas) -> Personas:
    place(personas.coop_a, PARIS)
    place(personas.coop_b, VERSAILLES)
    return personas


def pairs() -> set[tuple[str, str]]:
    return set(Match.objects.values_list("need__title", "offer__title"))


def test_a_need_meets_a_nearby_offer_of_its_category(located: Personas) -> None:
    # given an offer of flour 17 km away
    offer = publish(located.coop_b, located.charlie, title="Flour", quantity=500, unit="kg")
    # when A publishes a need of flour
    need = publish(
        located.coop_a, located.alice, kind="need", title="Need flour", quantity=200, unit="kg"
    )
    # then they match, at about 17 km
    match = Match.objects.get()
    assert (match.need, match.offer) == (need, offer)
    assert match.distance_km == pytest.approx(17.4, abs=1.5)


def test_another_category_does_not_match(located: Personas) -> None:
    publish(located.coop_b, located.charlie, title="Solar panels", category="energy")
    publish(located.coop_a, located.alice, kind="need", title="Need flour")
    assert pairs() == set()


def test_an_organization_s_own_offer_does_not_match_its_need(located: Personas) -> None:
    publish(located.coop_a, located.alice, title="Flour")
    publish(located.coop_a, located.alice, kind="need", title="Need flour")
    assert pairs() == set()


@pytest.mark.parametrize(
    ("where", "need_scope", "offer_scope", "matches"),
    [
        (ORLEANS, "local", "local", False),  # 111 km, both 30 km
        (ORLEANS, "local", "regional", True),  # the larger reach: 150 km
        (ORLEANS, "regional", "local", True),
        (LYON, "regional", "regional", False),  # 392 km
        (LYON, "national", "local", True),
        (LYON, "local", "international", True),
    ],
)
def test_the_larger_scope_of_the_two_decides_the_reach(
    located: Personas, where: tuple[float, float], need_scope: str, offer_scope: str, matches: bool
) -> None:
    place(located.coop_b, where)
    publish(located.coop_b, located.charlie, title="Flour", geographic_scope=offer_scope)
    publish(
        located.coop_a, located.alice, kind="need", title="Need flour", geographic_scope=need_scope
    )
    assert pairs() == ({("Need flour", "Flour")} if matches else set())


def test_a_listing_without_a_place_is_within_reach_of_international_ones_only(
    personas: Personas,
) -> None:
    # Neither co-op has a place.
    publish(personas.coop_b, personas.charlie, title="Flour", geographic_scope="national")
    publish(personas.coop_b, personas.charlie, title="Far flour", geographic_scope="international")
    publish(personas.coop_a, personas.alice, kind="need", title="Need flour")
    assert pairs() == {("Need flour", "Far flour")}


@pytest.mark.parametrize(
    ("offered", "offer_unit", "needed", "need_unit", "matches"),
    [
        (500, "kg", 200, "kg", True),
        (200, "kg", 200, "KG", True),  # units are compared without case
        (100, "kg", 200, "kg", False),  # the offer falls short
        (100, "bags", 200, "kg", True),  # other units: nothing says it falls short
        (None, "", 200, "kg", True),  # not stated
        (100, "kg", None, "", True),
    ],
)
def test_the_offer_s_quantity_must_cover_the_need_s_in_the_same_unit(
    located: Personas,
    offered: int | None,
    offer_unit: str,
    needed: int | None,
    need_unit: str,
    matches: bool,
) -> None:
    publish(located.coop_b, located.charlie, title="Flour", quantity=offered, unit=offer_unit)
    publish(
        located.coop_a,
        located.alice,
        kind="need",
        title="Need flour",
        quantity=needed,
        unit=need_unit,
    )
    assert pairs() == ({("Need flour", "Flour")} if matches else set())


def test_withdrawn_expired_and_future_offers_do_not_match(located: Personas) -> None:
    withdrawn = publish(located.coop_b, located.charlie, title="Withdrawn flour")
    listing_withdraw(listing=withdrawn, by=located.charlie)
    expired = publish(located.coop_b, located.charlie, title="Old flour")
    type(expired).objects.filter(pk=expired.pk).update(
        valid_from=timezone.now() - timedelta(days=10),
        valid_until=timezone.now() - timedelta(days=1),
    )
    publish(
        located.coop_b,
        located.charlie,
        title="Future flour",
        valid_from=timezone.now() + timedelta(days=3),
    )
    publish(located.coop_a, located.alice, kind="need", title="Need flour")
    assert pairs() == set()


def test_an_offer_published_after_the_need_matches_it_too(located: Personas) -> None:
    publish(located.coop_a, located.alice, kind="need", title="Need flour")
    publish(located.coop_b, located.charlie, title="Flour")
    assert pairs() == {("Need flour", "Flour")}


def test_matching_twice_adds_nothing(located: Personas) -> None:
    need = publish(located.coop_a, located.alice, kind="need", title="Need flour")
    publish(located.coop_b, located.charlie, title="Flour")

    again = listing_match(listing=need)

    assert again == []
    assert Match.objects.count() == 1


def test_a_change_that_breaks_the_match_removes_it(located: Personas) -> None:
    need = publish(located.coop_a, located.alice, kind="need", title="Need flour")
    publish(located.coop_b, located.charlie, title="Flour")
    assert Match.objects.count() == 1

    listing_update(
        listing=need,
        by=located.alice,
        data=ListingData(
            kind="need", item_type="good", category="energy", title="Need flour", language="en"
        ),
    )

    assert Match.objects.count() == 0


def test_a_future_offer_changed_to_start_now_matches(located: Personas) -> None:
    later = timezone.now() + timedelta(days=3)
    offer = publish(located.coop_b, located.charlie, title="Flour", valid_from=later)
    publish(located.coop_a, located.alice, kind="need", title="Need flour")
    assert pairs() == set()

    listing_update(
        listing=offer,
        by=located.charlie,
        data=ListingData(
            kind="offer", item_type="good", category="food", title="Flour", language="en"
        ),
    )

    offer.refresh_from_db()
    assert offer.valid_from <= timezone.now()
    assert pairs() == {("Need flour", "Flour")}
