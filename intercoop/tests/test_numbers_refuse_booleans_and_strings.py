"""Every numeric field of every API input refuses ``true`` and ``"1"`` with a 422: pydantic's
lax mode once stored ``{"latitude": true}`` as 1.0."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client

from intercoop.accounts.services import api_token_create
from intercoop.api.api import api
from intercoop.conftest import Personas
from intercoop.organizations.models import Offer, Organization

pytestmark = pytest.mark.django_db

SCHEMA = api.get_openapi_schema()


def _resolve(schema: dict[str, Any]) -> dict[str, Any]:
    ref = schema.get("$ref")
    if ref:
        return _resolve(SCHEMA["components"]["schemas"][ref.rsplit("/", 1)[1]])
    return schema


def _numeric_paths(schema: dict[str, Any], path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    """Where a number or an integer goes in a body of this schema: field names, and 0 for an
    item of an array."""
    schema = _resolve(schema)
    options = schema.get("anyOf") or [schema]
    for option in options:
        option = _resolve(option)
        kind = option.get("type")
        if kind in ("number", "integer"):
            yield path
        elif kind == "array":
            yield from _numeric_paths(option["items"], (*path, 0))
        elif kind == "object":
            for name, field in option.get("properties", {}).items():
                yield from _numeric_paths(field, (*path, name))


def _body_with(path: tuple[Any, ...], value: Any) -> Any:
    if not path:
        return value
    head, rest = path[0], path[1:]
    if head == 0:
        return [_body_with(rest, value)]
    return {head: _body_with(rest, value)}


CASES = [
    (method.upper(), url, path)
    for url, operations in SCHEMA["paths"].items()
    for method, operation in operations.items()
    if "requestBody" in operation
    for path in _numeric_paths(operation["requestBody"]["content"]["application/json"]["schema"])
]


def test_the_write_schemas_have_numeric_fields_to_check() -> None:
    fields = {(url, path[-1]) for _method, url, path in CASES}
    assert ("/api/v1/organizations/{org_id}", "latitude") in fields
    assert ("/api/v1/organizations/{org_id}", "longitude") in fields
    assert ("/api/v1/organizations/{org_id}/offers", "id") in fields


@pytest.mark.parametrize("value", [True, False, "1", "51.5"])
@pytest.mark.parametrize(("method", "url", "path"), CASES)
def test_a_numeric_field_refuses_anything_but_a_number(
    personas: Personas, method: str, url: str, path: tuple[Any, ...], value: Any
) -> None:
    secret = api_token_create(user=personas.alice, name="tests").secret
    client = Client(headers={"Authorization": f"Bearer {secret}"})
    url = url.replace("{org_id}", str(personas.coop_a.pk))
    response = client.generic(
        method, url, data=_json(_body_with(path, value)), content_type="application/json"
    )
    assert response.status_code == 422, response.content
    locs = [tuple(d["loc"]) for d in response.json()["error"]["details"]]
    # The refusal names this field, not merely some other field that is missing.
    assert any(loc[-len(path) :] == tuple(str(p) for p in path) for loc in locs), locs


def _json(body: Any) -> str:
    import json

    return json.dumps(body)


def test_coordinates_given_as_booleans_are_not_stored(personas: Personas) -> None:
    secret = api_token_create(user=personas.alice, name="tests").secret
    client = Client(headers={"Authorization": f"Bearer {secret}"})
    response = client.patch(
        f"/api/v1/organizations/{personas.coop_a.pk}",
        {"latitude": True, "longitude": True},
        content_type="application/json",
    )
    assert response.status_code == 422
    org = Organization.objects.get(pk=personas.coop_a.pk)
    assert org.latitude is None
    assert org.longitude is None


def test_numbers_themselves_are_still_accepted(personas: Personas) -> None:
    secret = api_token_create(user=personas.alice, name="tests").secret
    client = Client(headers={"Authorization": f"Bearer {secret}"})
    org_url = f"/api/v1/organizations/{personas.coop_a.pk}"
    response = client.patch(
        org_url, {"latitude": 51, "longitude": -3.18}, content_type="application/json"
    )
    assert response.status_code == 200, response.content
    assert (response.json()["latitude"], response.json()["longitude"]) == (51.0, -3.18)
    offer = Offer.objects.create(organization=personas.coop_a, text="Bread", position=0)
    response = client.put(
        f"{org_url}/offers", [{"id": offer.pk, "text": "Bread"}], content_type="application/json"
    )
    assert response.status_code == 200, response.content
