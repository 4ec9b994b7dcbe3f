"""``PATCH /api/v1/organizations/{id}`` changes the profile fields given, through the same service
as the edit page, so the version names the caller. Bad values are refused with 422 and the field
they are in; nobody but its administrators (and moderating staff) may call it."""

from __future__ import annotations

import datetime as dt
import json
from typing import TYPE_CHECKING, Any, get_args

import pytest
from allauth.mfa.models import Authenticator
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from intercoop.accounts.services import api_token_create
from intercoop.conftest import Personas
from intercoop.organizations import api, services
from intercoop.organizations.models import Offer, Organization
from intercoop.testing.factories import UserFactory

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse as TestResponse


def token_client(user: Any) -> Client:
    secret = api_token_create(user=user, name="tests").secret
    return Client(enforce_csrf_checks=True, headers={"Authorization": f"Bearer {secret}"})


def patch(client: Client, org_id: int, body: Any) -> TestResponse:
    return client.patch(
        f"/api/v1/organizations/{org_id}", json.dumps(body), content_type="application/json"
    )


def state(org: Organization) -> object:
    return Organization.objects.filter(pk=org.pk).values().get()


def test_alice_changes_some_fields_and_the_version_names_her(personas: Personas) -> None:
    # given
    org = personas.coop_a
    versions = org.history.count()

    # when
    response = patch(
        token_client(personas.alice),
        org.pk,
        {
            "description": "We bake bread.",
            "description_language": "en",
            "activity": "ICA140",
            "latitude": 51.5,
            "longitude": -0.12,
            "founded_on": "1984-05-01",
        },
    )

    # then
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["name"], body["description"], body["activity"]) == (
        "Co-op A",
        "We bake bread.",
        "ICA140",
    )
    assert (body["latitude"], body["longitude"], body["founded_on"]) == (51.5, -0.12, "1984-05-01")
    org.refresh_from_db()
    assert (org.description, org.activity, org.latitude) == ("We bake bread.", "ICA140", 51.5)
    assert org.history.count() == versions + 1
    latest = org.history.latest()
    assert latest.history_user == personas.alice
    assert set(latest.diff_against(latest.prev_record).changed_fields) == {
        "description",
        "description_language",
        "activity",
        "latitude",
        "longitude",
        "founded_on",
    }


def test_fields_left_out_are_kept_and_null_clears_date_and_coordinates(
    personas: Personas,
) -> None:
    org = personas.coop_a
    org.nickname, org.latitude, org.longitude = "A", 1.0, 2.0
    org.founded_on = dt.date(2000, 1, 1)
    org.save()
    client = token_client(personas.alice)

    response = patch(client, org.pk, {"latitude": None, "longitude": None, "founded_on": None})

    assert response.status_code == 200, response.content
    org.refresh_from_db()
    assert (org.nickname, org.latitude, org.longitude, org.founded_on) == ("A", None, None, None)


def test_a_patch_that_changes_nothing_keeps_no_version(personas: Personas) -> None:
    versions = personas.coop_a.history.count()

    response = patch(token_client(personas.alice), personas.coop_a.pk, {"name": "Co-op A"})

    assert response.status_code == 200
    assert personas.coop_a.history.count() == versions


def test_staff_moderate_any_profile_through_the_api(personas: Personas) -> None:
    staff = UserFactory.create(is_staff=True)
    Authenticator.objects.create(user=staff, type=Authenticator.Type.TOTP, data={"secret": "x"})

    response = patch(token_client(staff), personas.coop_b.pk, {"status": "dormant"})

    assert response.status_code == 200, response.content
    personas.coop_b.refresh_from_db()
    assert personas.coop_b.status == "dormant"
    assert personas.coop_b.history.latest().history_user == staff


def test_a_session_needs_its_csrf_token(personas: Personas) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(personas.alice)
    before = state(personas.coop_a)

    response = patch(client, personas.coop_a.pk, {"name": "Renamed"})

    assert response.status_code == 403
    assert response.json()["error"]["code"] == "csrf_failed"
    assert state(personas.coop_a) == before


@pytest.mark.parametrize(
    ("who", "status", "code"),
    [("bob", 403, "forbidden"), ("charlie", 403, "forbidden"), ("anonymous", 401, None)],
)
def test_others_are_refused_and_nothing_changes(
    personas: Personas, who: str, status: int, code: str | None
) -> None:
    client = Client() if who == "anonymous" else token_client(getattr(personas, who))
    before = state(personas.coop_a)

    response = patch(client, personas.coop_a.pk, {"name": "Taken over"})

    assert response.status_code == status
    assert response.json()["error"]["code"] == (code or "not_authenticated")
    assert state(personas.coop_a) == before


