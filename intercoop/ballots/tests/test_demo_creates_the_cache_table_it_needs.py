"""`intercoop migrate` then `intercoop demo`, as the README's command table says, failed in its
last step with "no such table: intercoop_cache": the verifiable votes count their casts in the
cache, a database table without Redis, which only `make run` and `intercoop serve` created. The
demo now creates it."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.test import override_settings

pytestmark = pytest.mark.django_db


def test_the_demo_loads_on_a_database_without_the_cache_table(tmp_path: Path) -> None:
    table = settings.CACHES["default"]["LOCATION"]
    if settings.CACHES["default"]["BACKEND"] != "django.core.cache.backends.db.DatabaseCache":
        pytest.skip("the cache is not a database table here")
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE {connection.ops.quote_name(table)}")
    assert table not in connection.introspection.table_names()
    out = io.StringIO()

    with override_settings(DATA_DIR=tmp_path):
        call_command("demo", stdout=out)

    assert "Demo data loaded" in out.getvalue()
    assert table in connection.introspection.table_names()
    assert (tmp_path / "demo-credentials.txt").exists()
