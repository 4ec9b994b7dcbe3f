"""The server-drawn map: Web Mercator projection, tile numbers and coverage, and the
zoom/pan boxes it writes into its links. Pure Python (mapview imports no Django). Clusters have
their own test: test_map_clusters_count_the_organizations_they_cover.py."""

from __future__ import annotations

import math

from hypothesis import given
from hypothesis import strategies as st

from intercoop.directory import mapview


def deg2num(lat_deg: float, lon_deg: float, zoom: int) -> tuple[float, float]:
    """The OpenStreetMap wiki's formula (Slippy_map_tilenames), fractional: tile x and y."""
    lat_rad = math.radians(lat_deg)
    n = 2.0**zoom
    xtile = (lon_deg + 180.0) / 360.0 * n
    ytile = (1.0 - math.asinh(math.tan(lat_rad)) / math.pi) / 2.0 * n
    return xtile, ytile


latitudes = st.floats(min_value=-85.0, max_value=85.0)
longitudes = st.floats(min_value=-180.0, max_value=180.0)
zooms = st.integers(min_value=0, max_value=mapview.MAX_ZOOM)


@given(latitudes, longitudes, zooms)
def test_projecting_then_unprojecting_gives_the_place_back(lat: float, lon: float, z: int) -> None:
    x, y = mapview.project(lat, lon, z)
    back_lat, back_lon = mapview.unproject(x, y, z)
    assert math.isclose(back_lat, lat, abs_tol=1e-9)
    assert math.isclose(back_lon, lon, abs_tol=1e-9)


@given(latitudes, longitudes, zooms)
def test_projection_agrees_with_the_wiki_formula(lat: float, lon: float, z: int) -> None:
    x, y = mapview.project(lat, lon, z)
    wiki_x, wiki_y = deg2num(lat, lon, z)
    assert math.isclose(x / mapview.TILE_SIZE, wiki_x, rel_tol=1e-9, abs_tol=1e-9)
    assert math.isclose(y / mapview.TILE_SIZE, wiki_y, rel_tol=1e-9, abs_tol=1e-6)


def test_known_tiles() -> None:
    # Trafalgar Square at zoom 10 and 16, and the corners of the world at zoom 1.
    assert mapview.tile_of(51.508, -0.128, 10) == (511, 340)
    assert mapview.tile_of(51.508, -0.128, 16) == (32744, 21792)
    assert mapview.tile_of(85, -180, 1) == (0, 0)
    assert mapview.tile_of(-85, 179.999, 1) == (1, 1)
    # Past the edge of Web Mercator's square world, the edge tile.
    assert mapview.tile_of(89.9, 180, 3) == (7, 0)


def test_a_window_is_covered_by_the_tiles_the_formula_gives_for_its_edges() -> None:
    # Given a box 22.5 degrees wide around the Greenwich meridian: 512 pixels at zoom 5, too
    # wide for 640 pixels at zoom 6.
    viewport = mapview.fit((-11.25, 50.0, 11.25, 55.0))
    assert viewport.zoom == 5

    # The 640-pixel window reaches 64 pixels (2.8125 degrees) past each side of the box, and
    # 200 pixels above and below the middle of the box (linear in Mercator y).
    half_height = 200 / mapview.TILE_SIZE
    middle_y = (deg2num(50.0, 0, 5)[1] + deg2num(55.0, 0, 5)[1]) / 2
    rows = range(math.floor(middle_y - half_height), math.floor(middle_y + half_height) + 1)
    columns = range(
        math.floor(deg2num(0, -14.0625, 5)[0]), math.floor(deg2num(0, 14.0625, 5)[0]) + 1
    )
    assert list(columns) == [14, 15, 16, 17]

    tiles = viewport.tiles()

    assert {(t.x, t.y) for t in tiles} == {(x, y) for x in columns for y in rows}
    assert all(t.z == 5 for t in tiles)
    # Each tile sits where its pixels belong in the window.
    for t in tiles:
        assert t.left == t.x * 256 - viewport.left
        assert t.top == t.y * 256 - viewport.top
    # A tile URL template is filled in.
    first = tiles[0]
    assert first.url("https://t.example/{z}/{x}/{y}.png") == (
        f"https://t.example/5/{first.x}/{first.y}.png"
    )


