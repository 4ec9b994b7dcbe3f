"""Through the API: anyone browses the current offers and needs by kind, category, words and
organization, a page at a time, and reads one; an administrator publishes one with a token
(refused clearly when it is wrong, once when sent twice) and withdraws it."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from intercoop.accounts.services import api_token_create
from intercoop.conftest import Personas
from intercoop.exchange.api import listings as listings_api
from intercoop.exchange.models import Listing
from intercoop.exchange.tests.listing_world import publish

pytestmark = pytest.mark.django_db


def token_client(personas: Personas, who: str) -> Client:
    secret = api_token_create(user=getattr(personas, who), name="tests").secret
    return Client(enforce_csrf_checks=True, headers={"Authorization": f"Bearer {secret}"})


def post(client: Client, path: str, body: dict[str, Any]) -> Any:
    return client.post(path, json.dumps(body), content_type="application/json")


def titles(answer: Any) -> list[str]:
    return [r["title"] for r in answer.json()["results"]]


def test_the_list_filters_by_kind_category_words_and_organization(personas: Personas) -> None:
    publish(personas.coop_a, personas.alice, title="Organic flour")
    publish(personas.coop_a, personas.alice, title="Rye flour", kind="need")
    publish(personas.coop_a, personas.alice, title="Solar panels", category="energy")
    publish(personas.coop_b, personas.charlie, title="Flour mill time", item_type="service")
    gone = publish(personas.coop_b, personas.charlie, title="Old flour")
    Listing.objects.filter(pk=gone.pk).update(withdrawn_at=gone.created_at)
    client = Client()

    assert set(titles(client.get("/api/v1/listings?q=flour"))) == {
        "Organic flour",
        "Rye flour",
        "Flour mill time",
    }
    assert titles(client.get("/api/v1/listings?kind=need")) == ["Rye flour"]
    assert titles(client.get("/api/v1/listings?category=energy")) == ["Solar panels"]
    assert titles(client.get("/api/v1/listings?organization=coop-b")) == ["Flour mill time"]
    assert titles(client.get("/api/v1/listings?q=organic+FLOUR")) == ["Organic flour"]
    assert client.get("/api/v1/listings?category=spaceships").status_code == 422
    assert client.get("/api/v1/listings?organization=nobody").status_code == 404


def test_the_list_comes_a_page_at_a_time(
    personas: Personas, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(listings_api, "PAGE_SIZE", 2)
    for n in range(5):
        publish(personas.coop_a, personas.alice, title=f"Item {n}")
    client = Client()

    first = client.get("/api/v1/listings").json()
    last = client.get("/api/v1/listings?page=3").json()

    assert (first["count"], first["page"], first["pages"]) == (5, 1, 3)
    assert [r["title"] for r in first["results"]] == ["Item 4", "Item 3"]
    assert [r["title"] for r in last["results"]] == ["Item 0"]
    assert client.get("/api/v1/listings?page=0").status_code == 422


def test_an_administrator_publishes_reads_and_withdraws_with_a_token(personas: Personas) -> None:
    client = token_client(personas, "alice")
    body = {
        "organization_id": personas.coop_a.pk,
        "kind": "offer",
        "item_type": "good",
        "category": "surplus",
        "title": "Spent grain",
        "language": "en",
        "quantity": 12.5,
        "unit": "kg",
        "transaction_types": ["receive-donate"],
    }

    created = post(client, "/api/v1/listings", body)
    again = post(client, "/api/v1/listings", body)

    assert created.status_code == 201, created.content
    record = created.json()
    assert record["quantity"] == "12.5"
    assert record["transaction_types"] == ["receive-donate"]
    assert record["murmurations_profile"].endswith(
        f"/exchange/listings/{record['uuid']}/murmurations.json"
    )
    assert again.status_code == 409
    assert again.json()["error"]["code"] == "duplicate_listing"
    assert Client().get(f"/api/v1/listings/{record['uuid']}").json() == record

    withdrawn = client.post(f"/api/v1/listings/{record['uuid']}/withdraw")

    assert withdrawn.status_code == 200
    assert withdrawn.json()["withdrawn_at"] is not None
    assert Client().get("/api/v1/listings").json()["count"] == 0


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"category": "spaceships"}, "validation_error"),
        ({"quantity": 0}, "validation_error"),
        ({"quantity": "12"}, "validation_error"),
        ({"quantity": 1.2345}, "invalid_quantity"),
        ({"valid_until": "2020-01-01T00:00:00Z"}, "invalid_validity"),
        ({"latitude": 48.8}, "invalid_place"),
    ],
)
def test_a_bad_listing_is_refused_with_its_reason(
    personas: Personas, change: dict[str, Any], code: str
) -> None:
    body = {
        "organization_id": personas.coop_a.pk,
        "kind": "need",
        "item_type": "good",
        "category": "food",
        "title": "Flour",
        "language": "en",
    }

    refused = post(token_client(personas, "alice"), "/api/v1/listings", body | change)

    assert refused.status_code == 422
    assert refused.json()["error"]["code"] == code
    assert Listing.objects.count() == 0
