"""``GET /api/v1/organizations/{id}/offers`` is public; ``PUT`` replaces the whole list, for the
organization's administrators (and moderating staff) only, keeping a version of each change.
Bad items are refused with 422 and where they are; nothing is half written."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from intercoop.accounts.services import api_token_create
from intercoop.conftest import Personas
from intercoop.organizations.models import Offer, Organization

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse as TestResponse


def token_client(user: Any) -> Client:
    secret = api_token_create(user=user, name="tests").secret
    return Client(headers={"Authorization": f"Bearer {secret}"})


def put(client: Client, org: Organization | int, body: Any) -> TestResponse:
    org_id = org if isinstance(org, int) else org.pk
    return client.put(
        f"/api/v1/organizations/{org_id}/offers", json.dumps(body), content_type="application/json"
    )


def offers_of(org: Organization) -> list[tuple[str, str, str, str, int]]:
    return list(
        Offer.objects.filter(organization=org).values_list(
            "kind", "text", "tags", "language", "position"
        )
    )


BREAD = {"kind": "product", "text": "Sourdough bread", "tags": ["bread", "organic"]}
DELIVERY = {"text": "Delivery by bike", "tags": ["delivery"], "language": "en"}


def test_alice_replaces_the_list_and_everyone_reads_it(personas: Personas) -> None:
    # when
    response = put(token_client(personas.alice), personas.coop_a, [BREAD, DELIVERY])

    # then
    assert response.status_code == 200, response.content
    assert [(o["text"], o["kind"], o["tags"], o["position"]) for o in response.json()] == [
        ("Sourdough bread", "product", ["bread", "organic"], 0),
        ("Delivery by bike", "service", ["delivery"], 1),
    ]
    assert [(h.history_type, h.history_user) for h in Offer.history.all()] == [
        ("+", personas.alice),
        ("+", personas.alice),
    ]
    for who in ("bob", "charlie", "anonymous"):
        client = Client() if who == "anonymous" else token_client(getattr(personas, who))
        read = client.get(f"/api/v1/organizations/{personas.coop_a.pk}/offers")
        assert read.status_code == 200
        assert read.json() == response.json()


def test_an_item_with_an_id_updates_that_offer_and_the_rest_are_removed(
    personas: Personas,
) -> None:
    # given
    client = token_client(personas.alice)
    bread, delivery = put(client, personas.coop_a, [BREAD, DELIVERY]).json()

    # when the bread is renamed and moved last, the delivery left out, a new offer added
    response = put(
        client,
        personas.coop_a,
        [{"text": "Jam", "tags": []}, {**BREAD, "id": bread["id"], "text": "Rye bread"}],
    )

    # then
    assert response.status_code == 200, response.content
    assert [(o["id"], o["text"]) for o in response.json()][1] == (bread["id"], "Rye bread")
    assert offers_of(personas.coop_a) == [
        ("service", "Jam", "", "", 0),
        ("product", "Rye bread", "bread, organic", "", 1),
    ]
    assert not Offer.objects.filter(pk=delivery["id"]).exists()
    kinds = Offer.history.filter(history_user=personas.alice).values_list("history_type", "id")
    assert set(kinds) >= {("~", bread["id"]), ("-", delivery["id"])}


def test_the_same_list_again_changes_nothing(personas: Personas) -> None:
    client = token_client(personas.alice)
    first = put(client, personas.coop_a, [BREAD, DELIVERY]).json()
    versions = Offer.history.count()

    again = put(client, personas.coop_a, [BREAD, DELIVERY]).json()

    assert again == first
    assert Offer.history.count() == versions


def test_an_empty_list_removes_every_offer(personas: Personas) -> None:
    client = token_client(personas.alice)
    put(client, personas.coop_a, [BREAD])

    response = put(client, personas.coop_a, [])

    assert (response.status_code, response.json()) == (200, [])
    assert offers_of(personas.coop_a) == []
    assert Offer.history.latest().history_type == "-"


@pytest.mark.parametrize(
    ("who", "status", "code"),
    [("bob", 403, "forbidden"), ("charlie", 403, "forbidden"), ("anonymous", 401, None)],
)
def test_others_cannot_replace_the_offers(
    personas: Personas, who: str, status: int, code: str | None
) -> None:
    put(token_client(personas.alice), personas.coop_a, [BREAD])
    client = Client() if who == "anonymous" else token_client(getattr(personas, who))

    response = put(client, personas.coop_a, [DELIVERY])

    assert response.status_code == status
    assert response.json()["error"]["code"] == (code or "not_authenticated")
    assert offers_of(personas.coop_a) == [("product", "Sourdough bread", "bread, organic", "", 0)]


def test_an_unknown_organization_is_a_404(personas: Personas) -> None:
    assert put(token_client(personas.alice), 999_999, [BREAD]).status_code == 404
    assert Client().get("/api/v1/organizations/999999/offers").status_code == 404


def test_an_offer_of_another_organization_is_refused(personas: Personas) -> None:
    theirs = Offer.objects.create(organization=personas.coop_b, text="B's bread")

    response = put(
        token_client(personas.alice), personas.coop_a, [BREAD, {"id": theirs.pk, "text": "Mine"}]
    )

    # The request is well formed; the offer it names is not among this organization's.
    assert response.status_code == 404
    error = response.json()["error"]
    assert error["code"] == "unknown_offer"
    assert error["details"][0]["loc"] == ["body", "payload", "1", "id"]
    theirs.refresh_from_db()
    assert (theirs.organization, theirs.text) == (personas.coop_b, "B's bread")
    assert offers_of(personas.coop_a) == []


@pytest.mark.parametrize(
    ("item", "field"),
    [
        ({"text": ""}, "text"),
        ({"text": "x" * 201}, "text"),
        ({"text": "Bread\x00"}, "text"),
        ({"text": "Bread", "kind": "gift"}, "kind"),
        ({"text": "Bread", "language": "de"}, "language"),
        ({"text": "Bread", "tags": ["a,b"]}, "tags"),
        ({"text": "Bread", "tags": ["x" * 101]}, "tags"),
        ({"text": "Bread", "tags": ["nul\x00"]}, "tags"),
        ({"text": "Bread", "tags": [f"tag number {n:02}" for n in range(25)]}, "tags"),
        ({"text": "Bread", "tags": "bread, organic"}, "tags"),
        ({"text": "Bread", "id": 0}, "id"),
        ({"text": "Bread", "price": 3}, "price"),
    ],
)
def test_a_bad_item_is_a_422_saying_where_and_nothing_is_written(
    personas: Personas, item: dict[str, Any], field: str
) -> None:
    response = put(token_client(personas.alice), personas.coop_a, [BREAD, item])

    assert response.status_code == 422, response.content
    error = response.json()["error"]
    assert error["code"] == "validation_error"
    # The refusal points at the field, or at the item of a list field (a tag) it is about.
    assert any(d["loc"][:4] == ["body", "payload", "1", field] for d in error["details"])
    assert offers_of(personas.coop_a) == []


def test_more_offers_than_allowed_are_refused(personas: Personas) -> None:
    response = put(
        token_client(personas.alice), personas.coop_a, [{"text": f"Offer {n}"} for n in range(51)]
    )

    assert response.status_code == 422
    assert response.json()["error"]["details"][0]["loc"] == ["body", "payload"]
    assert offers_of(personas.coop_a) == []


@pytest.mark.parametrize("body", [BREAD, "bread", None, {"offers": [BREAD]}])
def test_a_body_that_is_not_a_list_is_refused(personas: Personas, body: Any) -> None:
    response = put(token_client(personas.alice), personas.coop_a, body)

    assert response.status_code == 422
    assert offers_of(personas.coop_a) == []


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=10), children, max_size=3)
    ),
    max_leaves=10,
)
offer_items = st.fixed_dictionaries(
    {},
    optional={
        "id": json_values | st.integers(min_value=1, max_value=5),
        "kind": json_values | st.sampled_from(["product", "service"]),
        "text": json_values,
        "tags": json_values | st.lists(st.text(max_size=20), max_size=5),
        "language": json_values | st.sampled_from(["", "en", "fr"]),
    },
)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(body=st.lists(offer_items, max_size=4) | json_values)
def test_any_json_list_replaces_the_offers_or_is_refused_cleanly(
    personas: Personas, body: Any
) -> None:
    before = offers_of(personas.coop_a)

    response = put(token_client(personas.alice), personas.coop_a, body)

    if response.status_code == 200:
        assert [o["text"] for o in response.json()] == [o[1] for o in offers_of(personas.coop_a)]
    else:
        assert response.status_code == 422, response.content
        assert response.json()["error"]["code"] == "validation_error"
        assert offers_of(personas.coop_a) == before
