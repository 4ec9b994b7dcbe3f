"""Every API error is JSON, ``{"error": {"code", "message"}}``, with a stable code."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest
from django.test import Client

from intercoop.accounts.services import api_token_create
from intercoop.conftest import Personas

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse as TestResponse

MISSING_ID = 987_654


@pytest.fixture
def alice_api(personas: Personas) -> Client:
    secret = api_token_create(user=personas.alice, name="tests").secret
    return Client(headers={"Authorization": f"Bearer {secret}"})


def error_of(response: TestResponse, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/json"
    error: dict[str, Any] = response.json()["error"]
    assert isinstance(error["message"], str)
    assert error["message"]
    return error


@pytest.mark.parametrize(
    "path",
    [
        f"/api/v1/organizations/{MISSING_ID}",
        f"/api/v1/organizations/{MISSING_ID}/roles",
        f"/api/v1/organizations/{MISSING_ID}/invitations",
    ],
)
def test_an_unknown_id_is_not_found(alice_api: Client, path: str) -> None:
    assert error_of(alice_api.get(path), 404)["code"] == "not_found"


def test_an_unknown_invitation_of_a_known_organization_is_not_found(
    personas: Personas, alice_api: Client
) -> None:
    response = alice_api.delete(
        f"/api/v1/organizations/{personas.coop_a.pk}/invitations/{MISSING_ID}"
    )

    assert error_of(response, 404)["code"] == "not_found"


def test_invalid_input_is_a_422_that_says_which_field(alice_api: Client) -> None:
    response = alice_api.post(
        "/api/v1/organizations", {"name": "", "kind": "bakery"}, content_type="application/json"
    )

    error = error_of(response, 422)
    assert error["code"] == "validation_error"
    fields = {d["loc"][-1] for d in error["details"]}
    assert fields == {"name", "kind"}
    assert all(d["msg"] for d in error["details"])


def test_an_invalid_query_parameter_is_a_422(db: None) -> None:
    error = error_of(Client().get("/api/v1/organizations?page=0"), 422)

    assert error["code"] == "validation_error"
    assert error["details"] == [
        {"loc": ["query", "page"], "msg": "Input should be greater than or equal to 1"}
    ]


def test_a_path_parameter_of_the_wrong_type_is_a_422(db: None) -> None:
    error = error_of(Client().get("/api/v1/organizations/abc"), 422)

    assert error["code"] == "validation_error"
    assert error["details"][0]["loc"] == ["path", "org_id"]


@pytest.mark.parametrize(
    "path", ["/api/v1/nothing-here", "/api/v1/organizations/1/nothing", "/api/v1/me/"]
)
def test_an_unknown_api_address_is_a_json_404(db: None, path: str) -> None:
    assert error_of(Client().get(path), 404)["code"] == "not_found"


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("PUT", "/api/v1/organizations"),
        ("PATCH", "/api/v1/organizations/1/roles"),
        ("DELETE", "/api/v1/me"),
        ("POST", "/api/v1/organizations/1/roles"),
    ],
)
def test_an_unexpected_method_is_a_json_405(db: None, method: str, path: str) -> None:
    response = Client().generic(method, path)

    assert error_of(response, 405)["code"] == "method_not_allowed"
    assert method not in response["Allow"]
    assert response["Allow"]


def test_a_refusal_by_a_service_keeps_its_own_code(personas: Personas, alice_api: Client) -> None:
    response = alice_api.post(
        f"/api/v1/organizations/{personas.coop_a.pk}/invitations",
        {"email": personas.bob.email},
        content_type="application/json",
    )

    assert error_of(response, 409)["code"] == "already_member"


def test_a_forbidden_operation_is_a_json_403(personas: Personas) -> None:
    response = personas.client_for("charlie").get(
        f"/api/v1/organizations/{personas.coop_a.pk}/roles"
    )

    assert error_of(response, 403)["code"] == "forbidden"


def test_an_unauthenticated_call_is_a_json_401(personas: Personas) -> None:
    response = Client().get(f"/api/v1/organizations/{personas.coop_a.pk}/roles")

    assert error_of(response, 401)["code"] == "not_authenticated"
