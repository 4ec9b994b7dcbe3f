"""A map drawn on the server: Web Mercator geometry, raster tiles and clustered markers (the
land and borders under them are ``basemap``'s).

Pure Python, no Django: the search page and the widget give it the points to show and the area
asked for, and get back a ``Drawing`` (what to draw, in screen pixels) that a template writes out
as SVG. The map therefore works without JavaScript; moving it is a link that changes ``bbox``.

Tiles are numbered as on every "slippy map" tile server
(https://wiki.openstreetmap.org/wiki/Slippy_map_tilenames): at zoom ``z`` the world is a square of
``2**z`` by ``2**z`` tiles of 256 pixels, ``x`` growing eastwards and ``y`` southwards.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

TILE_SIZE = 256
# Web Mercator's square world stops here; beyond it y would run to infinity.
MAX_LATITUDE = 85.0511287798066
MIN_ZOOM = 1
MAX_ZOOM = 18
WIDTH, HEIGHT = 640, 400
# The zoom to show one place at, when there is nothing else to fit.
PLACE_ZOOM = 13
# Fitting a box leaves this margin (pixels) so no marker sits on the edge.
PADDING = 24
# A box read back from a link was rounded to 1e-5 degrees; it still fits its own zoom.
FIT_TOLERANCE = 0.01
# Markers in one square of this many pixels (on the world's grid at the zoom shown) are drawn as
# one cluster.
CLUSTER_PX = 40
# When a search has too many results to list their places, the map counts them per cell of a
# grid this many pixels wide (see search.service.map_cells), finer than the clusters.
GRID_PX = 8
# A cluster's link zooms in no closer than this: places in one building stay one cluster.
CLUSTER_MAX_ZOOM = 16
# Zooming in looks for the most results around the largest few clusters, besides the centre.
ZOOM_IN_CANDIDATES = 8
EARTH_CIRCUMFERENCE_M = 2 * math.pi * 6_378_137

# (min_lon, min_lat, max_lon, max_lat), as in GeoJSON and the search's ``bbox`` parameter.
Box = tuple[float, float, float, float]


def _clamp(value: float, low: float, high: float) -> float:
    return max(low, min(high, value))


def world_size(zoom: int) -> int:
    """The width (and height) of the whole world, in pixels, at this zoom."""
    return TILE_SIZE * (1 << zoom)


def project(lat: float, lon: float, zoom: int) -> tuple[float, float]:
    """Latitude and longitude → world pixel coordinates at this zoom (Web Mercator)."""
    size = world_size(zoom)
    sin_lat = math.sin(math.radians(_clamp(lat, -MAX_LATITUDE, MAX_LATITUDE)))
    x = (lon + 180.0) / 360.0 * size
    y = (0.5 - math.log((1 + sin_lat) / (1 - sin_lat)) / (4 * math.pi)) * size
    return x, y


def unproject(x: float, y: float, zoom: int) -> tuple[float, float]:
    """World pixel coordinates at this zoom → (latitude, longitude)."""
    size = world_size(zoom)
    lon = x / size * 360.0 - 180.0
    lat = math.degrees(math.atan(math.sinh(math.pi * (1 - 2 * y / size))))
    return lat, lon


def tile_of(lat: float, lon: float, zoom: int) -> tuple[int, int]:
    """The (x, y) number of the tile holding this place at this zoom."""
    n = 1 << zoom
    x, y = project(lat, lon, zoom)
    return min(n - 1, max(0, math.floor(x / TILE_SIZE))), min(
        n - 1, max(0, math.floor(y / TILE_SIZE))
    )


def metres_per_pixel(lat: float, zoom: int) -> float:
    """The map's scale at this latitude (Mercator stretches it by 1/cos(latitude))."""
    lat = _clamp(lat, -MAX_LATITUDE, MAX_LATITUDE)
    return EARTH_CIRCUMFERENCE_M * math.cos(math.radians(lat)) / world_size(zoom)


def _coordinate(value: float) -> str:
    text = f"{value:.6f}".rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text


