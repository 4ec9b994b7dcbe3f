"""Directory search: free text, place and facets, on SQLite and PostgreSQL.

``search(query)`` is the one entry point, used by the search page, the widget and the API.
See docs/directory.md ("Search") and DESIGN.md for the index strategy.
"""

from intercoop.directory.search.query import (
    FACETS,
    BBox,
    Near,
    QueryError,
    SearchQuery,
    parse,
)
from intercoop.directory.search.service import SearchResult, facet_counts, search

__all__ = [
    "FACETS",
    "BBox",
    "Near",
    "QueryError",
    "SearchQuery",
    "SearchResult",
    "facet_counts",
    "parse",
    "search",
]
