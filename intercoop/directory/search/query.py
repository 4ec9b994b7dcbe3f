"""What a directory search asks for, parsed and checked. Pure Python: no Django here.

The web page, the widget and the API all turn their parameters into one ``SearchQuery`` with
``parse``; a bad parameter raises ``QueryError`` naming it, so every caller reports the same
reason the same way.
"""

from __future__ import annotations

import math
import re
import unicodedata
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

FACETS: tuple[str, ...] = (
    "activity",
    "structure",
    "membership_type",
    "legal_form",
    "kind",
    "region",
    "country",
)
# Labels (verifiable credentials of the labels app) held by organizations: ``label=<uuid>`` of an
# achievement, repeatable. Not a column of the organization, so not one of FACETS: an
# organization holds any number of labels, and "valid" is decided when the search runs.
LABEL = "label"
# An achievement's uuid, with or without its hyphens, in either case.
LABEL_PATTERN = r"^[0-9A-Fa-f]{8}(-?[0-9A-Fa-f]{4}){3}-?[0-9A-Fa-f]{12}$"
SORTS = ("relevance", "distance", "name")
Sort = Literal["relevance", "distance", "name"]

EARTH_RADIUS_KM = 6371.0088
MAX_RADIUS_KM = 1000.0
MAX_TERMS = 8
MAX_QUERY_LENGTH = 200
MAX_VALUES_PER_FACET = 20
MAX_PAGE = 1000
PAGE_SIZE = 20

_WORD = re.compile(r"\w+", re.UNICODE)


def gettext_noop(message: str) -> str:
    """Marks a message for translation (makemessages extracts it); callers translate it with
    ``QueryError.translated``, since this module does not import Django."""
    return message


class QueryError(ValueError):
    """A search parameter that cannot be used; ``param`` names it. ``template`` is an English
    message with %(name)s placeholders filled from ``values``."""

    def __init__(self, param: str, template: str, **values: object) -> None:
        self.param = param
        self.template = template
        self.values = values
        super().__init__(f"{param}: {self.message}")

    @property
    def message(self) -> str:
        return self.template % self.values if self.values else self.template

    def translated(self, gettext: Callable[[str], str]) -> str:
        message = gettext(self.template)
        return message % self.values if self.values else message


@dataclass(frozen=True)
class BBox:
    min_lon: float
    min_lat: float
    max_lon: float
    max_lat: float

    def contains(self, lat: float, lon: float) -> bool:
        return self.min_lat <= lat <= self.max_lat and self.min_lon <= lon <= self.max_lon

    def intersect(self, other: BBox) -> BBox | None:
        box = BBox(
            max(self.min_lon, other.min_lon),
            max(self.min_lat, other.min_lat),
            min(self.max_lon, other.max_lon),
            min(self.max_lat, other.max_lat),
        )
        if box.min_lon > box.max_lon or box.min_lat > box.max_lat:
            return None
        return box

    @property
    def area_deg2(self) -> float:
        return (self.max_lon - self.min_lon) * (self.max_lat - self.min_lat)


