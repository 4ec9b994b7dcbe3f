"""An offer or a need is published as a Murmurations profile of the schema
offers_wants_schema-v0.1.0, and the official schema (MurmurationsLibrary's files beside the
checkout, in ../shared/standards/murmurations, every $ref resolved from them, nothing fetched)
accepts every profile built, whatever the item says; what the schema would refuse is refused
when the profile is built."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from jsonschema import Draft7Validator
from referencing import Registry

import intercoop
from intercoop.directory import murmurations as directory_murmurations
from intercoop.exchange.dfc import murmurations
from intercoop.exchange.dfc.murmurations import OfferOrWant, profile
from intercoop.testing.requirements import require

OFFICIAL = Path(intercoop.__file__).resolve().parents[2] / "shared/standards/murmurations"


def official_validator() -> Draft7Validator:
    require(OFFICIAL.is_dir(), f"the official Murmurations schemas {OFFICIAL} are missing")
    return _validator()


@cache
def _validator() -> Draft7Validator:
    schema = json.loads((OFFICIAL / "schemas" / f"{murmurations.SCHEMA}.json").read_text())
    base = schema["$id"].rsplit("/", 2)[0] + "/"
    # The directory's resolver: the schema's relative $refs from the local files, any other
    # URI refused rather than fetched.
    retrieve = directory_murmurations._local_retriever(OFFICIAL, base)
    registry: Registry[Any] = Registry(retrieve=retrieve)  # type: ignore[call-arg]
    return Draft7Validator(schema, registry=registry)


def errors(document: dict[str, Any]) -> list[str]:
    return sorted(
        f"{'/'.join(map(str, e.absolute_path)) or 'profile'}: {e.message}"
        for e in official_validator().iter_errors(document)
    )


SURPLUS = OfferOrWant(
    exchange_type="offer",
    item_type="good",
    transaction_types=("buy-sell", "receive-donate"),
    title="Spent grain from brewing",
    description="About 200 kg a week, for animal feed or compost.",
    tags=("by-products", "Food", "food", "circular"),
    geographic_scope="local",
    contact_email="grain@brewery.example",
    details_url="https://intercoop.example/en/exchange/offers/31/",
    latitude=53.4808,
    longitude=-2.2426,
    expires_at=datetime(2027, 3, 1, 12, 0, tzinfo=UTC),
)


def test_an_offer_s_profile_is_valid_and_says_what_the_offer_says() -> None:
    document = profile(SURPLUS)
    assert errors(document) == []
    assert document == {
        "linked_schemas": ["offers_wants_schema-v0.1.0"],
        "exchange_type": "offer",
        "item_type": "good",
        "transaction_type": ["buy-sell", "receive-donate"],
        "tags": ["by-products", "Food", "circular"],  # unique, as the schema wants
        "title": "Spent grain from brewing",
        "description": "About 200 kg a week, for animal feed or compost.",
        "details_url": "https://intercoop.example/en/exchange/offers/31/",
        "geographic_scope": "local",
        "geolocation": {"lat": 53.4808, "lon": -2.2426},
        "contact_details": {"email": "grain@brewery.example"},
        "expires_at": 1803902400,  # 2027-03-01T12:00Z
    }


def test_a_need_with_only_a_contact_form_is_valid() -> None:
    need = OfferOrWant(
        exchange_type="want",
        title="Cold storage, 2 pallets",
        description="",
        tags=(),
        geographic_scope="regional",
        transaction_types=("rent-lease",),
        item_type="service",
        contact_form="https://intercoop.example/en/exchange/needs/4/contact/",
        expires_at=datetime(2027, 1, 1, 1, 0, tzinfo=timezone(timedelta(hours=1))),
    )
    document = profile(need)
    assert errors(document) == []
    assert document["exchange_type"] == "want"
    assert document["expires_at"] == 1798761600  # 2027-01-01T00:00Z
    assert "geolocation" not in document


def test_the_validator_used_here_refuses_what_the_schema_refuses() -> None:
    # The check above can fail: a profile the schema refuses is seen.
    broken = profile(SURPLUS) | {"exchange_type": "swap", "geolocation": {"lat": 95, "lon": 0}}
    del broken["contact_details"]
    assert errors(broken) == [
        "exchange_type: 'swap' is not one of ['offer', 'want']",
        "geolocation/lat: 95 is greater than the maximum of 90",
        "profile: 'contact_details' is a required property",
    ]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"exchange_type": "swap"}, "exchange_type 'swap' is not one of"),
        ({"contact_email": ""}, "an email or a contact form URL is required"),
        ({"details_url": "intercoop.example/x"}, "details_url 'intercoop.example/x' is not an"),
        ({"latitude": 91.0}, "latitude 91.0 is not between -90 and 90"),
        ({"longitude": None}, "a latitude needs a longitude"),
        ({"expires_at": datetime(2027, 3, 1)}, "expires_at has no time zone"),  # noqa: DTZ001
        ({"transaction_types": ()}, "transaction_types is empty"),
        ({"title": " "}, "the title is empty"),
    ],
)
def test_what_the_schema_would_refuse_is_refused_when_built(
    change: dict[str, Any], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        profile(OfferOrWant(**{**SURPLUS.__dict__, **change}))


words = st.text(min_size=1, max_size=40).filter(str.strip)


@given(
    st.builds(
        OfferOrWant,
        exchange_type=st.sampled_from(murmurations.EXCHANGE_TYPES),
        title=words,
        description=st.text(max_size=200),
        tags=st.lists(st.text(max_size=20), max_size=8).map(tuple),
        geographic_scope=st.sampled_from(murmurations.GEOGRAPHIC_SCOPES),
        transaction_types=st.lists(
            st.sampled_from(murmurations.TRANSACTION_TYPES), min_size=1, max_size=4
        ).map(tuple),
        item_type=st.one_of(st.none(), st.sampled_from(murmurations.ITEM_TYPES)),
        contact_email=st.just("someone@coop.example"),
        latitude=st.floats(-90, 90),
        longitude=st.floats(-180, 180),
        expires_at=st.one_of(
            st.none(),
            st.datetimes(timezones=st.just(UTC), min_value=datetime(2000, 1, 1)),  # noqa: DTZ001
        ),
    )
)
def test_every_profile_built_validates(item: OfferOrWant) -> None:
    assert errors(profile(item)) == []
