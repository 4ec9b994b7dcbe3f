"""A map drawn on the server: Web Mercator geometry, raster tiles and clustered markers.

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

import h3

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
# Markers closer than about this many pixels are drawn as one cluster.
CLUSTER_PX = 36
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


def cluster_resolution(zoom: int, lat: float = 0.0, cluster_px: int = CLUSTER_PX) -> int:
    """The H3 resolution whose cells are about ``cluster_px`` pixels across at this zoom."""
    wanted_km = cluster_px * metres_per_pixel(lat, zoom) / 1000 / 2  # an edge is half a width
    return min(
        range(16),
        key=lambda res: abs(math.log(h3.average_hexagon_edge_length(res, unit="km") / wanted_km)),
    )


@dataclass(frozen=True)
class Cluster:
    lat: float  # the mean place of its points
    lon: float
    count: int
    cell: str


def cluster(points: Iterable[tuple[float, float]], resolution: int) -> list[Cluster]:
    """(latitude, longitude) points grouped by the H3 cell they fall in, largest group first."""
    groups: dict[str, list[tuple[float, float]]] = {}
    for lat, lon in points:
        groups.setdefault(h3.latlng_to_cell(lat, lon, resolution), []).append((lat, lon))
    clusters = [
        Cluster(
            lat=sum(lat for lat, _ in members) / len(members),
            lon=sum(lon for _, lon in members) / len(members),
            count=len(members),
            cell=cell,
        )
        for cell, members in groups.items()
    ]
    return sorted(clusters, key=lambda c: (-c.count, c.cell))


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
    pin: Pin
    x: float
    y: float
    r: float


@dataclass(frozen=True)
class PlacedCluster:
    count: int
    x: float
    y: float
    r: float


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


def draw(
    viewport: Viewport,
    *,
    points: Sequence[tuple[float, float]] = (),
    pins: Sequence[Pin] = (),
    near: Circle | None = None,
    tiles_url: str = "",
) -> Drawing:
    """What to draw in the window: tiles (when a tile server is configured), a graticule, the
    points grouped in clusters, the searched circle, and the page's results as numbered pins."""
    lat, _ = viewport.centre
    margin = 12
    shown = []
    for p in points:
        x, y = viewport.to_screen(*p)
        if viewport.shows(x, y, margin):
            shown.append(p)
    clusters = []
    for c in cluster(shown, cluster_resolution(viewport.zoom, lat)):
        x, y = viewport.to_screen(c.lat, c.lon)
        r = 4.0 if c.count == 1 else 9 + 3 * math.log10(c.count)
        clusters.append(PlacedCluster(c.count, round(x, 1), round(y, 1), round(r, 1)))
    placed_pins = []
    for pin in pins:
        x, y = viewport.to_screen(pin.lat, pin.lon)
        if viewport.shows(x, y):
            r = 8 + 3 * len(str(pin.number))
            placed_pins.append(PlacedPin(pin, round(x, 1), round(y, 1), r))
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
        points_shown=len(shown),
    )
