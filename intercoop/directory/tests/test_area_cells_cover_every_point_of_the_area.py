"""The H3 cells that stand for an area in the full-text index contain every point of it, so
intersecting words with cells never loses an organization that lies in the area."""

from __future__ import annotations

import h3
from hypothesis import given, settings
from hypothesis import strategies as st

from intercoop.organizations import places

boxes = st.tuples(
    st.floats(-179.0, 178.0), st.floats(-80.0, 79.0), st.floats(0.001, 1.5), st.floats(0.001, 1.0)
)


@settings(max_examples=60, deadline=None)
@given(boxes, st.lists(st.tuples(st.floats(0, 1), st.floats(0, 1)), min_size=1, max_size=20))
def test_every_point_of_the_box_has_a_cell_token_in_the_cover(
    box: tuple[float, float, float, float], fractions: list[tuple[float, float]]
) -> None:
    min_lon, min_lat, width, height = box
    max_lon, max_lat = min_lon + width, min_lat + height
    cover = places.cover(min_lon, min_lat, max_lon, max_lat)
    if cover is None:
        return
    assert 0 < len(cover) <= places.MAX_COVER_CELLS
    for fx, fy in [(0, 0), (1, 1), (0, 1), (1, 0), *fractions]:
        lat, lon = min_lat + fy * height, min_lon + fx * width
        tokens = set(places.cell_tokens(lat, lon).split())
        assert tokens & set(cover), (lat, lon)


def test_a_city_is_covered_by_a_few_cells_and_a_continent_by_none() -> None:
    city = places.cover(-0.3, 51.4, 0.1, 51.6)
    assert city is not None and len(city) <= places.MAX_COVER_CELLS
    assert places.cover(-10.0, 35.0, 30.0, 60.0) is None


def test_the_stored_cell_is_the_point_s_cell() -> None:
    cell = places.cell(51.48, -3.18)
    assert h3.get_resolution(cell) == places.H3_RESOLUTION
    assert h3.latlng_to_cell(51.48, -3.18, places.H3_RESOLUTION) == cell
    assert places.cell(None, None) == "" and places.cell_tokens(None, 1.0) == ""