def test_staff_without_a_second_factor_are_refused(personas: Personas) -> None:
    staff = UserFactory.create(is_staff=True)

    response = patch(token_client(staff), personas.coop_b.pk, {"status": "dormant"})

    assert response.status_code == 403
    assert response.json()["error"]["code"] == "mfa_required"


def test_an_unknown_organization_is_a_404(personas: Personas) -> None:
    response = patch(token_client(personas.alice), 999_999, {"name": "Ghost"})

    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


@pytest.mark.parametrize(
    ("body", "loc"),
    [
        ({"activity": "ICA999"}, ["body", "payload", "activity"]),
        ({"structure": "OS-nope"}, ["body", "payload", "structure"]),
        ({"membership_type": "ICA140"}, ["body", "payload", "membership_type"]),
        ({"name": "Co\x00op"}, ["body", "payload", "name"]),
        ({"description": "a\x00b"}, ["body", "payload", "description"]),
        ({"name": "   "}, ["body", "payload", "name"]),
        ({"name": None}, ["body", "payload", "name"]),
        ({"latitude": 51.5}, ["body", "payload"]),
        ({"longitude": -0.1}, ["body", "payload"]),
        ({"latitude": 51.5, "longitude": None}, ["body", "payload"]),
        ({"latitude": 91, "longitude": 0}, ["body", "payload", "latitude"]),
        ({"latitude": 0, "longitude": -181}, ["body", "payload", "longitude"]),
        ({"latitude": "north", "longitude": 0}, ["body", "payload", "latitude"]),
        ({"status": "bankrupt"}, ["body", "payload", "status"]),
        ({"email": "not-an-address"}, ["body", "payload", "email"]),
        ({"website": "javascript:alert(1)"}, ["body", "payload", "website"]),
        ({"country": "gb"}, ["body", "payload", "country"]),
        ({"founded_on": "yesterday"}, ["body", "payload", "founded_on"]),
        ({"source": "hand-made"}, ["body", "payload", "source"]),
        ({"slug": "taken"}, ["body", "payload", "slug"]),
        ({"kind": "ally"}, ["body", "payload", "kind"]),
        ({"nickname": "x" * 101}, ["body", "payload", "nickname"]),
    ],
)
def test_a_bad_value_is_a_422_naming_its_field(
    personas: Personas, body: dict[str, Any], loc: list[str]
) -> None:
    before = state(personas.coop_a)
    versions = personas.coop_a.history.count()

    response = patch(token_client(personas.alice), personas.coop_a.pk, {"name": "New", **body})

    assert response.status_code == 422, response.content
    error = response.json()["error"]
    assert error["code"] == "validation_error"
    assert loc in [d["loc"] for d in error["details"]]
    assert state(personas.coop_a) == before
    assert personas.coop_a.history.count() == versions


def test_a_body_that_is_not_an_object_is_refused(personas: Personas) -> None:
    for body in (["name"], "name", None, 42):
        response = patch(token_client(personas.alice), personas.coop_a.pk, body)

        assert response.status_code == 422, body


def test_the_api_s_choices_are_the_models() -> None:
    # The schema spells them out as literals (see organizations.api); they must not drift.
    assert list(get_args(api.OrganizationStatus)) == Organization.Status.values
    assert list(get_args(api.GeographicScope)) == ["", *Organization.Scope.values]
    assert list(get_args(api.OfferKind)) == Offer.Kind.values
    assert list(get_args(api.Language)) == ["", "en", "fr", "es"]
    # The API edits what the edit page edits, and shows it.
    assert set(api.OrganizationPatch.model_fields) == set(services.EDITABLE_FIELDS)
    assert set(api.OrganizationPatch.model_fields) | {"id", "slug", "updated_at"} == set(
        api.OrganizationProfileOut.model_fields
    )


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=10), children, max_size=3)
    ),
    max_leaves=10,
)
profile_fields = st.fixed_dictionaries(
    {},
    optional={
        name: json_values | st.sampled_from(["", "ICA140", "OS130", "BMT10", "GB", "active"])
        for name in services.EDITABLE_FIELDS
    },
)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(body=profile_fields | json_values)
def test_any_json_body_is_applied_or_refused_cleanly(personas: Personas, body: Any) -> None:
    before = state(personas.coop_a)

    response = patch(token_client(personas.alice), personas.coop_a.pk, body)

    if response.status_code == 200:
        assert isinstance(body, dict)
        assert response.json()["id"] == personas.coop_a.pk
    else:
        # 422 for a body of the wrong form; 409 for a mission the stored profile leaves
        # without its language.
        assert response.status_code in (409, 422), response.content
        assert response.json()["error"]["code"] in ("validation_error", "mission_language_required")
        assert state(personas.coop_a) == before
