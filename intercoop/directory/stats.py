"""Region statistics, read from the trigger-maintained RegionCount table, never from a scan."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Sum

from intercoop.directory import selectors
from intercoop.directory.models import RegionCount
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


def _grouped(rows: Sequence[Mapping[str, Any]], key: str) -> dict[str, int]:
    out: dict[str, int] = {}
    for row in rows:
        value = str(row[key])
        out[value] = out.get(value, 0) + int(row["n"])
    return dict(sorted(((k, v) for k, v in out.items() if v), key=lambda kv: (-kv[1], kv[0])))


def region_stats(*, country: str, region: str) -> RegionStats:
    """Organizations of one region that are not dissolved, in total and by kind, ICA activity
    and organisational structure."""
    rows = list(
        RegionCount.objects.filter(country=country, region=region, count__gt=0)
        .exclude(status=Organization.Status.DISSOLVED)
        .values("kind", "activity", "structure")
        .annotate(n=Sum("count"))
    )
    return RegionStats(
        country=country,
        region=region,
        total=sum(int(r["n"]) for r in rows),
        by_kind=_grouped(rows, "kind"),
        by_activity=_grouped(rows, "activity"),
        by_structure=_grouped(rows, "structure"),
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
