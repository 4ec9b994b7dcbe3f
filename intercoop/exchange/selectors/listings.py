"""Reads of offers and needs: the current ones to browse, an organization's own, a listing's
matches, and its Murmurations profile."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.conf import settings
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone, translation

from intercoop.exchange.dfc import murmurations
from intercoop.exchange.models import Listing, Match
from intercoop.organizations.models import Organization

MAX_WORDS = 8


def current_listings(
    *, kind: str = "", category: str = "", words: str = "", organization: Organization | None = None
) -> QuerySet[Listing]:
    """Listings valid now and not withdrawn, newest first; ``words`` must each be in the title,
    the description or the tags."""
    now = timezone.now()
    found = Listing.objects.filter(
        Q(valid_until__isnull=True) | Q(valid_until__gt=now),
        withdrawn_at__isnull=True,
        valid_from__lte=now,
    ).select_related("organization")
    if kind:
        found = found.filter(kind=kind)
    if category:
        found = found.filter(category=category)
    if organization is not None:
        found = found.filter(organization=organization)
    for word in words.split()[:MAX_WORDS]:
        found = found.filter(
            Q(title__icontains=word) | Q(description__icontains=word) | Q(tags__icontains=word)
        )
    return found


def listings_of(organization: Organization) -> QuerySet[Listing]:
    """Every listing of the organization, withdrawn and expired ones included, newest first."""
    return Listing.objects.filter(organization=organization)


def listing_by_uuid(uuid: UUID | str) -> Listing | None:
    return Listing.objects.select_related("organization").filter(uuid=uuid).first()


def matches_of(listing: Listing) -> list[tuple[Match, Listing]]:
    """The listing's matches whose other side is current, nearest first, each with that side."""
    now = timezone.now()
    current = (
        Q(valid_until__isnull=True) | Q(valid_until__gt=now),
        Q(withdrawn_at__isnull=True),
        Q(valid_from__lte=now),
    )
    if listing.kind == Listing.Kind.NEED:
        sides = Listing.objects.filter(*current, need_matches__need=listing)
        matches = Match.objects.filter(need=listing)
        key = "offer_id"
    else:
        sides = Listing.objects.filter(*current, offer_matches__offer=listing)
        matches = Match.objects.filter(offer=listing)
        key = "need_id"
    others = {o.pk: o for o in sides.select_related("organization")}
    return [(m, others[getattr(m, key)]) for m in matches if getattr(m, key) in others]


def public_url(path: str) -> str:
    return settings.PUBLIC_URL.rstrip("/") + path


def listing_page_url(listing: Listing) -> str:
    """The listing's public page, in the default language (its address outside any session)."""
    with translation.override(settings.LANGUAGE_CODE):
        return public_url(reverse("exchange:listing", args=[listing.uuid]))


def profile_url(listing: Listing) -> str:
    """The stable address of the listing's Murmurations profile."""
    return public_url(reverse("exchange_public:listing_murmurations", args=[listing.uuid]))


def listing_profile(listing: Listing) -> dict[str, Any]:
    """The listing's Murmurations ``offers_wants_schema-v0.1.0`` profile."""
    page = listing_page_url(listing)
    tags = (listing.category, *(t.strip() for t in listing.tags.split(",")))
    item = murmurations.OfferOrWant(
        exchange_type="offer" if listing.kind == Listing.Kind.OFFER else "want",
        title=listing.title,
        description=listing.description,
        tags=tags,
        geographic_scope=listing.geographic_scope,  # type: ignore[arg-type]
        transaction_types=tuple(listing.transaction_types.split(",")),  # type: ignore[arg-type]
        item_type=listing.item_type,  # type: ignore[arg-type]
        contact_email=listing.organization.email,
        contact_form=page,
        details_url=page,
        latitude=listing.latitude,
        longitude=listing.longitude,
        expires_at=listing.valid_until,
    )
    return murmurations.profile(item)


def is_current(listing: Listing) -> bool:
    now = timezone.now()
    return (
        listing.withdrawn_at is None
        and listing.valid_from <= now
        and (listing.valid_until is None or listing.valid_until > now)
    )
