from __future__ import annotations

from collections.abc import Callable
from typing import Annotated

from django.http import Http404, HttpRequest
from django.utils.translation import get_language
from ninja import Field, Path, Router, Schema

from intercoop.api.errors import errors
from intercoop.directory import search, stats, vocabularies
from intercoop.directory.search.labels import facet_label
from intercoop.directory.selectors import attributions
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


class ExportParams(Schema):
    """What a search asks for: the words, place, area and facets (an export takes these)."""

    q: str = Field("", description="Words to find, accents and case ignored.", max_length=200)
    near: str = Field(
        "", description="A place, as latitude,longitude (e.g. `51.48,-3.18`).", max_length=60
    )
    radius_km: str = Field(
        "", description="Distance from `near`, in km (default 10, at most 1000).", max_length=20
    )
    bbox: str = Field(
        "",
        description="An area, as min_lon,min_lat,max_lon,max_lat (e.g. `-0.3,51.4,0.1,51.6`).",
        max_length=120,
    )
    activity: list[str] = Field([], description="ICA activity codes (ESSGlobal), e.g. ICA210.")
    structure: list[str] = Field([], description="Organisational structure codes (ESSGlobal).")
    membership_type: list[str] = Field([], description="Membership type codes (ESSGlobal).")
    legal_form: list[str] = Field([], description="Legal forms, as registered.")
    kind: list[str] = Field([], description="`coop` or `ally`.")
    region: list[str] = Field([], description="Region names.")
    country: list[str] = Field([], description="ISO 3166-1 codes, e.g. GB.")
    member_of: str = Field(
        "", description="Short name of a federation or network: only its members.", max_length=80
    )


class SearchParams(ExportParams):
    sort: str = Field(
        "relevance", description="`relevance` (needs `q`), `distance` (needs `near`) or `name`."
    )
    page: int = Field(1, ge=1, le=1000, description="Page number, from 1.")


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
        ..., description="For each facet, its values over every result, largest count first."
    )
    attribution: list[str] = Field(
        ..., description="Attributions and licences that the listed records require."
    )


def search_organizations(params: SearchParams) -> OrganizationSearchOut:
    """Run the search an API request asks for; a bad parameter raises search.QueryError."""
    raw = params.model_dump()
    query = search.parse(
        {
            name: value if isinstance(value, list) else [str(value)]
            for name, value in raw.items()
            if value not in ("", [], None)
        },
        page_size=PAGE_SIZE,
    )
    result = search.search(query)
    language = get_language() or "en"
    return OrganizationSearchOut(
        count=result.count,
        page=result.page,
        pages=result.pages,
        results=[
            OrganizationHitOut.model_validate(org, from_attributes=True)
            for org in result.organizations
        ],
        facets={
            facet: [
                FacetValueOut(value=v, label=facet_label(facet, v, language), count=n)
                for v, n in values
            ]
            for facet, values in result.facets.items()
        },
        attribution=[a.text for a in attributions(result.organizations)],
    )


PAGE_SIZE = 50
