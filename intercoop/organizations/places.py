"""H3 cells of a place, and the cells that cover an area. Pure Python (h3 only), no Django.

Each located organization stores its H3 cell at ``H3_RESOLUTION`` (the map groups
organizations by its parents) and, in ``geo_cells``, one search token per resolution of
``TOKEN_RESOLUTIONS``. The full-text index holds those tokens beside the words, so "these words
in this area" is one index lookup: the words AND any of the tokens of the cells covering the
area (see ``cover``), then an exact check of the coordinates.
"""

from __future__ import annotations

import math

import h3

H3_RESOLUTION = 9
TOKEN_RESOLUTIONS = (3, 4, 5, 6, 7)
CELL_WORD_PREFIX = "geo"
MAX_COVER_CELLS = 48

# The place key of a point: its H3 cell at PLACE_KEY_RESOLUTION without the index's mode and
# resolution bits, i.e. the base cell and the first digits (28 bits). H3 numbers the children
# of a cell consecutively, so the organizations of one area have keys in a few short ranges.
# On SQLite the full-text index and the search's row table are keyed by the search key
# (place key above the id), so that the matches of an area are read together: see
# docs/directory.md, "Spatial search keys".
PLACE_KEY_RESOLUTION = 7
PLACE_KEY_BITS = 7 + 3 * PLACE_KEY_RESOLUTION
ID_BITS = 35  # ids below 2**35 (34 billion); the key then fits SQLite's signed 64-bit rowid
ID_MASK = (1 << ID_BITS) - 1  # a search key's id: key & ID_MASK
NO_PLACE_KEY = (1 << PLACE_KEY_BITS) - 1  # no such cell: organizations without a place last


def cell(latitude: float | None, longitude: float | None) -> str:
    """The H3 cell of a point at ``H3_RESOLUTION``, or "" without a point."""
    if latitude is None or longitude is None:
        return ""
    return str(h3.latlng_to_cell(latitude, longitude, H3_RESOLUTION))


def place_key(latitude: float | None, longitude: float | None) -> int | None:
    """The place key of a point (see PLACE_KEY_RESOLUTION), or None without a point."""
    if latitude is None or longitude is None:
        return None
    index = h3.str_to_int(h3.latlng_to_cell(latitude, longitude, PLACE_KEY_RESOLUTION))
    return (index >> (3 * (15 - PLACE_KEY_RESOLUTION))) & NO_PLACE_KEY


def search_key(key: int | None, org_id: int) -> int:
    """The search key of an organization: its place key above its id."""
    if not 0 < org_id <= ID_MASK:
        raise ValueError(f"organization id {org_id} does not fit a search key")
    return ((NO_PLACE_KEY if key is None else key) << ID_BITS) | org_id


def token(cell_id: str) -> str:
    return f"{CELL_WORD_PREFIX}{cell_id}"


def cell_tokens(latitude: float | None, longitude: float | None) -> str:
    """The search tokens of a point: its cell at each of ``TOKEN_RESOLUTIONS``."""
    if latitude is None or longitude is None:
        return ""
    return " ".join(
        token(str(h3.latlng_to_cell(latitude, longitude, r))) for r in TOKEN_RESOLUTIONS
    )


def cover(
    min_lon: float,
    min_lat: float,
    max_lon: float,
    max_lat: float,
    *,
    max_cells: int = MAX_COVER_CELLS,
) -> list[str] | None:
    """Tokens of cells, at the finest resolution that needs at most ``max_cells``, that
    together contain every point of the box; None when even the coarsest needs more (the
    area is then too large for cells to help) or the box crosses the antimeridian."""
    if max_lon - min_lon >= 180:
        return None
    polygon = h3.LatLngPoly(
        [(min_lat, min_lon), (min_lat, max_lon), (max_lat, max_lon), (max_lat, min_lon)]
    )
    # Start from the finest resolution whose cells could be few enough, judged by area (a
    # box of n cells' area touches at least n of them), rather than computing covers of
    # thousands of cells to throw away.
    area = _area_km2(min_lon, min_lat, max_lon, max_lat)
    for resolution in reversed(TOKEN_RESOLUTIONS):
        # The cells along the edges add about half as many again.
        if 1.5 * area / h3.average_hexagon_area(resolution, unit="km^2") > max_cells:
            continue
        # "overlap": every cell that touches the box, so no point inside it is missed.
        cells = h3.h3shape_to_cells_experimental(polygon, resolution, contain="overlap")
        if 0 < len(cells) <= max_cells:
            return sorted(token(str(c)) for c in cells)
    return None


def _area_km2(min_lon: float, min_lat: float, max_lon: float, max_lat: float) -> float:
    """The area of a latitude/longitude box on a sphere of the Earth's mean radius."""
    radius = 6371.0088
    band = abs(math.sin(math.radians(max_lat)) - math.sin(math.radians(min_lat)))
    return radius * radius * math.radians(max_lon - min_lon) * band
