"""Land, coastlines and borders under the server-drawn map, from Natural Earth, offline.

The npm package world-atlas ships Natural Earth's countries (public domain) as TopoJSON at 1:110m
and 1:50m; ``make install`` installs it beside libsodium.js. This module decodes a file once per
process, projects it with the map's own Web Mercator formulas (``mapview.project``) and, for a
window, keeps what the window shows: shapes clipped to it, simplified to whole pixels at its zoom,
written as SVG path data (land to fill, borders between countries to stroke).

Pure Python, no Django. TopoJSON (https://github.com/topojson/topojson-specification) stores each
shared line once as an "arc", quantized and delta-encoded; polygons list the arcs of their rings.
"""

from __future__ import annotations

import functools
import itertools
import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from intercoop.directory import mapview

# The file of each scale in the world-atlas package.
FILES = {"110m": "countries-110m.json", "50m": "countries-50m.json"}
# From this zoom on the 1:50m data; the 1:110m below (a pixel is then over 20 km).
DETAIL_ZOOM = 3
# Points closer than this to the simplified line are dropped (pixels at the map's zoom).
TOLERANCE_PX = 1.0
# Shapes are clipped this far outside the window, so that their cut edges are not seen.
CLIP_MARGIN = 2
# Simplified copies of the world are kept for the zooms up to this one; closer in, a window
# shows so little of the world that simplifying only what it shows is cheap.
CACHED_ZOOMS = 8

Point = tuple[float, float]
Ring = list[Point]


@dataclass(frozen=True, eq=False)
class Shape:
    """A ring (closed) or a line, in world pixels at the zoom it was made for."""

    points: tuple[Point, ...]
    box: tuple[float, float, float, float]  # min x, min y, max x, max y


@dataclass(frozen=True, eq=False)
class Atlas:
    """One scale of Natural Earth, projected at zoom 0 (a 256-pixel world)."""

    land: tuple[Shape, ...]
    borders: tuple[Shape, ...]


@dataclass(frozen=True)
class Basemap:
    land: str  # SVG path data, to fill (even-odd: lakes are holes)
    borders: str  # SVG path data, to stroke


# --- TopoJSON --------------------------------------------------------------------------------


def decode_arcs(topology: dict[str, Any]) -> list[list[tuple[float, float]]]:
    """Each arc's (longitude, latitude) positions: a quantized topology's arcs are delta-encoded
    integers, mapped back through its ``transform``."""
    transform = topology.get("transform")
    arcs = []
    for arc in topology["arcs"]:
        if transform is None:
            arcs.append([(float(p[0]), float(p[1])) for p in arc])
            continue
        (sx, sy), (tx, ty) = transform["scale"], transform["translate"]
        x = y = 0
        positions = []
        for p in arc:
            x += p[0]
            y += p[1]
            positions.append((x * sx + tx, y * sy + ty))
        arcs.append(positions)
    return arcs


def ring_positions(arcs: Sequence[Sequence[Point]], indices: Iterable[int]) -> list[Point]:
    """A ring from its arcs: a negative index ``~i`` is arc ``i`` reversed, and each arc starts
    where the one before ended (that point is kept once)."""
    ring: list[Point] = []
    for index in indices:
        arc = list(arcs[index]) if index >= 0 else list(reversed(arcs[~index]))
        ring.extend(arc[1:] if ring else arc)
    return ring


def polygons(geometry: dict[str, Any]) -> Iterator[list[list[int]]]:
    """Each polygon (its rings' arc indices) of a geometry or collection of them."""
    kind = geometry.get("type")
    if kind == "GeometryCollection":
        for child in geometry.get("geometries", []):
            yield from polygons(child)
    elif kind == "Polygon":
        yield geometry["arcs"]
    elif kind == "MultiPolygon":
        yield from geometry["arcs"]


