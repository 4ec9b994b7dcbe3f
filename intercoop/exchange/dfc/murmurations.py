"""An offer or a need as a Murmurations profile of the schema ``offers_wants_schema-v0.1.0``
(MurmurationsLibrary), which a Murmurations index reads from the profile's URL.

``profile`` writes only the schema's own fields, and refuses with ``ValueError`` what the
schema would reject (an unknown exchange type, a contact that is neither an email nor an
http(s) URL, a naive expiry time), so that a published profile always validates.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

SCHEMA = "offers_wants_schema-v0.1.0"

ExchangeType = Literal["offer", "want"]
ItemType = Literal["good", "service"]
TransactionType = Literal["borrow-lend", "rent-lease", "buy-sell", "receive-donate"]
GeographicScope = Literal["local", "regional", "national", "international"]

EXCHANGE_TYPES = ("offer", "want")
ITEM_TYPES = ("good", "service")
TRANSACTION_TYPES = ("borrow-lend", "rent-lease", "buy-sell", "receive-donate")
GEOGRAPHIC_SCOPES = ("local", "regional", "national", "international")

_HTTP_URL = re.compile(r"^https?://\S+$", re.IGNORECASE)


@dataclass(frozen=True)
class OfferOrWant:
    """What a profile says of an offer or a need.

    ``exchange_type`` is ``"offer"`` or ``"want"`` (a need); ``tags`` are its category and
    keywords; ``details_url`` its page on this platform; ``latitude``/``longitude`` where it is
    available or wanted; ``expires_at`` the end of its validity (timezone-aware). At least one
    of ``contact_email`` and ``contact_form`` is required."""

    exchange_type: ExchangeType
    title: str
    description: str
    tags: tuple[str, ...]
    geographic_scope: GeographicScope
    transaction_types: tuple[TransactionType, ...] = ("buy-sell",)
    item_type: ItemType | None = None
    contact_email: str = ""
    contact_form: str = ""
    details_url: str = ""
    image: str = ""
    latitude: float | None = None
    longitude: float | None = None
    expires_at: datetime | None = None


def profile(item: OfferOrWant) -> dict[str, Any]:
    """The item's Murmurations profile (``offers_wants_schema-v0.1.0``)."""
    _check(item)
    contact: dict[str, str] = {}
    if item.contact_email:
        contact["email"] = item.contact_email
    if item.contact_form:
        contact["contact_form"] = item.contact_form
    result: dict[str, Any] = {
        "linked_schemas": [SCHEMA],
        "exchange_type": item.exchange_type,
        "transaction_type": list(dict.fromkeys(item.transaction_types)),
        # The schema wants unique tags: the first spelling of each is kept.
        "tags": _unique_tags(item.tags),
        "title": item.title.strip(),
        "description": item.description.strip(),
        "geographic_scope": item.geographic_scope,
        "contact_details": contact,
    }
    if item.item_type is not None:
        result["item_type"] = item.item_type
    if item.image:
        result["image"] = item.image
    if item.details_url:
        result["details_url"] = item.details_url
    if item.latitude is not None and item.longitude is not None:
        result["geolocation"] = {"lat": item.latitude, "lon": item.longitude}
    if item.expires_at is not None:
        result["expires_at"] = int(item.expires_at.timestamp())
    return result


def _unique_tags(tags: tuple[str, ...]) -> list[str]:
    kept: dict[str, str] = {}
    for tag in tags:
        if tag.strip():
            kept.setdefault(tag.strip().casefold(), tag.strip())
    return list(kept.values())


def _check(item: OfferOrWant) -> None:
    problems: list[str] = []
    if item.exchange_type not in EXCHANGE_TYPES:
        problems.append(f"exchange_type {item.exchange_type!r} is not one of {EXCHANGE_TYPES}")
    if item.item_type is not None and item.item_type not in ITEM_TYPES:
        problems.append(f"item_type {item.item_type!r} is not one of {ITEM_TYPES}")
    if item.geographic_scope not in GEOGRAPHIC_SCOPES:
        problems.append(
            f"geographic_scope {item.geographic_scope!r} is not one of {GEOGRAPHIC_SCOPES}"
        )
    if not item.transaction_types:
        problems.append("transaction_types is empty")
    problems += [
        f"transaction type {t!r} is not one of {TRANSACTION_TYPES}"
        for t in item.transaction_types
        if t not in TRANSACTION_TYPES
    ]
    if not item.title.strip():
        problems.append("the title is empty")
    if not (item.contact_email or item.contact_form):
        problems.append("an email or a contact form URL is required")
    for name in ("contact_form", "details_url", "image"):
        value = getattr(item, name)
        if value and not _HTTP_URL.match(value):
            problems.append(f"{name} {value!r} is not an http(s) URL")
    if (item.latitude is None) != (item.longitude is None):
        problems.append("a latitude needs a longitude, and the reverse")
    if item.latitude is not None and not -90 <= item.latitude <= 90:
        problems.append(f"latitude {item.latitude} is not between -90 and 90")
    if item.longitude is not None and not -180 <= item.longitude <= 180:
        problems.append(f"longitude {item.longitude} is not between -180 and 180")
    if item.expires_at is not None and item.expires_at.utcoffset() is None:
        problems.append("expires_at has no time zone")
    if problems:
        raise ValueError("; ".join(problems))
