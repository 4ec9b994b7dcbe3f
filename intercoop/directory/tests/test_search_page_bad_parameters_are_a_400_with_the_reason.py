"""A search parameter that cannot be used is explained next to the form, with status 400 and
the form still filled in: never a server error."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("query", "field", "reason"),
    [
        (
            {"near": "leeds"},
            "Near (a town, or latitude,longitude)",
            "No organization of the directory is in a place called leeds.",
        ),
        (
            {"near": "1,2,3"},
            "Near (a town, or latitude,longitude)",
            "Give a town, or latitude,longitude such as 51.48,-3.18.",
        ),
        (
            {"near": "95,0"},
            "Near (a town, or latitude,longitude)",
            "Latitude must be between -90 and 90",
        ),
        ({"near": "53.8,-1.55", "radius_km": "5000"}, "Within (km)", "The radius must be"),
        ({"radius_km": "5"}, "Within (km)", "A radius needs a place to measure from (near)."),
        ({"bbox": "10,10,0,0"}, "Map area", "The minimum must come before the maximum."),
        ({"bbox": "1,2,3"}, "Map area", "Give it as min_lon,min_lat,max_lon,max_lat."),
        ({"sort": "distance"}, "Sort by", "Sorting by distance needs a place (near)."),
        ({"sort": "price"}, "Sort by", "One of relevance, distance, name."),
        ({"page": "0"}, "Page", "A page number from 1 to"),
        ({"q": "x" * 201}, "Words", "At most 200 characters."),
        ({"activity": [f"ICA{i}" for i in range(21)]}, "Economic activity", "At most 20 values."),
    ],
)
def test_a_bad_parameter_is_explained_with_400(
    client: Client, query: dict[str, Any], field: str, reason: str
) -> None:
    response = client.get("/en/directory/", {"q": "bakery", **query})

    html = response.content.decode()
    assert response.status_code == 400
    assert '<p class="search-error" id="search-error" role="alert">' in html
    assert f"This search cannot be run. {field}:" in html
    assert reason in html
    # The form is still there, with what was typed.
    assert '<form method="get" action="/en/directory/"' in html
    assert 'name="q" value="' + query.get("q", "bakery") + '"' in html
    assert "organizations found" not in html


def test_the_field_at_fault_is_marked_invalid(client: Client) -> None:
    html = client.get("/en/directory/", {"near": "leeds"}).content.decode()

    assert (
        '<input type="text" id="f-near" name="near" value="leeds" size="18" '
        'aria-describedby="f-near-help search-error" aria-invalid="true">'
    ) in html


def test_filters_are_kept_while_a_bad_parameter_is_fixed(client: Client) -> None:
    html = client.get("/en/directory/?near=x&activity=ICA20&country=GB").content.decode()

    assert '<input type="hidden" name="activity" value="ICA20">' in html
    assert '<input type="hidden" name="country" value="GB">' in html
