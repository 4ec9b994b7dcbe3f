from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any, Literal

from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import get_language, gettext
from ninja import Field, Path, Query, Router, Schema
from pydantic import StringConstraints

from intercoop.api.answers import json_answer
from intercoop.api.errors import errors
from intercoop.api.types import NO_NUL
from intercoop.core.errors import error_response
from intercoop.core.ratelimit import client_address, rate_limit
from intercoop.directory import stats
from intercoop.directory.search.labels import achievement_labels, facet_label
from intercoop.directory.search.query import (
    FACETS,
    LABEL,
    LABEL_PATTERN,
    MAX_PAGE,
    MAX_QUERY_LENGTH,
    MAX_VALUES_PER_FACET,
    QueryError,
    SearchQuery,
    parse,
)
from intercoop.directory.search.service import search
from intercoop.directory.selectors import source_attributions
from intercoop.organizations import vocabularies
from intercoop.organizations.api import router as organizations_router
from intercoop.organizations.models import Organization

router = Router(tags=["regions"])

CountryCode = Annotated[str, Path(pattern="^[A-Za-z]{2}$", description="ISO 3166-1 code, e.g. GB.")]


class RegionOut(Schema):
    region: str
    count: int


class CountOut(Schema):
    code: str
    label: str
    count: int


class RegionStatsOut(Schema):
    country: str
    region: str
    total: int = Field(..., description="Organizations that are not dissolved.")
    by_kind: list[CountOut]
    by_activity: list[CountOut]
    by_structure: list[CountOut]
    attribution: list[str]


def _counts(counts: dict[str, int], label: Callable[[str], str]) -> list[CountOut]:
    return [CountOut(code=c, label=label(c), count=n) for c, n in counts.items()]


@router.get(
    "/{country}",
    response={200: list[RegionOut], **errors(422)},
    operation_id="regions_list",
    auth=None,
    summary="The regions of a country, with their number of organizations",
)
def regions_list(request: HttpRequest, country: CountryCode) -> list[RegionOut]:
    return [RegionOut(region=r, count=n) for r, n in stats.regions(country=country.upper())]


@router.get(
    "/{country}/{region}",
    response={200: RegionStatsOut, **errors(404, 422)},
    operation_id="regions_stats",
    auth=None,
    summary="How many organizations a region has, by kind, activity and structure",
)
def regions_stats(request: HttpRequest, country: CountryCode, region: str) -> RegionStatsOut:
    result = stats.region_stats(country=country.upper(), region=region)
    if result.total == 0:
        raise Http404
    language = get_language() or "en"
    kinds = dict(Organization.Kind.choices)
    return RegionStatsOut(
        country=result.country,
        region=result.region,
        total=result.total,
        by_kind=_counts(result.by_kind, lambda c: str(kinds.get(c, c))),
        by_activity=_counts(
            result.by_activity, lambda c: vocabularies.label("activity", c, language) if c else ""
        ),
        by_structure=_counts(
            result.by_structure,
            lambda c: vocabularies.label("structure", c, language) if c else "",
        ),
        attribution=[
            a.text for a in stats.attributions(country=result.country, region=result.region)
        ],
    )


# --- Organization search (served at GET /api/v1/organizations by the organizations router) ---


# The forms of the search parameters, in the schema: a request of these forms is searched, and
# only an unknown ``member_of`` is refused (404). See ``search_query`` for the combinations
# that a query string's schema cannot describe.
_LAT = r"-?(90(\.0{1,8})?|[1-8]?[0-9](\.[0-9]{1,8})?)"
_LON = r"-?(180(\.0{1,8})?|(1[0-7][0-9]|[1-9]?[0-9])(\.[0-9]{1,8})?)"
# A value with a letter other than e or E (which a number may hold) is a place name.
_LETTER = (
    "A-DF-Za-df-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f"
    "\u0391-\u03a1\u03a3-\u03a9\u03b1-\u03c9\u0410-\u044f"
)
NEAR = rf"^(|{_LAT},{_LON}|[^\x00]*[{_LETTER}][^\x00]*)$"
RADIUS = r"^(|1000(\.0{1,6})?|[1-9][0-9]{0,2}(\.[0-9]{1,6})?|0\.(0[1-9]|[1-9])[0-9]{0,4})$"
BBOX = rf"^(|{_LON},{_LAT},{_LON},{_LAT})$"
FacetValues = Annotated[
    list[Annotated[str, StringConstraints(max_length=200, pattern=NO_NUL)]],
    Field(max_length=MAX_VALUES_PER_FACET),
]
LabelValues = Annotated[
    list[Annotated[str, StringConstraints(pattern=LABEL_PATTERN)]],
    Field(max_length=MAX_VALUES_PER_FACET),
]