@dataclass(frozen=True)
class Near:
    lat: float
    lon: float
    radius_km: float

    def bbox(self) -> BBox:
        """The smallest latitude/longitude box around the circle (clipped at the poles and at
        the antimeridian, where it widens to every longitude)."""
        dlat = math.degrees(self.radius_km / EARTH_RADIUS_KM)
        min_lat, max_lat = max(-90.0, self.lat - dlat), min(90.0, self.lat + dlat)
        if min_lat <= -90.0 or max_lat >= 90.0:
            return BBox(-180.0, min_lat, 180.0, max_lat)
        dlon = math.degrees(
            math.asin(
                min(
                    1.0,
                    math.sin(self.radius_km / EARTH_RADIUS_KM) / math.cos(math.radians(self.lat)),
                )
            )
        )
        min_lon, max_lon = self.lon - dlon, self.lon + dlon
        if min_lon < -180.0 or max_lon > 180.0:
            return BBox(-180.0, min_lat, 180.0, max_lat)
        return BBox(min_lon, min_lat, max_lon, max_lat)

    def distance_km(self, lat: float, lon: float) -> float:
        return haversine_km(self.lat, self.lon, lat, lon)


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def fold(text: str) -> str:
    """Lower case without accents: "Coopérative" → "cooperative"."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def terms(text: str) -> tuple[str, ...]:
    """The words of a query, folded, in order, without repeats (at most ``MAX_TERMS``)."""
    seen: dict[str, None] = {}
    for word in _WORD.findall(fold(text)):
        if word.strip("_"):
            seen.setdefault(word, None)
    return tuple(seen)[:MAX_TERMS]


@dataclass(frozen=True)
class SearchQuery:
    text: str = ""
    near: Near | None = None
    bbox: BBox | None = None
    filters: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    sort: Sort = "relevance"
    page: int = 1
    page_size: int = PAGE_SIZE
    # The slug of a federation or network: only its members (the embeddable widget uses it).
    member_of: str = ""
    # A town asked for as ``near``: the search resolves it to ``near``, with this radius.
    near_place: str = ""
    near_radius_km: float = 10.0
    # Achievements' uuids (canonical: lower case, hyphenated): only organizations holding a
    # valid label of one of them.
    labels: tuple[str, ...] = ()

    @property
    def terms(self) -> tuple[str, ...]:
        return terms(self.text)

    @property
    def area(self) -> BBox | None:
        """The box every result lies in: the bounding box, the circle's box, or both."""
        boxes = [b for b in (self.bbox, self.near.bbox() if self.near else None) if b]
        if not boxes:
            return None
        area: BBox | None = boxes[0]
        for box in boxes[1:]:
            area = area.intersect(box) if area else None
        return area

    @property
    def effective_sort(self) -> Sort:
        """Relevance needs words and distance needs a place; otherwise fall back to name."""
        if self.sort == "distance" and self.near is None:
            return "relevance" if self.terms else "name"
        if self.sort == "relevance" and not self.terms:
            return "distance" if self.near else "name"
        return self.sort


LATITUDE = gettext_noop("Latitude must be between %(low)s and %(high)s.")
LONGITUDE = gettext_noop("Longitude must be between %(low)s and %(high)s.")
RADIUS = gettext_noop("The radius must be between %(low)s and %(high)s km.")


def _float(param: str, raw: str, low: float, high: float, what: str) -> float:
    try:
        value = float(raw)
    except ValueError:
        raise QueryError(
            param, gettext_noop("%(value)s is not a number."), value=raw[:40]
        ) from None
    if not math.isfinite(value) or not low <= value <= high:
        raise QueryError(param, what, low=f"{low:g}", high=f"{high:g}")
    return value


def _one(params: Mapping[str, Sequence[str]], name: str) -> str:
    values = [v for v in params.get(name, ()) if v != ""]
    if len(values) > 1:
        raise QueryError(name, gettext_noop("Give it once."))
    return values[0].strip() if values else ""


