"""Without a tile server the map draws land, coasts and borders itself, on the server, from
Natural Earth (the npm package world-atlas, TopoJSON): the land is where the places are, the
sea is not land, and the source is credited under the map. Without world-atlas the map still
shows its graticule, with a note."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.test import Client, override_settings

from intercoop.directory import basemap, mapview
from intercoop.testing.factories import OrganizationFactory
from intercoop.testing.requirements import require

LEEDS, CARDIFF = (53.80, -1.55), (51.48, -3.18)
BRISTOL_CHANNEL, LIVERPOOL_BAY = (51.35, -3.6), (53.55, -3.4)


def _atlas() -> Path:
    atlas = settings.MAP_WORLD_ATLAS
    require((atlas / basemap.FILES["50m"]).exists(), f"world-atlas is not installed in {atlas}")
    return atlas


def rings(path: str) -> list[list[tuple[int, int]]]:
    """The polygons of ``M x y l dx dy … z`` path data, in absolute pixels."""
    out = []
    for move, deltas in re.findall(r"M(-?\d+ -?\d+)l([-\d ]*)z", path):
        x, y = (int(v) for v in move.split())
        ring = [(x, y)]
        numbers = [int(v) for v in re.findall(r"-?\d+", deltas)]
        for dx, dy in zip(numbers[::2], numbers[1::2], strict=True):
            x, y = x + dx, y + dy
            ring.append((x, y))
        out.append(ring)
    return out


def on_land(path: str, x: float, y: float) -> bool:
    """Even-odd rule, as the map fills the land (lakes are holes)."""
    crossings = 0
    for ring in rings(path):
        for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True):
            if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
                crossings += 1
    return crossings % 2 == 1


@pytest.mark.django_db
def test_the_search_map_draws_the_land_under_its_places(client: Client) -> None:
    _atlas()
    OrganizationFactory.create(latitude=LEEDS[0], longitude=LEEDS[1])
    OrganizationFactory.create(latitude=CARDIFF[0], longitude=CARDIFF[1])
    viewport = mapview.choose_viewport(places=[LEEDS, CARDIFF])

    html = client.get("/en/directory/").content.decode()

    land = re.search(r'<path class="map-land" d="([^"]+)"/>', html)
    borders = re.search(r'<path class="map-borders" d="([^"]*)"/>', html)
    assert land and borders
    # Whole pixels only: the path is light.
    assert re.fullmatch(r"[Mlz0-9 -]+", land.group(1))
    for place in (LEEDS, CARDIFF):
        assert on_land(land.group(1), *viewport.to_screen(*place)), place
    for sea in (BRISTOL_CHANNEL, LIVERPOOL_BAY):
        x, y = viewport.to_screen(*sea)
        assert viewport.shows(x, y) and not on_land(land.group(1), x, y), sea
    assert (
        '<p class="map-attribution">Land and borders: '
        '<a href="https://www.naturalearthdata.com/">Natural Earth</a> (public domain)</p>'
    ) in html


def test_the_world_shows_every_continent_and_borders_between_countries() -> None:
    atlas = _atlas()
    world = mapview.choose_viewport()

    drawn = basemap.basemap(atlas, world)

    assert drawn is not None
    places = {"Paris": (48.86, 2.35), "Nairobi": (-1.29, 36.82), "Lima": (-12.05, -77.04)}
    places |= {"Beijing": (39.9, 116.4), "Sydney": (-33.87, 151.2), "Chicago": (41.88, -87.63)}
    for name, place in places.items():
        assert on_land(drawn.land, *world.to_screen(*place)), name
    for name, sea in {"Atlantic": (30.0, -40.0), "Pacific": (0.0, -140.0)}.items():
        assert not on_land(drawn.land, *world.to_screen(*sea)), name
    assert drawn.borders.count("M") > 100
    # Nothing stretches across the world: shapes crossing the antimeridian (Russia, Fiji,
    # Antarctica) are cut there, not joined by a line over the whole map.
    for ring in rings(drawn.land):
        xs = [x for x, _y in ring]
        if max(xs) - min(xs) > world.width / 2:
            ys = [y for _x, y in ring]
            assert min(ys) > world.height / 2, "only Antarctica spans the world, in the south"


def test_a_close_view_uses_the_detailed_scale_and_clips_to_the_window() -> None:
    atlas = _atlas()
    london = mapview.fit((-0.6, 51.3, 0.4, 51.7))
    assert london.zoom >= basemap.DETAIL_ZOOM

    drawn = basemap.basemap(atlas, london)

    assert drawn is not None
    # London is land; the window is a corner of Great Britain, clipped to the window.
    assert on_land(drawn.land, *london.to_screen(51.5, -0.12))
    for ring in rings(drawn.land):
        for x, y in ring:
            assert -basemap.CLIP_MARGIN <= x <= london.width + basemap.CLIP_MARGIN
            assert -basemap.CLIP_MARGIN <= y <= london.height + basemap.CLIP_MARGIN


def test_the_atlas_is_decoded_once_per_process() -> None:
    atlas = _atlas()
    assert basemap.load(atlas / basemap.FILES["110m"]) is basemap.load(
        atlas / basemap.FILES["110m"]
    )


@pytest.mark.django_db
def test_without_world_atlas_the_map_has_its_graticule_and_says_why(
    client: Client, tmp_path: Path
) -> None:
    OrganizationFactory.create(latitude=LEEDS[0], longitude=LEEDS[1])

    with override_settings(MAP_WORLD_ATLAS=tmp_path / "not-installed"):
        response = client.get("/en/directory/")

    html = response.content.decode()
    assert response.status_code == 200
    assert '<path class="map-grid" d="M' in html
    assert "map-land" not in html
    assert "Land and borders are not drawn" in html


# --- TopoJSON, on a topology small enough to check by hand -------------------------------

# Two unit squares side by side, sharing the arc x=11; quantized (transform) and delta-encoded.
TOPOLOGY: dict[str, Any] = {
    "type": "Topology",
    "transform": {"scale": [1.0, 1.0], "translate": [10.0, 20.0]},
    "arcs": [
        [[1, 0], [0, 1]],  # the shared edge, (11, 20) → (11, 21)
        [[1, 0], [-1, 0], [0, 1], [1, 0]],  # the west square's other sides, to (11, 21)
        [[1, 1], [1, 0], [0, -1], [-1, 0]],  # the east square's other sides, to (11, 20)
    ],
    "objects": {
        "countries": {
            "type": "GeometryCollection",
            "geometries": [
                {"type": "Polygon", "arcs": [[~0, 1]]},
                {"type": "Polygon", "arcs": [[0, 2]]},
            ],
        },
        "land": {"type": "MultiPolygon", "arcs": [[[1, 2]]]},
    },
}


def test_arcs_are_decoded_from_deltas_through_the_transform() -> None:
    arcs = basemap.decode_arcs(TOPOLOGY)
    assert arcs[0] == [(11.0, 20.0), (11.0, 21.0)]
    assert arcs[1] == [(11.0, 20.0), (10.0, 20.0), (10.0, 21.0), (11.0, 21.0)]
    assert arcs[2] == [(11.0, 21.0), (12.0, 21.0), (12.0, 20.0), (11.0, 20.0)]


def test_rings_follow_their_arcs_and_reversed_arcs() -> None:
    arcs = basemap.decode_arcs(TOPOLOGY)
    # ~0 is arc 0 backwards; each next arc starts where the last ended, that point kept once.
    assert basemap.ring_positions(arcs, [~0, 1]) == [
        (11.0, 21.0),
        (11.0, 20.0),
        (10.0, 20.0),
        (10.0, 21.0),
        (11.0, 21.0),
    ]
    land = basemap.ring_positions(arcs, [1, 2])
    assert land[0] == land[-1] and len(land) == 7


def test_a_border_is_an_arc_that_two_countries_share() -> None:
    assert basemap.shared_arcs(TOPOLOGY["objects"]["countries"]["geometries"]) == [0]
    atlas = basemap.atlas_from_topology(TOPOLOGY)
    assert len(atlas.land) == 1 and len(atlas.borders) == 1
    # Projected at zoom 0 with the map's own formulas.
    assert atlas.borders[0].points == (
        mapview.project(20.0, 11.0, 0),
        mapview.project(21.0, 11.0, 0),
    )


def test_a_ring_across_the_antimeridian_is_drawn_on_both_sides() -> None:
    # An island from 179°E to 179°W, as world-atlas stitches Fiji's.
    island = [(179.0, -17.0), (-179.0, -17.0), (-179.0, -16.0), (179.0, -16.0), (179.0, -17.0)]

    copies = basemap.flat_rings(island)

    assert len(copies) == 2
    for ring in copies:
        lons = [lon for lon, _lat in ring]
        assert max(lons) - min(lons) == pytest.approx(2.0)
    assert sorted(min(lon for lon, _ in ring) for ring in copies) == [-181.0, 179.0]


def test_a_ring_around_the_pole_is_closed_along_it() -> None:
    # A coast that goes once around the South Pole, as Antarctica's does.
    coast = [(-170.0, -70.0), (-90.0, -72.0), (0.0, -71.0), (90.0, -70.0), (170.0, -70.0)]

    copies = basemap.flat_rings([*coast, coast[0]])

    assert len(copies) == 2
    ring = next(r for r in copies if r[0][0] == -170.0)
    assert ring[-3:] == [(190.0, -70.0), (190.0, -90.0), (-170.0, -90.0)]
