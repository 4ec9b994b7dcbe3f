"""Offers and needs: publishing, changing and withdrawing them, and matching needs to offers.

Who may call these is decided before (``Perm.EDIT_PROFILE`` of the listing's organization, in
the views and the API). Matching runs whenever a listing is created or changed: a need meets
the current offers of other organizations in its category, within reach, whose quantity covers
it; a new ``Match`` is told to the administrators of both organizations, in the app and by
email, each in their own language (governance's ``notify``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal, InvalidOperation

import h3
from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from intercoop.accounts.models import User
from intercoop.core.errors import Conflict, ServiceError
from intercoop.exchange.dfc.murmurations import TRANSACTION_TYPES
from intercoop.exchange.models import Listing, Match
from intercoop.exchange.selectors import listings as selectors
from intercoop.governance.services.notifications import notify
from intercoop.organizations.models import Organization
from intercoop.organizations.places import cell
from intercoop.organizations.policy import Perm, roles_granting

# How far each geographic scope reaches, in km; two listings are within reach when the distance
# between their places is at most the larger reach of the two. International reaches anywhere.
SCOPE_REACH_KM: dict[str, float | None] = {
    Listing.Scope.LOCAL: 30.0,
    Listing.Scope.REGIONAL: 150.0,
    Listing.Scope.NATIONAL: 1000.0,
    Listing.Scope.INTERNATIONAL: None,
}
# What the administrators are told of a new match: English, translated for each reader.
NEED_MATCHED = gettext_noop("An offer may meet your need “%(need)s”: “%(offer)s” of %(org)s.")
OFFER_MATCHED = gettext_noop("A need may meet your offer “%(offer)s”: “%(need)s” of %(org)s.")
NOTIFICATION_KIND = "exchange_match"

_QUANTITY_LIMIT = Decimal("1e11")  # 14 digits, 3 of them decimals


@dataclass(frozen=True)
class ListingData:
    """What a listing says, as its author gives it. ``latitude``/``longitude`` None: the
    organization's place; ``valid_from`` None: now."""

    kind: str
    item_type: str
    category: str
    title: str
    language: str
    description: str = ""
    tags: str = ""
    quantity: Decimal | None = None
    unit: str = ""
    transaction_types: Sequence[str] = field(default=("buy-sell",))
    geographic_scope: str = Listing.Scope.REGIONAL
    latitude: float | None = None
    longitude: float | None = None
    valid_from: datetime | None = None
    valid_until: datetime | None = None


class DuplicateListing(Conflict):
    """The same listing is already published (a form sent twice, say)."""

    def __init__(self, existing: Listing) -> None:
        super().__init__(
            _("This is already published: “%(title)s”.") % {"title": existing.title},
            code="duplicate_listing",
        )
        self.existing = existing


def _check_listing(data: ListingData) -> None:
    """Refuse, with the first problem found, what a listing may not say."""
    if data.kind not in Listing.Kind.values:
        raise ServiceError(_("Say whether it is an offer or a need."), code="invalid_kind")
    if data.item_type not in Listing.ItemType.values:
        raise ServiceError(_("Say whether it is a good or a service."), code="invalid_item_type")
    if data.category not in Listing.Category.values:
        raise ServiceError(
            _("“%(category)s” is not a known category.") % {"category": data.category},
            code="unknown_category",
        )
    if not data.title.strip():
        raise ServiceError(_("Give it a title."), code="invalid_title")
    if len(data.title) > 200 or len(data.tags) > 300 or len(data.unit) > 20:
        raise ServiceError(
            _("The title (200 characters), tags (300) or unit (20) are too long."),
            code="too_long",
        )
    if "\x00" in data.title + data.description + data.tags + data.unit:
        raise ServiceError(_("The text holds a null character."), code="invalid_text")
    if data.language not in dict(settings.LANGUAGES):
        raise ServiceError(_("Choose the language it is written in."), code="invalid_language")
    _check_quantity(data.quantity)
    if data.quantity is None and data.unit.strip():
        raise ServiceError(_("A unit needs a quantity."), code="invalid_quantity")
    types = list(data.transaction_types)
    if not types or any(t not in TRANSACTION_TYPES for t in types):
        raise ServiceError(
            _("Choose one or more ways to exchange it."), code="invalid_transaction_type"
        )
    if data.geographic_scope not in Listing.Scope.values:
        raise ServiceError(_("Choose how far it reaches."), code="invalid_scope")
    _check_place(data.latitude, data.longitude)
    for moment in (data.valid_from, data.valid_until):
        if moment is not None and timezone.is_naive(moment):
            raise ServiceError(_("A date has no time zone."), code="invalid_validity")
    start = data.valid_from or timezone.now()
    if data.valid_until is not None and data.valid_until <= start:
        raise ServiceError(
            _("The end of the validity must come after its start."), code="invalid_validity"
        )


