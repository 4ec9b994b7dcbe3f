"""Whatever the query string, the search page and the widget answer 200 or 400: a bad
parameter is explained, and no value (extreme places, boxes at the poles) breaks the map."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from intercoop.testing.factories import OrganizationFactory

coordinate = st.one_of(
    st.floats(min_value=-200, max_value=200, allow_nan=False).map(lambda v: f"{v:.6g}"),
    st.sampled_from(["90", "-90", "180", "-180", "0", "nan", "inf", "1e308", "", "x"]),
)
values = {
    "q": st.text(max_size=30),
    "near": st.builds(lambda a, b: f"{a},{b}", coordinate, coordinate),
    "radius_km": coordinate,
    "bbox": st.lists(coordinate, min_size=3, max_size=5).map(",".join),
    "sort": st.sampled_from(["relevance", "distance", "name", "", "x"]),
    "page": st.sampled_from(["1", "2", "0", "-1", "1000", "1001", "x", ""]),
    "activity": st.sampled_from(["ICA20", "nope", ""]),
    "country": st.sampled_from(["GB", "gb", "ZZ", "A/B", ""]),
    "region": st.sampled_from(["Yorkshire", "North/East", "?", ""]),
}
queries = st.fixed_dictionaries({}, optional=values)


@pytest.fixture
def directory(db: None) -> None:
    OrganizationFactory.create(name="North", slug="north", latitude=85.0, longitude=179.9)
    OrganizationFactory.create(name="South", slug="south", latitude=-85.0, longitude=-179.9)
    OrganizationFactory.create(
        name="Leeds", slug="leeds", latitude=53.8, longitude=-1.55, country="GB", region="Yorkshire"
    )


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(query=queries)
def test_any_parameters_give_a_page_or_an_explanation(directory: None, query: Any) -> None:
    client = Client(raise_request_exception=True)
    for url in ("/en/directory/", "/en/embed/leeds/"):
        response = client.get(url, query)
        assert response.status_code in (200, 400), (url, query, response.status_code)


@pytest.mark.parametrize(
    "query",
    [
        {"near": "90,0", "radius_km": "1000"},
        {"near": "-90,180", "radius_km": "0.01"},
        {"bbox": "-180,-90,180,90"},
        {"bbox": "0,0,0,0"},
        {"bbox": "179.99999,85,180,90"},
    ],
)
def test_extreme_places_draw_a_map(directory: None, client: Client, query: dict[str, str]) -> None:
    response = client.get("/en/directory/", query)

    assert response.status_code == 200
    assert '<svg class="map-svg"' in response.content.decode()
