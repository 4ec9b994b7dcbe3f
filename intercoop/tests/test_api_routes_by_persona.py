"""Every operation of the API schema, for each of the four personas, with personal API tokens.

The clients enforce CSRF checks, as a real client does: a token needs no CSRF token, and an
anonymous client has no session for CSRF to protect.
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any
from uuid import uuid4

import pytest
from allauth.mfa.models import Authenticator
from django.test import Client, override_settings
from django.utils import timezone

from intercoop.accounts.services import api_token_create
from intercoop.api.api import api
from intercoop.conftest import Personas
from intercoop.datacoop.models import Dataset
from intercoop.datacoop.services import datasets as datacoop
from intercoop.exchange.models import CycleHub, EconomicResource, Listing, OrderCycle, Product
from intercoop.exchange.services import trace as trace_services
from intercoop.exchange.services.cycles import cycle_create
from intercoop.exchange.services.listings import ListingData, listing_create
from intercoop.exchange.tests.catalogue_files import ofn_file
from intercoop.labels import selectors as label_selectors
from intercoop.labels import services as label_services
from intercoop.organizations import services
from intercoop.organizations.models import Invitation, Offer, Organization, Relationship, Role
from intercoop.testing.factories import OrganizationFactory, RelationshipFactory
from intercoop.testing.persona_routes import CASE, Expected, check_answer, persona_cases
from intercoop.testing.state import organization_private_state

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse as TestResponse


@pytest.fixture(autouse=True)
def labels_key_file(tmp_path: Path, settings: Any) -> None:
    # Issuing signs with a key sealed under the labels key: a file of this test's own.
    settings.LABELS_KEY_FILE = tmp_path / "labels_key"
    # Rows' sensitive cells are sealed under the data co-operative's key: one of this test's own.
    settings.DATACOOP_KEY_FILE = tmp_path / "datacoop_key"


@dataclass
class World:
    personas: Personas
    pending: Invitation  # an open invitation of A
    waiting: Relationship  # B asks to be a member of A: A's administrators answer


# A's own proposal to this network, not confirmed yet: nobody outside A's administrators sees it.
# The network itself is public, so the lists of every organization name it; the tests of the
# directory's outputs check that the link does not show there.
QUIET_NETWORK = "Quiet Network"
LISTS_EVERY_ORGANIZATION = {
    "organizations_list",
    "exports_organizations_csv",
    "exports_organizations_geojson",
    "exports_organizations_jsonld",
}


@pytest.fixture
def world(personas: Personas) -> World:
    pending = services.invitation_create(
        organization=personas.coop_a,
        email="pending@example.org",
        role=Role.Name.MEMBER,
        by=personas.alice,
        base_url="http://testserver/",
    ).invitation
    Organization.objects.filter(pk=personas.coop_b.pk).update(country="GB", region="Devon")
    OrganizationFactory.create(name="Federation F", slug="federation-f")
    quiet = OrganizationFactory.create(name=QUIET_NETWORK, slug="quiet-network")
    RelationshipFactory.create(subject=personas.coop_a, object=quiet, confirmed_at=None)
    waiting = RelationshipFactory.create(
        subject=personas.coop_b, object=personas.coop_a, confirmed_at=None
    )
    listing_create(
        organization=personas.coop_a,
        by=personas.alice,
        data=ListingData(
            kind="need", item_type="good", category="food", title="Flour", language="en"
        ),
    )
    # An order cycle A coordinates: its fees show only to A's administrators.
    cycle_create(
        coordinator=personas.coop_a,
        by=personas.alice,
        name="Harvest",
        currency="EUR",
        opens_at=timezone.now() + timedelta(days=1),
        closes_at=timezone.now() + timedelta(days=8),
    )
    # Co-op A buys in it: Alice and Bob read its offers and their order; it is not open yet.
    CycleHub.objects.create(
        cycle=OrderCycle.objects.get(coordinator=personas.coop_a, name="Harvest"),
        hub=personas.coop_a,
    )
    # A resource of A, for traceability: its page, trace and track are public.
    trace_services.resource_create(
        organization=personas.coop_a,
        by=personas.alice,
        new=trace_services.NewResource(name="Apples", unit="kilogram"),
        quantity=Decimal(10),
    )
    # An individual dataset of A with a purpose: its people read it, write their own rows and
    # consents; Charlie gets 403.
    energy = datacoop.dataset_create(
        organization=personas.coop_a, by=personas.alice, kind="individual", name="Energy"
    )
    datacoop.column_add(
        dataset=energy, new=datacoop.NewColumn("kwh", "kWh", "integer", "sensitive")
    )
    datacoop.purpose_add(
        dataset=energy,
        term="dpv:Analytics",
        description="Yearly statistics.",
        description_language="en",
    )
    return World(personas, pending, waiting)


@dataclass(frozen=True)
class Operation:
    method: str
    path: str  # as in the schema
    # expected status for alice, bob, charlie, anonymous
    expected: tuple[int, int, int, int]
    # the JSON body, or what makes it from the world
    body: dict[str, Any] | list[Any] | Callable[[World], Any] | None = None
    # True when Alice's successful call changes what ``protected_state`` holds
    writes_a: bool = False


def _params(w: World) -> dict[str, Any]:
    return {
        "org_id": w.personas.coop_a.pk,
        "invitation_id": w.pending.pk,
        "relationship_id": w.waiting.pk,
        "country": "GB",
        "region": "Devon",
        "listing_uuid": Listing.objects.filter(organization=w.personas.coop_a).earliest("pk").uuid,
        "cycle_uuid": OrderCycle.objects.filter(coordinator=w.personas.coop_a).earliest("pk").uuid,
        "resource_uuid": EconomicResource.objects.get(primary_accountable=w.personas.coop_a).uuid,
        "dataset_uuid": Dataset.objects.get(organization=w.personas.coop_a).uuid,
        "purpose_uuid": Dataset.objects.get(organization=w.personas.coop_a).purposes.get().uuid,
    }


def _label_to_verify(w: World) -> dict[str, Any]:
    """A label that Federation F issued, for the verifier: every persona verifies it (200)."""
    texts = {
        f"{field}_{lang}": f"{field} ({lang})"
        for field in ("name", "description", "criteria")
        for lang in ("en", "fr", "es")
    }
    federation = Organization.objects.get(slug="federation-f")
    with (
        tempfile.TemporaryDirectory() as keys,
        override_settings(LABELS_KEY_FILE=Path(keys) / "labels_key"),
    ):
        issuer = label_services.issuer_create(organization=federation, by=w.personas.alice)
        achievement = label_services.achievement_create(
            issuer=issuer, by=w.personas.alice, kind="Badge", texts=texts
        )
        issued = label_services.credential_issue(
            achievement=achievement, by=w.personas.alice, email="lea@example.org", notify=False
        )
    return {"verifiableCredential": json.loads(issued.credential.document)}


def _credential_to_issue(w: World) -> dict[str, Any]:
    """A credential in the name of A's issuer: Alice (with two-factor authentication) may issue
    it, Bob and Charlie may not."""
    alice = w.personas.alice
    Authenticator.objects.get_or_create(
        user=alice, type=Authenticator.Type.TOTP, defaults={"data": {"secret": "x"}}
    )
    issuer = label_selectors.issuer_of(w.personas.coop_a) or label_services.issuer_create(
        organization=w.personas.coop_a, by=alice
    )
    return {
        "credential": {
            "@context": ["https://www.w3.org/ns/credentials/v2"],
            "type": ["VerifiableCredential"],
            "issuer": label_selectors.issuer_did(issuer),
            "credentialSubject": {"id": "did:example:subject"},
        }
    }


def _presentation_to_prove(w: World) -> dict[str, Any]:
    """A presentation whose holder is A's issuer: Alice (with two-factor authentication) may
    prove it, Bob and Charlie may not."""
    credential = _credential_to_issue(w)["credential"]
    return {
        "presentation": {
            "@context": ["https://www.w3.org/ns/credentials/v2"],
            "type": ["VerifiablePresentation"],
            "holder": credential["issuer"],
        }
    }


OPERATIONS: dict[str, Operation] = {
    "me_get": Operation("GET", "/api/v1/me", (200, 200, 200, 401)),
    "organizations_list": Operation("GET", "/api/v1/organizations", (200, 200, 200, 200)),
    "organizations_create": Operation(
        "POST", "/api/v1/organizations", (201, 201, 201, 401), body={"name": "A new co-op"}
    ),
    "organizations_get": Operation("GET", "/api/v1/organizations/{org_id}", (200, 200, 200, 200)),
    "organizations_update": Operation(
        "PATCH",
        "/api/v1/organizations/{org_id}",
        (200, 403, 403, 401),
        body={"name": "Co-op A, renamed", "activity": "ICA140"},
        writes_a=True,
    ),
    "organizations_offers_list": Operation(
        "GET", "/api/v1/organizations/{org_id}/offers", (200, 200, 200, 200)
    ),
    "organizations_offers_replace": Operation(
        "PUT",
        "/api/v1/organizations/{org_id}/offers",
        (200, 403, 403, 401),
        body=[{"kind": "product", "text": "Sourdough bread", "tags": ["bread", "organic"]}],
        writes_a=True,
    ),
    "organizations_roles_list": Operation(
        "GET", "/api/v1/organizations/{org_id}/roles", (200, 200, 403, 401)
    ),
    "organizations_invitations_list": Operation(
        "GET", "/api/v1/organizations/{org_id}/invitations", (200, 403, 403, 401)
    ),
    "organizations_invitations_create": Operation(
        "POST",
        "/api/v1/organizations/{org_id}/invitations",
        (201, 403, 403, 401),
        body={"email": "someone-new@example.org", "role": "member"},
        writes_a=True,
    ),
    "organizations_relationships_list": Operation(
        "GET", "/api/v1/organizations/{org_id}/relationships", (200, 200, 200, 200)
    ),
    "organizations_relationships_create": Operation(
        "POST",
        "/api/v1/organizations/{org_id}/relationships",
        (201, 403, 403, 401),
        body={"predicate": "member_of", "object": "federation-f"},
        writes_a=True,
    ),
    "organizations_relationships_confirm": Operation(
        "POST",
        "/api/v1/organizations/{org_id}/relationships/{relationship_id}/confirm",
        (200, 403, 403, 401),
        writes_a=True,
    ),
    # Declines B's proposal; ending a confirmed relationship is the same call.
    "organizations_relationships_delete": Operation(
        "DELETE",
        "/api/v1/organizations/{org_id}/relationships/{relationship_id}",
        (204, 403, 403, 401),
        writes_a=True,
    ),
    "regions_list": Operation("GET", "/api/v1/regions/{country}", (200, 200, 200, 200)),
    "regions_stats": Operation("GET", "/api/v1/regions/{country}/{region}", (200, 200, 200, 200)),
    "exports_organizations_csv": Operation(
        "GET", "/api/v1/exports/organizations.csv", (200, 200, 200, 200)
    ),
    "exports_organizations_geojson": Operation(
        "GET", "/api/v1/exports/organizations.geojson", (200, 200, 200, 200)
    ),
    "exports_organizations_jsonld": Operation(
        "GET", "/api/v1/exports/organizations.jsonld", (200, 200, 200, 200)
    ),
    "exports_licence": Operation("GET", "/api/v1/exports/LICENSE.txt", (200, 200, 200, 200)),
    "credentials_verify": Operation(
        "POST", "/api/v1/credentials/verify", (200, 200, 200, 200), body=_label_to_verify
    ),
    "credentials_issue": Operation(
        "POST", "/api/v1/credentials/issue", (201, 403, 403, 401), body=_credential_to_issue
    ),
    "presentations_prove": Operation(
        "POST", "/api/v1/presentations/prove", (201, 403, 403, 401), body=_presentation_to_prove
    ),
    "organizations_products_list": Operation(
        "GET", "/api/v1/organizations/{org_id}/products", (200, 200, 200, 200)
    ),
    "organizations_products_import": Operation(
        "POST",
        "/api/v1/organizations/{org_id}/products/import",
        (200, 403, 403, 401),
        body=lambda w: json.loads(ofn_file("ofn-fdc-send-backorder.json")),
        writes_a=True,
    ),
    "listings_list": Operation("GET", "/api/v1/listings", (200, 200, 200, 200)),
    "listings_get": Operation("GET", "/api/v1/listings/{listing_uuid}", (200, 200, 200, 200)),
    "listings_create": Operation(
        "POST",
        "/api/v1/listings",
        (201, 403, 403, 401),
        body=lambda w: {
            "organization_id": w.personas.coop_a.pk,
            "kind": "offer",
            "item_type": "good",
            "category": "surplus",
            "title": "Spent grain",
            "language": "en",
            "quantity": 200,
            "unit": "kg",
        },
        writes_a=True,
    ),
    "listings_withdraw": Operation(
        "POST", "/api/v1/listings/{listing_uuid}/withdraw", (200, 403, 403, 401), writes_a=True
    ),
    "cycles_list": Operation("GET", "/api/v1/cycles", (200, 200, 200, 200)),
    "cycles_get": Operation("GET", "/api/v1/cycles/{cycle_uuid}", (200, 200, 200, 200)),
    "cycles_create": Operation(
        "POST",
        "/api/v1/cycles",
        (201, 403, 403, 401),
        body=lambda w: {
            "organization_id": w.personas.coop_a.pk,
            "name": "Winter",
            "currency": "EUR",
            "opens_at": (timezone.now() + timedelta(days=30)).isoformat(),
            "closes_at": (timezone.now() + timedelta(days=37)).isoformat(),
        },
        writes_a=True,
    ),
    # Buying in a cycle (exchange.api.orders): for the people of its buying groups; the cycle
    # is not open yet, so setting an order is refused.
    "cycles_offers_list": Operation(
        "GET", "/api/v1/cycles/{cycle_uuid}/offers", (200, 200, 403, 401)
    ),
    "cycles_order_get": Operation("GET", "/api/v1/cycles/{cycle_uuid}/order", (200, 200, 403, 401)),
    "cycles_order_put": Operation(
        "PUT", "/api/v1/cycles/{cycle_uuid}/order", (409, 409, 403, 401), body={"lines": []}
    ),
    # A cycle's closing (exchange.api.closing): for the coordinator's administrators; Harvest is
    # not closed yet.
    "cycles_closing_get": Operation(
        "GET", "/api/v1/cycles/{cycle_uuid}/closing", (409, 403, 403, 401)
    ),
    # Traceability (exchange.api.trace): reading is public, recording for A's administrators.
    "resources_get": Operation("GET", "/api/v1/resources/{resource_uuid}", (200, 200, 200, 200)),
    "resources_trace": Operation(
        "GET", "/api/v1/resources/{resource_uuid}/trace", (200, 200, 200, 200)
    ),
    "resources_track": Operation(
        "GET", "/api/v1/resources/{resource_uuid}/track", (200, 200, 200, 200)
    ),
    "cycles_valueflows": Operation(
        "GET", "/api/v1/cycles/{cycle_uuid}/valueflows", (200, 200, 200, 200)
    ),
    "organizations_events_create": Operation(
        "POST",
        "/api/v1/organizations/{org_id}/events",
        (201, 403, 403, 401),
        body=lambda w: {
            "uuid": str(uuid4()),
            "action": "lower",
            "resource": str(_params(w)["resource_uuid"]),
            "quantity": 1,
        },
        writes_a=True,
    ),
    # The data co-operative (datacoop.api): for the people of A, each writing their own rows
    # and consents (what they write is checked in datacoop's own tests).
    "organizations_datasets_list": Operation(
        "GET", "/api/v1/organizations/{org_id}/datasets", (200, 200, 403, 401)
    ),
    "datasets_get": Operation("GET", "/api/v1/datasets/{dataset_uuid}", (200, 200, 403, 401)),
    "datasets_rows_list": Operation(
        "GET", "/api/v1/datasets/{dataset_uuid}/rows", (200, 200, 403, 401)
    ),
    "datasets_rows_create": Operation(
        "POST",
        "/api/v1/datasets/{dataset_uuid}/rows",
        (201, 201, 403, 401),
        body={"values": {"kwh": 3200}},
    ),
    "datasets_consents_list": Operation(
        "GET", "/api/v1/datasets/{dataset_uuid}/consents", (200, 200, 403, 401)
    ),
    "datasets_consents_set": Operation(
        "POST",
        "/api/v1/datasets/{dataset_uuid}/consents/{purpose_uuid}",
        (200, 200, 403, 401),
        body={"action": "give"},
    ),
    "organizations_invitations_revoke": Operation(
        "DELETE",
        "/api/v1/organizations/{org_id}/invitations/{invitation_id}",
        (204, 403, 403, 401),
        writes_a=True,
    ),
}

ERROR_CODES = {401: "not_authenticated", 403: "forbidden"}

CASES = persona_cases((op_id, op.method, op.expected) for op_id, op in OPERATIONS.items())


def schema_operations() -> dict[str, tuple[str, str]]:
    schema = api.get_openapi_schema()
    return {
        op["operationId"]: (method.upper(), path)
        for path, methods in schema["paths"].items()
        for method, op in methods.items()
    }


def client_for(w: World, who: str) -> Client:
    if who == "anonymous":
        return Client(enforce_csrf_checks=True)
    secret = api_token_create(user=getattr(w.personas, who), name="tests").secret
    return Client(enforce_csrf_checks=True, headers={"Authorization": f"Bearer {secret}"})


def call(w: World, op: Operation, who: str) -> TestResponse:
    client = client_for(w, who)
    path = op.path.format(**_params(w))
    kwargs: dict[str, Any] = {}
    body = op.body(w) if callable(op.body) else op.body
    if body is not None:
        kwargs = {"data": json.dumps(body), "content_type": "application/json"}
    return client.generic(op.method, path, **kwargs)


def protected_state(w: World) -> tuple[object, ...]:
    offers = Offer.objects.filter(organization=w.personas.coop_a).values_list(
        "pk", "kind", "text", "tags", "language", "position"
    )
    products = Product.objects.filter(supplier=w.personas.coop_a).values_list(
        "sku", "price", "stock"
    )
    listings = Listing.objects.filter(organization=w.personas.coop_a).values_list(
        "pk", "title", "withdrawn_at"
    )
    cycles = OrderCycle.objects.filter(coordinator=w.personas.coop_a).values_list("pk", "name")
    resources = EconomicResource.objects.filter(primary_accountable=w.personas.coop_a).values_list(
        "pk", "onhand_quantity"
    )
    return (
        *organization_private_state(w.personas.coop_a),
        sorted(offers),
        sorted(products),
        sorted(listings, key=lambda row: row[0]),
        sorted(cycles),
        sorted(resources),
    )


def private_markers(w: World, op_id: str, who: str) -> list[str]:
    """What Charlie and visitors must not read: A's people, invitations and pending links."""
    if who not in ("charlie", "anonymous"):
        return []
    markers = [w.personas.bob.email, w.personas.alice.email, "pending@"]
    return markers if op_id in LISTS_EVERY_ORGANIZATION else [*markers, QUIET_NETWORK]


