"""Offers and needs in the API: browse the current ones (public), read one (public), publish one
and withdraw one (an administrator of its organization, with a token or the session). Each
record gives the stable address of its Murmurations profile."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Literal
from uuid import UUID

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from intercoop.accounts.api_auth import token_or_session
from intercoop.accounts.http import AuthedRequest
from intercoop.api.errors import AUTHENTICATED, errors
from intercoop.api.types import NOT_BLANK, Integer, Number, Text
from intercoop.core.errors import ServiceError
from intercoop.core.ratelimit import client_address, rate_limit
from intercoop.exchange.models import Listing
from intercoop.exchange.selectors import listings as selectors
from intercoop.exchange.services import listings as services
from intercoop.organizations.models import Organization
from intercoop.organizations.policy import Perm, authorize

router = Router(tags=["listings"])

PAGE_SIZE = 50
MAX_PAGE = 1000

Kind = Literal["offer", "need"]
ItemType = Literal["good", "service"]
Category = Literal[
    "food",
    "farming",
    "energy",
    "building",
    "equipment",
    "textiles",
    "packaging",
    "surplus",
    "transport",
    "digital",
    "care",
    "professional",
    "other",
]
Scope = Literal["local", "regional", "national", "international"]
TransactionType = Literal["borrow-lend", "rent-lease", "buy-sell", "receive-donate"]


class ListingOut(Schema):
    uuid: UUID
    organization_id: Integer
    organization_slug: str
    organization_name: str
    kind: str
    item_type: str
    category: str
    title: str
    description: str
    language: str
    tags: str
    quantity: str | None = Field(..., description="A decimal number, as text; null: not stated.")
    unit: str
    transaction_types: list[str]
    geographic_scope: str
    latitude: float | None
    longitude: float | None
    valid_from: datetime
    valid_until: datetime | None
    withdrawn_at: datetime | None
    created_at: datetime
    url: str = Field(..., description="Its page.")
    murmurations_profile: str = Field(
        ...,
        description=(
            "The stable address of its Murmurations offers_wants_schema-v0.1.0 profile "
            "(410 once it is withdrawn or expired)."
        ),
    )


class ListingPageOut(Schema):
    count: int = Field(..., description="Every result, on all pages.")
    page: int
    pages: int
    results: list[ListingOut]


class ListingIn(Schema):
    organization_id: Integer
    kind: Kind
    item_type: ItemType
    category: Category
    title: str = Field(..., min_length=1, max_length=200, pattern=NOT_BLANK)
    description: Text = Field("", max_length=10_000)
    language: Literal["en", "fr", "es"]
    tags: Text = Field("", max_length=300, description="Keywords, separated by commas.")
    quantity: Number | None = Field(
        None, gt=0, lt=1e11, description="At most 3 decimals; null: not stated."
    )
    unit: Text = Field("", max_length=20, description="Needs a quantity.")
    transaction_types: list[TransactionType] = Field(["buy-sell"], min_length=1, max_length=4)
    geographic_scope: Scope = "regional"
    latitude: Number | None = Field(
        None, ge=-90, le=90, description="With `longitude`; none: the organization's place."
    )
    longitude: Number | None = Field(None, ge=-180, le=180)
    valid_from: datetime | None = Field(None, description="With a time zone; none: now.")
    valid_until: datetime | None = Field(None, description="With a time zone, after the start.")


class ListingParams(Schema):
    kind: Kind | None = None
    category: Category | None = None
    q: Text = Field("", max_length=200, description="Words in the title, description or tags.")
    organization: str = Field(
        "", max_length=100, pattern=r"^[-a-zA-Z0-9_]*$", description="An organization's slug."
    )
    page: int = Field(1, ge=1, le=MAX_PAGE, description="Page number, from 1.")


def _out(listing: Listing) -> ListingOut:
    org = listing.organization
    return ListingOut(
        uuid=listing.uuid,
        organization_id=org.pk,
        organization_slug=org.slug,
        organization_name=org.name,
        kind=listing.kind,
        item_type=listing.item_type,
        category=listing.category,
        title=listing.title,
        description=listing.description,
        language=listing.language,
        tags=listing.tags,
        quantity=None if listing.quantity is None else str(Decimal(listing.quantity).normalize()),
        unit=listing.unit,
        transaction_types=listing.transaction_types.split(","),
        geographic_scope=listing.geographic_scope,
        latitude=listing.latitude,
        longitude=listing.longitude,
        valid_from=listing.valid_from,
        valid_until=listing.valid_until,
        withdrawn_at=listing.withdrawn_at,
        created_at=listing.created_at,
        url=selectors.listing_page_url(listing),
        murmurations_profile=selectors.profile_url(listing),
    )


@router.get(
    "",
    response={200: ListingPageOut, **errors(404, 422, 429)},
    operation_id="listings_list",
    auth=None,
    summary="Current offers and needs: by kind, category, words and organization, paginated",
)
def listings_list(request: HttpRequest, params: Query[ListingParams]) -> ListingPageOut:
    rate_limit("search", client_address(request))
    organization = None
    if params.organization:
        organization = get_object_or_404(Organization, slug=params.organization)
    found = selectors.current_listings(
        kind=params.kind or "",
        category=params.category or "",
        words=params.q,
        organization=organization,
    )
    count = found.count()
    pages = max(1, -(-count // PAGE_SIZE))
    start = (params.page - 1) * PAGE_SIZE
    rows = list(found[start : start + PAGE_SIZE])
    return ListingPageOut(
        count=count, page=params.page, pages=pages, results=[_out(r) for r in rows]
    )


@router.get(
    "/{listing_uuid}",
    response={200: ListingOut, **errors(404, 422)},
    operation_id="listings_get",
    auth=None,
    summary="An offer or a need, withdrawn and expired ones included",
)
def listings_get(request: HttpRequest, listing_uuid: UUID) -> ListingOut:
    listing = selectors.listing_by_uuid(listing_uuid)
    if listing is None:
        raise ServiceError(_("No such offer or need."), code="not_found", status=404)
    return _out(listing)


@router.post(
    "",
    response={201: ListingOut, **errors(*AUTHENTICATED, 404, 409, 422)},
    operation_id="listings_create",
    auth=token_or_session,
    summary="Publish an offer or a need of an organization you administer; it is matched",
    description=(
        "Needs are matched with the current offers of other organizations in the same "
        "category, within reach, whose quantity covers them (docs/exchange.md); the "
        "administrators of both are told. The same listing sent again while the first is "
        "current is a 409 `duplicate_listing`."
    ),
)
def listings_create(request: AuthedRequest, payload: ListingIn) -> Status[ListingOut]:
    org = get_object_or_404(Organization, pk=payload.organization_id)
    authorize(request.user, Perm.EDIT_PROFILE, org)
    data = services.ListingData(
        kind=payload.kind,
        item_type=payload.item_type,
        category=payload.category,
        title=payload.title,
        language=payload.language,
        description=payload.description,
        tags=payload.tags,
        quantity=None if payload.quantity is None else Decimal(str(payload.quantity)),
        unit=payload.unit,
        transaction_types=tuple(payload.transaction_types),
        geographic_scope=payload.geographic_scope,
        latitude=payload.latitude,
        longitude=payload.longitude,
        valid_from=payload.valid_from,
        valid_until=payload.valid_until,
    )
    try:
        listing = services.listing_create(organization=org, by=request.user, data=data)
    except ServiceError as exc:
        if exc.status == 400:
            exc.status = 422
        raise
    return Status(201, _out(listing))


@router.post(
    "/{listing_uuid}/withdraw",
    response={200: ListingOut, **errors(*AUTHENTICATED, 404, 422)},
    operation_id="listings_withdraw",
    auth=token_or_session,
    summary="Withdraw an offer or a need (an administrator of its organization)",
)
def listings_withdraw(request: AuthedRequest, listing_uuid: UUID) -> ListingOut:
    listing = selectors.listing_by_uuid(listing_uuid)
    if listing is None:
        raise ServiceError(_("No such offer or need."), code="not_found", status=404)
    authorize(request.user, Perm.EDIT_PROFILE, listing.organization)
    return _out(services.listing_withdraw(listing=listing, by=request.user))
