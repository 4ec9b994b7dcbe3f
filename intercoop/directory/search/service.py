"""Runs a SearchQuery against the database's indexes (in progress)."""

from __future__ import annotations

from dataclasses import dataclass, field

from intercoop.directory.search.query import SearchQuery
from intercoop.organizations.models import Organization


@dataclass
class SearchResult:
    query: SearchQuery
    count: int
    page: int
    pages: int
    # The page's organizations, in order; each has ``distance_km`` (None without ``near``).
    organizations: list[Organization]
    # Facet name → [(value, count)], largest count first, over every result (not one page).
    facets: dict[str, list[tuple[str, int]]] = field(default_factory=dict)
    # Every result's (id, latitude, longitude) with a place, at most MAP_POINTS of them.
    points: list[tuple[int, float, float]] = field(default_factory=list)
    explain: str = ""


def search(query: SearchQuery) -> SearchResult:
    raise NotImplementedError


def facet_counts(query: SearchQuery) -> tuple[int, dict[str, list[tuple[str, int]]]]:
    raise NotImplementedError
