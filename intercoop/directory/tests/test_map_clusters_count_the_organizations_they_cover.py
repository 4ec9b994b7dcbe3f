"""The map groups close places into clusters on a pixel grid: each cluster's count is the number
of places it stands for, each place is in exactly one cluster, and a cluster's link zooms in to a
window (and a searched area) that still holds every one of them. Zooming in never empties a map
that shows places. Pure Python: mapview imports no Django."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from intercoop.directory import mapview

places = st.lists(
    st.tuples(
        st.floats(min_value=-80.0, max_value=80.0),
        st.floats(min_value=-179.0, max_value=179.0),
    ),
    min_size=1,
    max_size=200,
)
# Places packed in a small area, so that they cluster at the zoom that shows them.
centres = st.tuples(
    st.floats(min_value=-60.0, max_value=60.0), st.floats(min_value=-170.0, max_value=170.0)
)
spreads = st.floats(min_value=1e-5, max_value=5.0)


@st.composite
def packed(draw: st.DrawFn) -> list[tuple[float, float]]:
    lat, lon = draw(centres)
    spread = draw(spreads)
    offsets = st.tuples(
        st.floats(min_value=-spread, max_value=spread),
        st.floats(min_value=-spread, max_value=spread),
    )
    return [(lat + dlat, lon + dlon) for dlat, dlon in draw(st.lists(offsets, max_size=150))]


def inside(box: mapview.Box, lat: float, lon: float) -> bool:
    min_lon, min_lat, max_lon, max_lat = box
    return min_lon <= lon <= max_lon and min_lat <= lat <= max_lat


@given(places, st.integers(min_value=0, max_value=mapview.MAX_ZOOM))
def test_each_place_is_counted_in_exactly_one_cluster(
    points: list[tuple[float, float]], zoom: int
) -> None:
    clusters = mapview.cluster(points, zoom)

    members = [i for c in clusters for i in c.members]
    assert sorted(members) == list(range(len(points)))
    for c in clusters:
        assert c.count == len(c.members)
        for i in c.members:
            assert inside(c.box, *points[i])
    # No two clusters claim a square of the grid, and no two circles overlap.
    cells = [cell for c in clusters for cell in c.cells]
    assert len(cells) == len(set(cells))
    for i, a in enumerate(clusters):
        for b in clusters[i + 1 :]:
            reach = mapview.cluster_radius(a.count) + mapview.cluster_radius(b.count)
            assert (a.x - b.x) ** 2 + (a.y - b.y) ** 2 >= reach**2 - 1e-6


@settings(max_examples=60, deadline=None)
@given(packed())
def test_a_cluster_link_zooms_in_on_all_its_places(points: list[tuple[float, float]]) -> None:
    # Given the map fitted to the places, as the search page draws it.
    viewport = mapview.choose_viewport(places=points)
    drawing = mapview.draw(viewport, points=points)
    assert sum(c.count for c in drawing.clusters) == drawing.points_shown == len(points)

    for placed in drawing.clusters:
        if placed.count == 1:
            continue
        # When the link is followed: its box is written into the address, read back, searched
        # and fitted.
        text = mapview.format_box(placed.box)
        box = tuple(float(v) for v in text.split(","))
        assert len(box) == 4
        window = mapview.fit(box)
        # Then it is closer, and every place of the cluster is searched and shown.
        assert window.zoom > viewport.zoom
        group = next(
            c
            for c in mapview.cluster(points, viewport.zoom)
            if points[c.members[0]] == points[placed.first] and c.count == placed.count
        )
        for i in group.members:
            lat, lon = points[i]
            assert inside(box, lat, lon)
            assert window.shows(*window.to_screen(lat, lon))


@settings(max_examples=60, deadline=None)
@given(places)
def test_zooming_in_keeps_places_in_the_window(points: list[tuple[float, float]]) -> None:
    viewport = mapview.choose_viewport(places=points)
    shown = [p for p in points if viewport.shows(*viewport.to_screen(*p))]

    closer = mapview.zoom_in(viewport, shown)

    assert closer is not None and closer.zoom == viewport.zoom + 1
    if shown:
        assert any(closer.shows(*closer.to_screen(*p)) for p in shown)


def test_results_on_two_continents_zoom_in_on_one_of_them() -> None:
    # The demo's co-ops: Buenos Aires and three in Quebec. The window's centre, in the
    # Atlantic, is far from all of them: a plain zoom in on it showed none.
    demo = [(-34.6037, -58.3816), (49.124, -66.492), (46.8139, -71.208), (45.5019, -73.5674)]
    viewport = mapview.choose_viewport(places=demo)
    plain = viewport.zoomed_in()
    assert plain is not None
    assert not any(plain.shows(*plain.to_screen(*p)) for p in demo)

    closer = mapview.zoom_in(viewport, demo)

    assert closer is not None
    held = [p for p in demo if closer.shows(*closer.to_screen(*p))]
    assert held == demo[1:]  # the three in Quebec
