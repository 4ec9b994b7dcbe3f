from __future__ import annotations

from collections.abc import Callable
from typing import Annotated

from django.http import Http404, HttpRequest
from django.utils.translation import get_language
from ninja import Field, Path, Router, Schema

from intercoop.api.errors import errors
from intercoop.directory import stats, vocabularies
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
