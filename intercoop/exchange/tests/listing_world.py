"""Places and a listing maker for the tests of offers and needs."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from intercoop.accounts.models import User
from intercoop.exchange.models import Listing
from intercoop.exchange.services.listings import ListingData, listing_create
from intercoop.organizations.models import Organization

# Versailles is 17 km from Paris, Orléans 111 km, Lyon 392 km.
PARIS = (48.8566, 2.3522)
VERSAILLES = (48.8049, 2.1204)
ORLEANS = (47.9029, 1.9093)
LYON = (45.7640, 4.8357)


def place(org: Organization, where: tuple[float, float]) -> Organization:
    org.latitude, org.longitude = where
    org.save()
    return org


def publish(org: Organization, by: User, **fields: Any) -> Listing:
    values: dict[str, Any] = {
        "kind": "offer",
        "item_type": "good",
        "category": "food",
        "title": "Organic flour",
        "language": "en",
        "geographic_scope": "local",
    }
    values.update(fields)
    if isinstance(values.get("quantity"), int | str):
        values["quantity"] = Decimal(values["quantity"])
    return listing_create(organization=org, by=by, data=ListingData(**values))