def format_box(box: Box) -> str:
    """The ``bbox`` parameter's text: four numbers to 1e-6 degrees (about 10 cm), so that a
    link of the map at its closest zoom (a pixel is 0.6 m at the equator, 0.2 m at 70° north)
    shows the window it promised to within a pixel; 1e-5 degrees was off by up to 2.4 pixels
    there."""
    return ",".join(_coordinate(v) for v in box)


@dataclass(frozen=True)
class Tile:
    z: int
    x: int
    y: int
    left: float  # screen position of its top left corner
    top: float

    def url(self, template: str) -> str:
        """The tile's address from a template such as ``https://t.example/{z}/{x}/{y}.png``."""
        return (
            template.replace("{z}", str(self.z))
            .replace("{x}", str(self.x))
            .replace("{y}", str(self.y))
        )


@dataclass(frozen=True)
class Viewport:
    """A ``width`` by ``height`` window on the world at an integer zoom; ``left`` and ``top`` are
    the world pixel coordinates of its top left corner."""

    zoom: int
    left: float
    top: float
    width: int = WIDTH
    height: int = HEIGHT

    @classmethod
    def centred(
        cls, x: float, y: float, zoom: int, width: int = WIDTH, height: int = HEIGHT
    ) -> Viewport:
        """The window centred on world pixel (x, y), kept inside the world where it can be."""
        size = world_size(zoom)

        def place(centre: float, extent: int) -> float:
            start = centre - extent / 2
            if size <= extent:  # the world is smaller than the window: centre the world
                return (size - extent) / 2
            return _clamp(start, 0, size - extent)

        return cls(zoom, place(x, width), place(y, height), width, height)

    @property
    def centre(self) -> tuple[float, float]:
        """(latitude, longitude) of the window's centre."""
        return unproject(self.left + self.width / 2, self.top + self.height / 2, self.zoom)

    def to_screen(self, lat: float, lon: float) -> tuple[float, float]:
        x, y = project(lat, lon, self.zoom)
        return x - self.left, y - self.top

    def shows(self, x: float, y: float, margin: float = 0) -> bool:
        """Whether screen point (x, y) is in the window (widened by ``margin`` pixels)."""
        return -margin <= x <= self.width + margin and -margin <= y <= self.height + margin

    def box(self) -> Box:
        """The latitude/longitude box the window shows, clipped to the world."""
        north, west = unproject(self.left, self.top, self.zoom)
        south, east = unproject(self.left + self.width, self.top + self.height, self.zoom)
        return (
            _clamp(west, -180.0, 180.0),
            _clamp(south, -MAX_LATITUDE, MAX_LATITUDE),
            _clamp(east, -180.0, 180.0),
            _clamp(north, -MAX_LATITUDE, MAX_LATITUDE),
        )

    def tiles(self) -> list[Tile]:
        """The tiles covering the window, row by row (none outside the world)."""
        n = 1 << self.zoom
        first_x = max(0, math.floor(self.left / TILE_SIZE))
        last_x = min(n - 1, math.ceil((self.left + self.width) / TILE_SIZE) - 1)
        first_y = max(0, math.floor(self.top / TILE_SIZE))
        last_y = min(n - 1, math.ceil((self.top + self.height) / TILE_SIZE) - 1)
        return [
            Tile(self.zoom, x, y, x * TILE_SIZE - self.left, y * TILE_SIZE - self.top)
            for y in range(first_y, last_y + 1)
            for x in range(first_x, last_x + 1)
        ]

    def _world_centre(self) -> tuple[float, float]:
        return self.left + self.width / 2, self.top + self.height / 2

    def zoomed_in(self) -> Viewport | None:
        if self.zoom >= MAX_ZOOM:
            return None
        x, y = self._world_centre()
        return Viewport.centred(2 * x, 2 * y, self.zoom + 1, self.width, self.height)

    def zoomed_out(self) -> Viewport | None:
        if self.zoom <= MIN_ZOOM:
            return None
        x, y = self._world_centre()
        return Viewport.centred(x / 2, y / 2, self.zoom - 1, self.width, self.height)

    def panned(self, east: float, south: float) -> Viewport | None:
        """The window moved by these fractions of its size, or None at the world's edge."""
        x, y = self._world_centre()
        moved = Viewport.centred(
            x + east * self.width, y + south * self.height, self.zoom, self.width, self.height
        )
        if abs(moved.left - self.left) < 1 and abs(moved.top - self.top) < 1:
            return None
        return moved


