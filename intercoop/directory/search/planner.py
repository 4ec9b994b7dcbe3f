"""Which index a directory search starts from. Pure Python: no Django, no SQL.

A search combines up to four kinds of condition: words, an area (a box, or a circle and its
box), facet values and membership of a network. Each kind has its index, and a query is fast
when it starts from the index that yields the fewest organizations and checks the rest on
those few rows. Starting from the wrong one is what makes "a naive full-text join with a
geographic filter" tens of times slower.

- Words always start the search when there are any: the full-text index (FTS5 or GIN) also
  holds the H3 cell tokens of every place (see organizations.places) and a token of each facet
  value (see search.tokens), so "words in an area with this activity" is one index
  intersection of the words, the cells covering the area and the activity's token, and no
  other index can be cheaper to read than that intersection. Only an area too large for a few
  cells is left to the coordinate check; the facet values and the coordinates of every match
  are still checked exactly on its row. The facet tokens pay only when the words (in the area)
  match many organizations: intersecting a rare word with a facet value that a quarter of the
  directory has costs more than checking the word's few matches. On SQLite the executor counts
  the words' matches up to ``FACET_TOKENS_FROM`` first (a capped lookup in the full-text
  index); PostgreSQL, whose GIN index has no capped count, always uses the tokens.
- Without words, the executor measures each remaining condition (facet counts come from the
  maintained facet table, an area is counted in the R*Tree up to the smallest other count) and
  the plan starts from the smallest.
- Counts and facet counts of a query that only narrows by country or region are read from the
  maintained facet table, not computed from rows.
- Labels asked for (valid credentials of some achievements held by organizations) are few in
  any directory: without words they start the search when their count is the smallest, as a
  network's members do; with words they are checked on each match, like the members.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

Driver = Literal["text", "area", "facet", "members", "labels", "all"]

# Matches of the words (in the area's cells) from which the facet tokens narrow the full-text
# lookup: measured on the 3M benchmark directory (docs/benchmarks.md), below about 4,000 the
# tokens cost more than they save.
FACET_TOKENS_FROM = 4000

# Facets whose counts the maintained table holds per region: a query narrowed only by these
# has its counts read from the table.
PLACE_FACETS = frozenset({"country", "region"})


@dataclass(frozen=True)
class Shape:
    """What a query asks for, without the values: enough to plan it."""

    has_text: bool = False
    has_area: bool = False
    area_cells: bool = False  # the area is covered by few enough H3 cells
    facets: frozenset[str] = frozenset()
    has_members: bool = False
    has_labels: bool = False


@dataclass(frozen=True)
class Estimates:
    """Measured sizes, for the conditions a plan may start from (absent = not measured)."""

    area: int | None = None
    text: int | None = None  # the words' matches (in the area's cells), counted up to a cap
    facets: Mapping[str, int] = field(default_factory=dict)
    members: int | None = None
    labels: int | None = None


@dataclass(frozen=True)
class Plan:
    driver: Driver
    driver_facet: str = ""  # the facet the plan starts from, when driver == "facet"
    text_with_cells: bool = False  # the full-text lookup also intersects the area's cells
    text_with_facets: bool = False  # … and the tokens of the facet values asked for
    counts_from_table: bool = False  # count and facet counts come from the maintained table
    steps: tuple[str, ...] = ()

    def explain(self) -> str:
        return " → ".join(self.steps)


def needs_estimates(shape: Shape) -> bool:
    """Whether ``plan`` needs measured sizes: only when there are no words and more than one
    kind of condition to choose from."""
    kinds = (
        int(shape.has_area)
        + int(bool(shape.facets))
        + int(shape.has_members)
        + int(shape.has_labels)
    )
    return not shape.has_text and kinds > 1


def plan(shape: Shape, estimates: Estimates | None = None) -> Plan:
    checks = _checks(shape)
    counts_from_table = (
        not shape.has_text
        and not shape.has_area
        and not shape.has_members
        and not shape.has_labels
        and shape.facets <= PLACE_FACETS
    )
    if shape.has_text:
        cells = shape.has_area and shape.area_cells
        text_matches = estimates.text if estimates else None
        facets = bool(shape.facets) and (text_matches is None or text_matches >= FACET_TOKENS_FROM)
        first = "full text" + (" ∩ area cells" if cells else "")
        first += " ∩ facet tokens" if facets else ""
        if text_matches is not None:
            first += f" (words ~{text_matches})"
        rest = [c for c in checks if c != "area" or not cells] + (["area (exact)"] if cells else [])
        return Plan(
            "text",
            text_with_cells=cells,
            text_with_facets=facets,
            steps=(first, *rest),
        )

    options: list[tuple[int, int, Driver, str]] = []
    est = estimates or Estimates()
    if shape.has_labels:
        options.append((_size(est.labels), 0, "labels", ""))
    if shape.has_members:
        options.append((_size(est.members), 0, "members", ""))
    for name in sorted(shape.facets):
        options.append((_size(est.facets.get(name)), 1, "facet", name))
    if shape.has_area:
        options.append((_size(est.area), 2, "area", ""))
    if not options:
        return Plan("all", counts_from_table=True, steps=("all organizations",))
    size, _, driver, facet = min(options)
    first = f"facet {facet}" if driver == "facet" else driver
    rest = [c for c in checks if c != first]
    return Plan(
        driver,
        driver_facet=facet,
        counts_from_table=counts_from_table,
        steps=(f"{first} (~{size})" if size < _UNKNOWN else first, *rest),
    )


_UNKNOWN = 1 << 62


def _size(value: int | None) -> int:
    return _UNKNOWN if value is None else value


def _checks(shape: Shape) -> list[str]:
    checks = []
    if shape.has_labels:
        checks.append("labels")
    if shape.has_members:
        checks.append("members")
    checks.extend(f"facet {f}" for f in sorted(shape.facets))
    if shape.has_area:
        checks.append("area")
    return checks
