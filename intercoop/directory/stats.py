"""Region statistics, read from the trigger-maintained FacetCount and RegionCount tables, never
from a scan."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Sum

from intercoop.directory import selectors
from intercoop.directory.models import FacetCount, RegionCount
from intercoop.directory.selectors import Attribution
from intercoop.organizations.models import Organization


@dataclass(frozen=True)
class RegionStats:
    country: str
    region: str
    total: int
    by_kind: dict[str, int] = field(default_factory=dict)
    by_activity: dict[str, int] = field(default_factory=dict)
    by_structure: dict[str, int] = field(default_factory=dict)


def region_stats(*, country: str, region: str) -> RegionStats:
    """Organizations of one region that are not dissolved, in total and by kind, ICA activity
    and organisational structure: a few dozen rows of the facet counts, whatever the size of
    the directory."""
    # Plain SQL on the unique index (country, region, facet, value): building the same query
    # with the ORM costs more than running it.
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT facet, value, count FROM {FacetCount._meta.db_table} "  # noqa: S608
            "WHERE country = %s AND region = %s AND facet IN ('kind', 'activity', 'structure') "
            "AND count > 0",
            [country, region],
        )
        rows = cursor.fetchall()
    by: dict[str, dict[str, int]] = {"kind": {}, "activity": {}, "structure": {}}
    for facet, value, n in rows:
        by[facet][value] = n

    def ranked(counts: dict[str, int]) -> dict[str, int]:
        return dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))

    return RegionStats(
        country=country,
        region=region,
        total=sum(by["kind"].values()),
        by_kind=ranked(by["kind"]),
        by_activity=ranked(by["activity"]),
        by_structure=ranked(by["structure"]),
    )


def regions(*, country: str) -> list[tuple[str, int]]:
    """The regions of a country with their number of organizations, largest first."""
    rows = (
        RegionCount.objects.filter(country=country, count__gt=0)
        .exclude(status=Organization.Status.DISSOLVED)
        .values_list("region")
        .annotate(n=Sum("count"))
        .order_by("-n", "region")
    )
    return [(region, int(n)) for region, n in rows]


def attributions(*, country: str, region: str) -> list[Attribution]:
    """The attributions (with licences) that a region's imported records require."""
    sources = (
        Organization.objects.filter(country=country, region=region)
        .exclude(source_attribution="")
        .values("source", "source_attribution", "source_licence")
        .distinct()
    )
    return selectors.attributions(Organization(**source) for source in sources)


def countries() -> list[tuple[str, int]]:
    """Countries with organizations (not dissolved), largest first."""
    rows = (
        RegionCount.objects.filter(count__gt=0)
        .exclude(status=Organization.Status.DISSOLVED)
        .exclude(country="")
        .values_list("country")
        .annotate(n=Sum("count"))
        .order_by("-n", "country")
    )
    return [(country, int(n)) for country, n in rows]