def fit(
    box: Box,
    *,
    width: int = WIDTH,
    height: int = HEIGHT,
    padding: int = 0,
    max_zoom: int = MAX_ZOOM,
) -> Viewport:
    """The closest window (highest zoom) that shows the whole box, centred on it."""
    min_lon, min_lat, max_lon, max_lat = box
    room_x = (width - 2 * padding) * (1 + FIT_TOLERANCE)
    room_y = (height - 2 * padding) * (1 + FIT_TOLERANCE)
    zoom = max(MIN_ZOOM, min(max_zoom, MAX_ZOOM))
    while True:
        west, north = project(max_lat, min_lon, zoom)
        east, south = project(min_lat, max_lon, zoom)
        if zoom == MIN_ZOOM or (east - west <= room_x and south - north <= room_y):
            break
        zoom -= 1
    return Viewport.centred((west + east) / 2, (north + south) / 2, zoom, width, height)


def bounds(places: Iterable[tuple[float, float]]) -> Box | None:
    """The smallest box holding these (latitude, longitude) places, or None if there are none."""
    lats, lons = [], []
    for lat, lon in places:
        lats.append(lat)
        lons.append(lon)
    if not lats:
        return None
    return (min(lons), min(lats), max(lons), max(lats))


# --- Clusters --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Cluster:
    """Points drawn as one: their number, their mean place in world pixels, their bounds,
    their indices in the list of points, and the squares of the grid they fill."""

    count: int
    x: float
    y: float
    box: Box
    members: tuple[int, ...]
    cells: frozenset[tuple[int, int]]


def cluster(
    points: Sequence[tuple[float, float]],
    zoom: int,
    cell_px: int = CLUSTER_PX,
    *,
    weights: Sequence[int] = (),
    spread: tuple[float, float] = (0.0, 0.0),
) -> list[Cluster]:
    """(latitude, longitude) points grouped by the square of ``cell_px`` pixels they fall in on
    the world's grid at this zoom (the world's, not the window's, so that moving the map does
    not regroup them), largest group first. A group also takes in the groups of the squares
    around it whose centre is closer than ``cell_px``, so that no two circles overlap much.

    A point may stand for ``weights[i]`` places within ``spread`` (degrees of latitude and
    longitude) of it, as the cells of a grid do: its count is its weight, and the bounds hold
    them all."""
    squares: dict[tuple[int, int], list[tuple[int, float, float]]] = {}
    for index, (lat, lon) in enumerate(points):
        x, y = project(lat, lon, zoom)
        squares.setdefault((math.floor(x / cell_px), math.floor(y / cell_px)), []).append(
            (index, x, y)
        )

    def centre(cell: tuple[int, int]) -> tuple[float, float]:
        members = squares[cell]
        return (
            sum(x for _i, x, _y in members) / len(members),
            sum(y for _i, _x, y in members) / len(members),
        )

    taken: set[tuple[int, int]] = set()
    clusters = []
    for cell in sorted(squares, key=lambda c: (-len(squares[c]), c)):
        if cell in taken:
            continue
        cx, cy = centre(cell)
        cells = [cell]
        for dx in (-1, 0, 1):
            for dy in (-1, 0, 1):
                near = (cell[0] + dx, cell[1] + dy)
                if near in squares and near not in taken and near != cell:
                    nx, ny = centre(near)
                    if math.hypot(nx - cx, ny - cy) < cell_px:
                        cells.append(near)
        taken.update(cells)
        members = [m for c in cells for m in squares[c]]
        lats = [points[i][0] for i, _x, _y in members]
        lons = [points[i][1] for i, _x, _y in members]
        dlat, dlon = spread
        clusters.append(
            Cluster(
                count=sum(weights[i] for i, _x, _y in members) if weights else len(members),
                x=sum(x for _i, x, _y in members) / len(members),
                y=sum(y for _i, _x, y in members) / len(members),
                box=(
                    max(-180.0, min(lons) - dlon),
                    max(-MAX_LATITUDE, min(lats) - dlat),
                    min(180.0, max(lons) + dlon),
                    min(MAX_LATITUDE, max(lats) + dlat),
                ),
                members=tuple(sorted(i for i, _x, _y in members)),
                cells=frozenset(cells),
            )
        )
    return _without_overlaps(clusters)


