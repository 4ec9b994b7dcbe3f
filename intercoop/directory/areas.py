"""Groups a country's regions, as the directory stores them, into the larger areas people look
for first: for the United Kingdom, nation, then (in England) region, then local authority.

The grouping of each country is a data file, ``data/areas/<COUNTRY>.json``; a country without
one is listed flat. A region the file does not name is listed after the groups, so a new name in
an import is never hidden.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

AREAS_DIR = Path(__file__).resolve().parent / "data" / "areas"

# The names of the areas in the data files, translated.
NAMES = {
    "England": _("England"),
    "Scotland": _("Scotland"),
    "Wales": _("Wales"),
    "Northern Ireland": _("Northern Ireland"),
    "North East": pgettext_lazy("region of England", "North East"),
    "North West": pgettext_lazy("region of England", "North West"),
    "Yorkshire and The Humber": _("Yorkshire and The Humber"),
    "East Midlands": _("East Midlands"),
    "West Midlands": _("West Midlands"),
    "East of England": _("East of England"),
    "London": _("London"),
    "South East": pgettext_lazy("region of England", "South East"),
    "South West": pgettext_lazy("region of England", "South West"),
}


@dataclass
class Area:
    """A nation or region: its name, its organizations, and what it holds."""

    name: str
    anchor: str
    count: int = 0
    regions: list[tuple[str, int]] = field(default_factory=list)  # (stored region, count)
    parts: list[Area] = field(default_factory=list)


@cache
def _groups(country: str) -> dict[str, dict[str, list[str]]]:
    path = AREAS_DIR / f"{country}.json"
    if not country.isalpha() or not path.is_file():
        return {}
    groups: dict[str, dict[str, list[str]]] = json.loads(path.read_text("utf-8"))["groups"]
    return groups


def has_groups(country: str) -> bool:
    return bool(_groups(country))


def _anchor(*names: str) -> str:
    return "-".join("".join(c if c.isalnum() else "-" for c in n.lower()) for n in names if n)


def grouped(country: str, rows: list[tuple[str, int]]) -> tuple[list[Area], list[tuple[str, int]]]:
    """The areas of ``country`` with their regions from ``rows`` ((region, count), as
    ``stats.regions`` gives them), largest first, without empty ones; and the rows no area
    holds."""
    counts = dict(rows)
    placed: set[str] = set()
    nations = []
    for nation, parts in _groups(country).items():
        area = Area(name=str(NAMES.get(nation, nation)), anchor=_anchor(nation))
        for part, names in parts.items():
            regions = sorted(
                ((n, counts[n]) for n in names if counts.get(n)), key=lambda r: (-r[1], r[0])
            )
            placed.update(n for n, _ in regions)
            total = sum(n for _, n in regions)
            if not total:
                continue
            if part:
                area.parts.append(
                    Area(
                        name=str(NAMES.get(part, part)),
                        anchor=_anchor(nation, part),
                        count=total,
                        regions=regions,
                    )
                )
            else:
                area.regions.extend(regions)
            area.count += total
        area.parts.sort(key=lambda a: (-a.count, a.name))
        if area.count:
            nations.append(area)
    nations.sort(key=lambda a: (-a.count, a.name))
    return nations, [(region, n) for region, n in rows if region not in placed]