class ExportParams(Schema):
    """What a search asks for: the words, place, area and facets (an export takes these)."""

    q: str = Field(
        "",
        description="Words to find, accents and case ignored.",
        max_length=MAX_QUERY_LENGTH,
        pattern=NO_NUL,
    )
    near: str = Field(
        "",
        description=(
            "A town, or a place as latitude,longitude (e.g. `51.48,-3.18`). A town where the "
            "directory has no organization is a 404."
        ),
        max_length=60,
        pattern=NEAR,
    )
    radius_km: str = Field(
        "",
        description="Distance from `near`, in km (default 10, at most 1000); ignored without it.",
        max_length=20,
        pattern=RADIUS,
    )
    bbox: str = Field(
        "",
        description=(
            "An area, as min_lon,min_lat,max_lon,max_lat (e.g. `-0.3,51.4,0.1,51.6`). A minimum "
            "above its maximum is an empty area: nothing is in it."
        ),
        max_length=120,
        pattern=BBOX,
    )
    activity: FacetValues = Field([], description="ICA activity codes (ESSGlobal), e.g. ICA210.")
    structure: FacetValues = Field([], description="Organisational structure codes (ESSGlobal).")
    membership_type: FacetValues = Field([], description="Membership type codes (ESSGlobal).")
    legal_form: FacetValues = Field([], description="Legal forms, as registered.")
    kind: FacetValues = Field([], description="`coop` or `ally`.")
    region: FacetValues = Field([], description="Region names.")
    country: FacetValues = Field([], description="ISO 3166-1 codes, e.g. GB.")
    label: LabelValues = Field(
        [],
        description=(
            "Achievements' uuids (verifiable labels): only organizations that hold a label of "
            "one of them that is valid now (not revoked, suspended or expired). One that is not "
            "an achievement of this site is a 404."
        ),
    )
    member_of: str = Field(
        "",
        description=(
            "Short name of a federation or network: only its members. An unknown one is a 404."
        ),
        max_length=80,
        pattern=r"^[-a-zA-Z0-9_]*$",
    )


class SearchParams(ExportParams):
    sort: Literal["relevance", "distance", "name"] = Field(
        "relevance",
        description=(
            "`relevance` (by the words of `q`), `distance` (from `near`; without it, relevance) "
            "or `name`."
        ),
    )
    page: int = Field(1, ge=1, le=MAX_PAGE, description="Page number, from 1.")


def search_query(params: ExportParams, *, page_size: int = 20) -> SearchQuery | None:
    """The search the parameters ask for, or None when it can find nothing (an empty area).

    The schema gives each parameter's form; what it cannot say of two parameters together is
    settled here rather than refused, so that every request of the documented forms is
    answered: a radius without a place, or a sort by distance without one, are left out.
    Raises QueryError for an unknown ``member_of`` (when the search runs)."""
    raw = {
        name: value if isinstance(value, list) else [str(value)]
        for name, value in params.model_dump().items()
        if value not in ("", [], None)
    }
    if "near" not in raw:
        raw.pop("radius_km", None)
        if raw.get("sort") == ["distance"]:
            del raw["sort"]
    if "bbox" in raw:
        min_lon, min_lat, max_lon, max_lat = (float(v) for v in raw["bbox"][0].split(","))
        if min_lon > max_lon or min_lat > max_lat:
            return None
    return parse(raw, page_size=page_size)


def query_refused(request: HttpRequest, exc: QueryError) -> HttpResponse:
    """A refusal of ``member_of``, ``near`` or ``label``, whose forms the schema has checked, is
    of a network, a town or an achievement the directory does not hold (404); any other says
    which parameter it is about (422)."""
    message = exc.translated(gettext)
    details = [{"loc": ["query", exc.param], "msg": message}]
    if exc.param in ("member_of", "near", LABEL):
        return error_response(request, 404, "not_found", message, details)
    return error_response(request, 422, "invalid_query", message, details)


class FacetValueOut(Schema):
    value: str
    label: str
    count: int