def _joined(a: Cluster, b: Cluster) -> Cluster:
    return Cluster(
        count=a.count + b.count,
        x=(a.x * a.count + b.x * b.count) / (a.count + b.count),
        y=(a.y * a.count + b.y * b.count) / (a.count + b.count),
        box=(
            min(a.box[0], b.box[0]),
            min(a.box[1], b.box[1]),
            max(a.box[2], b.box[2]),
            max(a.box[3], b.box[3]),
        ),
        members=tuple(sorted(a.members + b.members)),
        cells=a.cells | b.cells,
    )


def _without_overlaps(clusters: list[Cluster]) -> list[Cluster]:
    """Clusters whose circles would overlap joined, largest first: two large neighbours (London
    and the South East at the UK's zoom) otherwise hide each other's counts."""
    clusters = sorted(clusters, key=lambda c: (-c.count, min(c.cells)))
    joined = True
    while joined:
        joined = False
        for i, a in enumerate(clusters):
            for j in range(i + 1, len(clusters)):
                b = clusters[j]
                reach = cluster_radius(a.count) + cluster_radius(b.count)
                if abs(a.x - b.x) < reach and math.hypot(a.x - b.x, a.y - b.y) < reach:
                    del clusters[j]
                    clusters[i] = _joined(a, b)
                    joined = True
                    break
            if joined:
                break
        clusters.sort(key=lambda c: (-c.count, min(c.cells)))
    return clusters


def _outward(value: float, digits: int, *, up: bool) -> float:
    scaled = value * 10**digits
    return (math.ceil(scaled) if up else math.floor(scaled)) / 10**digits


def link_box(viewport: Viewport) -> Box:
    """The window's box rounded outwards to a tenth of its pixels: a short link that still
    shows the whole window (``format_box`` writes the digits that are left)."""
    degrees_per_pixel = 360.0 / world_size(viewport.zoom)
    digits = max(0, min(6, math.ceil(-math.log10(degrees_per_pixel / 10))))
    min_lon, min_lat, max_lon, max_lat = viewport.box()
    return (
        max(-180.0, _outward(min_lon, digits, up=False)),
        max(-MAX_LATITUDE, _outward(min_lat, digits, up=False)),
        min(180.0, _outward(max_lon, digits, up=True)),
        min(MAX_LATITUDE, _outward(max_lat, digits, up=True)),
    )


def cluster_view(members: Box, viewport: Viewport, *, max_zoom: int = CLUSTER_MAX_ZOOM) -> Viewport:
    """The window a cluster's link opens: its members' bounds, fitted with a margin, at least
    one zoom closer than the window it was drawn in."""
    return fit(
        members,
        width=viewport.width,
        height=viewport.height,
        padding=PADDING,
        max_zoom=max(max_zoom, min(MAX_ZOOM, viewport.zoom + 1)),
    )


