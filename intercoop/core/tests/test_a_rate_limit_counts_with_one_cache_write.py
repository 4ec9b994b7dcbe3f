"""A rate limit counts a hit with one write to the cache (the search API's limit was
an ``add`` and an ``incr``, two write transactions on the database cache, for every search), and
its counter lasts as long as its window, whatever the cache: the database cache's ``incr``
wrote an hour's counter back with the cache's default timeout of 5 minutes, after which the
hour's count started again from zero."""

from __future__ import annotations

import time
from datetime import UTC, datetime

import pytest
from django.conf import LazySettings
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from intercoop.core.ratelimit import RateLimited, rate_limit
from intercoop.env import Rate

pytestmark = pytest.mark.django_db

DATABASE = {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "intercoop_cache"}
MEMORY = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "rate-limits"}


def _cache_statements(queries: CaptureQueriesContext) -> list[str]:
    return [q["sql"] for q in queries.captured_queries if "intercoop_cache" in q["sql"]]


def _writes(statements: list[str]) -> list[str]:
    return [s for s in statements if s.lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))]


def test_each_search_writes_its_counter_once(settings: LazySettings) -> None:
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "search": Rate(120, 60)}
    for hit in ("first", "second", "third"):
        with CaptureQueriesContext(connection) as queries:
            rate_limit("search", "192.0.2.1")
        statements = _cache_statements(queries)
        assert len(_writes(statements)) == 1, (hit, statements)
        assert len(statements) <= 4, (hit, statements)


def test_an_hours_counter_lasts_the_hour_on_the_database_cache(settings: LazySettings) -> None:
    # A day's window, so that the test does not run in its last 5 minutes
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "export": Rate(3, 86400)}
    for _ in range(2):
        rate_limit("export", "192.0.2.2")
    window_end = (time.time() // 86400 + 1) * 86400
    with connection.cursor() as cursor:
        key = "%intercoop:rl:export:%"
        cursor.execute("SELECT expires FROM intercoop_cache WHERE cache_key LIKE %s", [key])
        (expires,) = cursor.fetchone()
    if isinstance(expires, str):  # SQLite
        expires = datetime.fromisoformat(expires)
    if expires.tzinfo is None:
        expires = expires.replace(tzinfo=UTC)
    assert expires.timestamp() >= window_end


@pytest.mark.parametrize("backend", [DATABASE, MEMORY], ids=["database-cache", "memory-cache"])
def test_the_limit_is_exact_on_every_cache(settings: LazySettings, backend: dict[str, str]) -> None:
    settings.CACHES = {"default": backend}
    cache.clear()
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "search": Rate(5, 3600)}
    for _ in range(5):
        rate_limit("search", "192.0.2.3")
    for _ in range(2):  # refused hits count too: the limit holds until the window ends
        with pytest.raises(RateLimited):
            rate_limit("search", "192.0.2.3")
    # count=False checks without counting
    with pytest.raises(RateLimited):
        rate_limit("search", "192.0.2.3", count=False)
    rate_limit("search", "192.0.2.4", count=False)
    for _ in range(5):
        rate_limit("search", "192.0.2.4")
    with pytest.raises(RateLimited):
        rate_limit("search", "192.0.2.4")
