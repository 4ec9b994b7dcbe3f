"""Without Redis, the database cache holds the rate limits' counters: Django's default of 300
entries would delete live ones (the smallest keys first) as soon as more addresses had been
counted."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.core.cache.backends.db import DatabaseCache

pytestmark = pytest.mark.django_db


def test_a_live_counter_survives_a_thousand_other_entries() -> None:
    config = settings.CACHES["default"]
    assert config["BACKEND"] == "django.core.cache.backends.db.DatabaseCache"
    cache = DatabaseCache(config["LOCATION"], config)
    cache.set("a-live-counter", 7, timeout=3600)
    for n in range(1000):
        cache.set(f"z-address-{n}", 1, timeout=3600)
    assert cache.get("a-live-counter") == 7