def shared_arcs(geometries: Iterable[dict[str, Any]]) -> list[int]:
    """The arcs two different geometries use: the borders between countries (the arcs only one
    country uses are its coast, which the land's outline draws)."""
    users: dict[int, set[int]] = {}
    for number, geometry in enumerate(geometries):
        for polygon in polygons(geometry):
            for ring in polygon:
                for index in ring:
                    users.setdefault(index if index >= 0 else ~index, set()).add(number)
    return sorted(arc for arc, who in users.items() if len(who) > 1)


def _shape(points: Sequence[Point]) -> Shape:
    xs = [p[0] for p in points]
    ys = [p[1] for p in points]
    return Shape(tuple(points), (min(xs), min(ys), max(xs), max(ys)))


def unwrap(positions: Sequence[Point]) -> list[Point]:
    """The positions with longitudes made continuous: world-atlas stitches the shapes that
    cross the antimeridian (Russia, Fiji, Antarctica) for spherical drawing, so a step of more
    than 180 degrees is a crossing, not a line across the world."""
    out: list[Point] = []
    shift = 0.0
    for lon, lat in positions:
        if out:
            step = lon + shift - out[-1][0]
            if step > 180:
                shift -= 360
            elif step < -180:
                shift += 360
        out.append((lon + shift, lat))
    return out


def flat_rings(positions: Sequence[Point]) -> list[list[Point]]:
    """A ring on the sphere as rings on the flat map, each within or across the world's
    longitudes: a ring around a pole (Antarctica) is closed along the pole, and a ring across
    the antimeridian is repeated 360 degrees away so both of its sides are drawn."""
    ring = unwrap(positions)
    turn = ring[-1][0] - ring[0][0]
    if abs(turn) > 180:  # it went once around a pole: which one, its latitudes say
        pole = -90.0 if sum(lat for _, lat in ring) < 0 else 90.0
        ring += [(ring[-1][0], pole), (ring[0][0], pole)]
    west = min(lon for lon, _ in ring)
    east = max(lon for lon, _ in ring)
    copies = []
    for k in (-2, -1, 0, 1, 2):
        if west + 360 * k < 180 and east + 360 * k > -180:
            copies.append([(lon + 360 * k, lat) for lon, lat in ring])
    return copies


def _projected(positions: Sequence[Point]) -> list[Point]:
    return [mapview.project(lat, lon, 0) for lon, lat in positions]


def atlas_from_topology(topology: dict[str, Any]) -> Atlas:
    """The land's rings and the borders' lines of a world-atlas topology, projected at zoom 0."""
    arcs = decode_arcs(topology)
    objects = topology["objects"]
    land = [
        _shape(_projected(flat))
        for polygon in polygons(objects["land"])
        for indices in polygon
        if len(ring := ring_positions(arcs, indices)) >= 3
        for flat in flat_rings(ring)
    ]
    countries = objects["countries"].get("geometries", [])
    borders = []
    for index in shared_arcs(countries):
        line = _projected(arcs[index])
        # A border crossing the antimeridian is cut there.
        piece: list[Point] = []
        previous = 0.0
        for (lon, _lat), point in zip(arcs[index], line, strict=True):
            if piece and abs(lon - previous) > 180:
                borders.append(piece)
                piece = []
            piece.append(point)
            previous = lon
        borders.append(piece)
    return Atlas(tuple(land), tuple(_shape(b) for b in borders if len(b) >= 2))


