"""Every 4xx the API gives is declared in its schema, with the error body, and the codes are
consistent: a body of the wrong form is a 422 everywhere, something named that is not there a
404, a conflict with what is stored a 409. (Once, an unknown ``member_of`` was an undeclared
422, and a mission without its language a 400 where similar checks gave 422.)"""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from intercoop.accounts.services import api_token_create
from intercoop.api.api import api
from intercoop.conftest import Personas
from intercoop.organizations.models import Offer

pytestmark = pytest.mark.django_db

# As served: the status codes are the JSON object's keys, strings.
SCHEMA = json.loads(json.dumps(api.get_openapi_schema()))
OPERATIONS = [
    (method.upper(), path, operation)
    for path, operations in SCHEMA["paths"].items()
    for method, operation in operations.items()
]
ERROR = {"$ref": "#/components/schemas/ErrorOut"}


def _declared(operation: dict[str, Any]) -> set[int]:
    return {int(status) for status in operation["responses"] if status.startswith("4")}


@pytest.mark.parametrize(("method", "path", "operation"), OPERATIONS)
def test_any_request_may_be_refused_for_its_encoding_or_size(
    method: str, path: str, operation: dict[str, Any]
) -> None:
    assert {400, 413} <= _declared(operation), f"{method} {path}"
    for status in _declared(operation):
        schema = operation["responses"][str(status)]["content"]["application/json"]["schema"]
        assert schema == ERROR, f"{method} {path} {status}"


@pytest.mark.parametrize(
    ("method", "path", "operation"), [op for op in OPERATIONS if op[2].get("security")]
)
def test_an_authenticated_operation_declares_401_403_and_429(
    method: str, path: str, operation: dict[str, Any]
) -> None:
    assert {401, 403, 429} <= _declared(operation), f"{method} {path}"


def _api(personas: Personas) -> Client:
    secret = api_token_create(user=personas.alice, name="tests").secret
    return Client(headers={"Authorization": f"Bearer {secret}"})


def _status_is_declared(method: str, path: str, status: int) -> None:
    operation = SCHEMA["paths"][path][method.lower()]
    assert status in _declared(operation), f"{method} {path} gives an undeclared {status}"


def test_an_unknown_network_is_a_declared_404() -> None:
    response = Client().get("/api/v1/organizations", {"member_of": "no-such-network"})
    assert response.status_code == 404
    _status_is_declared("GET", "/api/v1/organizations", 404)


def test_a_mission_without_its_language_is_a_422_like_every_check_of_the_body(
    personas: Personas,
) -> None:
    response = _api(personas).post(
        "/api/v1/organizations",
        {"name": "New", "mission": "Bread for all"},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "validation_error"
    response = _api(personas).post(
        "/api/v1/organizations",
        {"name": "New", "kind": "coop", "ally_category": "nonprofit"},
        content_type="application/json",
    )
    assert response.status_code == 422


def test_an_offer_of_another_organization_is_a_declared_404(personas: Personas) -> None:
    theirs = Offer.objects.create(organization=personas.coop_b, text="B's bread")
    response = _api(personas).put(
        f"/api/v1/organizations/{personas.coop_a.pk}/offers",
        [{"id": theirs.pk, "text": "Mine"}],
        content_type="application/json",
    )
    assert response.status_code == 404
    _status_is_declared("PUT", "/api/v1/organizations/{org_id}/offers", 404)


def test_the_schema_says_what_a_body_needs_together() -> None:
    create = SCHEMA["components"]["schemas"]["OrganizationIn"]
    patch = SCHEMA["components"]["schemas"]["OrganizationPatch"]
    assert create["allOf"] and patch["allOf"]
    assert patch["dependentRequired"] == {"latitude": ["longitude"], "longitude": ["latitude"]}
