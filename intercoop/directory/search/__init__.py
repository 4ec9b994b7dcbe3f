"""Directory search: free text, place and facets, on SQLite and PostgreSQL.

``service.search(query)`` is the one entry point, used by the search page, the widget and the
API; ``query.parse`` makes its query from a request's parameters, and ``planner`` chooses the
index a search starts from. See docs/directory.md ("Search") for the index strategy.

This package's ``__init__`` imports nothing: importing the planner, which is pure Python, runs
it, and must not bring in Django (an import contract in pyproject.toml checks it). Import each
name from its module.
"""