def parse(params: Mapping[str, Sequence[str]], *, page_size: int = PAGE_SIZE) -> SearchQuery:
    """Parameters (each name → its values, as in a query string) → a checked query.

    ``q``; ``near=lat,lon`` with ``radius_km`` (default 10); ``bbox=minlon,minlat,maxlon,maxlat``;
    each facet name, repeatable (values of one facet are alternatives); ``label``, an
    achievement's uuid, repeatable likewise; ``member_of``; ``sort``; ``page``.
    """
    text = _one(params, "q")
    if len(text) > MAX_QUERY_LENGTH:
        raise QueryError("q", gettext_noop("At most %(n)s characters."), n=MAX_QUERY_LENGTH)
    if "\x00" in text:
        raise QueryError("q", gettext_noop("Null characters are not allowed."))

    near = None
    near_raw = _one(params, "near")
    near_place = ""
    radius_raw = _one(params, "radius_km")
    radius = _float("radius_km", radius_raw, 0.01, MAX_RADIUS_KM, RADIUS) if radius_raw else 10.0
    if near_raw and any(c.isalpha() and c not in "eE" for c in near_raw):
        # A place name: the search resolves it to the directory's own localities.
        if len(near_raw) > 100 or "\x00" in near_raw:
            raise QueryError("near", gettext_noop("At most %(n)s characters."), n=100)
        near_place = near_raw
    elif near_raw:
        parts = near_raw.split(",")
        if len(parts) != 2:
            raise QueryError(
                "near", gettext_noop("Give a town, or latitude,longitude such as 51.48,-3.18.")
            )
        lat = _float("near", parts[0], -90, 90, LATITUDE)
        lon = _float("near", parts[1], -180, 180, LONGITUDE)
        near = Near(lat, lon, radius)
    elif radius_raw:
        raise QueryError(
            "radius_km", gettext_noop("A radius needs a place to measure from (near).")
        )

    bbox = None
    bbox_raw = _one(params, "bbox")
    if bbox_raw:
        parts = bbox_raw.split(",")
        if len(parts) != 4:
            raise QueryError("bbox", gettext_noop("Give it as min_lon,min_lat,max_lon,max_lat."))
        min_lon = _float("bbox", parts[0], -180, 180, LONGITUDE)
        min_lat = _float("bbox", parts[1], -90, 90, LATITUDE)
        max_lon = _float("bbox", parts[2], -180, 180, LONGITUDE)
        max_lat = _float("bbox", parts[3], -90, 90, LATITUDE)
        if min_lon > max_lon or min_lat > max_lat:
            raise QueryError("bbox", gettext_noop("The minimum must come before the maximum."))
        bbox = BBox(min_lon, min_lat, max_lon, max_lat)

    filters: dict[str, tuple[str, ...]] = {}
    for name in FACETS:
        values = tuple(dict.fromkeys(v.strip() for v in params.get(name, ()) if v.strip()))
        if len(values) > MAX_VALUES_PER_FACET:
            raise QueryError(name, gettext_noop("At most %(n)s values."), n=MAX_VALUES_PER_FACET)
        if any(len(v) > 200 or "\x00" in v for v in values):
            raise QueryError(name, gettext_noop("A value is too long or holds a null character."))
        if name == "country":
            values = tuple(v.upper() for v in values)
        if values:
            filters[name] = values

    labels = _labels(params.get(LABEL, ()))

    sort_raw = _one(params, "sort") or "relevance"
    if sort_raw not in SORTS:
        raise QueryError("sort", gettext_noop("One of %(choices)s."), choices=", ".join(SORTS))
    if sort_raw == "distance" and near is None and not near_place:
        raise QueryError("sort", gettext_noop("Sorting by distance needs a place (near)."))

    member_of = _one(params, "member_of")
    if member_of and not re.fullmatch(r"[-a-zA-Z0-9_]{1,80}", member_of):
        raise QueryError(
            "member_of", gettext_noop("The short name of an organization, e.g. coops-uk.")
        )

    page_raw = _one(params, "page") or "1"
    if not page_raw.isdigit() or not 1 <= int(page_raw) <= MAX_PAGE:
        raise QueryError("page", gettext_noop("A page number from 1 to %(n)s."), n=MAX_PAGE)

    return SearchQuery(
        text=text,
        near=near,
        bbox=bbox,
        filters=filters,
        sort=sort_raw,  # type: ignore[arg-type]
        page=int(page_raw),
        page_size=page_size,
        member_of=member_of,
        near_place=near_place,
        near_radius_km=radius,
        labels=labels,
    )


def _labels(raw: Sequence[str]) -> tuple[str, ...]:
    """Achievements' uuids, checked and written one way, so that a label asked for in capitals
    or without hyphens is the same facet value as the one the search counts."""
    values = tuple(dict.fromkeys(v.strip() for v in raw if v.strip()))
    if len(values) > MAX_VALUES_PER_FACET:
        raise QueryError(LABEL, gettext_noop("At most %(n)s values."), n=MAX_VALUES_PER_FACET)
    labels = []
    for value in values:
        if not re.fullmatch(LABEL_PATTERN, value):
            raise QueryError(
                LABEL,
                gettext_noop("%(value)s is not the identifier of a label."),
                value=value[:40],
            )
        labels.append(str(uuid.UUID(value)))
    return tuple(dict.fromkeys(labels))