@functools.lru_cache(maxsize=4)
def load(path: Path) -> Atlas | None:
    """The atlas in this file, decoded once per process; None if the file is not there."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    return atlas_from_topology(json.loads(text))


# --- Simplifying and clipping ----------------------------------------------------------------


def _whole_pixels(points: Iterable[Point]) -> list[Point]:
    out: list[Point] = []
    for x, y in points:
        p = (float(round(x)), float(round(y)))
        if not out or out[-1] != p:
            out.append(p)
    return out


def simplify(points: Sequence[Point], tolerance: float) -> list[Point]:
    """Douglas-Peucker: the points that keep the line within ``tolerance`` of the original."""
    if len(points) < 3:
        return list(points)
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    limit = tolerance * tolerance
    while stack:
        first, last = stack.pop()
        (ax, ay), (bx, by) = points[first], points[last]
        dx, dy = bx - ax, by - ay
        length2 = dx * dx + dy * dy
        worst, worst_d = -1, limit
        for i in range(first + 1, last):
            px, py = points[i]
            if length2 == 0:
                d = (px - ax) ** 2 + (py - ay) ** 2
            else:
                cross = (px - ax) * dy - (py - ay) * dx
                d = cross * cross / length2
            if d > worst_d:
                worst, worst_d = i, d
        if worst >= 0:
            keep[worst] = True
            stack += [(first, worst), (worst, last)]
    return [p for p, kept in zip(points, keep, strict=True) if kept]


def _simplified(shape: Shape, scale: float, *, closed: bool) -> Shape | None:
    """The shape at ``scale`` times its size, in whole pixels and simplified; None if it would
    be under two pixels across."""
    x0, y0, x1, y1 = shape.box
    if (x1 - x0) * scale < 2 and (y1 - y0) * scale < 2:
        return None
    points = _whole_pixels((x * scale, y * scale) for x, y in shape.points)
    if closed and points[0] != points[-1]:
        points.append(points[0])
    points = simplify(points, TOLERANCE_PX)
    if len(points) < (4 if closed else 2):
        return None
    return _shape(points)


@functools.lru_cache(maxsize=2 * (CACHED_ZOOMS + 1))
def _level(atlas: Atlas, zoom: int) -> Atlas:
    """The atlas at this zoom, simplified (kept for the zooms that show much of the world)."""
    scale = float(1 << zoom)
    land = (_simplified(s, scale, closed=True) for s in atlas.land)
    borders = (_simplified(s, scale, closed=False) for s in atlas.borders)
    return Atlas(
        tuple(s for s in land if s is not None), tuple(s for s in borders if s is not None)
    )


def clip_ring(points: Sequence[Point], box: tuple[float, float, float, float]) -> list[Point]:
    """Sutherland-Hodgman: the part of a ring inside the box (a ring around the box gives the
    box)."""
    x0, y0, x1, y1 = box
    edges = (
        (lambda p: p[0] >= x0, lambda a, b: _at_x(a, b, x0)),
        (lambda p: p[0] <= x1, lambda a, b: _at_x(a, b, x1)),
        (lambda p: p[1] >= y0, lambda a, b: _at_y(a, b, y0)),
        (lambda p: p[1] <= y1, lambda a, b: _at_y(a, b, y1)),
    )
    out = list(points)
    for inside, cross in edges:
        if not out:
            break
        given, out = out, []
        previous = given[-1]
        for current in given:
            if inside(current):
                if not inside(previous):
                    out.append(cross(previous, current))
                out.append(current)
            elif inside(previous):
                out.append(cross(previous, current))
            previous = current
    return out


def _at_x(a: Point, b: Point, x: float) -> Point:
    t = (x - a[0]) / (b[0] - a[0])
    return x, a[1] + t * (b[1] - a[1])


def _at_y(a: Point, b: Point, y: float) -> Point:
    t = (y - a[1]) / (b[1] - a[1])
    return a[0] + t * (b[0] - a[0]), y


def clip_line(points: Sequence[Point], box: tuple[float, float, float, float]) -> list[Ring]:
    """Liang-Barsky, segment by segment: the pieces of a line inside the box."""
    x0, y0, x1, y1 = box
    pieces: list[Ring] = []
    current: Ring = []
    for (ax, ay), (bx, by) in itertools.pairwise(points):
        dx, dy = bx - ax, by - ay
        t0, t1 = 0.0, 1.0
        visible = True
        for p, q in ((-dx, ax - x0), (dx, x1 - ax), (-dy, ay - y0), (dy, y1 - ay)):
            if p == 0:
                if q < 0:
                    visible = False
                    break
                continue
            t = q / p
            if p < 0:
                t0 = max(t0, t)
            else:
                t1 = min(t1, t)
            if t0 > t1:
                visible = False
                break
        if not visible:
            if current:
                pieces.append(current)
                current = []
            continue
        start = (ax + t0 * dx, ay + t0 * dy)
        end = (ax + t1 * dx, ay + t1 * dy)
        if not current:
            current = [start]
        current.append(end)
        if t1 < 1:  # the line leaves the box here
            pieces.append(current)
            current = []
    if current:
        pieces.append(current)
    return pieces


# --- SVG -------------------------------------------------------------------------------------


def _path(points: Sequence[Point], *, closed: bool) -> str:
    """``M x y l dx dy …`` in whole pixels: relative moves are the shortest to write."""
    whole = _whole_pixels(points)
    if len(whole) < 2:
        return ""
    (x, y), parts = whole[0], list[str]()
    for px, py in whole[1:]:
        for d in (px - x, py - y):
            text = str(int(d))
            parts.append(text if text.startswith("-") or not parts else " " + text)
        x, y = px, py
    return f"M{int(whole[0][0])} {int(whole[0][1])}l{''.join(parts)}" + ("z" if closed else "")


# The same window shows the same land: the directory's opening view and the views of frequent
# searches are drawn once per process (a few tens of KB each), not on every request.
@functools.lru_cache(maxsize=64)
def render(atlas: Atlas, viewport: mapview.Viewport) -> Basemap:
    """The land and the borders this window shows, as SVG path data in its pixels."""
    zoom = viewport.zoom
    cached = zoom <= CACHED_ZOOMS
    # Shapes are kept at the zoom (cached) or at zoom 0, ``scale`` times smaller.
    source = _level(atlas, zoom) if cached else atlas
    scale = 1.0 if cached else float(1 << zoom)
    x0, y0 = viewport.left - CLIP_MARGIN, viewport.top - CLIP_MARGIN
    x1 = viewport.left + viewport.width + CLIP_MARGIN
    y1 = viewport.top + viewport.height + CLIP_MARGIN
    # Shapes repeated across the antimeridian stop at the world's edges.
    size = mapview.world_size(zoom)
    window = (
        max(-CLIP_MARGIN, -viewport.left),
        -CLIP_MARGIN,
        min(x1, size) - viewport.left,
        y1 - viewport.top,
    )

    def shown(shapes: Iterable[Shape]) -> Iterator[list[Point]]:
        """The points, in the window's pixels, of each shape that reaches into it."""
        for shape in shapes:
            bx0, by0, bx1, by1 = (v * scale for v in shape.box)
            if bx1 < x0 or bx0 > x1 or by1 < y0 or by0 > y1:
                continue
            if bx1 - bx0 < 2 and by1 - by0 < 2:
                continue  # under two pixels across
            yield [(x * scale - viewport.left, y * scale - viewport.top) for x, y in shape.points]

    land = []
    for points in shown(source.land):
        ring = _whole_pixels(clip_ring(points, window))
        if not cached:
            ring = simplify(ring + ring[:1], TOLERANCE_PX)
        if len(ring) >= 3:
            land.append(_path(ring, closed=True))
    borders = []
    for points in shown(source.borders):
        for piece in clip_line(points, window):
            line = _whole_pixels(piece)
            borders.append(_path(line if cached else simplify(line, TOLERANCE_PX), closed=False))
    return Basemap(land="".join(land), borders="".join(borders))


def basemap(directory: Path, viewport: mapview.Viewport) -> Basemap | None:
    """The basemap of this window from the world-atlas package in ``directory``, at the scale
    that suits its zoom; None when the package is not installed."""
    scale = "110m" if viewport.zoom < DETAIL_ZOOM else "50m"
    atlas = load(directory / FILES[scale])
    return render(atlas, viewport) if atlas is not None else None