def zoom_in(
    viewport: Viewport, points: Sequence[tuple[float, float]], weights: Sequence[int] = ()
) -> Viewport | None:
    """One zoom closer, on the results: centred where the closer window holds the most points
    (its centre, or one of the largest clusters), so that zooming in never empties a map that
    shows some."""
    closer = viewport.zoomed_in()
    if closer is None or not points:
        return closer
    candidates = [closer]
    for c in cluster(points, viewport.zoom, weights=weights)[:ZOOM_IN_CANDIDATES]:
        candidates.append(
            Viewport.centred(2 * c.x, 2 * c.y, closer.zoom, viewport.width, viewport.height)
        )

    # Projected once: each candidate is the same zoom, only its corner differs.
    at = [project(lat, lon, closer.zoom) for lat, lon in points]
    counts = list(weights) if weights else [1] * len(points)

    def held(window: Viewport) -> int:
        right, bottom = window.left + window.width, window.top + window.height
        return sum(
            n
            for (x, y), n in zip(at, counts, strict=True)
            if window.left <= x <= right and window.top <= y <= bottom
        )

    # max() keeps the first of equals: the plain zoom in, when it loses nothing.
    return max(candidates, key=held)


# --- What to draw ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Pin:
    """A marker that is a link: one result of the page shown."""

    lat: float
    lon: float
    href: str
    label: str
    number: int


@dataclass(frozen=True)
class Circle:
    lat: float
    lon: float
    radius_km: float


@dataclass(frozen=True)
class PlacedPin:
    """A result of the page: a numbered label above its place, pointing at it (a shape apart
    from the round clusters, so that its number does not read as a count)."""

    pin: Pin
    x: float
    y: float
    r: float

    @property
    def shape(self) -> str:
        """SVG path data: a box of the number's width, 16 pixels high, on a 6-pixel point."""
        half = round(self.r - 3, 1)
        side = _n(5 - half)
        return f"M{_n(self.x)} {_n(self.y)}l-5-6h{side}v-16h{_n(2 * half)}v16h{side}z"

    @property
    def label_y(self) -> float:
        return round(self.y - 14, 1)


@dataclass(frozen=True)
class PlacedCluster:
    """A group of points drawn as one circle with their number (``count`` > 1), or one point
    (``first`` is its index in the points given)."""

    count: int
    x: float
    y: float
    r: float
    box: Box  # what its link shows: every member, one zoom closer or more
    first: int


@dataclass(frozen=True)
class PlacedCircle:
    x: float
    y: float
    r: float


@dataclass(frozen=True)
class Drawing:
    viewport: Viewport
    tile_urls: list[tuple[Tile, str]]
    graticule: str  # SVG path data
    clusters: list[PlacedCluster]
    pins: list[PlacedPin]
    circle: PlacedCircle | None
    points_shown: int  # points inside the window

    @property
    def width(self) -> int:
        return self.viewport.width

    @property
    def height(self) -> int:
        return self.viewport.height


