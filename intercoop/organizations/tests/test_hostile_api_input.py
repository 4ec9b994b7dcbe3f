"""Hostile input to the organizations API is refused with a 4xx JSON error and a stable code;
it never causes a 500 and never writes anything."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from intercoop.accounts.services import api_token_create
from intercoop.conftest import Personas
from intercoop.organizations.models import Invitation, Organization, Role

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse as TestResponse

STABLE_CODES = {
    "bad_request",
    "not_authenticated",
    "forbidden",
    "not_found",
    "method_not_allowed",
    "conflict",
    "validation_error",
    "name_required",
    "ally_category_for_coop",
    "mission_language_required",
    "unknown_role",
    "already_member",
    "duplicate_invitation",
    "invitation_closed",
    "invalid_encoding",
    "too_large",
}


@pytest.fixture
def api(personas: Personas) -> Client:
    """Alice, administrator of A, so refusals come from the input and not from permissions."""
    secret = api_token_create(user=personas.alice, name="tests").secret
    return Client(headers={"Authorization": f"Bearer {secret}"})


def written() -> tuple[int, int, int]:
    return Organization.objects.count(), Invitation.objects.count(), Role.objects.count()


def assert_refused(response: TestResponse, status: int | None = None) -> str:
    assert 400 <= response.status_code < 500, response.content
    if status is not None:
        assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/json"
    code: str = response.json()["error"]["code"]
    assert code in STABLE_CODES
    return code


def post_json(client: Client, path: str, body: Any) -> TestResponse:
    return client.post(path, json.dumps(body), content_type="application/json")


ORGANIZATION_BODIES = {
    "name too long": {"name": "x" * 201},
    "name of a megabyte": {"name": "x" * 1_000_000},
    "name only spaces": {"name": "   "},
    "name a number": {"name": 42},
    "name a list": {"name": ["Co-op"]},
    "name null": {"name": None},
    "no name": {},
    "description too long": {"name": "Co-op", "description": "x" * 10_001},
    "unknown kind": {"name": "Co-op", "kind": "bank"},
    "ally category on a co-op": {"name": "Co-op", "kind": "coop", "ally_category": "school"},
    "unknown language": {"name": "Co-op", "description_language": "xx"},
    "mission without its language": {"name": "Co-op", "mission": "To bake."},
    "unknown mission language": {"name": "Co-op", "mission": "To bake.", "mission_language": "xx"},
    "mission a number": {"name": "Co-op", "mission": 42, "mission_language": "en"},
    "website not http": {"name": "Co-op", "website": "javascript:alert(1)"},
    "body a list": [{"name": "Co-op"}],
    "body a string": "Co-op",
    "body null": None,
    "deeply nested": {"name": {"a": {"b": {"c": [[[[[]]]]]}}}},
    "name a lone surrogate": {"name": "\ud800"},
}


@pytest.mark.parametrize("body", ORGANIZATION_BODIES.values(), ids=ORGANIZATION_BODIES.keys())
def test_a_bad_organization_is_refused_and_nothing_is_written(api: Client, body: Any) -> None:
    before = written()

    assert_refused(post_json(api, "/api/v1/organizations", body))

    assert written() == before


def test_an_organization_name_with_a_nul_character_is_refused(api: Client) -> None:
    # PostgreSQL cannot store NUL in text: accepting it there would be a 500.
    before = written()

    code = assert_refused(post_json(api, "/api/v1/organizations", {"name": "Co\x00op"}), 422)

    assert code == "validation_error"
    assert written() == before


INVITATION_BODIES = {
    "unknown role": {"email": "new@example.org", "role": "owner"},
    "role in capitals": {"email": "new@example.org", "role": "ADMIN"},
    "role a number": {"email": "new@example.org", "role": 2},
    "not an email": {"email": "new-at-example.org"},
    "email too long": {"email": "x" * 300 + "@example.org"},
    "email a list": {"email": ["new@example.org"]},
    "no email": {"role": "member"},
    "an address already in A": {"email": "BOB@example.org"},
}


@pytest.mark.parametrize("body", INVITATION_BODIES.values(), ids=INVITATION_BODIES.keys())
def test_a_bad_invitation_is_refused_and_nothing_is_written(
    personas: Personas, api: Client, body: Any
) -> None:
    before = written()

    path = f"/api/v1/organizations/{personas.coop_a.pk}/invitations"
    assert_refused(post_json(api, path, body))

    assert written() == before


@pytest.mark.parametrize(
    ("content_type", "body"),
    [
        ("application/json", "{not json"),
        ("application/json", '{"name": "Co-op"'),
        ("application/json", b"\xff\xfe\x00garbage"),
        ("application/json", ""),
        ("text/plain", "name=Co-op"),
        ("application/x-www-form-urlencoded", "name=Co-op"),
        ("application/xml", "<name>Co-op</name>"),
    ],
)
def test_a_body_that_is_not_json_is_refused(api: Client, content_type: str, body: Any) -> None:
    before = written()

    assert_refused(api.post("/api/v1/organizations", body, content_type=content_type))

    assert written() == before


@pytest.mark.parametrize("org_id", ["-1", "0", "99999999999999999999999999", "1e3", "1.5", "%00"])
@pytest.mark.parametrize("suffix", ["", "/roles", "/invitations"])
def test_odd_ids_are_refused(api: Client, org_id: str, suffix: str) -> None:
    assert_refused(api.get(f"/api/v1/organizations/{org_id}{suffix}"))


@pytest.mark.parametrize("invitation_id", ["-1", "0", "99999999999999999999999999", "x"])
def test_odd_invitation_ids_are_refused_and_nothing_is_withdrawn(
    personas: Personas, api: Client, invitation_id: str
) -> None:
    open_invitation = Invitation.objects.create(
        organization=personas.coop_a,
        email="newcomer@example.org",
        role="member",
        token_digest="0" * 64,
        expires_at="2999-01-01T00:00:00Z",
    )

    response = api.delete(f"/api/v1/organizations/{personas.coop_a.pk}/invitations/{invitation_id}")

    assert_refused(response)
    open_invitation.refresh_from_db()
    assert open_invitation.is_open


@pytest.mark.parametrize("page", ["0", "-5", "abc", "99999999999999999999999999", ""])
def test_odd_page_numbers_never_fail(db: None, page: str) -> None:
    response = Client().get(f"/api/v1/organizations?page={page}")

    if response.status_code == 200:
        assert response.json()["page"] >= 1
    else:
        assert assert_refused(response, 422) == "validation_error"


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=10), children, max_size=3)
    ),
    max_leaves=10,
)
organization_fields = st.fixed_dictionaries(
    {},
    optional={
        "name": json_values,
        "kind": json_values | st.sampled_from(["coop", "ally"]),
        "ally_category": json_values | st.sampled_from(["school", "union", ""]),
        "description": json_values,
        "description_language": json_values | st.sampled_from(["en", "fr", ""]),
        "mission": json_values,
        "mission_language": json_values | st.sampled_from(["en", "fr", ""]),
        "website": json_values,
    },
)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(body=organization_fields | json_values)
def test_any_json_body_either_creates_one_organization_or_is_refused_cleanly(
    api: Client, body: Any
) -> None:
    before = written()

    response = post_json(api, "/api/v1/organizations", body)

    if response.status_code == 201:
        created = response.json()
        assert Organization.objects.filter(pk=created["id"], name=created["name"]).exists()
        assert written() == (before[0] + 1, before[1], before[2] + 1)
    else:
        assert_refused(response)
        assert written() == before


@settings(
    max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    body=st.fixed_dictionaries(
        {}, optional={"email": json_values | st.emails(), "role": json_values}
    )
    | json_values
)
def test_any_json_invitation_is_created_once_or_refused_cleanly(
    personas: Personas, api: Client, body: Any
) -> None:
    before = written()

    response = post_json(api, f"/api/v1/organizations/{personas.coop_a.pk}/invitations", body)

    if response.status_code == 201:
        assert written() == (before[0], before[1] + 1, before[2])
    else:
        assert_refused(response)
        assert written() == before