def test_no_tile_lies_outside_the_world() -> None:
    world = mapview.fit((-180, -85, 180, 85))
    assert world.zoom == mapview.MIN_ZOOM
    assert {(t.x, t.y) for t in world.tiles()} == {(0, 0), (1, 0), (0, 1), (1, 1)}


def test_fit_chooses_the_closest_zoom_that_shows_the_whole_box() -> None:
    box = (-8.0, 49.9, 1.8, 58.7)  # Great Britain
    viewport = mapview.fit(box)
    min_lon, min_lat, max_lon, max_lat = viewport.box()
    assert min_lon <= box[0] and min_lat <= box[1] and max_lon >= box[2] and max_lat >= box[3]
    closer = mapview.Viewport.centred(0, 0, viewport.zoom + 1)
    west, north = mapview.project(box[3], box[0], closer.zoom)
    east, south = mapview.project(box[1], box[2], closer.zoom)
    assert east - west > closer.width or south - north > closer.height


@given(
    st.floats(min_value=-60.0, max_value=70.0),
    st.floats(min_value=-170.0, max_value=170.0),
    st.integers(min_value=3, max_value=mapview.MAX_ZOOM - 1),
)
def test_zoom_and_pan_boxes_lead_back_to_the_expected_window(
    lat: float, lon: float, zoom: int
) -> None:
    # Given a window, as the map's links write it into ``bbox`` (rounded to 1e-6 degrees).
    x, y = mapview.project(lat, lon, zoom)
    here = mapview.Viewport.centred(x, y, zoom)

    def followed(to: mapview.Viewport | None) -> mapview.Viewport:
        assert to is not None
        text = mapview.format_box(to.box())
        box = tuple(float(v) for v in text.split(","))
        return mapview.fit(box)  # type: ignore[arg-type]

    # Then each link shows the window it promised, to within a pixel (a pan stops at the edge
    # of the world).
    pans = [p for p in (here.panned(0.5, 0), here.panned(0, -0.5)) if p is not None]
    for to in [here.zoomed_in(), here.zoomed_out(), *pans]:
        assert to is not None
        reached = followed(to)
        assert reached.zoom == to.zoom
        assert abs(reached.left - to.left) < 1.5
        assert abs(reached.top - to.top) < 1.5


def test_the_edges_of_zoom_end_the_links() -> None:
    assert mapview.fit((-180, -85, 180, 85)).zoomed_out() is None
    deepest = mapview.Viewport.centred(1000, 1000, mapview.MAX_ZOOM)
    assert deepest.zoomed_in() is None
    # At the top of the world there is nowhere further north to go.
    top = mapview.Viewport(4, 1000, 0)
    assert top.panned(0, -0.5) is None
    assert top.panned(0, 0.5) is not None


def test_points_close_together_become_one_cluster_and_distant_ones_do_not() -> None:
    leeds = [(53.80 + i * 0.001, -1.55) for i in range(5)]
    cardiff = [(51.48, -3.18)]
    viewport = mapview.fit(mapview.bounds(leeds + cardiff) or (0, 0, 0, 0))

    drawing = mapview.draw(viewport, points=leeds + cardiff)

    assert sorted(c.count for c in drawing.clusters) == [1, 5]
    assert drawing.points_shown == 6


def test_a_drawing_places_pins_clusters_and_the_search_circle() -> None:
    pin = mapview.Pin(53.8, -1.55, "/en/orgs/leeds/", "Leeds Bakery", 1)
    near = mapview.Circle(53.8, -1.55, 10.0)
    viewport = mapview.choose_viewport(near=near)

    drawing = mapview.draw(viewport, points=[(53.8, -1.55)], pins=[pin], near=near)

    assert [p.pin for p in drawing.pins] == [pin]
    placed = drawing.pins[0]
    assert abs(placed.x - viewport.width / 2) < 1 and abs(placed.y - viewport.height / 2) < 1
    assert drawing.circle is not None
    # 10 km in pixels at this zoom and latitude.
    expected_r = 10_000 / mapview.metres_per_pixel(53.8, viewport.zoom)
    assert math.isclose(drawing.circle.r, expected_r, abs_tol=0.1)
    # The whole circle is in the window.
    assert drawing.circle.r * 2 <= viewport.height
    assert drawing.tile_urls == []  # no tile server given
    assert drawing.graticule.startswith("M")
