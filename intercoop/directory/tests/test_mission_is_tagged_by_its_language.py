"""An organization's mission says what it is for, and in which language: its administrators set
both on the edit page or through the API (a mission without its language is refused), each
change is kept as a version, the page marks a mission in another language than its own, and the
open data (CSV, Murmurations, JSON-LD) publishes it."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from intercoop.accounts.services import api_token_create
from intercoop.conftest import Personas
from intercoop.directory import murmurations
from intercoop.directory.tests.open_data import streamed
from intercoop.organizations import services
from intercoop.organizations.models import Organization

MISSION = "Du bon pain pour tout le quartier."


def state(org: Organization) -> object:
    return Organization.objects.filter(pk=org.pk).values().get()


def form_data(org: Organization, **changes: str) -> dict[str, Any]:
    data = {name: getattr(org, name) for name in services.EDITABLE_FIELDS}
    data = {name: "" if value is None else value for name, value in data.items()}
    data.update(changes)
    return data


def patch(user: Any, org: Organization, body: dict[str, Any]) -> Any:
    secret = api_token_create(user=user, name="tests").secret
    return Client(headers={"Authorization": f"Bearer {secret}"}).patch(
        f"/api/v1/organizations/{org.pk}", json.dumps(body), content_type="application/json"
    )


@pytest.fixture
def with_mission(personas: Personas) -> Organization:
    services.organization_update(
        organization=personas.coop_a, by=personas.alice, mission=MISSION, mission_language="fr"
    )
    personas.coop_a.refresh_from_db()
    return personas.coop_a


# --- the edit page ---------------------------------------------------------------------------


def test_alice_sets_the_mission_and_its_language_and_the_version_names_her(
    personas: Personas,
) -> None:
    # given
    org = personas.coop_a
    edit = reverse("organizations:edit", args=[org.slug])

    # when
    response = personas.client_for("alice").post(
        edit, form_data(org, mission=MISSION, mission_language="fr")
    )

    # then
    assert response.status_code == 302
    org.refresh_from_db()
    assert (org.mission, org.mission_language) == (MISSION, "fr")
    latest = org.history.latest()
    assert latest.history_user == personas.alice
    assert set(latest.diff_against(latest.prev_record).changed_fields) == {
        "mission",
        "mission_language",
    }


def test_the_edit_page_refuses_a_mission_without_its_language(personas: Personas) -> None:
    org = personas.coop_a
    before, versions = state(org), org.history.count()

    response = personas.client_for("alice").post(
        reverse("organizations:edit", args=[org.slug]), form_data(org, mission=MISSION)
    )

    assert response.status_code == 400
    assert "Say which language the mission is in." in response.content.decode()
    assert state(org) == before
    assert org.history.count() == versions


def test_the_create_page_refuses_a_mission_without_its_language(personas: Personas) -> None:
    client = personas.client_for("alice")
    data = {"name": "New Co-op", "kind": "coop", "mission": MISSION}

    response = client.post(reverse("organizations:create"), data)

    assert "Say which language the mission is in." in response.content.decode()
    assert not Organization.objects.filter(name="New Co-op").exists()

    client.post(reverse("organizations:create"), {**data, "mission_language": "fr"})
    created = Organization.objects.get(name="New Co-op")
    assert (created.mission, created.mission_language) == (MISSION, "fr")


# --- the API ---------------------------------------------------------------------------------


def test_a_patch_changes_the_mission_and_the_version_records_it(personas: Personas) -> None:
    org = personas.coop_a

    response = patch(personas.alice, org, {"mission": MISSION, "mission_language": "fr"})

    assert response.status_code == 200, response.content
    assert (response.json()["mission"], response.json()["mission_language"]) == (MISSION, "fr")
    org.refresh_from_db()
    assert (org.mission, org.mission_language) == (MISSION, "fr")
    latest = org.history.latest()
    assert (latest.history_user, latest.mission, latest.mission_language) == (
        personas.alice,
        MISSION,
        "fr",
    )
    assert set(latest.diff_against(latest.prev_record).changed_fields) == {
        "mission",
        "mission_language",
    }


def test_a_patch_of_the_mission_alone_keeps_its_language(
    personas: Personas, with_mission: Organization
) -> None:
    response = patch(personas.alice, with_mission, {"mission": "Du pain pour tous."})

    assert response.status_code == 200, response.content
    with_mission.refresh_from_db()
    assert (with_mission.mission, with_mission.mission_language) == ("Du pain pour tous.", "fr")


def test_a_patch_of_a_mission_with_an_empty_language_is_a_422(personas: Personas) -> None:
    before, versions = state(personas.coop_a), personas.coop_a.history.count()

    response = patch(personas.alice, personas.coop_a, {"mission": MISSION, "mission_language": ""})

    assert response.status_code == 422, response.content
    error = response.json()["error"]
    assert error["code"] == "validation_error"
    assert ["body", "payload", "mission_language"] in [d["loc"] for d in error["details"]]
    assert state(personas.coop_a) == before
    assert personas.coop_a.history.count() == versions


def test_a_patch_of_a_mission_alone_where_no_language_is_stored_is_a_409(
    personas: Personas,
) -> None:
    # The request is well formed; what it lacks is in the stored profile, so it conflicts.
    before, versions = state(personas.coop_a), personas.coop_a.history.count()

    response = patch(personas.alice, personas.coop_a, {"mission": MISSION})

    assert response.status_code == 409, response.content
    assert response.json()["error"]["code"] == "mission_language_required"
    assert state(personas.coop_a) == before
    assert personas.coop_a.history.count() == versions


def test_clearing_the_language_of_a_mission_is_refused(
    personas: Personas, with_mission: Organization
) -> None:
    response = patch(personas.alice, with_mission, {"mission_language": ""})

    assert response.status_code == 409, response.content
    assert response.json()["error"]["code"] == "mission_language_required"
    with_mission.refresh_from_db()
    assert with_mission.mission_language == "fr"


def test_an_organization_is_created_with_its_mission_through_the_api(personas: Personas) -> None:
    secret = api_token_create(user=personas.alice, name="tests").secret
    client = Client(headers={"Authorization": f"Bearer {secret}"})
    body = {"name": "New Co-op", "mission": MISSION}

    refused = client.post("/api/v1/organizations", body, content_type="application/json")
    created = client.post(
        "/api/v1/organizations", {**body, "mission_language": "fr"}, content_type="application/json"
    )

    assert refused.status_code == 422
    error = refused.json()["error"]
    assert error["code"] == "validation_error"
    assert ["body", "payload", "mission_language"] in [d["loc"] for d in error["details"]]
    assert created.status_code == 201, created.content
    assert (created.json()["mission"], created.json()["mission_language"]) == (MISSION, "fr")


# --- the page --------------------------------------------------------------------------------


def test_the_page_marks_a_mission_in_another_language(with_mission: Organization) -> None:
    english = Client().get("/en/orgs/coop-a/").content.decode()
    french = Client().get("/fr/orgs/coop-a/").content.decode()

    assert f'<span lang="fr">{MISSION}</span>' in english
    assert f"<span>{MISSION}</span>" in french


def test_a_page_without_a_mission_says_nothing_of_it(personas: Personas) -> None:
    html = Client().get("/en/orgs/coop-a/").content.decode()

    assert "Mission:" not in html


# --- open data -------------------------------------------------------------------------------


def test_the_csv_export_carries_the_mission_and_its_language(with_mission: Organization) -> None:
    response = Client().get("/api/v1/exports/organizations.csv")

    reader = csv.DictReader(io.StringIO(streamed(response).decode(), newline=""))
    header = list(reader.fieldnames or [])
    row = next(r for r in reader if r["id"] == str(with_mission.pk))
    assert (row["mission"], row["mission_language"]) == (MISSION, "fr")
    described = header.index("description_language")
    assert header[described + 1 : described + 3] == ["mission", "mission_language"]


def test_the_murmurations_profile_carries_the_mission(with_mission: Organization) -> None:
    response = Client().get("/murmurations/organizations/coop-a.json")

    profile = response.json()
    assert profile["mission"] == MISSION
    assert murmurations.validate(profile) == []
    assert murmurations.profile_to_fields(profile)["mission"] == MISSION


def test_the_jsonld_carries_the_mission_with_its_language(with_mission: Organization) -> None:
    html = Client().get("/en/orgs/coop-a/").content.decode()

    expected = {"@value": MISSION, "@language": "fr"}
    assert f'"essglobal:mission":{json.dumps(expected, separators=(",", ":"))}' in html
