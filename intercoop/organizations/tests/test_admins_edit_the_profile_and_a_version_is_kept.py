"""An organization's administrators edit its profile through the page; each change is kept as a
version naming who made it, and bad values are refused with a clear message."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from intercoop.conftest import Personas
from intercoop.core.errors import ServiceError
from intercoop.organizations import services
from intercoop.organizations.models import Organization


def form_data(org: Organization, **changes: str) -> dict[str, Any]:
    data = {name: getattr(org, name) for name in services.EDITABLE_FIELDS}
    data = {name: "" if value is None else value for name, value in data.items()}
    data.update(changes)
    return data


def test_alice_edits_the_profile_and_the_version_names_her(personas: Personas) -> None:
    # given
    org = personas.coop_a
    client = personas.client_for("alice")
    edit = reverse("organizations:edit", args=[org.slug])

    # when
    response = client.post(
        edit,
        form_data(
            org,
            description="We bake bread.",
            description_language="en",
            activity="ICA140",
            latitude="51.5",
            longitude="-0.12",
        ),
    )

    # then
    assert response.status_code == 302
    org.refresh_from_db()
    assert (org.description, org.activity, org.latitude, org.longitude) == (
        "We bake bread.",
        "ICA140",
        51.5,
        -0.12,
    )
    latest = org.history.latest()
    assert latest.history_user == personas.alice
    changed = set(latest.diff_against(latest.prev_record).changed_fields)
    assert changed == {
        "description",
        "description_language",
        "activity",
        "latitude",
        "longitude",
    }

    history = client.get(reverse("organizations:history", args=[org.slug])).content.decode()
    assert "Alice" in history
    assert "economic activity" in history


def test_the_edit_form_labels_codes_in_the_reader_s_language(personas: Personas) -> None:
    client = personas.client_for("alice")

    page = client.get(f"/fr/orgs/{personas.coop_a.slug}/edit/").content.decode()

    assert '<option value="ICA140"' in page
    assert 'for="id_activity"' in page


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"activity": "ICA999"}, "Select a valid choice"),
        ({"latitude": "51.5", "longitude": ""}, "Give both the latitude and the longitude"),
        ({"latitude": "95", "longitude": "0"}, "Must be between -90 and 90"),
    ],
)
def test_a_bad_value_is_refused_clearly_and_nothing_changes(
    personas: Personas, changes: dict[str, str], message: str
) -> None:
    # given
    org = personas.coop_a
    before = Organization.objects.filter(pk=org.pk).values().get()
    versions = org.history.count()

    # when
    response = personas.client_for("alice").post(
        reverse("organizations:edit", args=[org.slug]), form_data(org, name="Changed", **changes)
    )

    # then
    assert response.status_code == 400
    assert message in response.content.decode()
    assert Organization.objects.filter(pk=org.pk).values().get() == before
    assert org.history.count() == versions


@pytest.mark.parametrize(
    ("fields", "code"),
    [
        ({"structure": "OS-nope"}, "unknown_term"),
        ({"latitude": 51.5}, "coordinates_pair"),
        ({"latitude": 10.0, "longitude": 200.0}, "coordinates_range"),
        ({"source": "hand-made"}, "field_not_editable"),
        ({"source_licence": "CC0"}, "field_not_editable"),
        ({"name": "  "}, "name_required"),
    ],
)
def test_the_service_refuses_what_no_editor_may_write(
    personas: Personas, fields: dict[str, Any], code: str
) -> None:
    before = Organization.objects.filter(pk=personas.coop_a.pk).values().get()

    with pytest.raises(ServiceError) as refused:
        services.organization_update(organization=personas.coop_a, by=personas.alice, **fields)

    assert refused.value.code == code
    assert Organization.objects.filter(pk=personas.coop_a.pk).values().get() == before


@pytest.mark.parametrize("who", ["bob", "charlie"])
def test_people_who_are_not_its_admins_cannot_edit_through_the_service(
    personas: Personas, who: str
) -> None:
    with pytest.raises(PermissionDenied):
        services.organization_update(
            organization=personas.coop_a, by=getattr(personas, who), name="Taken over"
        )

    personas.coop_a.refresh_from_db()
    assert personas.coop_a.name == "Co-op A"


def test_saving_without_a_change_keeps_no_version(personas: Personas) -> None:
    versions = personas.coop_a.history.count()

    services.organization_update(organization=personas.coop_a, by=personas.alice, name="Co-op A")

    assert personas.coop_a.history.count() == versions
