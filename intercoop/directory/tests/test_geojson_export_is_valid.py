"""The GeoJSON export is a valid RFC 7946 FeatureCollection of the geocoded organizations,
with points in [longitude, latitude] order and the data's licence and attribution."""

from __future__ import annotations

import json
from typing import Any

import jsonschema
import pytest
from django.test import Client

from intercoop.directory.tests.open_data import (
    BASE_URL,
    Directory,
    make_directory,
    streamed,
)
from intercoop.organizations.models import Organization

pytestmark = pytest.mark.django_db

ODC_BY = "https://opendatacommons.org/licenses/by/1-0/"
CC0 = "https://creativecommons.org/publicdomain/zero/1.0/"
ATTRIBUTION = "Contains data from Co-operatives UK, ODC-By 1.0"

# The parts of the GeoJSON schema (geojson.org/schema/FeatureCollection.json) a collection of
# points uses, with RFC 7946's ranges for longitude and latitude.
POINT = {
    "type": "object",
    "required": ["type", "coordinates"],
    "properties": {
        "type": {"const": "Point"},
        "coordinates": {
            "type": "array",
            "prefixItems": [
                {"type": "number", "minimum": -180, "maximum": 180},
                {"type": "number", "minimum": -90, "maximum": 90},
            ],
            "minItems": 2,
            "maxItems": 3,
        },
    },
}
FEATURE_COLLECTION = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "required": ["type", "features"],
    "properties": {
        "type": {"const": "FeatureCollection"},
        "features": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["type", "geometry", "properties"],
                "properties": {
                    "type": {"const": "Feature"},
                    "id": {"type": ["number", "string"]},
                    "geometry": {"oneOf": [{"type": "null"}, POINT]},
                    "properties": {"oneOf": [{"type": "null"}, {"type": "object"}]},
                },
            },
        },
        "bbox": {"type": "array", "minItems": 4, "items": {"type": "number"}},
    },
}


@pytest.fixture
def directory() -> Directory:
    d = make_directory()
    # somewhere longitude and latitude cannot be mistaken for each other
    Organization.objects.create(name="Far east", slug="far-east", latitude=-33.9, longitude=151.2)
    return d


def _export(client: Client) -> tuple[Any, dict[str, Any]]:
    response = client.get("/api/v1/exports/organizations.geojson")
    assert response.status_code == 200
    return response, json.loads(streamed(response))


def test_the_export_validates_against_the_geojson_schema(
    client: Client, directory: Directory
) -> None:
    response, collection = _export(client)

    assert response["Content-Type"] == "application/geo+json"
    jsonschema.validate(collection, FEATURE_COLLECTION)


def test_only_geocoded_organizations_appear_in_lon_lat_order(
    client: Client, directory: Directory
) -> None:
    _, collection = _export(client)

    points = {f["properties"]["name"]: f["geometry"]["coordinates"] for f in collection["features"]}
    assert points == {directory.full.name: [-1.55, 53.8], "Far east": [151.2, -33.9]}


def test_features_carry_their_properties_licence_and_attribution(
    client: Client, directory: Directory
) -> None:
    _, collection = _export(client)

    by_name = {f["properties"]["name"]: f for f in collection["features"]}
    full = by_name[directory.full.name]
    assert full["id"] == directory.full.pk
    assert full["properties"] == {
        "id": directory.full.pk,
        "name": directory.full.name,
        "url": f"{BASE_URL}/orgs/leeds-bread/",
        "kind": "coop",
        "activity": "ICA140",
        "locality": "Leeds",
        "region": "West Yorkshire",
        "country": "GB",
        "licence": ODC_BY,
        "attribution": ATTRIBUTION,
    }
    entered_here = by_name["Far east"]["properties"]
    assert entered_here["licence"] == CC0  # entered on Intercoop
    assert entered_here["attribution"] is None


def test_the_collection_states_every_licence_and_attribution(
    client: Client, directory: Directory
) -> None:
    response, collection = _export(client)

    assert collection["license"] == [CC0, ODC_BY]  # imported, and entered on Intercoop
    assert collection["attribution"] == [ATTRIBUTION]
    assert f'<{ODC_BY}>; rel="license"' in response["Link"]
    assert f'<{CC0}>; rel="license"' in response["Link"]
    assert response["X-Attribution"] == ATTRIBUTION


def test_an_empty_directory_gives_an_empty_collection(client: Client) -> None:
    _, collection = _export(client)

    assert collection == {
        "type": "FeatureCollection",
        "license": [],
        "attribution": [],
        "features": [],
    }