class OrganizationHitOut(Schema):
    id: int
    slug: str
    name: str
    kind: str
    status: str
    description: str
    description_language: str
    website: str
    legal_form: str
    activity: str
    structure: str
    membership_type: str
    locality: str
    region: str
    country: str
    latitude: float | None
    longitude: float | None
    distance_km: float | None = Field(None, description="From `near`, when given.")


class OrganizationSearchOut(Schema):
    count: int = Field(..., description="Every result, on all pages.")
    page: int
    pages: int
    results: list[OrganizationHitOut]
    facets: dict[str, list[FacetValueOut]] = Field(
        ...,
        description=(
            "For each facet, its values over every result, largest count first; `label` gives "
            "the achievements whose valid labels the results hold, and how many results hold "
            "each."
        ),
    )
    attribution: list[str] = Field(
        ..., description="Attributions and licences that the listed records require."
    )


def search_organizations(params: SearchParams) -> dict[str, Any]:
    """Run the search an API request asks for and give its answer as JSON data, exactly as
    ``OrganizationSearchOut`` writes it (same keys in the same order, same types); a bad
    parameter raises QueryError.

    The answer is built from the search's rows (no models) without the schemas: validating
    every organization and facet value through django-ninja's schemas took half of the
    request's time, and every value here already has the schema's type (str, int, float or
    None; a coordinate or distance is made a float, as the schema's ``float`` would).
    test_search_api_answer_is_what_its_schemas_give compares the two."""
    query = search_query(params, page_size=PAGE_SIZE)
    if query is None:
        return _search_answer(0, params.page, 1, [], {facet: [] for facet in (*FACETS, LABEL)}, [])
    result = search(query, rows=True)
    language = get_language() or "en"
    # The labels' names are read only when the results hold some: most directories have none.
    labels = achievement_labels([v for v, _n in result.facets.get(LABEL, [])], language)
    return _search_answer(
        result.count,
        result.page,
        result.pages,
        [_hit(row) for row in result.rows],
        {
            facet: [
                {
                    "value": v,
                    "label": labels.get(v, v)
                    if facet == LABEL
                    else facet_label(facet, v, language),
                    "count": n,
                }
                for v, n in values
            ]
            for facet, values in result.facets.items()
        },
        [
            a.text
            for a in source_attributions(
                (row["source"], row["source_attribution"], row["source_licence"])
                for row in result.rows
            )
        ],
    )


def _search_answer(
    count: int,
    page: int,
    pages: int,
    results: list[dict[str, Any]],
    facets: dict[str, list[dict[str, Any]]],
    attribution: list[str],
) -> dict[str, Any]:
    """``OrganizationSearchOut``'s fields, in its order."""
    return {
        "count": count,
        "page": page,
        "pages": pages,
        "results": results,
        "facets": facets,
        "attribution": attribution,
    }


def _float(value: float | None) -> float | None:
    return None if value is None else float(value)


def _hit(row: dict[str, Any]) -> dict[str, Any]:
    """``OrganizationHitOut``'s fields, in its order."""
    return {
        "id": row["id"],
        "slug": row["slug"],
        "name": row["name"],
        "kind": row["kind"],
        "status": row["status"],
        "description": row["description"],
        "description_language": row["description_language"],
        "website": row["website"],
        "legal_form": row["legal_form"],
        "activity": row["activity"],
        "structure": row["structure"],
        "membership_type": row["membership_type"],
        "locality": row["locality"],
        "region": row["region"],
        "country": row["country"],
        "latitude": _float(row["latitude"]),
        "longitude": _float(row["longitude"]),
        "distance_km": _float(row["distance_km"]),
    }


PAGE_SIZE = 50


# The search is the directory's; its operation answers GET /organizations, on the organizations'
# router beside the registry's operations there (the router's tag, "organizations", is its tag).
@organizations_router.get(
    "",
    response={200: OrganizationSearchOut, **errors(404, 422, 429)},
    operation_id="organizations_list",
    auth=None,
    summary="Search organizations: words, place, area and facets, with facet counts",
)
def organizations_list(request: HttpRequest, params: Query[SearchParams]) -> HttpResponse:
    rate_limit("search", client_address(request))
    try:
        answer = search_organizations(params)
    except QueryError as exc:
        return query_refused(request, exc)
    # Written as OrganizationSearchOut would be, without validating each result through it.
    return json_answer(request, answer)
