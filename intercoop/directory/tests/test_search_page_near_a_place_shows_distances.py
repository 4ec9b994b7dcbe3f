"""Searching near a place keeps the results inside the radius, can sort them by distance, shows
each one's distance, and draws the circle searched on the map."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from intercoop.testing.factories import OrganizationFactory

pytestmark = pytest.mark.django_db


def test_results_near_a_place_are_sorted_by_distance(client: Client) -> None:
    # Given co-ops in Leeds city centre, in Bradford (13.7 km away) and in Cardiff.
    OrganizationFactory.create(name="Bradford Weavers", latitude=53.795, longitude=-1.759)
    OrganizationFactory.create(name="Leeds Bakery", latitude=53.7997, longitude=-1.5492)
    OrganizationFactory.create(name="Cardiff Books", latitude=51.48, longitude=-3.18)

    response = client.get(
        "/en/directory/", {"near": "53.8,-1.55", "radius_km": "30", "sort": "distance"}
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert re.findall(r"<h3><a [^>]*>([^<]+)</a></h3>", html) == [
        "Leeds Bakery",
        "Bradford Weavers",
    ]
    distances = re.findall(r"([\d.]+) km away", html)
    assert [float(d) for d in distances] == [0.0, 13.7]
    assert '<circle class="map-near"' in html
    assert '<option value="distance" selected>' in html


def test_distances_follow_the_language(client: Client) -> None:
    OrganizationFactory.create(name="Bradford Weavers", latitude=53.795, longitude=-1.759)

    html = client.get("/fr/directory/", {"near": "53.8,-1.55", "radius_km": "30"}).content.decode()

    assert "13,7" in html
