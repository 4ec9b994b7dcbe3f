"""The search key (organizations.places): the place key of an organization's resolution-7 H3
cell above its id. The organizations of one H3 cell, at any resolution up to 7, have
consecutive place keys, so an area is a few ranges of keys; the id is always recoverable from
the key; and a key never collides with another organization's."""

from __future__ import annotations

import h3
import pytest
from hypothesis import given
from hypothesis import strategies as st

from intercoop.organizations import places

latitudes = st.floats(-85, 85, allow_nan=False)
longitudes = st.floats(-180, 180, allow_nan=False, exclude_max=True)
ids = st.integers(1, places.ID_MASK)


def key_range(cell: str) -> tuple[int, int]:
    """The first and last place keys of the resolution-7 descendants of ``cell``."""
    children = h3.cell_to_children(cell, places.PLACE_KEY_RESOLUTION)
    keys = [places.place_key(*h3.cell_to_latlng(c)) for c in children]
    return min(k for k in keys if k is not None), max(k for k in keys if k is not None)


@given(latitudes, longitudes)
def test_a_point_has_the_key_of_its_resolution_7_cell(lat: float, lon: float) -> None:
    key = places.place_key(lat, lon)
    assert key is not None and 0 <= key < places.NO_PLACE_KEY
    cell = h3.latlng_to_cell(lat, lon, places.PLACE_KEY_RESOLUTION)
    assert places.place_key(*h3.cell_to_latlng(cell)) == key


@given(latitudes, longitudes, st.integers(4, 6))
def test_the_cells_of_a_parent_have_consecutive_keys(lat: float, lon: float, res: int) -> None:
    parent = h3.latlng_to_cell(lat, lon, res)
    low, high = key_range(parent)
    # The parent's descendants take one range of keys, as wide as their digits allow (H3
    # leaves the digit 7 unused, so a range holds 7 cells in 8 keys at each resolution)...
    assert high - low + 1 <= 8 ** (places.PLACE_KEY_RESOLUTION - res)
    # ...and the descendants of no neighbouring cell have a key inside it.
    for other in set(h3.grid_disk(parent, 1)) - {parent}:
        other_low, other_high = key_range(other)
        assert other_high < low or other_low > high


@given(st.one_of(st.none(), st.integers(0, places.NO_PLACE_KEY - 1)), ids)
def test_the_id_is_the_low_bits_of_the_search_key(key: int | None, org_id: int) -> None:
    search_key = places.search_key(key, org_id)
    assert 0 < search_key < 1 << 63  # SQLite's rowid
    assert search_key & places.ID_MASK == org_id
    assert search_key >> places.ID_BITS == (places.NO_PLACE_KEY if key is None else key)


def test_an_organization_without_a_place_sorts_after_every_place() -> None:
    assert places.place_key(None, 2.35) is None
    assert places.search_key(None, 1) > places.search_key(places.place_key(85, 179.9), 1 << 34)


@pytest.mark.parametrize("org_id", [0, -1, 1 << places.ID_BITS])
def test_an_id_outside_the_key_is_refused(org_id: int) -> None:
    with pytest.raises(ValueError, match="does not fit"):
        places.search_key(1, org_id)
