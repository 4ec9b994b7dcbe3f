"""What a listing may not say is refused with a message that names the problem, on the page and
by the service, and nothing is stored; the same form sent twice publishes once and leads to
what was published."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from intercoop.conftest import Personas
from intercoop.core.errors import ServiceError
from intercoop.exchange.models import Listing
from intercoop.exchange.services.listings import (
    DuplicateListing,
    ListingData,
    listing_create,
    listing_update,
    listing_withdraw,
)
from intercoop.exchange.tests.listing_world import publish

pytestmark = pytest.mark.django_db

GOOD: dict[str, Any] = {
    "kind": "need",
    "item_type": "good",
    "category": "food",
    "title": "Flour",
    "language": "en",
}


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"category": "spaceships"}, "unknown_category"),
        ({"kind": "gift"}, "invalid_kind"),
        ({"item_type": "idea"}, "invalid_item_type"),
        ({"title": "   "}, "invalid_title"),
        ({"title": "x" * 201}, "too_long"),
        ({"language": "de"}, "invalid_language"),
        ({"quantity": Decimal(0)}, "invalid_quantity"),
        ({"quantity": Decimal(-3)}, "invalid_quantity"),
        ({"quantity": Decimal("1.2345")}, "invalid_quantity"),
        ({"quantity": Decimal("1e12")}, "invalid_quantity"),
        ({"quantity": Decimal("NaN")}, "invalid_quantity"),
        ({"unit": "kg"}, "invalid_quantity"),
        ({"transaction_types": ()}, "invalid_transaction_type"),
        ({"transaction_types": ("steal",)}, "invalid_transaction_type"),
        ({"geographic_scope": "galactic"}, "invalid_scope"),
        ({"latitude": 48.0}, "invalid_place"),
        ({"latitude": 91.0, "longitude": 2.0}, "invalid_place"),
        ({"valid_until": timezone.now() - timedelta(days=1)}, "invalid_validity"),
        (
            {
                "valid_from": timezone.now() + timedelta(days=5),
                "valid_until": timezone.now() + timedelta(days=4),
            },
            "invalid_validity",
        ),
        ({"valid_until": timezone.now().replace(tzinfo=None)}, "invalid_validity"),
    ],
)
def test_the_service_refuses_a_bad_listing_naming_the_problem(
    personas: Personas, change: dict[str, Any], code: str
) -> None:
    with pytest.raises(ServiceError) as refused:
        listing_create(
            organization=personas.coop_a, by=personas.alice, data=ListingData(**(GOOD | change))
        )
    assert refused.value.code == code
    assert refused.value.message
    assert Listing.objects.count() == 0


def test_the_page_shows_why_the_end_before_the_start_is_refused(personas: Personas) -> None:
    client = personas.client_for("alice")
    today = timezone.localdate()

    page = client.post(
        "/en/orgs/coop-a/exchange/listings/",
        {
            **GOOD,
            "transaction_types": ["buy-sell"],
            "geographic_scope": "local",
            "valid_from": (today + timedelta(days=5)).isoformat(),
            "valid_until": (today + timedelta(days=2)).isoformat(),
        },
    )

    assert page.status_code == 200
    assert "The end of the validity must come after its start." in page.content.decode()
    assert Listing.objects.count() == 0


def test_the_page_refuses_an_unknown_category_and_a_negative_quantity(personas: Personas) -> None:
    client = personas.client_for("alice")

    page = client.post(
        "/en/orgs/coop-a/exchange/listings/",
        {**GOOD, "category": "spaceships", "quantity": "-2", "geographic_scope": "local"},
    )

    html = page.content.decode()
    assert page.status_code == 200
    assert "Select a valid choice. spaceships is not one of the available choices." in html
    assert "Ensure this value is greater than or equal to 0." in html
    assert Listing.objects.count() == 0


def test_the_same_form_sent_twice_publishes_once(personas: Personas) -> None:
    client = personas.client_for("alice")
    form = {
        **GOOD,
        "transaction_types": ["buy-sell"],
        "geographic_scope": "local",
        "quantity": "20",
        "unit": "kg",
    }

    first = client.post("/en/orgs/coop-a/exchange/listings/", form)
    second = client.post("/en/orgs/coop-a/exchange/listings/", form)

    listing = Listing.objects.get()
    assert first["Location"] == second["Location"] == f"/en/exchange/listings/{listing.uuid}/"
    page = client.get(second["Location"])
    assert "This is already published: “Flour”." in page.content.decode()


def test_a_listing_may_be_published_again_once_withdrawn(personas: Personas) -> None:
    first = publish(personas.coop_a, personas.alice, **GOOD)
    with pytest.raises(DuplicateListing):
        publish(personas.coop_a, personas.alice, **GOOD)
    listing_withdraw(listing=first, by=personas.alice)

    again = publish(personas.coop_a, personas.alice, **GOOD)

    assert again.pk != first.pk


def test_a_withdrawn_listing_cannot_be_changed(personas: Personas) -> None:
    listing = publish(personas.coop_a, personas.alice, **GOOD)
    listing_withdraw(listing=listing, by=personas.alice)

    with pytest.raises(ServiceError) as refused:
        listing_update(listing=listing, by=personas.alice, data=ListingData(**GOOD))

    assert refused.value.code == "withdrawn"


def test_the_place_defaults_to_the_organization_s_and_has_its_h3_cell(personas: Personas) -> None:
    personas.coop_a.latitude, personas.coop_a.longitude = 48.8566, 2.3522
    personas.coop_a.save()

    listing = publish(personas.coop_a, personas.alice, **GOOD)
    elsewhere = publish(
        personas.coop_a,
        personas.alice,
        **(GOOD | {"title": "Oats", "latitude": 45.76, "longitude": 4.83}),
    )

    assert (listing.latitude, listing.longitude) == (48.8566, 2.3522)
    assert listing.h3_cell == personas.coop_a.h3_cell != ""
    assert elsewhere.h3_cell not in ("", listing.h3_cell)
