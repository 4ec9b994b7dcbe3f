"""Each offer and need serves its Murmurations offers_wants_schema-v0.1.0 profile at the stable
address its API record gives, and the official schema accepts what is served; once the listing
is withdrawn or expired, the address answers 410 Gone."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone

from intercoop.conftest import Personas
from intercoop.exchange.models import Listing
from intercoop.exchange.services.listings import listing_withdraw
from intercoop.exchange.tests.listing_world import PARIS, place, publish
from intercoop.exchange.tests.test_offers_and_needs_publish_valid_murmurations_profiles import (
    errors,
)

pytestmark = pytest.mark.django_db


def served(client: Client, listing: Listing) -> tuple[int, dict]:
    record = client.get(f"/api/v1/listings/{listing.uuid}").json()
    url = record["murmurations_profile"]
    base = settings.PUBLIC_URL.rstrip("/")
    assert url == f"{base}/exchange/listings/{listing.uuid}/murmurations.json"
    response = client.get(url.removeprefix(base))
    return response.status_code, response.json()


def test_a_served_offer_s_profile_validates_against_the_official_schema(
    personas: Personas,
) -> None:
    personas.coop_a.email = "hello@coop-a.example"
    place(personas.coop_a, PARIS)
    offer = publish(
        personas.coop_a,
        personas.alice,
        title="Spent grain",
        description="About 200 kg a week, for feed or compost.",
        category="surplus",
        tags="brewing, Surplus, compost",
        quantity="200",
        unit="kg",
        transaction_types=("buy-sell", "receive-donate"),
        valid_until=timezone.now() + timedelta(days=30),
    )

    status, profile = served(Client(), offer)

    assert status == 200
    assert errors(profile) == []
    assert profile["exchange_type"] == "offer"
    assert profile["tags"] == ["surplus", "brewing", "compost"]
    assert profile["geolocation"] == {"lat": PARIS[0], "lon": PARIS[1]}
    assert profile["contact_details"]["email"] == "hello@coop-a.example"
    assert profile["details_url"].endswith(f"/en/exchange/listings/{offer.uuid}/")
    assert profile["expires_at"] == int(offer.valid_until.timestamp())  # type: ignore[union-attr]


def test_a_served_need_without_a_place_or_email_validates_too(personas: Personas) -> None:
    need = publish(
        personas.coop_a, personas.alice, kind="need", item_type="service", category="digital"
    )

    status, profile = served(Client(), need)

    assert status == 200
    assert errors(profile) == []
    assert profile["exchange_type"] == "want"
    assert "geolocation" not in profile
    assert profile["contact_details"] == {"contact_form": profile["details_url"]}


def test_a_withdrawn_or_expired_listing_s_profile_is_gone(personas: Personas) -> None:
    withdrawn = publish(personas.coop_a, personas.alice, title="Withdrawn")
    listing_withdraw(listing=withdrawn, by=personas.alice)
    expired = publish(personas.coop_a, personas.alice, title="Expired")
    Listing.objects.filter(pk=expired.pk).update(
        valid_from=timezone.now() - timedelta(days=3),
        valid_until=timezone.now() - timedelta(days=1),
    )

    for listing in (withdrawn, expired):
        status, body = served(Client(), listing)
        assert status == 410
        assert body["error"]["code"] == "gone"


def test_an_unknown_listing_s_profile_is_not_found() -> None:
    response = Client().get(
        "/exchange/listings/00000000-0000-4000-8000-000000000000/murmurations.json"
    )
    assert response.status_code == 404