def choose_viewport(
    *,
    box: Box | None = None,
    near: Circle | None = None,
    places: Sequence[tuple[float, float]] = (),
    width: int = WIDTH,
    height: int = HEIGHT,
) -> Viewport:
    """The window to show: the box asked for, else the circle searched in, else all the places,
    else the whole world."""
    if box is not None:
        return fit(box, width=width, height=height)
    if near is not None:
        dlat = math.degrees(near.radius_km * 1000 / (EARTH_CIRCUMFERENCE_M / (2 * math.pi)))
        dlon = dlat / max(0.01, math.cos(math.radians(near.lat)))
        circle_box = (
            max(-180.0, near.lon - dlon),
            max(-MAX_LATITUDE, near.lat - dlat),
            min(180.0, near.lon + dlon),
            min(MAX_LATITUDE, near.lat + dlat),
        )
        return fit(circle_box, width=width, height=height, padding=PADDING // 2)
    found = bounds(places)
    if found is not None:
        return fit(found, width=width, height=height, padding=PADDING, max_zoom=PLACE_ZOOM)
    return fit((-180.0, -60.0, 180.0, 75.0), width=width, height=height)


def _nice_step(span: float) -> float:
    """A round graticule spacing giving a handful of lines over ``span`` degrees."""
    for step in (0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 15, 30):
        if span / step <= 6:
            return step
    return 45.0


def _n(value: float) -> str:
    return f"{value:.1f}".removesuffix(".0")


def graticule(viewport: Viewport) -> str:
    """SVG path data for meridians and parallels at round degrees across the window."""
    min_lon, min_lat, max_lon, max_lat = viewport.box()
    parts = []
    step = _nice_step(max_lon - min_lon)
    k = math.ceil(min_lon / step)
    while k * step <= max_lon:
        x, _ = viewport.to_screen(0.0, k * step)
        parts.append(f"M{_n(x)} 0V{viewport.height}")
        k += 1
    step = _nice_step(max_lat - min_lat)
    k = math.ceil(min_lat / step)
    while k * step <= max_lat:
        _, y = viewport.to_screen(k * step, 0.0)
        parts.append(f"M0 {_n(y)}H{viewport.width}")
        k += 1
    return "".join(parts)


def cluster_radius(count: int) -> float:
    """Room for the count's digits ("1,998" too) in 12-pixel bold text, growing slowly; a
    place alone is a dot."""
    return 5.0 if count == 1 else round(10 + 3.5 * math.log10(count), 1)


def draw(
    viewport: Viewport,
    *,
    points: Sequence[tuple[float, float]] = (),
    weights: Sequence[int] = (),
    spread: tuple[float, float] = (0.0, 0.0),
    pins: Sequence[Pin] = (),
    near: Circle | None = None,
    tiles_url: str = "",
) -> Drawing:
    """What to draw in the window: tiles (when a tile server is configured), a graticule, the
    points grouped in clusters on a grid of ``CLUSTER_PX`` pixels, the searched circle, and the
    page's results as numbered pins where they stand alone. Points may be weighted, as in
    ``cluster``."""
    margin = 12
    shown = [i for i, p in enumerate(points) if viewport.shows(*viewport.to_screen(*p), margin)]
    groups = cluster(
        [points[i] for i in shown],
        viewport.zoom,
        weights=[weights[i] for i in shown] if weights else (),
        spread=spread,
    )
    taken = {cell for c in groups if c.count > 1 for cell in c.cells}
    placed_pins = []
    for pin in pins:
        x, y = viewport.to_screen(pin.lat, pin.lon)
        wx, wy = x + viewport.left, y + viewport.top
        # A pin in a cluster would hide its count: the cluster stands for it.
        if viewport.shows(x, y) and (wx // CLUSTER_PX, wy // CLUSTER_PX) not in taken:
            r = 8.0 + 3 * len(str(pin.number))
            placed_pins.append(PlacedPin(pin, round(x, 1), round(y, 1), r))
    # A point alone is drawn as its numbered pin when it is one of the page's results.
    pinned = {(p.pin.lat, p.pin.lon) for p in placed_pins}
    clusters = []
    for c in groups:
        first = shown[c.members[0]]
        if c.count == 1 and points[first] in pinned:
            continue
        x, y = c.x - viewport.left, c.y - viewport.top
        if c.count == 1:
            box, r = c.box, cluster_radius(1)
        else:
            box, r = link_box(cluster_view(c.box, viewport)), cluster_radius(c.count)
        clusters.append(PlacedCluster(c.count, round(x, 1), round(y, 1), r, box, first))
    circle = None
    if near is not None:
        x, y = viewport.to_screen(near.lat, near.lon)
        r = near.radius_km * 1000 / metres_per_pixel(near.lat, viewport.zoom)
        # Near the poles the circle can dwarf the map; beyond a few widths it is all the same.
        r = min(r, 4.0 * viewport.width)
        circle = PlacedCircle(round(x, 1), round(y, 1), round(r, 1))
    tile_urls = [(t, t.url(tiles_url)) for t in viewport.tiles()] if tiles_url else []
    return Drawing(
        viewport=viewport,
        tile_urls=tile_urls,
        graticule=graticule(viewport),
        clusters=clusters,
        pins=placed_pins,
        circle=circle,
        points_shown=sum(weights[i] for i in shown) if weights else len(shown),
    )