@pytest.mark.parametrize(CASE, CASES)
def test_operation_answers_each_persona_as_the_table_says(
    world: World, route: str, method: str, who: str, expected: Expected
) -> None:
    op = OPERATIONS[route]

    response = check_answer(
        who=who,
        path=op.path.format(**_params(world)),
        request=lambda: call(world, op, who),
        expected=expected,
        state=lambda: protected_state(world),
        changes=who == "alice" and op.writes_a,
        hidden=private_markers(world, route, who),
    )

    if expected in ERROR_CODES:
        assert response.json()["error"]["code"] == ERROR_CODES[expected]


@pytest.mark.parametrize("who", ["alice", "bob"])
def test_people_of_a_see_their_roles_through_the_api(world: World, who: str) -> None:
    # The positive control for the leak check above: the addresses are there when allowed.
    response = call(world, OPERATIONS["organizations_roles_list"], who)

    assert {r["email"] for r in response.json()} == {"alice@example.org", "bob@example.org"}


@pytest.mark.parametrize(("who", "sees_pending"), [("alice", True), ("bob", False)])
def test_only_the_admins_see_the_pending_relationships_through_the_api(
    world: World, who: str, sees_pending: bool
) -> None:
    # The positive control for the leak check above.
    response = call(world, OPERATIONS["organizations_relationships_list"], who)

    names = {r["object"]["name"] for r in response.json()}
    assert (QUIET_NETWORK in names) is sees_pending


def test_me_shows_only_the_callers_own_roles(world: World) -> None:
    response = call(world, OPERATIONS["me_get"], "charlie")

    assert response.json()["email"] == "charlie@example.org"
    assert [r["organization_slug"] for r in response.json()["roles"]] == ["coop-b"]


def test_every_schema_operation_has_a_persona_row() -> None:
    in_schema = schema_operations()

    assert set(in_schema) - set(OPERATIONS) == set(), "add persona rows for these operations"
    assert set(OPERATIONS) - set(in_schema) == set(), "these rows name no operation any more"
    for op_id, (method, path) in in_schema.items():
        assert (OPERATIONS[op_id].method, OPERATIONS[op_id].path) == (method, path), op_id


def test_every_private_operation_is_marked_as_needing_authentication() -> None:
    # An operation anonymous visitors may not use must say so in the schema, and the reverse.
    schema = api.get_openapi_schema()
    for path, methods in schema["paths"].items():
        for method, spec in methods.items():
            public = OPERATIONS[spec["operationId"]].expected[-1] < 400
            assert bool(spec.get("security")) is not public, f"{method.upper()} {path}"