def _check_quantity(quantity: Decimal | None) -> None:
    if quantity is None:
        return
    try:
        bad = (
            not quantity.is_finite()
            or quantity <= 0
            or quantity >= _QUANTITY_LIMIT
            or quantity != quantity.quantize(Decimal("0.001"))
        )
    except InvalidOperation:
        bad = True
    if bad:
        raise ServiceError(
            _("The quantity must be more than 0, below 100 billion, with at most 3 decimals."),
            code="invalid_quantity",
        )


def _check_place(latitude: float | None, longitude: float | None) -> None:
    if (latitude is None) != (longitude is None):
        raise ServiceError(_("Give both the latitude and the longitude."), code="invalid_place")
    if (
        latitude is not None
        and longitude is not None
        and not (-90 <= latitude <= 90 and -180 <= longitude <= 180)
    ):
        raise ServiceError(
            _("The latitude is between -90 and 90, the longitude between -180 and 180."),
            code="invalid_place",
        )


def _apply(listing: Listing, data: ListingData) -> None:
    listing.kind = data.kind
    listing.item_type = data.item_type
    listing.category = data.category
    listing.title = data.title.strip()
    listing.description = data.description.strip()
    listing.language = data.language
    listing.tags = data.tags.strip()
    listing.quantity = data.quantity
    listing.unit = data.unit.strip()
    listing.transaction_types = ",".join(dict.fromkeys(data.transaction_types))
    listing.geographic_scope = data.geographic_scope
    if data.latitude is None:
        org = listing.organization
        listing.latitude, listing.longitude = org.latitude, org.longitude
    else:
        listing.latitude, listing.longitude = data.latitude, data.longitude
    listing.h3_cell = cell(listing.latitude, listing.longitude)
    now = timezone.now()
    if data.valid_from is not None:
        listing.valid_from = data.valid_from
    elif listing.valid_from is None or listing.valid_from > now:
        # No start given: from now, or from the start it already had if that has passed.
        listing.valid_from = now
    listing.valid_until = data.valid_until


def listing_create(*, organization: Organization, by: User, data: ListingData) -> Listing:
    """Publish an offer or a need of ``organization`` and match it. The same listing sent
    again while the first is current (a form submitted twice) is refused with
    ``DuplicateListing``, which names the first."""
    _check_listing(data)
    with transaction.atomic():
        # Lock the organization's row so that two identical requests at once are serialized.
        Organization.objects.select_for_update().filter(pk=organization.pk).first()
        existing = _current(
            Listing.objects.filter(
                organization=organization,
                kind=data.kind,
                category=data.category,
                title__iexact=data.title.strip(),
                quantity=data.quantity,
                unit=data.unit.strip(),
            )
        ).first()
        if existing is not None:
            raise DuplicateListing(existing)
        listing = Listing(organization=organization, created_by=by, valid_from=timezone.now())
        _apply(listing, data)
        listing.save()
        listing_match(listing=listing)
    return listing


def listing_update(*, listing: Listing, by: User, data: ListingData) -> Listing:
    """Change a listing that is not withdrawn, and match it again: matches that no longer hold
    are removed, new ones are told."""
    _check_listing(data)
    with transaction.atomic():
        locked = (
            Listing.objects.select_for_update().select_related("organization").get(pk=listing.pk)
        )
        if locked.withdrawn_at is not None:
            raise ServiceError(_("A withdrawn listing cannot be changed."), code="withdrawn")
        _apply(locked, data)
        locked.save()
        listing_match(listing=locked)
    return locked


def listing_withdraw(*, listing: Listing, by: User) -> Listing:
    """Withdraw a listing: it is no longer shown, matched or published. Withdrawing it again
    changes nothing."""
    with transaction.atomic():
        locked = Listing.objects.select_for_update().get(pk=listing.pk)
        if locked.withdrawn_at is None:
            locked.withdrawn_at = timezone.now()
            locked.save(update_fields=["withdrawn_at", "updated_at"])
    return locked


# --- Matching ---------------------------------------------------------------------------------


def _current(listings: QuerySet[Listing]) -> QuerySet[Listing]:
    now = timezone.now()
    return listings.filter(
        Q(valid_until__isnull=True) | Q(valid_until__gt=now),
        withdrawn_at__isnull=True,
        valid_from__lte=now,
    )


def _distance_km(a: Listing, b: Listing) -> float | None:
    """Between the centres of the two listings' H3 cells; None when either has no place."""
    if not a.h3_cell or not b.h3_cell:
        return None
    return float(
        h3.great_circle_distance(h3.cell_to_latlng(a.h3_cell), h3.cell_to_latlng(b.h3_cell), "km")
    )


def _within_reach(a: Listing, b: Listing, distance: float | None) -> bool:
    """Within the larger reach of the two scopes; a listing without a place is within reach
    only of what reaches anywhere (international)."""
    reaches = [SCOPE_REACH_KM[a.geographic_scope], SCOPE_REACH_KM[b.geographic_scope]]
    if None in reaches:
        return True
    if distance is None:
        return False
    return distance <= max(r for r in reaches if r is not None)


def _quantity_covers(offer: Listing, need: Listing) -> bool:
    """The offer's quantity is at least the need's when both are stated in the same unit;
    otherwise nothing says it falls short."""
    if offer.quantity is None or need.quantity is None:
        return True
    if offer.unit.strip().casefold() != need.unit.strip().casefold():
        return True
    return offer.quantity >= need.quantity


def listing_match(*, listing: Listing) -> list[Match]:
    """Match ``listing`` with the current listings of the other kind: stores the new matches
    (a second run adds none), removes those of ``listing`` that no longer hold, and tells the
    administrators of both organizations of each new one. Returns the new matches."""
    other_kind = Listing.Kind.NEED if listing.kind == Listing.Kind.OFFER else Listing.Kind.OFFER
    side = "offer" if listing.kind == Listing.Kind.OFFER else "need"
    other_side = "need" if side == "offer" else "offer"
    holding: dict[int, float | None] = {}
    if selectors.is_current(listing):
        candidates = _current(
            Listing.objects.filter(kind=other_kind, category=listing.category)
            .exclude(organization_id=listing.organization_id)
            .select_related("organization")
        )
        for other in candidates:
            offer, need = (listing, other) if side == "offer" else (other, listing)
            distance = _distance_km(listing, other)
            if _within_reach(listing, other, distance) and _quantity_covers(offer, need):
                holding[other.pk] = distance
    mine = Match.objects.filter(**{side: listing})
    mine.exclude(**{f"{other_side}_id__in": list(holding)}).delete()
    known = set(mine.values_list(f"{other_side}_id", flat=True))
    created: list[Match] = []
    for other_id, distance in holding.items():
        if other_id in known:
            if distance is not None:
                mine.filter(**{f"{other_side}_id": other_id}).update(distance_km=distance)
            continue
        match = Match(distance_km=distance, **{side: listing, f"{other_side}_id": other_id})
        try:
            with transaction.atomic():
                match.save()
        except IntegrityError:
            continue  # made at the same moment by the other side's run
        created.append(match)
    for match in created:
        _tell(match)
    return created


def _admins(organization: Organization) -> list[User]:
    return list(
        User.objects.filter(
            org_roles__organization=organization,
            org_roles__role__in=roles_granting(Perm.EDIT_PROFILE),
            is_active=True,
        ).distinct()
    )


def _tell(match: Match) -> None:
    need = Listing.objects.select_related("organization").get(pk=match.need_id)
    offer = Listing.objects.select_related("organization").get(pk=match.offer_id)
    values = {"need": need.title, "offer": offer.title}
    notify(
        users=_admins(need.organization),
        organization=need.organization,
        kind=NOTIFICATION_KIND,
        template=NEED_MATCHED,
        values={**values, "org": offer.organization.name},
        url=reverse("exchange:listing", args=[need.uuid]),
        dedupe_key=f"exchange-match-{match.pk}",
    )
    notify(
        users=_admins(offer.organization),
        organization=offer.organization,
        kind=NOTIFICATION_KIND,
        template=OFFER_MATCHED,
        values={**values, "org": need.organization.name},
        url=reverse("exchange:listing", args=[offer.uuid]),
        dedupe_key=f"exchange-match-{match.pk}",
    )
